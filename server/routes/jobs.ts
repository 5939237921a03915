/** Background jobs: follow one (status, progress, result or error), cancel one. */
import { accepted, defineRoute, ok } from '../routing.ts';
import { pathParams } from '../schemas/common.ts';
import { jobSchema } from '../schemas/jobs.ts';
import { cancelJob, getJob } from '../services/jobs.ts';

export const jobRoutes = [
  defineRoute({
    method: 'get',
    path: '/jobs/:jobId',
    operationId: 'getJob',
    summary: 'A job: status, progress, result or error (whoever started it, the organiser of its event, analysts for tuning runs, admins)',
    tags: ['jobs'],
    access: 'key',
    params: pathParams('jobId'),
    responses: { 200: { description: 'the job', schema: jobSchema } },
    problems: [404],
    handler: async ({ ctx, principal, params }) => ok(await getJob(ctx, principal, params.jobId)),
  }),
  defineRoute({
    method: 'post',
    path: '/jobs/:jobId/cancel',
    operationId: 'cancelJob',
    summary: 'Cancel a queued or running job (an action: no body)',
    tags: ['jobs'],
    access: 'key',
    params: pathParams('jobId'),
    responses: { 202: { description: 'the job, cancelling', schema: jobSchema } },
    problems: [404, 409],
    handler: async ({ ctx, principal, params }) => accepted(await cancelJob(ctx, principal, params.jobId)),
  }),
];
