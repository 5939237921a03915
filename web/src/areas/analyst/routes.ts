import { lazy } from 'react';
import type { Area } from '../../ui/area.ts';

const ANALYSTS = ['admin', 'analyst'] as const;

/** The analyst area's pages and navigation entries: profiles, the what-if panel, evaluations, tuning runs. */
export const analystArea: Area = {
  routes: [
    { path: '/analysis', access: ANALYSTS, page: lazy(() => import('./pages/Profiles.tsx')) },
    { path: '/analysis/what-if', access: ANALYSTS, page: lazy(() => import('./pages/WhatIf.tsx')) },
    { path: '/analysis/evaluations', access: ANALYSTS, page: lazy(() => import('./pages/Evaluations.tsx')) },
    { path: '/analysis/evaluations/:id', access: ANALYSTS, page: lazy(() => import('./pages/Evaluations.tsx')) },
    { path: '/analysis/tuning', access: ANALYSTS, page: lazy(() => import('./pages/Tuning.tsx')) },
  ],
  nav: [{ path: '/analysis', label: 'analyst.nav', access: ANALYSTS }],
};
