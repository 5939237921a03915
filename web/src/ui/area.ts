import type { ComponentType, LazyExoticComponent } from 'react';
import type { MessageKey } from '../i18n/index.tsx';
import type { Role } from '../session/session.tsx';

/** Who may open a page: everyone, anyone signed in, or the listed roles. */
export type Access = readonly Role[] | 'anyone' | 'signedIn';

/** A page of an area: its hash path (wouter pattern, e.g. /companies/:id), who may open it, its component. */
export interface AreaRoute {
  path: string;
  access: Access;
  // Pages load on demand, so the first page stays within its JavaScript budget.
  page: LazyExoticComponent<ComponentType>;
}

/** An entry of the main navigation. */
export interface NavEntry {
  path: string;
  label: MessageKey;
  access: Access;
}

export interface Area {
  routes: AreaRoute[];
  nav: NavEntry[];
}
