/** Every route the API serves, as declarations: the router and the OpenAPI document are made from this list. */
import type { RouteDef } from '../routing.ts';
import { allianceRoutes } from './alliance.ts';
import { analysisRoutes } from './analysis.ts';
import { cityRoutes } from './cities.ts';
import { eventRoutes } from './events.ts';
import { participantRoutes } from './participants.ts';
import { requestRoutes } from './requests.ts';
import { companyRoutes } from './companies.ts';
import { dismissalRoutes } from './dismissals.ts';
import { exportRoutes } from './exports.ts';
import { historyRoutes } from './history.ts';
import { industryRoutes } from './industries.ts';
import { jobRoutes } from './jobs.ts';
import { keyRoutes } from './keys.ts';
import { matchRoutes } from './matches.ts';
import { meetingRoutes } from './meetings.ts';
import { reportRoutes } from './reports.ts';
import { searchRoutes } from './search.ts';
import { serviceRoutes } from './service.ts';
import { wishRoutes } from './wishes.ts';
import { organisationRoutes } from './organisation.ts';
import { projectRoutes } from './projects.ts';

/** The document is made from the list it is part of, so the service routes receive it lazily. */
export function allRoutes(openApi: () => Record<string, unknown>): RouteDef[] {
  return [
    ...serviceRoutes(openApi),
    ...cityRoutes,
    ...industryRoutes,
    ...companyRoutes,
    ...searchRoutes,
    ...historyRoutes,
    ...keyRoutes,
    ...matchRoutes,
    ...dismissalRoutes,
    ...eventRoutes,
    ...participantRoutes,
    ...wishRoutes,
    ...requestRoutes,
    ...meetingRoutes,
    ...jobRoutes,
    ...exportRoutes,
    ...analysisRoutes,
    ...reportRoutes,
    ...allianceRoutes,
    ...organisationRoutes,
    ...projectRoutes,
  ];
}
