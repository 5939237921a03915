/**
 * An event on paper: a participant's agenda in its language, the booklet of every agenda (one per
 * page, each in its participant's language) and the table plan (who sits at which table in each slot).
 * Plain HTML with inline styles, every datum escaped, no scripts: the pages show other people's data.
 */
import { DateTime } from 'luxon';
import type { EventMeeting, EventParticipant, MatchmakingEvent } from '../../engine/events.ts';
import type { GridSlot } from '../../engine/scheduling/grid.ts';
import { interpreting, type AgendaEntry } from './eventExports.ts';
import { HTML_LANG, LOCALES, participantLang, say, type PrintLang } from './paperWords.ts';

export { participantLang, PRINT_LANGS, type PrintLang } from './paperWords.ts';

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const dayHeading = (date: string, lang: PrintLang) => DateTime.fromISO(date, { zone: 'utc' }).setLocale(LOCALES[lang]).toLocaleString(DateTime.DATE_HUGE);

const STYLE = `body{font:11pt/1.4 system-ui,"Noto Sans CJK SC",sans-serif;margin:2em;color:#111}
h1{font-size:16pt;margin:0}h2{font-size:12pt;margin:1.5em 0 .3em}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#eee}.side{color:#555;font-size:9pt}.meta{color:#444}
section.agenda+section.agenda{break-before:page;page-break-before:always}
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}`;

/** A printable page: its title, language, body, and a style sheet (the event papers' by default). */
export function printPage(title: string, lang: PrintLang, body: string, style = STYLE): string {
  return `<!doctype html>
<html lang="${HTML_LANG[lang]}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
${style}
</style></head>
<body>
${body}
</body></html>
`;
}

/** One participant's agenda: one table per day. */
function agendaSection(event: MatchmakingEvent, participant: EventParticipant, entries: readonly AgendaEntry[], lang: PrintLang, heading: 'h1' | 'h2'): string {
  const sub = heading === 'h1' ? 'h2' : 'h3';
  const days = [...new Set(entries.map((e) => e.slot.date))];
  const sections = days
    .map((date) => {
      const rows = entries
        .filter((e) => e.slot.date === date)
        .map((e) => {
          const { common, needed } = interpreting(participant, e.partner);
          return `<tr><td>${e.slot.start}–${e.slot.end}</td><td>${escapeHtml(e.tableName ?? '')}</td><td>${escapeHtml(e.partner.name)} <span class="side">${e.partner.side}</span></td><td>${escapeHtml(common.join(', ') || '—')}${needed ? ` · ${say(lang, 'interpreter')}` : ''}</td></tr>`;
        })
        .join('\n');
      return `<${sub}>${escapeHtml(dayHeading(date, lang))}</${sub}>\n<table><thead><tr><th scope="col">${say(lang, 'time')}</th><th scope="col">${say(lang, 'table')}</th><th scope="col">${say(lang, 'partner')}</th><th scope="col">${say(lang, 'language')}</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
    })
    .join('\n');
  const meta = [`${escapeHtml(participant.name)} (${participant.side})`, event.venue ? escapeHtml(event.venue) : null, escapeHtml(say(lang, 'timesIn', { zone: event.timeZone })), say(lang, 'meetings', { n: entries.length })].filter(Boolean).join(' · ');
  const title = heading === 'h1' ? escapeHtml(event.name) : escapeHtml(say(lang, 'agendaOf', { name: participant.name }));
  return `<section class="agenda" lang="${HTML_LANG[lang]}">
<${heading}>${title}</${heading}>
<p class="meta">${meta}</p>
${sections || `<p>${say(lang, 'none')}</p>`}
</section>`;
}

/** A page that prints as the participant's agenda, in `lang`. */
export function agendaHtml(event: MatchmakingEvent, participant: EventParticipant, entries: readonly AgendaEntry[], lang: PrintLang = participantLang(participant)): string {
  return printPage(`${event.name}: ${say(lang, 'agendaOf', { name: participant.name })}`, lang, agendaSection(event, participant, entries, lang, 'h1'));
}

/** Every participant's agenda, one per printed page, each in its participant's language. */
export function bookletHtml(event: MatchmakingEvent, agendas: readonly { participant: EventParticipant; entries: readonly AgendaEntry[] }[], lang: PrintLang): string {
  const body = `<h1>${escapeHtml(event.name)}: ${say(lang, 'booklet')}</h1>\n${agendas.map((a) => agendaSection(event, a.participant, a.entries, participantLang(a.participant), 'h2')).join('\n')}`;
  return printPage(`${event.name}: ${say(lang, 'booklet')}`, lang, body);
}

/** Who sits at which table in each slot: one table per day, slots down, the event's tables across. */
export function tablePlanHtml(event: MatchmakingEvent, slots: readonly GridSlot[], meetings: readonly EventMeeting[], byId: ReadonlyMap<string, EventParticipant>, lang: PrintLang): string {
  const at = new Map(meetings.filter((m) => m.tableId).map((m) => [`${m.slot}@${m.tableId}`, m]));
  const days = [...new Set(slots.map((s) => s.date))];
  const head = `<tr><th scope="col">${say(lang, 'time')}</th>${event.tables.map((t) => `<th scope="col">${escapeHtml(t.name)}</th>`).join('')}</tr>`;
  const nameOf = (id: string) => escapeHtml(byId.get(id)?.name ?? id);
  const sections = days.map((date) => {
    const rows = slots
      .filter((s) => s.date === date)
      .map((s) => {
        const cells = event.tables.map((t) => {
          const m = at.get(`${s.index}@${t.id}`);
          return `<td>${m ? `${nameOf(m.a)}<br>${nameOf(m.b)}` : ''}</td>`;
        });
        return `<tr><th scope="row">${s.start}–${s.end}</th>${cells.join('')}</tr>`;
      })
      .join('\n');
    return `<h2>${escapeHtml(dayHeading(date, lang))}</h2>\n<table><thead>${head}</thead><tbody>\n${rows}\n</tbody></table>`;
  });
  const body = `<h1>${escapeHtml(event.name)}: ${say(lang, 'tablePlan')}</h1>\n<p class="meta">${escapeHtml(say(lang, 'timesIn', { zone: event.timeZone }))}${event.venue ? ` · ${escapeHtml(event.venue)}` : ''}</p>\n${meetings.length ? sections.join('\n') : `<p>${say(lang, 'noTables')}</p>`}`;
  return printPage(`${event.name}: ${say(lang, 'tablePlan')}`, lang, body);
}
