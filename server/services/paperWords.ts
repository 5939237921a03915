/**
 * The words of an event's papers (printable pages, calendar entries) in the three languages, and the
 * language a participant gets them in.
 */
import type { EventParticipant } from '../../engine/events.ts';
import { fillTemplate } from '../../engine/template.ts';

export const PRINT_LANGS = ['de', 'en', 'zh'] as const;
export type PrintLang = (typeof PRINT_LANGS)[number];

const WORDS = {
  en: { meeting: 'Meeting: {name}', atTable: 'table {name}', meetingWith: '{event}: 1:1 meeting with {name} ({side}).', attendees: 'Attendees: {names}.', commonLanguage: 'Common language: {languages}.', noCommonLanguage: 'No common language registered.', interpreterNeeded: 'Interpreter needed.', status: 'Status: {status}.', cancelled: 'Cancelled: meeting with {name}', cancelledText: '{event}: the 1:1 meeting with {name} no longer takes place.', agendaOf: 'Agenda of {name}', time: 'Time', table: 'Table', partner: 'Partner', language: 'Language', interpreter: 'interpreter', timesIn: 'times in {zone}', meetings: '{n} meetings', none: 'No meetings scheduled.', booklet: 'Agendas', tablePlan: 'Table plan', noTables: 'No meetings scheduled.' },
  de: { meeting: 'Gespräch: {name}', atTable: 'Tisch {name}', meetingWith: '{event}: Einzelgespräch mit {name} ({side}).', attendees: 'Teilnehmende: {names}.', commonLanguage: 'Gemeinsame Sprache: {languages}.', noCommonLanguage: 'Keine gemeinsame Sprache angegeben.', interpreterNeeded: 'Dolmetscher nötig.', status: 'Status: {status}.', cancelled: 'Abgesagt: Gespräch mit {name}', cancelledText: '{event}: Das Einzelgespräch mit {name} findet nicht mehr statt.', agendaOf: 'Terminplan von {name}', time: 'Zeit', table: 'Tisch', partner: 'Gesprächspartner', language: 'Sprache', interpreter: 'Dolmetscher', timesIn: 'Zeiten in {zone}', meetings: '{n} Termine', none: 'Keine Termine geplant.', booklet: 'Terminpläne', tablePlan: 'Tischplan', noTables: 'Keine Termine geplant.' },
  zh: { meeting: '洽谈：{name}', atTable: '{name} 号桌', meetingWith: '{event}：与 {name}（{side}）的一对一洽谈。', attendees: '出席人员：{names}。', commonLanguage: '共同语言：{languages}。', noCommonLanguage: '未登记共同语言。', interpreterNeeded: '需要翻译。', status: '状态：{status}。', cancelled: '已取消：与 {name} 的洽谈', cancelledText: '{event}：与 {name} 的一对一洽谈已取消。', agendaOf: '{name} 的日程', time: '时间', table: '桌号', partner: '洽谈对象', language: '语言', interpreter: '需要翻译', timesIn: '时间为 {zone}', meetings: '{n} 场洽谈', none: '暂无安排的洽谈。', booklet: '日程汇编', tablePlan: '桌位安排', noTables: '暂无安排的洽谈。' },
} as const satisfies Record<PrintLang, Record<string, string>>;

export const LOCALES: Record<PrintLang, string> = { de: 'de-DE', en: 'en-GB', zh: 'zh-CN' };
export const HTML_LANG: Record<PrintLang, string> = { de: 'de', en: 'en', zh: 'zh-Hans' };

export const say = (lang: PrintLang, word: keyof (typeof WORDS)['en'], values: Record<string, string | number> = {}) => fillTemplate(WORDS[lang][word], values);

/** The participant's language for its papers: the first of its languages we print in, else its side's. */
export function participantLang(p: EventParticipant): PrintLang {
  const spoken = p.languages.find((l): l is PrintLang => (PRINT_LANGS as readonly string[]).includes(l));
  return spoken ?? (p.side === 'CN' ? 'zh' : 'de');
}

