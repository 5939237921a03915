import { lazy } from 'react';
import type { Area } from '../../ui/area.ts';

const ORGANISERS = ['organiser', 'admin'] as const;

/** The organiser area: events, their creation and overview, participants, wishes and downloads. */
export const organiserArea: Area = {
  routes: [
    { path: '/events', access: ORGANISERS, page: lazy(() => import('./pages/Events.tsx')) },
    { path: '/events/new', access: ORGANISERS, page: lazy(() => import('./pages/NewEvent.tsx')) },
    { path: '/events/:id', access: ORGANISERS, page: lazy(() => import('./pages/Overview.tsx')) },
    { path: '/events/:id/participants', access: ORGANISERS, page: lazy(() => import('./pages/Participants.tsx')) },
    { path: '/events/:id/wishes', access: ORGANISERS, page: lazy(() => import('./pages/Wishes.tsx')) },
    { path: '/events/:id/downloads', access: ORGANISERS, page: lazy(() => import('./pages/Downloads.tsx')) },
  ],
  nav: [{ path: '/events', label: 'organiser.nav', access: ORGANISERS }],
};
