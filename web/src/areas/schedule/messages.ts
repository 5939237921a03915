import { defineMessages } from '../../i18n/define.ts';

/** The schedule area's strings (keys start with 'schedule.'): runs, the grid, the report. */
export const scheduleMessages = defineMessages({
  en: { 'schedule.tab': 'Schedule' },
  de: { 'schedule.tab': 'Terminplan' },
  zh: { 'schedule.tab': '日程' },
});
