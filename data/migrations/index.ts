/** Every migration, by its timestamped name. Kysely's Migrator runs them in name order. */
import type { Migration } from 'kysely';
import * as initial from './20261121T1200_initial.ts';
import * as listingIndexes from './20261121T1800_listing_indexes.ts';
import * as weightProfiles from './20261122T0900_weight_profiles.ts';
import * as events from './20261123T0900_events.ts';
import * as outcomes from './20261124T0900_outcomes.ts';
import * as meetingRemovals from './20261205T0900_meeting_removals.ts';
import * as matchDismissals from './20261206T0900_match_dismissals.ts';
import * as cityLocations from './20261206T1000_city_locations.ts';
import * as membershipRegistry from './20261207T0800_membership_registry.ts';
import * as allianceOrganisation from './20261207T0900_alliance_organisation.ts';
import * as cooperationProjects from './20261207T1000_cooperation_projects.ts';
import * as periodicReports from './20261207T1100_periodic_reports.ts';
import * as companiesVersion from './20261208T0900_companies_version.ts';
import * as companyPartsVersion from './20261208T1000_company_parts_version.ts';
import * as changeLog from './20261209T0900_change_log.ts';
import * as jobLeases from './20261209T1000_job_leases.ts';

export const migrations: Record<string, Migration> = {
  '20261121T1200_initial': initial,
  '20261121T1800_listing_indexes': listingIndexes,
  '20261122T0900_weight_profiles': weightProfiles,
  '20261123T0900_events': events,
  '20261124T0900_outcomes': outcomes,
  '20261205T0900_meeting_removals': meetingRemovals,
  '20261206T0900_match_dismissals': matchDismissals,
  '20261206T1000_city_locations': cityLocations,
  '20261207T0800_membership_registry': membershipRegistry,
  '20261207T0900_alliance_organisation': allianceOrganisation,
  '20261207T1000_cooperation_projects': cooperationProjects,
  '20261207T1100_periodic_reports': periodicReports,
  '20261208T0900_companies_version': companiesVersion,
  '20261208T1000_company_parts_version': companyPartsVersion,
  '20261209T0900_change_log': changeLog,
  '20261209T1000_job_leases': jobLeases,
};
