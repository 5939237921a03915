import { allianceMessages } from '../areas/alliance/messages.ts';
import { analystMessages } from '../areas/analyst/messages.ts';
import { companyMessages } from '../areas/company/messages.ts';
import { everyoneMessages } from '../areas/everyone/messages.ts';
import { organiserMessages } from '../areas/organiser/messages.ts';
import { reportsMessages } from '../areas/reports/messages.ts';
import { scheduleMessages } from '../areas/schedule/messages.ts';
import { projectsMessages } from '../areas/projects/messages.ts';
import { commonMessages } from './common.ts';
import type { Lang, Messages } from './define.ts';

/** Every dictionary of the interface; test/web/i18n.test.ts checks them all. */
export const DICTIONARIES = {
  common: commonMessages,
  everyone: everyoneMessages,
  company: companyMessages,
  organiser: organiserMessages,
  schedule: scheduleMessages,
  analyst: analystMessages,
  projects: projectsMessages,
  alliance: allianceMessages,
  reports: reportsMessages,
};

type KeysOf<D> = D extends Messages<infer K> ? K : never;
export type MessageKey = { [A in keyof typeof DICTIONARIES]: KeysOf<(typeof DICTIONARIES)[A]> }[keyof typeof DICTIONARIES];

function join(lang: Lang): Record<MessageKey, string> {
  return Object.assign({}, ...Object.values(DICTIONARIES).map((d) => d[lang])) as Record<MessageKey, string>;
}

export const CATALOG: Record<Lang, Record<MessageKey, string>> = { de: join('de'), en: join('en'), zh: join('zh') };
