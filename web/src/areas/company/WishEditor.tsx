/** Typed, directed cooperation wishes (offer or request), edited as rows of selects; types come from the API's enum. */
import { WISH_DIRECTIONS, WISH_TYPES, WISH_TYPE_LABELS } from '../../../../engine/cooperation.ts';
import type { Schemas } from '../../api/client.ts';
import { useLanguage } from '../../i18n/index.tsx';
import { fieldError, Field } from '../../ui/components.tsx';

type WishBody = NonNullable<Schemas['Company']['wishes']>[number];
export type WishDraft = { direction: WishBody['direction']; type: WishBody['type']; targetCountry: string | null; clusters: string[]; description: Record<string, string> };

// The API's enums, checked against the generated contract: a new type on the server breaks this build.
const TYPES: readonly WishBody['type'][] = WISH_TYPES;
const DIRECTIONS: readonly WishBody['direction'][] = WISH_DIRECTIONS;

export const wishDraftOf = (w: Schemas['Wish']): WishDraft => ({
  direction: w.direction,
  type: w.type,
  targetCountry: w.targetCountry,
  clusters: w.clusters.map((c) => c.id),
  description: Object.fromEntries(Object.entries(w.description).filter(([, text]) => typeof text === 'string' && text.trim())) as Record<string, string>,
});

/** The wishes as the API takes them back. */
export const wishBodies = (wishes: WishDraft[]) => wishes.map((w) => ({ direction: w.direction, type: w.type, targetCountry: w.targetCountry, clusters: w.clusters, description: w.description }));

export function WishEditor({ wishes, onChange, error }: { wishes: WishDraft[]; onChange(next: WishDraft[]): void; error: unknown }) {
  const { t, lang } = useLanguage();
  const set = (i: number, change: Partial<WishDraft>) => onChange(wishes.map((w, j) => (j === i ? { ...w, ...change } : w)));
  return (
    <fieldset className="wishes">
      <legend>{t('company.wishes.legend')}</legend>
      {wishes.length === 0 ? <p className="muted">{t('company.wishes.none')}</p> : null}
      <ol className="wish-rows">
        {wishes.map((w, i) => (
          <li key={i} className="form-row">
            <Field label={t('company.wishes.direction', { n: i + 1 })} error={fieldError(error, `wishes.${i}.direction`)}>
              {(props) => (
                <select {...props} value={w.direction} onChange={(e) => set(i, { direction: e.target.value as WishDraft['direction'] })}>
                  {DIRECTIONS.map((d) => (
                    <option key={d} value={d}>
                      {t(d === 'offer' ? 'company.wishes.offer' : 'company.wishes.request')}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('company.wishes.type', { n: i + 1 })} error={fieldError(error, `wishes.${i}.type`)}>
              {(props) => (
                <select {...props} value={w.type} onChange={(e) => set(i, { type: e.target.value as WishDraft['type'] })}>
                  {TYPES.map((type) => (
                    <option key={type} value={type}>
                      {WISH_TYPE_LABELS[type][lang]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('company.wishes.target', { n: i + 1 })} error={fieldError(error, `wishes.${i}.targetCountry`)}>
              {(props) => (
                <select {...props} value={w.targetCountry ?? ''} onChange={(e) => set(i, { targetCountry: e.target.value || null })}>
                  <option value="">{t('company.wishes.anyCountry')}</option>
                  <option value="DE">{t('country.DE')}</option>
                  <option value="CN">{t('country.CN')}</option>
                </select>
              )}
            </Field>
            <button type="button" className="danger" onClick={() => onChange(wishes.filter((_, j) => j !== i))} aria-label={t('company.wishes.removeN', { n: i + 1 })}>
              {t('company.wishes.remove')}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => onChange([...wishes, { direction: 'offer', type: 'distribution', targetCountry: null, clusters: [], description: {} }])}>
        {t('company.wishes.add')}
      </button>
    </fieldset>
  );
}
