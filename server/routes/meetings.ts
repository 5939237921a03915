/** Meetings of an event: locks, confirmations, the list; scheduling runs and the schedule with its report. */
import { accepted, created, defineRoute, ok } from '../routing.ts';
import { pageOf, paginationQuery, pathParams } from '../schemas/common.ts';
import { jobSchema } from '../schemas/jobs.ts';
import { lockBody, meetingPatch, meetingSchema, scheduleBody, scheduleSchema } from '../schemas/meetings.ts';
import { getSchedule, listEventMeetings, lockEventMeeting, setEventMeetingStatus, startScheduleRun, unlockEventMeeting } from '../services/meetings.ts';

export const meetingRoutes = [
  defineRoute({
    method: 'post',
    path: '/events/:id/locks',
    operationId: 'lockMeeting',
    summary: 'Lock a meeting to a slot (1-based) and table; runs keep it (organiser)',
    tags: ['meetings'],
    access: 'key',
    params: pathParams('id'),
    body: lockBody,
    responses: { 201: { description: 'the locked meeting', schema: meetingSchema } },
    problems: [404, 409],
    handler: async ({ ctx, principal, params, body }) => created(await lockEventMeeting(ctx, principal, params.id, body)),
  }),
  defineRoute({
    method: 'delete',
    path: '/events/:id/locks/:mid',
    operationId: 'unlockMeeting',
    summary: 'Unlock a meeting: the next run may move it (organiser)',
    tags: ['meetings'],
    access: 'key',
    params: pathParams('id', 'mid'),
    responses: { 200: { description: 'the meeting, now scheduled', schema: meetingSchema } },
    problems: [404],
    handler: async ({ ctx, principal, params }) => ok(await unlockEventMeeting(ctx, principal, params.id, params.mid)),
  }),
  defineRoute({
    method: 'get',
    path: '/events/:id/meetings',
    operationId: 'listMeetings',
    summary: "Meetings (the organiser: all; a participant's key: its own)",
    tags: ['meetings'],
    access: 'key',
    params: pathParams('id'),
    query: paginationQuery,
    responses: { 200: { description: 'a page of meetings', schema: pageOf(meetingSchema) } },
    problems: [404],
    handler: async ({ ctx, principal, params, query }) => ok(await listEventMeetings(ctx, principal, params.id, query)),
  }),
  defineRoute({
    method: 'patch',
    path: '/events/:id/meetings/:mid',
    operationId: 'setMeetingStatus',
    summary: 'Confirm a scheduled meeting (runs keep it) or release it (organiser)',
    tags: ['meetings'],
    access: 'key',
    params: pathParams('id', 'mid'),
    body: meetingPatch,
    responses: { 200: { description: 'the meeting', schema: meetingSchema } },
    problems: [404, 409],
    handler: async ({ ctx, principal, params, body }) => ok(await setEventMeetingStatus(ctx, principal, params.id, params.mid, body.status)),
  }),
  defineRoute({
    method: 'post',
    path: '/events/:id/schedule',
    operationId: 'startScheduleRun',
    summary: 'Start a scheduling run: 202 with a job (Location: /jobs/{jobId}); the body may be left out (organiser)',
    tags: ['meetings'],
    access: 'key',
    params: pathParams('id'),
    body: scheduleBody,
    bodyOptional: true,
    responses: { 202: { description: 'the job', schema: jobSchema, headers: { Location: 'the job to follow' } } },
    problems: [404, 409],
    handler: async ({ ctx, principal, params, body }) => {
      const job = await startScheduleRun(ctx, principal, params.id, body);
      return accepted(job, job.links.self);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/events/:id/schedule',
    operationId: 'getSchedule',
    summary: "The schedule with the last run's report (value, LP bound, gap, unmet must-meets, meetings per participant, breaks, tables; the report for the organiser only)",
    tags: ['meetings'],
    access: 'key',
    params: pathParams('id'),
    responses: { 200: { description: 'the schedule', schema: scheduleSchema } },
    problems: [404],
    handler: async ({ ctx, principal, params }) => ok(await getSchedule(ctx, principal, params.id)),
  }),
];
