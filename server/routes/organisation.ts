/** The alliance's organisation: its bodies, roles, people and rules as the seed papers state them. Public. */
import { defineRoute, ok } from '../routing.ts';
import { organisationQuery, organisationSchema } from '../schemas/organisation.ts';
import { allianceOrganisation } from '../services/organisation.ts';

export const organisationRoutes = [
  defineRoute({
    method: 'get',
    path: '/alliance/organisation',
    operationId: 'getAllianceOrganisation',
    summary: "The alliance's bodies, roles, people, rules and the contradictions about them, each statement with its seed sources",
    description:
      'From the founding papers (003 §II: Vorstand, Sekretariat, Beirat, German contact points, committees; the financing rules of 002 and 003 §6; ' +
      'the working conferences of 003 §4) and the newsletters (004: secretary general). German follows the papers; English and Chinese are the ' +
      "project's own translations (translated: true, with the German as original). Organisations that are company records are linked by id.",
    tags: ['alliance'],
    access: 'public',
    query: organisationQuery,
    responses: { 200: { description: 'the organisation in the requested language', schema: organisationSchema } },
    handler: async ({ ctx, query }) => ok(await allianceOrganisation(ctx, query.lang)),
  }),
];
