import type { Area } from '../../ui/area.ts';

/** The schedule area's pages (under /events/:id/schedule…), reached from an event's tabs. */
export const scheduleArea: Area = {
  routes: [],
  nav: [],
};
