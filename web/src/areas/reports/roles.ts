/** Who reaches the reports area (the server decides which reports each receives) and who runs schedules. */
export const REPORT_READERS = ['admin', 'secretariat', 'city', 'company'] as const;
export const SECRETARIAT = ['admin', 'secretariat'] as const;
