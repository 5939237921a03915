/** Every interface string exists, non-empty, in German, English and Chinese, with the same placeholders. */
import { describe, expect, it } from 'vitest';
import { CATALOG, DICTIONARIES } from '../../web/src/i18n/catalog.ts';
import { LANGS } from '../../web/src/i18n/define.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the interface dictionaries', () => {
  it('have every key in every language, none empty, with the same placeholders', () => {
    const problems: string[] = [];
    for (const [area, dictionary] of Object.entries(DICTIONARIES)) {
      const keys = Object.keys(dictionary.en);
      expect(keys.length, area).toBeGreaterThan(0);
      for (const lang of LANGS) {
        const messages = dictionary[lang] as Record<string, string>;
        for (const key of keys) {
          const text = messages[key];
          if (typeof text !== 'string' || text.trim() === '') problems.push(`${area}: ${lang} lacks '${key}'`);
          else if (placeholders(text).join() !== placeholders(dictionary.en[key as keyof typeof dictionary.en]).join()) problems.push(`${area}: ${lang} '${key}' has other placeholders than English`);
        }
        for (const key of Object.keys(messages)) if (!keys.includes(key)) problems.push(`${area}: ${lang} has '${key}', which English lacks`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('define each key once, in the area its prefix names', () => {
    const owner = new Map<string, string>();
    const problems: string[] = [];
    for (const [area, dictionary] of Object.entries(DICTIONARIES)) {
      for (const key of Object.keys(dictionary.en)) {
        if (owner.has(key)) problems.push(`'${key}' in both ${owner.get(key)} and ${area}`);
        owner.set(key, area);
        if (area !== 'common' && !key.startsWith(`${area}.`)) problems.push(`'${key}' of ${area} lacks the prefix '${area}.'`);
      }
    }
    expect(problems).toEqual([]);
    for (const lang of LANGS) expect(Object.keys(CATALOG[lang]).length).toBe(owner.size);
  });

  it('do not leave Chinese or German text in English words where a translation is due', () => {
    // A Chinese string with no Chinese character at all is an untranslated copy (names such as ISA Match excepted).
    const untranslated: string[] = [];
    for (const dictionary of Object.values(DICTIONARIES)) {
      for (const [key, text] of Object.entries(dictionary.zh as Record<string, string>)) {
        const en = (dictionary.en as Record<string, string>)[key]!;
        if (/[A-Za-z]{4,}/.test(en) && text === en && !/^[A-Z ]+$|ISA|\{/.test(en)) untranslated.push(key);
      }
    }
    expect(untranslated).toEqual([]);
  });
});
