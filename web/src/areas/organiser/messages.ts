import { defineMessages } from '../../i18n/define.ts';

/** The organiser area's strings (keys start with 'organiser.'). */
export const organiserMessages = defineMessages({
  en: {
    'organiser.nav': 'Events',
  },
  de: {
    'organiser.nav': 'Veranstaltungen',
  },
  zh: {
    'organiser.nav': '活动',
  },
});
