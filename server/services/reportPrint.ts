/**
 * A report's faces beyond JSON: a printable page with its charts as inline SVG (no scripts, every datum
 * escaped: the names are other people's input) and a CSV of every figure and listed item, both in the
 * language asked for.
 */
import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import type { LocalName, MonthCount, ReportContent, ReportLang } from '../../engine/reports.ts';
import type { StoredReportWithContent } from '../../data/repositories/reports.ts';
import { barChartSvg } from '../svg.ts';
import { escapeHtml, printPage } from './eventPrint.ts';
import { inertCell } from './eventExports.ts';
import { LOCALES } from './paperWords.ts';
import { changeWord, nameIn, sayReport, stageWord, wordFor, type ReportWord } from './reportWords.ts';

/** A report's title in a language: "Report: Foshan". */
export const reportTitle = (scopeName: LocalName, lang: ReportLang) => sayReport(lang, 'title', { scope: nameIn(scopeName, lang) });

const SCOPE_WORD: Record<ReportContent['scope']['kind'], ReportWord> = { city: 'scopeCity', country: 'scopeCountry', organisation: 'scopeOrganisation' };

const longDate = (day: string, lang: ReportLang) => DateTime.fromISO(day, { zone: 'utc' }).setLocale(LOCALES[lang]).toLocaleString(DateTime.DATE_FULL);
const monthLabel = (month: string, lang: ReportLang) => DateTime.fromISO(`${month}-01`, { zone: 'utc' }).setLocale(LOCALES[lang]).toFormat(lang === 'zh' ? 'yyyy年M月' : 'LLL yyyy');

/** The file name stem of a report: scope and period. */
export const reportFileStem = (report: StoredReportWithContent) => `report-${report.scope.id}-${report.period.from}-${report.period.to}`;

// ---------- CSV ----------

/** Every figure and listed item, one row each: section, item, id, name, date, value; cells made inert. */
export function reportCsv(report: StoredReportWithContent, lang: ReportLang): string {
  const c = report.content;
  const w = (word: ReportWord) => sayReport(lang, word);
  const rows: (string | number)[][] = [];
  const add = (section: ReportWord, metric: string, id: string, name: string, date: string, value: string | number | null) => rows.push([w(section), metric, id, name, date, value ?? '']);
  const months = (section: ReportWord, series: readonly MonthCount[]) => series.forEach((m) => add(section, w('month'), m.month, monthLabel(m.month, lang), m.month, m.count));
  add('summary', w(SCOPE_WORD[c.scope.kind]), c.scope.id, nameIn(c.scope.name, lang), `${c.period.from}/${c.period.to}`, c.scope.cities.length);
  c.scope.cities.forEach((city) => add('summary', w('city'), city.id, nameIn(city.name, lang), '', ''));
  add('profiles', w('newCities'), '', '', '', c.profiles.cities.total);
  c.profiles.cities.items.forEach((city) => add('profiles', w('newCities'), city.id, nameIn(city.name, lang), city.createdAt.slice(0, 10), ''));
  add('profiles', w('newCompanies'), '', '', '', c.profiles.companies.total);
  add('profiles', w('demoCompanies'), '', '', '', c.profiles.companies.demo);
  months('profiles', c.profiles.companies.byMonth);
  c.profiles.companies.items.forEach((co) => add('profiles', w('newCompanies'), co.id, co.name, co.createdAt.slice(0, 10), co.cityId ?? ''));
  add('matchLists', w('matchLists'), '', '', '', c.matchLists.total);
  add('matchLists', w('byCompanies'), '', '', '', c.matchLists.byKind.company);
  add('matchLists', w('byCities'), '', '', '', c.matchLists.byKind.city);
  months('matchLists', c.matchLists.byMonth);
  c.matchLists.bySubject.forEach((s) => add('matchLists', w('subject'), s.id, s.name, '', s.count));
  add('meetings', w('meetings'), '', '', '', c.meetings.total);
  months('meetings', c.meetings.byMonth);
  c.meetings.events.forEach((e) => add('meetings', w('event'), e.id, e.name, e.from === e.to ? e.from : `${e.from}/${e.to}`, e.meetings));
  c.meetings.items.forEach((m) => add('meetings', w('party'), m.eventId, `${m.party} – ${m.partner}`, m.date, m.status));
  add('outcomes', w('accounts'), '', '', '', c.outcomes.accounts);
  add('outcomes', w('attended'), '', '', '', c.outcomes.attended);
  add('outcomes', w('meanRating'), '', '', '', c.outcomes.meanRating);
  add('outcomes', w('agreements'), '', '', '', c.outcomes.meetingsWithAgreement);
  Object.entries(c.outcomes.byFollowUp).forEach(([stage, n]) => add('outcomes', `${w('followUp')}: ${stageWord(lang, stage)}`, stage, '', '', n));
  c.outcomes.agreements.forEach((a) => add('outcomes', w('agreements'), a.eventId, `${a.party} – ${a.partner}`, a.date, a.agreementType ?? ''));
  add('projects', w('projectsStarted'), '', '', '', c.projects.started);
  add('projects', w('projectsAdvanced'), '', '', '', c.projects.advanced);
  add('projects', w('projectsCompleted'), '', '', '', c.projects.completed);
  add('projects', w('projectsAbandoned'), '', '', '', c.projects.abandoned);
  c.projects.items.forEach((p) => add('projects', `${wordFor(lang, 'change', p.change)}: ${wordFor(lang, 'project', p.status)}`, p.projectId, nameIn(p.title, lang), p.date, p.provenance));
  add('membership', w('membership'), '', '', '', c.membership.total);
  c.membership.items.forEach((m) => add('membership', changeWord(lang, m.kind), m.cityId, nameIn(m.cityName, lang), m.date, m.provenance));
  const header = [w('section'), w('metric'), w('id'), w('name'), w('date'), w('value')];
  // UTF-8 with a byte-order mark, so that Excel reads the Chinese and German names right.
  return `\uFEFF${stringify([header, ...rows.map((row) => row.map(inertCell))])}`;
}

