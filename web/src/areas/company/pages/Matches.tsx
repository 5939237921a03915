/**
 * The subject's match list with the "why" of each suggestion: its score, a chart of the weighted
 * components (they add up to the score) and the reasons in the chosen language. "Not interested"
 * hides a suggestion for good (the API stores the mark and every list respects it), with undo, and the
 * hidden ones are listed below to be restored. Partners already met at an event, or with a declined
 * meeting request, may be left out too (kept in the address), and the list says how many each reason
 * left out.
 */
import { useId, useMemo, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChartConfiguration } from 'chart.js';
import { api, unwrap, type Schemas } from '../../../api/client.ts';
import { useLanguage } from '../../../i18n/index.tsx';
import { Chart } from '../../../ui/Chart.tsx';
import { Field, Loading, ProblemMessage, useLabel } from '../../../ui/components.tsx';
import { useAddressFilters } from '../../../ui/useAddressFilters.ts';
import { SubjectPage, useSubject, type Subject } from '../parts.tsx';

type MatchItem = Schemas['MatchItem'];
type Target = 'companies' | 'cities';
type Partner = { kind: 'company' | 'city'; id: string; name: string };

/** What the list may leave out besides the "not interested" marks (the API's `exclude`). */
const EXCLUSIONS = ['met', 'declined'] as const;
type Exclusion = (typeof EXCLUSIONS)[number];

/** Suggestions per step of "show more", and the most the API ranks in one list. */
const PAGE = 20;
const MAX = 100;

const matchesKey = (s: Subject) => ['company-area', 'matches', s.kind, s.id] as const;
const dismissalsKey = (s: Subject) => ['company-area', 'dismissals', s.kind, s.id] as const;

function useMarks(subject: Subject) {
  const queries = useQueryClient();
  const refresh = () => Promise.all([queries.invalidateQueries({ queryKey: matchesKey(subject) }), queries.invalidateQueries({ queryKey: dismissalsKey(subject) })]);
  const path = { id: subject.id };
  const dismiss = useMutation({
    mutationFn: (partner: Partner) =>
      subject.kind === 'company'
        ? unwrap(api.PUT('/companies/{id}/dismissals/{partnerId}', { params: { path: { ...path, partnerId: partner.id }, query: { kind: partner.kind } } }))
        : unwrap(api.PUT('/cities/{id}/dismissals/{partnerId}', { params: { path: { ...path, partnerId: partner.id }, query: { kind: partner.kind } } })),
    onSettled: refresh,
  });
  const restore = useMutation({
    mutationFn: (partner: Partner) =>
      subject.kind === 'company'
        ? unwrap(api.DELETE('/companies/{id}/dismissals/{partnerId}', { params: { path: { ...path, partnerId: partner.id }, query: { kind: partner.kind } } }))
        : unwrap(api.DELETE('/cities/{id}/dismissals/{partnerId}', { params: { path: { ...path, partnerId: partner.id }, query: { kind: partner.kind } } })),
    onSettled: refresh,
  });
  return { dismiss, restore };
}

