/**
 * Cooperation projects (issue 16): the registry's list with filters, a project with its history, links
 * and sources; creating, changing and advancing one (policy.ts says who); drafts from agreement outcomes.
 */
import type { Request } from 'express';
import type { Lang } from '../../engine/taxonomy.ts';
import { PROJECT_KEEPERS } from '../policy.ts';
import { z } from 'zod';
import { created, defineRoute, file, ok } from '../routing.ts';
import { pageOf, pathParams } from '../schemas/common.ts';
import { projectCreateBody, projectDraftQuery, projectDraftSchema, projectListQuery, projectPatchBody, projectQuery, projectSchema, projectStatusBody } from '../schemas/projects.ts';
import { PROJECTS_CSV_COLUMNS, advanceProjectStatus, changeProject, createProject, getProjectFor, listProjectDrafts, listProjectsFor, projectsCsv } from '../services/projects.ts';

/** The language asked for, else the caller's (Accept-Language), else English. */
const langOf = (req: Request, lang: Lang | undefined): Lang => lang ?? ((req.acceptsLanguages('en', 'de', 'zh') || 'en') as Lang);

export const projectRoutes = [
  defineRoute({
    method: 'get',
    path: '/projects',
    operationId: 'listProjects',
    summary: 'Cooperation projects, filtered by city, country, sector (NACE), status, type, period (a status entry within from–to) and title words; the latest first',
    tags: ['projects'],
    access: 'key',
    query: projectListQuery,
    responses: { 200: { description: 'a page of projects', schema: pageOf(projectSchema) } },
    handler: async ({ ctx, query, req }) => ok(await listProjectsFor(ctx, query, langOf(req, query.lang))),
  }),
  defineRoute({
    method: 'get',
    path: '/projects.csv',
    operationId: 'getProjectsCsv',
    summary: `The filtered projects as CSV (columns ${PROJECTS_CSV_COLUMNS.join(', ')}); UTF-8 with a byte-order mark`,
    tags: ['projects'],
    access: 'key',
    query: projectListQuery.omit({ limit: true, offset: true }),
    responses: { 200: { description: 'CSV', contentType: 'text/csv', schema: z.string(), headers: { 'Content-Disposition': 'attachment; filename="projects.csv"' } } },
    handler: async ({ ctx, query, req }) => file('text/csv; charset=utf-8', await projectsCsv(ctx, query, langOf(req, query.lang)), 'projects.csv'),
  }),
  // Before /projects/:id, so that "drafts" is not taken for a project's id.
  defineRoute({
    method: 'get',
    path: '/projects/drafts',
    operationId: 'listProjectDrafts',
    summary: "Projects an event's agreement outcomes offer, pre-filled, to confirm with POST /projects (the event's organiser, the secretariat, admins)",
    tags: ['projects'],
    access: 'key',
    query: projectDraftQuery,
    responses: { 200: { description: 'a page of drafts, one per pair that reported an agreement', schema: pageOf(projectDraftSchema) } },
    problems: [404],
    handler: async ({ ctx, principal, query }) => ok(await listProjectDrafts(ctx, principal, query.eventId, query)),
  }),
  defineRoute({
    method: 'get',
    path: '/projects/:id',
    operationId: 'getProject',
    summary: 'A project with its parties, dated status history, links and sources',
    tags: ['projects'],
    access: 'key',
    params: pathParams('id'),
    query: projectQuery,
    responses: { 200: { description: 'the project', schema: projectSchema } },
    problems: [404],
    handler: async ({ ctx, params, query, req }) => ok(await getProjectFor(ctx, params.id, langOf(req, query.lang))),
  }),
  defineRoute({
    method: 'post',
    path: '/projects',
    operationId: 'createProject',
    summary: 'Record a project with its first dated status (secretariat, admins, organisers; a city or company key for a project it is a party of)',
    tags: ['projects'],
    access: PROJECT_KEEPERS,
    body: projectCreateBody,
    responses: { 201: { description: 'the project', schema: projectSchema, headers: { Location: 'the project' } } },
    handler: async ({ ctx, principal, body, req }) => {
      const project = await createProject(ctx, principal, body, langOf(req, undefined));
      return created(project, `/projects/${project.id}`);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/projects/:id',
    operationId: 'changeProject',
    summary: "Change a project's title, summary, type, sectors, volume or parties (not its status: POST …/status)",
    tags: ['projects'],
    access: PROJECT_KEEPERS,
    params: pathParams('id'),
    body: projectPatchBody,
    responses: { 200: { description: 'the project', schema: projectSchema } },
    problems: [404],
    handler: async ({ ctx, principal, params, body, req }) => ok(await changeProject(ctx, principal, params.id, body, langOf(req, undefined))),
  }),
  defineRoute({
    method: 'post',
    path: '/projects/:id/status',
    operationId: 'addProjectStatus',
    summary: 'Append a dated, sourced status entry; not dated before the last one, and a completed or abandoned project only reopened with a note',
    tags: ['projects'],
    access: PROJECT_KEEPERS,
    params: pathParams('id'),
    body: projectStatusBody,
    responses: { 200: { description: 'the project with its history', schema: projectSchema } },
    problems: [404],
    handler: async ({ ctx, principal, params, body, req }) => ok(await advanceProjectStatus(ctx, principal, params.id, body, langOf(req, undefined))),
  }),
];
