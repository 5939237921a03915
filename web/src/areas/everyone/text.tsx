/** Data shown in the reader's language: city names, taxonomy labels (with the approximate Chinese ones marked), sources. */
import type { Schemas } from '../../api/client.ts';
import { useLanguage, useT, type Lang } from '../../i18n/index.tsx';

export type CityNames = { de: string; en: string; zh: string | null };

/** A city's name in the language, English where it has none in it. */
export function nameIn(names: CityNames, lang: Lang): string {
  return names[lang] ?? names.en;
}

type Labels = Schemas['Labels'];

/** A taxonomy label in the language; a Chinese class label borrowed from its group is marked as approximate. */
export function TaxonomyLabel({ labels, lang }: { labels: Labels | { de: string; en: string; zh: string } | null | undefined; lang: Lang }) {
  const t = useT();
  if (!labels) return null;
  const text = labels[lang] ?? labels.en;
  const approx = lang === 'zh' && 'zhSource' in labels && labels.zhSource === 'group-approx';
  return (
    <>
      {text}
      {approx ? (
        <>
          {' '}
          <small className="tag" title={t('everyone.label.approxHelp')}>
            {t('everyone.label.approx')}
          </small>
          <span className="visually-hidden">{t('everyone.label.approxHelp')}</span>
        </>
      ) : null}
    </>
  );
}

/** Where a fact comes from, in words: curated, a line of an alliance document, the API, demo data. */
export function useSourceText(): (provenance: string) => string {
  const t = useT();
  return (provenance) => {
    const seed = /^seed:[^:]+:(\d+)$/.exec(provenance);
    if (seed) return t('everyone.source.seed', { line: seed[1]! });
    if (provenance === 'curated') return t('everyone.source.curated');
    if (provenance === 'api') return t('everyone.source.api');
    if (provenance === 'demo') return t('everyone.source.demo');
    return provenance;
  };
}

/** Clusters as tags, named in the reader's language. */
export function ClusterTags({ clusters }: { clusters: { id: string; label: { de: string; en: string; zh: string | null } | null }[] }) {
  const { lang } = useLanguage();
  return (
    <>
      {clusters.map((c) => (
        <span key={c.id} className="tag">
          {c.label ? (c.label[lang] ?? c.label.en) : c.id}
        </span>
      ))}
    </>
  );
}