export default function Matches() {
  const { t, lang, countryName } = useLanguage();
  const subject = useSubject();
  const [target, setTarget] = useState<Target>('companies');
  const filters = useAddressFilters();
  const exclude = EXCLUSIONS.filter((reason) => filters.get('exclude').split(',').includes(reason));
  const setExcluded = (reason: Exclusion, on: boolean) => filters.set({ exclude: EXCLUSIONS.filter((r) => (r === reason ? on : exclude.includes(r))).join(',') });
  const [limit, setLimit] = useState(PAGE);
  const matches = useQuery({
    queryKey: [...matchesKey(subject), target, exclude.join(','), lang, limit],
    // The list grows in place while more are fetched (the API ranks the first `limit`).
    placeholderData: keepPreviousData,
    queryFn: () => {
      const query = { limit, lang, target, ...(exclude.length ? { exclude: exclude.join(',') } : {}) };
      return subject.kind === 'company'
        ? unwrap(api.GET('/companies/{id}/matches', { params: { path: { id: subject.id }, query } }))
        : unwrap(api.GET('/cities/{id}/matches', { params: { path: { id: subject.id }, query } }));
    },
  });
  const dismissed = useQuery({
    queryKey: [...dismissalsKey(subject), lang],
    queryFn: () =>
      subject.kind === 'company'
        ? unwrap(api.GET('/companies/{id}/dismissals', { params: { path: { id: subject.id }, query: { lang } } }))
        : unwrap(api.GET('/cities/{id}/dismissals', { params: { path: { id: subject.id }, query: { lang } } })),
  });
  const { dismiss, restore } = useMarks(subject);
  const [lastHidden, setLastHidden] = useState<Partner>();

  const hide = (item: MatchItem) => {
    const partner: Partner = { kind: item.kind, id: item.id, name: item.name };
    dismiss.mutate(partner, { onSuccess: () => setLastHidden(partner) });
  };
  const undo = () => {
    if (lastHidden) restore.mutate(lastHidden, { onSuccess: () => setLastHidden(undefined) });
  };

  return (
    <SubjectPage subject={subject} title={t('company.matches.title')}>
      <p className="lead">{t('company.matches.explain')}</p>
      <div className="form-row">
        <Field label={t('company.matches.target')}>
          {(props) => (
            <select {...props} value={target} onChange={(e) => setTarget(e.target.value as Target)}>
              <option value="companies">{t('company.matches.target.companies')}</option>
              <option value="cities">{t('company.matches.target.cities')}</option>
            </select>
          )}
        </Field>
        <fieldset className="exclusions">
          <legend>{t('company.matches.leaveOut')}</legend>
          {EXCLUSIONS.map((reason) => (
            <label key={reason} className="check">
              <input type="checkbox" checked={exclude.includes(reason)} onChange={(e) => setExcluded(reason, e.target.checked)} /> {t(`company.matches.exclude.${reason}`)}
            </label>
          ))}
        </fieldset>
      </div>
      <div role="status" aria-live="polite" className="undo-bar">
        {lastHidden ? (
          <>
            <span>{t('company.matches.hidden', { name: lastHidden.name })}</span>{' '}
            <button type="button" onClick={undo} disabled={restore.isPending}>
              {t('company.matches.undo')}
            </button>
          </>
        ) : null}
      </div>
      <ProblemMessage error={matches.error ?? dismiss.error ?? restore.error} />
      <h2>{t('company.matches.suggestions')}</h2>
      {matches.isPending ? <Loading /> : null}
      {matches.data ? <LeftOut excluded={matches.data.excluded} /> : null}
      {matches.data && matches.data.items.length === 0 ? <p className="muted">{t('state.empty')}</p> : null}
      <ol className="match-list">
        {matches.data?.items.map((item) => <MatchCard key={`${item.kind}:${item.id}`} item={item} onHide={() => hide(item)} busy={dismiss.isPending} />)}
      </ol>
      {matches.data && matches.data.items.length >= limit && limit < MAX ? (
        <p>
          <button type="button" onClick={() => setLimit(Math.min(MAX, limit + PAGE))} disabled={matches.isFetching}>
            {t('company.matches.more')}
          </button>
        </p>
      ) : null}
      <h2>{t('company.matches.dismissed')}</h2>
      <ProblemMessage error={dismissed.error} />
      {dismissed.data && dismissed.data.items.length === 0 ? <p className="muted">{t('company.matches.noneDismissed')}</p> : null}
      {dismissed.data && dismissed.data.items.length > 0 ? (
        <table className="dismissed">
          <thead>
            <tr>
              <th scope="col">{t('company.matches.partner')}</th>
              <th scope="col">{t('company.matches.country')}</th>
              <th scope="col">{t('company.matches.since')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('company.matches.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {dismissed.data.items.map((d) => (
              <tr key={`${d.kind}:${d.id}`}>
                <th scope="row">{d.name}</th>
                <td>{d.country ? countryName(d.country) : ''}</td>
                <td>{new Date(d.dismissedAt).toLocaleDateString(lang === 'zh' ? 'zh-CN' : lang)}</td>
                <td>
                  <button type="button" onClick={() => restore.mutate(d, { onSuccess: () => setLastHidden(undefined) })} disabled={restore.isPending} aria-label={t('company.matches.restoreOne', { name: d.name })}>
                    {t('company.matches.restore')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </SubjectPage>
  );
}

/** How many partners each reason left out of the list, so that an absent partner can be told apart from a poor match. */
function LeftOut({ excluded }: { excluded: Schemas['MatchExclusions'] }) {
  const { t, formatNumber } = useLanguage();
  const parts = (['dismissed', 'met', 'declined'] as const).flatMap((reason) => (excluded[reason] ? [t(`company.matches.leftOut.${reason}`, { count: formatNumber(excluded[reason]) })] : []));
  if (!parts.length) return null;
  return (
    <p className="muted left-out" role="status">
      {t('company.matches.leftOut', { reasons: parts.join(t('company.matches.leftOut.separator')) })}
    </p>
  );
}

function MatchCard({ item, onHide, busy }: { item: MatchItem; onHide(): void; busy: boolean }) {
  const { t, formatNumber, countryName } = useLanguage();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const points = (share: number) => formatNumber(share * 100, { maximumFractionDigits: 1 });
  return (
    <li className="card match-card">
      <div className="match-head">
        <h3>
          <span className="rank">{item.rank}.</span> {item.name}
        </h3>
        <span className="muted">{countryName(item.country)}</span>
        <span className="score">{t('company.matches.score', { score: points(item.score) })}</span>
      </div>
      <div className="match-actions">
        <button type="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
          {open ? t('company.matches.hideWhy') : t('company.matches.why')}
          <span className="visually-hidden"> {item.name}</span>
        </button>
        <button type="button" onClick={onHide} disabled={busy}>
          {t('company.matches.notInterested')}
          <span className="visually-hidden"> {item.name}</span>
        </button>
      </div>
      <div id={panelId} hidden={!open}>
        {open ? <Why item={item} /> : null}
      </div>
    </li>
  );
}

/** The components' contributions as a chart (with its table) and the reasons. */
function Why({ item }: { item: MatchItem }) {
  const { t, formatNumber } = useLanguage();
  const label = useLabel();
  const names = item.components.map((c) => t(`company.component.${c.name}`));
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: item.components.map((c) => t(`company.component.${c.name}`)),
        datasets: [{ label: t('company.why.contribution'), data: item.components.map((c) => Math.round(c.contribution * 1000) / 10), backgroundColor: ['#1f6feb', '#2da44e', '#bf8700'] }],
      },
      options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { min: 0, max: Math.max(10, Math.ceil(item.score * 100)), title: { display: true, text: t('company.why.points') } } } },
    }),
    [item, t],
  );
  const number = (v: number) => formatNumber(v, { maximumFractionDigits: 2 });
  return (
    <div className="why">
      <Chart
        config={config}
        height={140}
        label={t('company.why.chartLabel', { name: item.name, score: formatNumber(item.score * 100, { maximumFractionDigits: 1 }) })}
        table={{
          columns: [t('company.why.component'), t('company.why.weight'), t('company.why.forward'), t('company.why.backward'), t('company.why.contribution')],
          rows: item.components.map((c, i) => [names[i]!, number(c.weight), number(c.forward), number(c.backward), formatNumber(c.contribution * 100, { maximumFractionDigits: 1 })]),
        }}
      />
      <h4>{t('company.why.reasons')}</h4>
      {item.reasons.length ? (
        <ul className="reasons">
          {item.reasons.map((r, i) => (
            <li key={i}>
              <span className="tag">{label('company.component', r.component)}</span> {r.text}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('company.why.noReasons')}</p>
      )}
    </div>
  );
}
