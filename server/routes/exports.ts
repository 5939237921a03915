/** An event's exports: agendas as iCalendar and printable pages, the master list and the score matrix as CSV. */
import { z } from 'zod';
import { defineRoute, file } from '../routing.ts';
import { pathParams } from '../schemas/common.ts';
import type { Request } from 'express';
import type { AppContext } from '../context.ts';
import type { Principal } from '../policy.ts';
import { agendaBooklet, agendaCalendar, agendaPage, meetingsList, meetingsWorkbook, scoreMatrix, tablePlan } from '../services/exports.ts';
import { PRINT_LANGS, type PrintLang } from '../services/eventPrint.ts';
import { XLSX_TYPE } from '../services/imports.ts';

const text = (contentType: string, description: string) => ({ description, contentType, schema: z.string(), headers: { 'Content-Disposition': 'attachment, with a file name' } });

/** The agenda page shows data of others: nothing runs in it, nothing loads from elsewhere. */
export const AGENDA_CSP = "default-src 'none'; style-src 'unsafe-inline'";

const langQuery = z.strictObject({ lang: z.enum(PRINT_LANGS).optional().meta({ description: 'the language of the page' }) });
/** The page's language: asked for, else the caller's (Accept-Language), else English. */
export const callerLang = (req: Request, lang: PrintLang | undefined): PrintLang => lang ?? ((req.acceptsLanguages(...PRINT_LANGS) || 'en') as PrintLang);
const html = (description: string) => ({ description, contentType: 'text/html', schema: z.string() });

/** A printable page of the whole event for its organiser, in `lang`, else the caller's language. */
function eventPaperRoute(path: string, operationId: string, summary: string, render: (ctx: AppContext, principal: Principal, eventId: string, lang: PrintLang) => Promise<string>) {
  return defineRoute({
    method: 'get',
    path,
    operationId,
    summary: `${summary}; in lang, else the Accept-Language`,
    tags: ['exports'],
    access: 'key',
    params: pathParams('id'),
    query: langQuery,
    responses: { 200: html('HTML') },
    problems: [404],
    handler: async ({ ctx, principal, params, query, req }) =>
      file('text/html; charset=utf-8', await render(ctx, principal, params.id, callerLang(req, query.lang)), undefined, { 'Content-Security-Policy': AGENDA_CSP }),
  });
}

export const exportRoutes = [
  defineRoute({
    method: 'get',
    path: '/events/:id/participants/:pid/agenda.ics',
    operationId: 'getAgendaCalendar',
    summary: "A participant's agenda as iCalendar: one stable UID per pair, meetings taken away as STATUS:CANCELLED, times in the event's zone, texts in the participant's language unless lang says another (the organiser, or the participant's key)",
    tags: ['exports'],
    access: 'key',
    params: pathParams('id', 'pid'),
    query: langQuery,
    responses: { 200: text('text/calendar', 'iCalendar') },
    problems: [404],
    handler: async ({ ctx, principal, params, query }) => {
      const calendar = await agendaCalendar(ctx, principal, params.id, params.pid, query.lang);
      return file('text/calendar; charset=utf-8', calendar.text, calendar.name);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/events/:id/participants/:pid/agenda.html',
    operationId: 'getAgendaPage',
    summary: "A participant's agenda as a printable page, in the participant's language (its first of de, en, zh; else its side's) unless lang says another",
    tags: ['exports'],
    access: 'key',
    params: pathParams('id', 'pid'),
    query: langQuery,
    responses: { 200: html('HTML') },
    problems: [404],
    handler: async ({ ctx, principal, params, query }) =>
      file('text/html; charset=utf-8', await agendaPage(ctx, principal, params.id, params.pid, query.lang), undefined, { 'Content-Security-Policy': AGENDA_CSP }),
  }),
  eventPaperRoute('/events/:id/booklet.html', 'getAgendaBooklet', "Every participant's agenda as one printable page, a page each, each in its participant's language (organiser)", agendaBooklet),
  eventPaperRoute('/events/:id/table-plan.html', 'getTablePlan', 'Who sits at which table in each slot, as a printable page (organiser)', tablePlan),
  defineRoute({
    method: 'get',
    path: '/events/:id/meetings.csv',
    operationId: 'getMeetingsCsv',
    summary: 'Master list: slot, table, both parties, languages, interpreter needed (organiser); UTF-8 with a byte-order mark, cells that would run as formulas prefixed with an apostrophe',
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
    path: '/events/:id/meetings.xlsx',
    operationId: 'getMeetingsWorkbook',
    summary: 'Master list as an Excel workbook: the columns of meetings.csv (organiser)',
    tags: ['exports'],
    access: 'key',
    params: pathParams('id'),
    responses: { 200: { description: 'an Excel workbook', contentType: XLSX_TYPE, headers: { 'Content-Disposition': 'attachment, with a file name' } } },
    problems: [404],
    handler: async ({ ctx, principal, params }) => {
      const list = await meetingsWorkbook(ctx, principal, params.id);
      return file(XLSX_TYPE, list.bytes, list.name);
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
