/**
 * The what-if panel: a company's or a city's match list, re-ranked live as the analyst moves one slider
 * per scoring component. The server scores with the moved weights without storing them (an analyst's
 * `weights` option), so the list is exactly what a profile with these weights would give; arrows show
 * each partner's move against the saved profile. Nothing is saved unless asked ("save as new version").
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'wouter';
import { api, unwrap, type Schemas } from '../../../api/client.ts';
import { useT } from '../../../i18n/index.tsx';
import { Field, fieldError, Loading, Page, ProblemMessage, useLabel } from '../../../ui/components.tsx';
import {
  activeDefault,
  AnalystTabs,
  ColumnHeads,
  componentsOf,
  profileRef,
  ProfileSelect,
  useComponentName,
  useMetric,
  usePercent,
  useProfiles,
  useSaveVersion,
  VersionFormEnd,
  versionExtras,
  WeightsText,
  type WeightProfile,
  type Weights,
} from '../shared.tsx';
import { moveWeight, sameWeights, weightsParam } from '../weights.ts';

type MatchList = Schemas['MatchList'];
type Subject = { kind: 'company' | 'city'; id: string; name: string };
type Target = 'companies' | 'cities';

/** How many partners the list shows, and how far down the saved profile's ranks are looked up for the arrows. */
const SHOWN = 20;
const BASELINE_DEPTH = 100;
/** Slider moves closer together than this are sent as one request (the last one). */
const THROTTLE_MS = 30;

function fetchList(subject: Subject, target: Target, profile: string, limit: number, weights: string | undefined, signal: AbortSignal): Promise<MatchList> {
  const query = { target, profile, limit, ...(weights ? { weights } : {}) };
  return subject.kind === 'company'
    ? unwrap(api.GET('/companies/{id}/matches', { params: { path: { id: subject.id }, query }, signal }))
    : unwrap(api.GET('/cities/{id}/matches', { params: { path: { id: subject.id }, query }, signal }));
}

export default function WhatIf() {
  const t = useT();
  const [search] = useSearchParams();
  const profiles = useProfiles();
  const [subject, setSubject] = useState<Subject>();
  const [target, setTarget] = useState<Target>('companies');
  const [chosenRef, setChosenRef] = useState<string | undefined>(search.get('profile') ?? undefined);
  const base = profiles.data?.find((p) => profileRef(p) === chosenRef) ?? activeDefault(profiles.data);

  return (
    <Page title={t('analyst.whatIf.title')}>
      <AnalystTabs />
      <p className="lead">{t('analyst.whatIf.lead')}</p>
      {profiles.isPending ? <Loading /> : <ProblemMessage error={profiles.error} />}
      <div className="form-row">
        <SubjectSearch onPick={setSubject} />
        {profiles.data ? <ProfileSelect label={t('analyst.whatIf.baseProfile')} profiles={profiles.data} value={base ? profileRef(base) : ''} onChange={setChosenRef} /> : null}
        <Field label={t('analyst.whatIf.target')}>
          {(props) => (
            <select {...props} value={target} onChange={(e) => setTarget(e.target.value as Target)}>
              <option value="companies">{t('analyst.whatIf.target.companies')}</option>
              <option value="cities">{t('analyst.whatIf.target.cities')}</option>
            </select>
          )}
        </Field>
      </div>
      {subject && base ? <Panel key={`${subject.kind}:${subject.id}:${profileRef(base)}`} subject={subject} target={target} base={base} /> : <p className="notice">{t('analyst.whatIf.pickSubject')}</p>}
    </Page>
  );
}

