/** Every route the API serves, as declarations: the router and the OpenAPI document are made from this list. */
import type { RouteDef } from '../routing.ts';
import { eventRoutes } from './events.ts';
import { keyRoutes } from './keys.ts';
import { participantRoutes } from './participants.ts';
import { requestRoutes } from './requests.ts';
import { serviceRoutes } from './service.ts';
import { wishRoutes } from './wishes.ts';

/** The document is made from the list it is part of, so the service routes receive it lazily. */
export function allRoutes(openApi: () => Record<string, unknown>): RouteDef[] {
  return [...serviceRoutes(openApi), ...keyRoutes, ...eventRoutes, ...participantRoutes, ...wishRoutes, ...requestRoutes];
}
