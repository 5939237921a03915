import { defineMessages } from '../../i18n/define.ts';

/** The everyone area's strings (keys start with 'everyone.'). */
export const everyoneMessages = defineMessages({
  en: {
    'everyone.nav': 'Directory',
  },
  de: {
    'everyone.nav': 'Verzeichnis',
  },
  zh: {
    'everyone.nav': '名录',
  },
});
