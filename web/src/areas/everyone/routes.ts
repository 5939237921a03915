import { lazy } from 'react';
import type { Area } from '../../ui/area.ts';

/** The everyone area's pages and navigation entries. */
export const everyoneArea: Area = {
  routes: [{ path: '/', access: 'anyone', page: lazy(() => import('./pages/Home.tsx')) }],
  nav: [],
};
