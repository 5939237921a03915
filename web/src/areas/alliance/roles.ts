/** Who runs the registry (003 §2.2: the secretariat runs the alliance's administration). */
export const SECRETARIAT = ['secretariat', 'admin'] as const;
/** Who works with applications: the secretariat, and a city key for its own city and the votes asked of it. */
export const REGISTRY_KEEPERS = ['secretariat', 'admin', 'city'] as const;
