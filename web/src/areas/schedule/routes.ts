import { lazy } from 'react';
import type { Area } from '../../ui/area.ts';

/** The schedule area's pages (under /events/:id/schedule…), reached from an event's tabs. */
export const scheduleArea: Area = {
  routes: [
    { path: '/events/:id/schedule', access: ['organiser', 'admin'], page: lazy(() => import('./pages/SchedulePage.tsx')) },
    { path: '/events/:id/report', access: ['organiser', 'admin'], page: lazy(() => import('./pages/ReportPage.tsx')) },
  ],
  nav: [],
};
