/** An event's exports: agendas as iCalendar and printable pages, the master list and the score matrix as CSV. */
import { z } from 'zod';
import { defineRoute, file } from '../routing.ts';
import { pathParams } from '../schemas/common.ts';
import { agendaCalendar, agendaPage, meetingsList, scoreMatrix } from '../services/exports.ts';

const text = (contentType: string, description: string) => ({ description, contentType, schema: z.string(), headers: { 'Content-Disposition': 'attachment, with a file name' } });

/** The agenda page shows data of others: nothing runs in it, nothing loads from elsewhere. */
const AGENDA_CSP = "default-src 'none'; style-src 'unsafe-inline'";

export const exportRoutes = [
  defineRoute({
    method: 'get',
    path: '/events/:id/participants/:pid/agenda.ics',
    operationId: 'getAgendaCalendar',
    summary: "A participant's agenda as iCalendar: one stable UID per pair, meetings taken away as STATUS:CANCELLED, times in the event's zone (the organiser, or the participant's key)",
    tags: ['exports'],
    access: 'key',
    params: pathParams('id', 'pid'),
    responses: { 200: text('text/calendar', 'iCalendar') },
    problems: [404],
    handler: async ({ ctx, principal, params }) => {
      const calendar = await agendaCalendar(ctx, principal, params.id, params.pid);
      return file('text/calendar; charset=utf-8', calendar.text, calendar.name);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/events/:id/participants/:pid/agenda.html',
    operationId: 'getAgendaPage',
    summary: "A participant's agenda as a printable page",
    tags: ['exports'],
    access: 'key',
    params: pathParams('id', 'pid'),
    responses: { 200: { description: 'HTML', contentType: 'text/html', schema: z.string() } },
    problems: [404],
    handler: async ({ ctx, principal, params }) =>
      file('text/html; charset=utf-8', await agendaPage(ctx, principal, params.id, params.pid), undefined, { 'Content-Security-Policy': AGENDA_CSP }),
  }),
  defineRoute({
    method: 'get',
    path: '/events/:id/meetings.csv',
    operationId: 'getMeetingsCsv',
    summary: 'Master list: slot, table, both parties, languages, interpreter needed (organiser)',
    tags: ['exports'],
    access: 'key',
    params: pathParams('id'),
    responses: { 200: text('text/csv', 'CSV') },
    problems: [404],
    handler: async ({ ctx, principal, params }) => {
      const list = await meetingsList(ctx, principal, params.id);
      return file('text/csv; charset=utf-8', list.text, list.name);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/events/:id/scores.csv',
    operationId: 'getScoresCsv',
    summary: 'Pair scores of German (rows) and Chinese (columns) participants (organiser)',
    tags: ['exports'],
    access: 'key',
    params: pathParams('id'),
    responses: { 200: text('text/csv', 'CSV') },
    problems: [404, 422],
    handler: async ({ ctx, principal, params }) => {
      const matrix = await scoreMatrix(ctx, principal, params.id);
      return file('text/csv; charset=utf-8', matrix.text, matrix.name);
    },
  }),
];
