/** Who records projects (the API's policy decides which ones: a city or company key only its own). */
export const PROJECT_KEEPERS = ['admin', 'secretariat', 'organiser', 'city', 'company'] as const;
/** Who drafts projects from an event's agreement outcomes. */
export const DRAFTERS = ['admin', 'organiser'] as const;
