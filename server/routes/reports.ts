/**
 * Periodic reports (003 L244: the data go regularly to the member cities and the investment-promotion
 * organisations): produced on request or by a schedule, kept, and served as JSON, CSV and a printable
 * page in German, English or Chinese. Schedules are the secretariat's.
 */
import type { Request } from 'express';
import { z } from 'zod';
import type { ReportLang } from '../../engine/reports.ts';
import { REPORT_READERS, SECRETARIAT } from '../policy.ts';
import { created, defineRoute, file, noContent, ok } from '../routing.ts';
import { pageOf, pathParams } from '../schemas/common.ts';
import { reportLangQuery, reportListQuery, reportRequestBody, reportSchema, reportSummarySchema, scheduleBody, scheduleListSchema, scheduleSchema, scopeChoicesSchema } from '../schemas/reports.ts';
import { reportCsv, reportFileStem, reportHtml, reportTitle } from '../services/reportPrint.ts';
import { addSchedule, listReportsFor, produceReport, readReport, removeSchedule, reportScopes, schedules } from '../services/reports.ts';
import { AGENDA_CSP, callerLang } from './exports.ts';

type Summary = Awaited<ReturnType<typeof listReportsFor>>['items'][number];
type Full = Awaited<ReturnType<typeof readReport>>;

const presentSummary = (r: Summary, lang: ReportLang) => ({
  id: r.id,
  scope: r.scope,
  period: r.period,
  lang: r.lang,
  languages: r.languages,
  scheduleId: r.scheduleId,
  recipients: r.recipients,
  title: reportTitle(r.scope.name, lang),
  createdAt: r.createdAt,
});
const presentReport = (r: Full, lang: ReportLang) => ({ ...presentSummary(r, lang), content: r.content });

/** The language of a report's face: asked for, else the report's own. */
const faceLang = (report: Full, lang: ReportLang | undefined): ReportLang => lang ?? report.lang;
/** The language of a list's titles: asked for, else the caller's (Accept-Language), else each report's own. */
const listLang = (req: Request, lang: ReportLang | undefined): ReportLang | undefined => lang ?? (req.get('accept-language') ? callerLang(req, undefined) : undefined);

