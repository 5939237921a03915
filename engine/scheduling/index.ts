/** Scheduling: which meetings to hold (selection.ts), then which slot each takes (breaks, fairness); see problem.ts and slots.ts. */
export * from './problem.ts';
export * from './slots.ts';
export * from './selection.ts';
