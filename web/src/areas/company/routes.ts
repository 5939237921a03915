import type { Area } from '../../ui/area.ts';

/** The company area's pages and navigation entries. */
export const companyArea: Area = {
  routes: [],
  nav: [],
};
