/** Cooperation wishes (offers and requests) as a list, in the reader's language, with their source. */
import type { Schemas } from '../../api/client.ts';
import { useLanguage, useT } from '../../i18n/index.tsx';
import { useLabel } from '../../ui/components.tsx';
import { ClusterTags, useSourceText } from './text.tsx';

export function WishList({ wishes }: { wishes: Schemas['Wish'][] }) {
  const t = useT();
  const { lang } = useLanguage();
  const label = useLabel();
  const source = useSourceText();
  if (!wishes.length) return <p className="muted">{t('state.empty')}</p>;
  return (
    <ul className="plain-list">
      {wishes.map((w, i) => (
        <li key={i}>
          <strong>{t(w.direction === 'offer' ? 'everyone.wish.offer' : 'everyone.wish.request')}:</strong> {w.typeLabel?.[lang] ?? w.type}
          {w.targetCountry ? ` ${t('everyone.wish.to', { country: label('country', w.targetCountry) })}` : ''}
          {w.clusters.length ? (
            <>
              {' '}
              <ClusterTags clusters={w.clusters} />
            </>
          ) : null}
          {w.description[lang] ?? w.description.en ?? w.description.de ?? w.description.zh ? <p>{w.description[lang] ?? w.description.en ?? w.description.de ?? w.description.zh}</p> : null}
          <div className="source">{t('everyone.source', { source: source(w.provenance) })}</div>
        </li>
      ))}
    </ul>
  );
}
