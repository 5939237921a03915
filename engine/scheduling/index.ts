/** Scheduling: which slot each meeting takes (breaks, fairness); see problem.ts and slots.ts. */
export * from './problem.ts';
export * from './slots.ts';
