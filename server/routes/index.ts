/** Every route the API serves, as declarations: the router and the OpenAPI document are made from this list. */
import type { RouteDef } from '../routing.ts';
import { keyRoutes } from './keys.ts';
import { matchRoutes } from './matches.ts';
import { serviceRoutes } from './service.ts';

/** The document is made from the list it is part of, so the service routes receive it lazily. */
export function allRoutes(openApi: () => Record<string, unknown>): RouteDef[] {
  return [...serviceRoutes(openApi), ...keyRoutes, ...matchRoutes];
}