/** Finds a company or a city by name (the directory's full-text search) and picks it. */
function SubjectSearch({ onPick }: { onPick(subject: Subject): void }) {
  const t = useT();
  const label = useLabel();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<Subject>();
  const hits = useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => unwrap(api.GET('/search', { params: { query: { q, limit: 8 } }, signal })),
    enabled: q !== '',
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setQ(text.trim());
  }

  return (
    <div className="subject-search">
      <form role="search" onSubmit={submit} className="form-row">
        <Field label={t('analyst.whatIf.subject')} hint={picked ? t('analyst.whatIf.picked', { name: picked.name }) : t('analyst.whatIf.subjectHint')}>
          {(props) => <input {...props} type="search" value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <button type="submit">{t('action.search')}</button>
      </form>
      {hits.isFetching ? <Loading /> : <ProblemMessage error={hits.error} />}
      {hits.data ? (
        hits.data.items.length ? (
          <ul className="hits" aria-label={t('analyst.whatIf.hits')}>
            {hits.data.items.map((hit) => (
              <li key={`${hit.kind}:${hit.id}`}>
                <button
                  type="button"
                  aria-pressed={picked?.id === hit.id && picked.kind === hit.kind}
                  onClick={() => {
                    const subject = { kind: hit.kind, id: hit.id, name: hit.name };
                    setPicked(subject);
                    onPick(subject);
                    // The choice is made: the results give way to the list.
                    setQ('');
                  }}
                >
                  {hit.name} <span className="muted">({label('country', hit.country)} · {t(`analyst.whatIf.kind.${hit.kind}`)})</span>
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('analyst.whatIf.noHits')}</p>
        )
      ) : null}
    </div>
  );
}

/** The sliders and the list for one subject and base profile. */
function Panel({ subject, target, base }: { subject: Subject; target: Target; base: WeightProfile }) {
  const t = useT();
  const componentName = useComponentName();
  const percent = usePercent();
  const baseRef = profileRef(base);
  // null: the saved profile's weights, untouched.
  const [weights, setWeights] = useState<Weights | null>(null);
  const wanted = weights && !sameWeights(weights, base.weights) ? weightsParam(weights) : null;
  const [requested, setRequested] = useState<string | null>(null);
  const lastSent = useRef(0);
  const trailing = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(trailing.current), []);

  /** New weights: asked for in the same render when the last request went out long enough ago, else once the moves pause. */
  function change(next: Weights | null) {
    setWeights(next);
    const param = next && !sameWeights(next, base.weights) ? weightsParam(next) : null;
    clearTimeout(trailing.current);
    const send = () => {
      lastSent.current = performance.now();
      setRequested(param);
    };
    const wait = THROTTLE_MS - (performance.now() - lastSent.current);
    if (wait <= 0) send();
    else trailing.current = setTimeout(send, wait);
  }

  const baseline = useQuery({
    queryKey: ['matches', 'what-if', 'saved', subject.kind, subject.id, target, baseRef],
    queryFn: ({ signal }) => fetchList(subject, target, baseRef, BASELINE_DEPTH, undefined, signal),
  });
  const whatIf = useQuery({
    queryKey: ['matches', 'what-if', 'moved', subject.kind, subject.id, target, baseRef, requested],
    // The weights go with the answer, so the list says which weights it shows.
    queryFn: async ({ signal }) => ({ weights: requested, list: await fetchList(subject, target, baseRef, SHOWN, requested ?? undefined, signal) }),
    enabled: requested !== null,
    placeholderData: keepPreviousData,
  });

  const shown = requested !== null && whatIf.data ? whatIf.data : baseline.data ? { weights: null, list: { ...baseline.data, items: baseline.data.items.slice(0, SHOWN) } } : undefined;
  const savedRank = new Map(baseline.data?.items.map((item) => [item.id, item.rank]));
  const current = weights ?? base.weights;
  const moved = shown?.weights ? shown.list.items.filter((item) => savedRank.get(item.id) !== item.rank).length : 0;

  return (
    <div className="what-if">
      <section className="sliders" aria-labelledby="sliders-title">
        <h2 id="sliders-title">{t('analyst.whatIf.weights')}</h2>
        <p className="muted">
          {t('analyst.whatIf.saved', { profile: baseRef })} <WeightsText weights={base.weights} />
        </p>
        {componentsOf(base.weights).map((c) => (
          <div className="slider" key={c}>
            <label htmlFor={`weight-${c}`}>{componentName(c)}</label>
            <input
              id={`weight-${c}`}
              type="range"
              min={0}
              max={100}
              step={1}
              value={Math.round(current[c] * 100)}
              aria-valuetext={percent(current[c])}
              onChange={(e) => change(moveWeight(current, c, Number(e.target.value) / 100) as Weights)}
            />
            <output htmlFor={`weight-${c}`}>{percent(current[c])}</output>
          </div>
        ))}
        <button type="button" onClick={() => change(null)} disabled={weights === null}>
          {t('analyst.whatIf.reset')}
        </button>
        {wanted ? <SaveVersion base={base} weights={current} /> : null}
      </section>
      <section className="ranking" aria-labelledby="ranking-title">
        <h2 id="ranking-title">{t('analyst.whatIf.list', { name: subject.name })}</h2>
        <p aria-live="polite" className="muted">
          {shown?.weights ? t('analyst.whatIf.reranked', { moved }) : t('analyst.whatIf.asSaved', { profile: baseRef })}
          {whatIf.isFetching ? ` ${t('state.loading')}` : ''}
        </p>
        <ProblemMessage error={whatIf.error ?? baseline.error} />
        {shown ? <Ranking list={shown.list} savedRank={shown.weights ? savedRank : undefined} wanted={wanted} shownWeights={shown.weights} /> : <Loading />}
      </section>
    </div>
  );
}

function Ranking({ list, savedRank, wanted, shownWeights }: { list: MatchList; savedRank: Map<string, number> | undefined; wanted: string | null; shownWeights: string | null }) {
  const t = useT();
  const label = useLabel();
  const componentName = useComponentName();
  const metric = useMetric();
  return (
    <div className="table-scroll">
      {/* data-wanted / data-shown: the weights asked for and the weights of the list on screen (the browser test times the difference). */}
      <table className="ranking-table" data-wanted={wanted ?? 'saved'} data-shown={shownWeights ?? 'saved'}>
        <caption className="visually-hidden">{t('analyst.whatIf.caption')}</caption>
        <ColumnHeads labels={[t('analyst.whatIf.rank'), t('analyst.whatIf.change'), t('analyst.whatIf.partner'), t('analyst.whatIf.score'), t('analyst.whatIf.contributions')]} />
        <tbody>
          {list.items.map((item) => (
            <tr key={item.id} data-id={item.id}>
              <td>{item.rank}</td>
              <td>{savedRank ? <RankChange rank={item.rank} saved={savedRank.get(item.id)} /> : null}</td>
              <th scope="row">
                {item.name} <span className="muted">({label('country', item.country)})</span>
              </th>
              <td>{metric(item.score)}</td>
              <td className="muted">{item.components.map((c) => `${componentName(c.name)} ${metric(c.contribution)}`).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** ▲ up, ▼ down, = unchanged, or new (below the saved profile's first hundred), said in words too. */
function RankChange({ rank, saved }: { rank: number; saved: number | undefined }) {
  const t = useT();
  if (saved === undefined)
    return (
      <span className="rank-new" title={t('analyst.whatIf.new', { depth: BASELINE_DEPTH })}>
        ★ <span className="visually-hidden">{t('analyst.whatIf.new', { depth: BASELINE_DEPTH })}</span>
        <span aria-hidden="true">{t('analyst.whatIf.newShort')}</span>
      </span>
    );
  const by = saved - rank;
  if (by === 0)
    return (
      <span className="rank-same">
        <span aria-hidden="true">=</span>
        <span className="visually-hidden">{t('analyst.whatIf.same')}</span>
      </span>
    );
  const text = by > 0 ? t('analyst.whatIf.up', { by, saved }) : t('analyst.whatIf.down', { by: -by, saved });
  return (
    <span className={by > 0 ? 'rank-up' : 'rank-down'} title={text}>
      <span aria-hidden="true">
        {by > 0 ? '▲' : '▼'} {Math.abs(by)}
      </span>
      <span className="visually-hidden">{text}</span>
    </span>
  );
}

/** Stores the weights on the sliders as a new version (of the base profile's name unless another is given). */
function SaveVersion({ base, weights }: { base: WeightProfile; weights: Weights }) {
  const t = useT();
  const [name, setName] = useState(base.name);
  const save = useSaveVersion();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const extras = versionExtras(event.currentTarget);
    save.mutate({ name, weights, fusion: base.fusion, sizeMatrix: base.sizeMatrix, note: t('analyst.whatIf.defaultNote', { profile: profileRef(base) }), ...extras });
  }
  return (
    <form className="form save-version" onSubmit={submit} aria-labelledby="save-version-title">
      <h3 id="save-version-title">{t('analyst.whatIf.saveTitle')}</h3>
      <Field label={t('analyst.profiles.name')} error={fieldError(save.error, 'name')}>
        {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} required />}
      </Field>
      <VersionFormEnd save={save} submitLabel={t('analyst.whatIf.save')} shownFields={['name']} />
    </form>
  );
}
