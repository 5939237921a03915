import { lazy } from 'react';
import type { Area } from '../../ui/area.ts';
import { DRAFTERS, PROJECT_KEEPERS } from './access.ts';

/** The registry's cooperation projects: the list with filters, a project, its forms, drafts from agreements. */
export const projectsArea: Area = {
  routes: [
    // The fixed paths before /projects/:id, which would take "new" for an id.
    { path: '/projects', access: 'signedIn', page: lazy(() => import('./pages/ProjectList.tsx')) },
    { path: '/projects/new', access: PROJECT_KEEPERS, page: lazy(() => import('./pages/NewProject.tsx')) },
    { path: '/projects/drafts', access: DRAFTERS, page: lazy(() => import('./pages/Drafts.tsx')) },
    { path: '/projects/:id/edit', access: PROJECT_KEEPERS, page: lazy(() => import('./pages/EditProject.tsx')) },
    { path: '/projects/:id', access: 'signedIn', page: lazy(() => import('./pages/ProjectDetail.tsx')) },
  ],
  nav: [
    { path: '/projects', label: 'projects.nav', access: 'signedIn' },
    { path: '/projects/drafts', label: 'projects.nav.drafts', access: DRAFTERS },
  ],
};
