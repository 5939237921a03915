import type { Area } from '../../ui/area.ts';

/** The organiser area's pages and navigation entries. */
export const organiserArea: Area = {
  routes: [],
  nav: [],
};