export const reportRoutes = [
  defineRoute({
    method: 'get',
    path: '/reports',
    operationId: 'listReports',
    summary: 'The stored reports the caller receives, the latest period first: the secretariat and admins all; a city key its city’s, its side’s and those addressed to it; an organisation’s key its organisation’s and those addressed to it',
    tags: ['reports'],
    access: REPORT_READERS,
    query: reportListQuery,
    responses: { 200: { description: 'a page of reports', schema: pageOf(reportSummarySchema) } },
    handler: async ({ ctx, principal, query, req }) => {
      const page = await listReportsFor(ctx, principal, query);
      const lang = listLang(req, query.lang);
      return ok({ ...page, items: page.items.map((r) => presentSummary(r, lang ?? r.lang)) });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/reports',
    operationId: 'produceReport',
    summary: 'Produce a report now for a scope, a period and a language, and keep it (the secretariat and admins for any scope; a city or organisation key for its own)',
    tags: ['reports'],
    access: REPORT_READERS,
    body: reportRequestBody,
    responses: { 201: { description: 'the report', schema: reportSchema, headers: { Location: 'the report' } } },
    handler: async ({ ctx, principal, body }) => {
      const report = await produceReport(ctx, principal, body);
      return created(presentReport(report, report.lang), `/reports/${report.id}`);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/report-scopes',
    operationId: 'listReportScopes',
    summary: 'The scopes the caller may produce reports for: every member city, both sides and every investment-promotion organisation for the secretariat and admins; a city key its city; an organisation’s key its organisation',
    tags: ['reports'],
    access: REPORT_READERS,
    responses: { 200: { description: 'the scopes', schema: scopeChoicesSchema } },
    handler: async ({ ctx, principal }) => ok(await reportScopes(ctx, principal)),
  }),
  defineRoute({
    method: 'get',
    path: '/reports/:id.csv',
    operationId: 'getReportCsv',
    summary: 'A report as CSV: one row per figure and listed item (section, item, id, name, date, value), labels in lang; UTF-8 with a byte-order mark, cells that would run as formulas prefixed with an apostrophe',
    tags: ['reports'],
    access: REPORT_READERS,
    params: pathParams('id'),
    query: reportLangQuery,
    responses: { 200: { description: 'CSV', contentType: 'text/csv', schema: z.string(), headers: { 'Content-Disposition': 'attachment, with a file name' } } },
    problems: [404],
    handler: async ({ ctx, principal, params, query }) => {
      const report = await readReport(ctx, principal, params.id);
      const lang = faceLang(report, query.lang);
      return file('text/csv; charset=utf-8', reportCsv(report, lang), `${reportFileStem(report)}-${lang}.csv`);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/reports/:id.html',
    operationId: 'getReportPage',
    summary: 'A report as a printable page with its charts (inline SVG, no scripts), in lang',
    tags: ['reports'],
    access: REPORT_READERS,
    params: pathParams('id'),
    query: reportLangQuery,
    responses: { 200: { description: 'HTML', contentType: 'text/html', schema: z.string() } },
    problems: [404],
    handler: async ({ ctx, principal, params, query }) => {
      const report = await readReport(ctx, principal, params.id);
      return file('text/html; charset=utf-8', reportHtml(report, faceLang(report, query.lang)), undefined, { 'Content-Security-Policy': AGENDA_CSP });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/reports/:id',
    operationId: 'getReport',
    summary: 'A stored report with its sections; the title in lang',
    tags: ['reports'],
    access: REPORT_READERS,
    params: pathParams('id'),
    query: reportLangQuery,
    responses: { 200: { description: 'the report', schema: reportSchema } },
    problems: [404],
    handler: async ({ ctx, principal, params, query }) => {
      const report = await readReport(ctx, principal, params.id);
      return ok(presentReport(report, faceLang(report, query.lang)));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/report-schedules',
    operationId: 'listReportSchedules',
    summary: 'The schedules on which reports are produced and kept (secretariat, admin)',
    tags: ['reports'],
    access: SECRETARIAT,
    responses: { 200: { description: 'every schedule, oldest first', schema: scheduleListSchema } },
    handler: async ({ ctx }) => ok({ items: (await schedules(ctx)).map(presentSchedule) }),
  }),
  defineRoute({
    method: 'post',
    path: '/report-schedules',
    operationId: 'createReportSchedule',
    summary: 'A schedule: a scope, a cadence (monthly, quarterly, yearly), languages and recipients; each period’s report is produced once the period has ended (secretariat, admin)',
    tags: ['reports'],
    access: SECRETARIAT,
    body: scheduleBody,
    responses: { 201: { description: 'the schedule', schema: scheduleSchema, headers: { Location: 'the schedules' } } },
    handler: async ({ ctx, principal, body }) => created(presentSchedule(await addSchedule(ctx, principal, body)), '/report-schedules'),
  }),
  defineRoute({
    method: 'delete',
    path: '/report-schedules/:id',
    operationId: 'deleteReportSchedule',
    summary: 'Stop a schedule; the reports it produced are kept (secretariat, admin)',
    tags: ['reports'],
    access: SECRETARIAT,
    params: pathParams('id'),
    responses: { 204: { description: 'stopped' } },
    problems: [404],
    handler: async ({ ctx, params }) => {
      await removeSchedule(ctx, params.id);
      return noContent();
    },
  }),
];

function presentSchedule(s: Awaited<ReturnType<typeof schedules>>[number]) {
  return { id: s.id, scope: s.scope, cadence: s.cadence, languages: s.languages, recipients: s.recipients, startsOn: s.startsOn, createdAt: s.createdAt };
}
