import { lazy } from 'react';
import type { Area } from '../../ui/area.ts';
import { REGISTRY_KEEPERS, SECRETARIAT } from './roles.ts';

/** The alliance's registry: the composition on a date (public), applications and the secretariat's actions. */
export const allianceArea: Area = {
  routes: [
    { path: '/alliance/composition', access: 'anyone', page: lazy(() => import('./pages/Composition.tsx')) },
    { path: '/alliance/composition/:date', access: 'anyone', page: lazy(() => import('./pages/Composition.tsx')) },
    { path: '/alliance/applications', access: REGISTRY_KEEPERS, page: lazy(() => import('./pages/Applications.tsx')) },
    { path: '/alliance/applications/new', access: REGISTRY_KEEPERS, page: lazy(() => import('./pages/NewApplication.tsx')) },
    { path: '/alliance/applications/:id', access: REGISTRY_KEEPERS, page: lazy(() => import('./pages/Application.tsx')) },
    { path: '/alliance/actions', access: SECRETARIAT, page: lazy(() => import('./pages/Actions.tsx')) },
    { path: '/alliance/actions/:cityId', access: SECRETARIAT, page: lazy(() => import('./pages/Actions.tsx')) },
  ],
  nav: [
    { path: '/alliance/composition', label: 'alliance.nav.composition', access: 'anyone' },
    { path: '/alliance/applications', label: 'alliance.nav.applications', access: REGISTRY_KEEPERS },
    { path: '/alliance/actions', label: 'alliance.nav.actions', access: SECRETARIAT },
  ],
};