// ---------- the printable page ----------

const STYLE = `body{font:11pt/1.45 system-ui,"Noto Sans CJK SC",sans-serif;margin:2em;color:#111;max-width:60em}
h1{font-size:17pt;margin:0 0 .2em}h2{font-size:13pt;margin:1.6em 0 .4em;border-bottom:1px solid #999}h3{font-size:11pt;margin:1em 0 .3em}
table{border-collapse:collapse;width:100%;margin:.3em 0}th,td{border:1px solid #aaa;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#eee}td.n{text-align:right}.meta{color:#444;margin:.1em 0}.muted{color:#555}
dl.figures{display:grid;grid-template-columns:auto auto;gap:.2em 1.5em;width:max-content}dl.figures dt{color:#333}dl.figures dd{margin:0;font-weight:600;text-align:right}
svg{max-width:100%;height:auto;display:block;margin:.5em 0}
@media print{body{margin:0}h2{break-after:avoid}tr,svg{break-inside:avoid}}`;

function table(head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = []): string {
  return `<table><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>\n${rows
    .map((r) => `<tr>${r.map((cell, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('\n')}\n</tbody></table>`;
}

function figures(items: readonly [string, string | number][]): string {
  return `<dl class="figures">${items.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(String(value))}</dd>`).join('')}</dl>`;
}

const more = (lang: ReportLang, total: number, listed: number) => (total > listed ? `<p class="muted">${escapeHtml(sayReport(lang, 'more', { n: total - listed }))}</p>` : '');
const none = (lang: ReportLang) => `<p class="muted">${escapeHtml(sayReport(lang, 'none'))}</p>`;

function monthChart(lang: ReportLang, what: ReportWord, series: readonly MonthCount[]): string {
  if (!series.some((m) => m.count > 0)) return '';
  return barChartSvg({ title: sayReport(lang, 'perMonth', { what: sayReport(lang, what) }), bars: series.map((m) => ({ label: monthLabel(m.month, lang), value: m.count })) });
}

/** The report as a page that prints, in `lang`. */
export function reportHtml(report: StoredReportWithContent, lang: ReportLang): string {
  const c = report.content;
  const cityNames = new Map(c.scope.cities.map((x) => [x.id, nameIn(x.name, lang)]));
  const say = (word: ReportWord, values?: Record<string, string | number>) => escapeHtml(sayReport(lang, word, values));
  const title = reportTitle(c.scope.name, lang);
  const city = (id: string | null) => (id ? (cityNames.get(id) ?? id) : '');
  const scopeLine = c.scope.kind === 'country' ? say(c.scope.id === 'DE' ? 'countryDE' : 'countryCN') : say(SCOPE_WORD[c.scope.kind]);
  const header = `<h1>${escapeHtml(title)}</h1>
<p class="meta">${scopeLine} · ${say('period', { from: longDate(c.period.from, lang), to: longDate(c.period.to, lang) })}</p>
<p class="meta">${say('produced', { date: longDate(report.createdAt.slice(0, 10), lang) })} · ${say(report.scheduleId ? 'scheduled' : 'byHand')}</p>
<p class="meta muted">${say('cities', { names: [...cityNames.values()].join(', ') || '—' })}</p>`;
  const summary = `<h2>${say('summary')}</h2>
${figures([
  [sayReport(lang, 'newCities'), c.profiles.cities.total],
  [sayReport(lang, 'newCompanies'), c.profiles.companies.total],
  [sayReport(lang, 'matchLists'), c.matchLists.total],
  [sayReport(lang, 'meetings'), c.meetings.total],
  [sayReport(lang, 'agreements'), c.outcomes.meetingsWithAgreement],
  [sayReport(lang, 'projectsStarted'), c.projects.started],
  [sayReport(lang, 'projectsCompleted'), c.projects.completed],
  [sayReport(lang, 'membership'), c.membership.total],
])}`;
  const profiles = `<h2>${say('profiles')}</h2>
<h3>${say('newCities')}</h3>
${c.profiles.cities.items.length ? table([sayReport(lang, 'name'), sayReport(lang, 'date')], c.profiles.cities.items.map((x) => [nameIn(x.name, lang), x.createdAt.slice(0, 10)])) : none(lang)}
<h3>${say('newCompanies')}</h3>
${figures([
  [sayReport(lang, 'newCompanies'), c.profiles.companies.total],
  [sayReport(lang, 'demoCompanies'), c.profiles.companies.demo],
])}
${monthChart(lang, 'newCompanies', c.profiles.companies.byMonth)}
${c.profiles.companies.items.length ? table([sayReport(lang, 'name'), sayReport(lang, 'city'), sayReport(lang, 'date')], c.profiles.companies.items.map((x) => [x.name, city(x.cityId), x.createdAt.slice(0, 10)])) : none(lang)}
${more(lang, c.profiles.companies.total, c.profiles.companies.items.length)}`;
  const matchLists = `<h2>${say('matchLists')}</h2>
${figures([
  [sayReport(lang, 'matchLists'), c.matchLists.total],
  [sayReport(lang, 'byCompanies'), c.matchLists.byKind.company],
  [sayReport(lang, 'byCities'), c.matchLists.byKind.city],
])}
${monthChart(lang, 'matchLists', c.matchLists.byMonth)}
${c.matchLists.bySubject.length ? table([sayReport(lang, 'subject'), sayReport(lang, 'count')], c.matchLists.bySubject.map((s) => [s.name, String(s.count)]), [1]) : none(lang)}`;
  const meetings = `<h2>${say('meetings')}</h2>
${figures([[sayReport(lang, 'meetings'), c.meetings.total]])}
${monthChart(lang, 'meetings', c.meetings.byMonth)}
${c.meetings.events.length ? `<h3>${say('events')}</h3>\n${table([sayReport(lang, 'event'), sayReport(lang, 'date'), sayReport(lang, 'count')], c.meetings.events.map((e) => [e.name, e.from === e.to ? e.from : `${e.from} – ${e.to}`, String(e.meetings)]), [2])}` : none(lang)}
${c.meetings.items.length ? table([sayReport(lang, 'date'), sayReport(lang, 'event'), sayReport(lang, 'party'), sayReport(lang, 'partner')], c.meetings.items.map((m) => [m.date, m.eventName, m.party, m.partner])) : ''}
${more(lang, c.meetings.total, c.meetings.items.length)}`;
  const stages = Object.entries(c.outcomes.byFollowUp);
  const outcomes = `<h2>${say('outcomes')}</h2>
${figures([
  [sayReport(lang, 'accounts'), c.outcomes.accounts],
  [sayReport(lang, 'attended'), c.outcomes.attended],
  [sayReport(lang, 'meanRating'), c.outcomes.meanRating ?? '—'],
])}
${c.outcomes.accounts ? barChartSvg({ title: sayReport(lang, 'followUp'), bars: stages.map(([stage, n]) => ({ label: stageWord(lang, stage), value: n })) }) : ''}
<h3>${say('agreements')}</h3>
${c.outcomes.agreements.length ? table([sayReport(lang, 'date'), sayReport(lang, 'party'), sayReport(lang, 'partner'), sayReport(lang, 'agreementType'), sayReport(lang, 'followUpDate')], c.outcomes.agreements.map((a) => [a.date, a.party, a.partner, a.agreementType ?? '', a.followUpDate ?? ''])) : none(lang)}
${more(lang, c.outcomes.meetingsWithAgreement, c.outcomes.agreements.length)}`;
  const projectItems = c.projects.items;
  const projects = `<h2>${say('projects')}</h2>
${figures([
  [sayReport(lang, 'projectsStarted'), c.projects.started],
  [sayReport(lang, 'projectsAdvanced'), c.projects.advanced],
  [sayReport(lang, 'projectsCompleted'), c.projects.completed],
  [sayReport(lang, 'projectsAbandoned'), c.projects.abandoned],
])}
${
  projectItems.length
    ? table(
        [sayReport(lang, 'date'), sayReport(lang, 'project'), sayReport(lang, 'change'), sayReport(lang, 'status'), sayReport(lang, 'parties'), sayReport(lang, 'source')],
        projectItems.map((p) => [p.date, nameIn(p.title, lang), wordFor(lang, 'change', p.change), wordFor(lang, 'project', p.status), p.parties.join(', '), p.provenance]),
      )
    : none(lang)
}
${more(lang, c.projects.entries, projectItems.length)}`;
  const membership = `<h2>${say('membership')}</h2>
${
  c.membership.items.length
    ? table(
        [sayReport(lang, 'date'), sayReport(lang, 'city'), sayReport(lang, 'status'), sayReport(lang, 'source'), sayReport(lang, 'note')],
        c.membership.items.map((m) => [m.dateAsWritten ? `${m.date} (${m.dateAsWritten})` : m.date, nameIn(m.cityName, lang), changeWord(lang, m.kind), m.provenance, m.note ?? '']),
      )
    : none(lang)
}
${more(lang, c.membership.total, c.membership.items.length)}`;
  return printPage(title, lang, `<main>
${header}
${summary}
${profiles}
${matchLists}
${meetings}
${outcomes}
${projects}
${membership}
</main>`, STYLE);
}
