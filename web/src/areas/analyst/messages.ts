import { defineMessages } from '../../i18n/define.ts';

/** The analyst area's strings (keys start with 'analyst.'). */
export const analystMessages = defineMessages({
  en: {
    'analyst.nav': 'Analysis',
  },
  de: {
    'analyst.nav': 'Analyse',
  },
  zh: {
    'analyst.nav': '分析',
  },
});
