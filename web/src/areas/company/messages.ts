import { defineMessages } from '../../i18n/define.ts';

/** The company area's strings (keys start with 'company.'). */
export const companyMessages = defineMessages({
  en: {
    'company.nav': 'My company',
  },
  de: {
    'company.nav': 'Mein Unternehmen',
  },
  zh: {
    'company.nav': '我的企业',
  },
});
