import { lazy } from 'react';
import type { Access, Area } from '../../ui/area.ts';

/** A company's (or a city office's) own pages; admins reach them for any company after picking it. */
const OWNERS: Access = ['company', 'city', 'admin'];

/** The company area's pages and navigation entries. */
export const companyArea: Area = {
  routes: [
    { path: '/my', access: OWNERS, page: lazy(() => import('./pages/MyStart.tsx')) },
    { path: '/my/:kind/:id', access: OWNERS, page: lazy(() => import('./pages/Profile.tsx')) },
    { path: '/my/:kind/:id/matches', access: OWNERS, page: lazy(() => import('./pages/Matches.tsx')) },
    { path: '/my/:kind/:id/events', access: OWNERS, page: lazy(() => import('./pages/Events.tsx')) },
    { path: '/my/:kind/:id/events/:eventId', access: OWNERS, page: lazy(() => import('./pages/EventDetail.tsx')) },
  ],
  // One entry per role: a city office keeps its city, not a company (only one of the two is ever shown).
  nav: [
    { path: '/my', label: 'company.nav', access: ['company', 'admin'] },
    { path: '/my', label: 'company.navCity', access: ['city'] },
  ],
};
