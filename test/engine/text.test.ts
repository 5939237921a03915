import { describe, expect, it } from 'vitest';
import { analyze, bigrams, foldGerman, searchKey, tokenize } from '../../engine/text.ts';

describe('text pipeline', () => {
  it('folds German both ways a user may type it', () => {
    expect(foldGerman('elektromobilität')).toEqual(['elektromobilitaet', 'elektromobilitat']);
    expect(foldGerman('straße')).toEqual(['strasse', 'strasse']);
    expect(searchKey('Köln')).toBe('koeln koln');
  });

  it('indexes a German word under its folded forms and its stem', () => {
    const terms = analyze('Fahrzeuge');
    expect(terms).toContain('fahrzeuge');
    expect(terms).toContain('fahrzeug');
    // A query typed with ae, with a bare a, or with the umlaut meets the same term.
    const index = new Set(analyze('Elektromobilität'));
    expect(analyze('Elektromobilitaet').some((t) => index.has(t))).toBe(true);
    expect(analyze('Elektromobilitat').some((t) => index.has(t))).toBe(true);
  });

  it('stems English plurals to the singular form', () => {
    const plural = new Set(analyze('vehicles'));
    expect(analyze('vehicle').some((t) => plural.has(t))).toBe(true);
  });

  it('segments Chinese into words and adds character bigrams', () => {
    const tokens = tokenize('新能源汽车零部件');
    expect(tokens).toContain('汽车');
    expect(tokens).toContain('能源');
    expect(tokens).toContain('源汽'); // a bigram across a word boundary
    expect(bigrams('汽车')).toEqual(['汽车']);
    expect(bigrams('车')).toEqual(['车']);
  });

  it('splits mixed text and keeps hyphenated compounds whole as well', () => {
    const tokens = tokenize('E-Mobilität und 电动汽车');
    expect(tokens).toEqual(expect.arrayContaining(['e', 'mobilität', 'emobilität', '电动', '汽车']));
  });

  it('drops stop words in both Latin languages', () => {
    expect(analyze('Herstellung von Waren und the other')).not.toContain('von');
    expect(analyze('the and of')).toEqual([]);
  });
});
