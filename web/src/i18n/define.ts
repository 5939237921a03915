/**
 * Interface strings in the three languages. Every area keeps its own dictionary (defineMessages) so
 * areas never edit one shared file; catalog.ts joins them. The type makes a key missing in German or
 * Chinese a compile error, and test/web/i18n.test.ts checks the rest (no empty string, the same
 * {placeholders} in every language, no key defined twice).
 */
export const LANGS = ['de', 'en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

export const LANG_NAMES: Record<Lang, string> = { de: 'Deutsch', en: 'English', zh: '中文' };

export interface Messages<K extends string> {
  en: Record<K, string>;
  de: Record<K, string>;
  zh: Record<K, string>;
}

/** An area's dictionary: English sets the keys, German and Chinese must have exactly those. */
export function defineMessages<const E extends Record<string, string>>(messages: { en: E; de: Record<keyof E, string>; zh: Record<keyof E, string> }): Messages<Extract<keyof E, string>> {
  return messages as Messages<Extract<keyof E, string>>;
}
