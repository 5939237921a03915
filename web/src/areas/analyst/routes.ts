import type { Area } from '../../ui/area.ts';

/** The analyst area's pages and navigation entries. */
export const analystArea: Area = {
  routes: [],
  nav: [],
};
