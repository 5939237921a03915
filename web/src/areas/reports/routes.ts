import { lazy } from 'react';
import type { Area } from '../../ui/area.ts';
import { REPORT_READERS, SECRETARIAT } from './roles.ts';

/** The reports area: stored reports and the form that produces one, one report's view, the secretariat's schedules. */
export const reportsArea: Area = {
  routes: [
    { path: '/reports', access: REPORT_READERS, page: lazy(() => import('./pages/Reports.tsx')) },
    { path: '/reports/schedules', access: SECRETARIAT, page: lazy(() => import('./pages/Schedules.tsx')) },
    { path: '/reports/:id', access: REPORT_READERS, page: lazy(() => import('./pages/ReportView.tsx')) },
  ],
  nav: [{ path: '/reports', label: 'reports.nav', access: REPORT_READERS }],
};
