import { lazy } from 'react';
import type { Area } from '../../ui/area.ts';

/** What everyone sees: the start page, the map, the directory, profiles, search; and the admin's keys. */
export const everyoneArea: Area = {
  routes: [
    { path: '/', access: 'anyone', page: lazy(() => import('./pages/Home.tsx')) },
    { path: '/map', access: 'anyone', page: lazy(() => import('./pages/MapPage.tsx')) },
    { path: '/directory', access: 'anyone', page: lazy(() => import('./pages/Directory.tsx')) },
    { path: '/cities/:id', access: 'anyone', page: lazy(() => import('./pages/CityProfile.tsx')) },
    { path: '/companies/:id', access: 'signedIn', page: lazy(() => import('./pages/CompanyProfile.tsx')) },
    { path: '/search', access: 'anyone', page: lazy(() => import('./pages/Search.tsx')) },
    { path: '/keys', access: ['admin'], page: lazy(() => import('./pages/Keys.tsx')) },
  ],
  nav: [
    { path: '/directory', label: 'everyone.nav.directory', access: 'anyone' },
    { path: '/map', label: 'everyone.nav.map', access: 'anyone' },
    { path: '/search', label: 'everyone.nav.search', access: 'anyone' },
    { path: '/keys', label: 'everyone.nav.keys', access: ['admin'] },
  ],
};
