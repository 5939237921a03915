/**
 * Match lists: GET /companies/:id/matches, GET /cities/:id/matches, POST /matches/preview, and the
 * weight profiles they score with. Every item carries its score, each component's weighted
 * contribution (they add up to the score) and reasons in the requested language.
 */
import { z } from 'zod';
import { ANALYSTS } from '../policy.ts';
import { created, defineRoute, ok, okEncoded } from '../routing.ts';
import { pageOf, paginationQuery, pathParams } from '../schemas/common.ts';
import { companyCreateBody } from '../schemas/companies.ts';
import { matchListSchema, matchQuery } from '../schemas/matches.ts';
import { profileBody, profileVersionReference, weightProfileSchema } from '../schemas/weightProfiles.ts';
import { cityMatches, companyMatches, previewMatches } from '../services/matches.ts';
import { activateProfile, listProfiles, saveProfile } from '../services/weightProfiles.ts';

const previewBody = z
  .strictObject({
    company: companyCreateBody.partial({ name: true }),
    options: matchQuery.optional(),
  })
  .meta({
    example: {
      company: { country: 'DE', industries: [{ code: '28.41' }], wishes: [{ direction: 'request', type: 'distribution', targetCountry: 'CN' }] },
      options: { limit: 5, lang: 'de' },
    },
  });

const matchList = { description: 'ranked, explained matches, best first', schema: matchListSchema };

/** A stored subject's match list: the same options, answer and problems for a company and a city. */
function matchListRoute(spec: { path: string; operationId: string; summary: string; list: typeof companyMatches }) {
  return defineRoute({
    method: 'get',
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    tags: ['matches'],
    access: 'key',
    params: pathParams('id'),
    query: matchQuery,
    responses: { 200: matchList },
    // 422: an unknown weight profile (query.profile).
    problems: [404, 422],
    handler: async ({ ctx, principal, params, query }) => okEncoded(await spec.list(ctx, principal, params.id, query)),
  });
}

export const matchRoutes = [
  matchListRoute({
    path: '/companies/:id/matches',
    operationId: 'listCompanyMatches',
    summary: 'Ranked, explained matches for a company (a company key: its own only)',
    list: companyMatches,
  }),
  matchListRoute({
    path: '/cities/:id/matches',
    operationId: 'listCityMatches',
    summary: 'Whom a city should invite (target=companies) or partner cities (target=cities)',
    list: cityMatches,
  }),
  defineRoute({
    method: 'post',
    path: '/matches/preview',
    operationId: 'previewMatches',
    summary: 'What would match an unsaved company profile (nothing is stored)',
    tags: ['matches'],
    access: 'key',
    body: previewBody,
    responses: { 200: matchList },
    handler: async ({ ctx, principal, body }) => ok(await previewMatches(ctx, principal, body.company, body.options)),
  }),
  defineRoute({
    method: 'get',
    path: '/weight-profiles',
    operationId: 'listWeightProfiles',
    summary: 'All weight profile versions',
    tags: ['matches'],
    access: 'key',
    query: paginationQuery,
    responses: { 200: { description: 'a page of profile versions, by name and version', schema: pageOf(weightProfileSchema) } },
    handler: async ({ ctx, query }) => ok(await listProfiles(ctx, query)),
  }),
  defineRoute({
    method: 'post',
    path: '/weight-profiles',
    operationId: 'saveWeightProfile',
    summary: 'Save a new version of a profile (admin, analyst); nothing is overwritten',
    tags: ['matches'],
    access: ANALYSTS,
    body: profileBody,
    responses: { 201: { description: 'the saved version', schema: weightProfileSchema } },
    handler: async ({ ctx, principal, body }) => created(await saveProfile(ctx, principal, body)),
  }),
  defineRoute({
    method: 'post',
    path: '/weight-profiles/:profile/activate',
    operationId: 'activateWeightProfile',
    summary: 'Make a stored version the active one (admin, analyst)',
    tags: ['matches'],
    access: ANALYSTS,
    params: z.strictObject({ profile: profileVersionReference }),
    responses: { 200: { description: 'the version, now active', schema: weightProfileSchema } },
    problems: [404],
    handler: async ({ ctx, params }) => ok(await activateProfile(ctx, params.profile)),
  }),
];
