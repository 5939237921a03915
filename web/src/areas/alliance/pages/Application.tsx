/**
 * One application: what it carries, its state, the member cities asked and each one's answer, and
 * what a decision today would be. The secretariat circulates, records any city's letter, and
 * decides; a city key answers for its own city only; the applicant (or the secretariat) may withdraw.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'wouter';
import { ApiProblem, api, unwrap } from '../../../api/client.ts';
import { useLanguage } from '../../../i18n/index.tsx';
import { useSession } from '../../../session/session.tsx';
import { Field, Loading, Page, ProblemMessage, fieldError, useLabel } from '../../../ui/components.tsx';
import { SECRETARIAT } from '../roles.ts';
import { decisionText, today, useCityName, useCities, useFormatDay, type Application as ApplicationData } from '../shared.tsx';

type VoteValue = ApplicationData['votes'][number]['vote'];

export default function Application() {
  const { t } = useLanguage();
  const { id } = useParams<{ id: string }>();
  const cityName = useCityName();
  const application = useQuery({
    queryKey: ['alliance', 'application', id],
    queryFn: () => unwrap(api.GET('/alliance/applications/{id}', { params: { path: { id } } })),
  });
  const a = application.data;
  return (
    <Page title={a ? t('alliance.application.title', { city: cityName(a.cityId) }) : t('alliance.application.titlePlain')}>
      <p>
        <Link href="/alliance/applications">{t('alliance.application.back')}</Link>
      </p>
      {application.isPending ? <Loading /> : null}
      <ProblemMessage error={application.error} onRetry={() => void application.refetch()} />
      {a ? <ApplicationView a={a} /> : null}
    </Page>
  );
}

function ApplicationView({ a }: { a: ApplicationData }) {
  const { t } = useLanguage();
  const label = useLabel();
  const cityName = useCityName();
  const formatDay = useFormatDay();
  const { can, principal } = useSession();
  const secretariat = can(SECRETARIAT);
  const ownCity = principal?.role === 'city' ? principal.cityId : null;
  const open = a.state === 'filed' || a.state === 'circulated';

  return (
    <>
      <dl className="facts">
        <dt>{t('alliance.application.state')}</dt>
        <dd data-testid="application-state">{label('alliance.state', a.state)}</dd>
        <dt>{t('alliance.application.filedOn')}</dt>
        <dd>{formatDay(a.filedOn)}</dd>
        {a.content.document ? (
          <>
            <dt>{t('alliance.application.document')}</dt>
            <dd>{a.content.document}</dd>
          </>
        ) : null}
        {a.circulatedOn ? (
          <>
            <dt>{t('alliance.application.circulatedOn')}</dt>
            <dd>{formatDay(a.circulatedOn)}</dd>
          </>
        ) : null}
        {a.consentRule ? (
          <>
            <dt>{t('alliance.application.rule')}</dt>
            <dd>{label('alliance.rule', a.consentRule)}</dd>
          </>
        ) : null}
        {a.decidedOn ? (
          <>
            <dt>{t('alliance.application.decidedOn')}</dt>
            <dd>{formatDay(a.decidedOn)}</dd>
          </>
        ) : null}
      </dl>
      {a.decision ? (
        <p className={`decision outcome-${a.decision.outcome}`}>
          <strong>{t('alliance.application.decision', { outcome: label('alliance.outcome', a.decision.outcome) })}</strong> {decisionText(t, a.decision, a.consentRule, a.electorate.length, cityName)}
        </p>
      ) : null}
      {a.preview ? (
        <p className="preview" aria-live="polite">
          <strong>{t('alliance.application.preview', { outcome: label('alliance.outcome', a.preview.outcome) })}</strong> {decisionText(t, a.preview, a.consentRule, a.electorate.length, cityName)}
        </p>
      ) : null}
      {open ? <Actions a={a} secretariat={secretariat} ownCity={ownCity} /> : null}

      <h2>{t('alliance.application.content')}</h2>
      <dl className="facts">
        <dt>{t('alliance.new.keyData')}</dt>
        <dd>{a.content.keyData}</dd>
        <dt>{t('alliance.new.industrial')}</dt>
        <dd>{a.content.industrialCharacteristics}</dd>
        <dt>{t('alliance.new.national')}</dt>
        <dd>{a.content.cooperations.national.length ? a.content.cooperations.national.join('; ') : '–'}</dd>
        <dt>{t('alliance.new.international')}</dt>
        <dd>{a.content.cooperations.international.length ? a.content.cooperations.international.join('; ') : '–'}</dd>
        <dt>{t('alliance.new.wishes')}</dt>
        <dd>{a.content.wishes.join('; ')}</dd>
      </dl>

      {a.state === 'circulated' && secretariat ? <VoteForm a={a} cities={a.electorate} heading={t('alliance.vote.record')} /> : null}
      {a.state === 'circulated' && !secretariat && ownCity && a.electorate.includes(ownCity) ? <VoteForm a={a} cities={[ownCity]} heading={t('alliance.vote.ours')} /> : null}
      {a.electorate.length ? <Electorate a={a} /> : null}
    </>
  );
}

function Actions({ a, secretariat, ownCity }: { a: ApplicationData; secretariat: boolean; ownCity: string | null }) {
  const { t } = useLanguage();
  const cityName = useCityName();
  const queries = useQueryClient();
  const done = async (updated: ApplicationData) => {
    queries.setQueryData(['alliance', 'application', a.id], updated);
    await queries.invalidateQueries({ queryKey: ['alliance'] });
    await queries.invalidateQueries({ queryKey: ['cities'] });
  };
  const path = { params: { path: { id: a.id } }, body: {} };
  const circulate = useMutation({ mutationFn: () => unwrap(api.POST('/alliance/applications/{id}/circulation', path)), onSuccess: done });
  const decide = useMutation({
    mutationFn: () => unwrap(api.POST('/alliance/applications/{id}/decision', path)),
    onSuccess: done,
    // A refusal names the missing answers: show them from the application as it is now.
    onError: () => void queries.invalidateQueries({ queryKey: ['alliance', 'application', a.id] }),
  });
  const withdraw = useMutation({ mutationFn: () => unwrap(api.POST('/alliance/applications/{id}/withdrawal', path)), onSuccess: done });
  const mayWithdraw = secretariat || (ownCity !== null && ownCity === a.cityId);
  // A decision refused for missing answers is shown as the list of those cities, not as the server's ids.
  const refusedForMissing = decide.error instanceof ApiProblem && decide.error.status === 409 && decide.error.problem.field === 'votes';
  const missing = refusedForMissing ? (a.preview?.missing ?? []) : [];
  const error = circulate.error ?? (refusedForMissing ? null : decide.error) ?? withdraw.error;
  const busy = circulate.isPending || decide.isPending || withdraw.isPending;
  return (
    <div className="application-actions">
      <div className="page-actions">
        {secretariat && a.state === 'filed' ? (
          <button type="button" className="primary" disabled={busy} onClick={() => circulate.mutate()}>
            {t('alliance.application.circulate')}
          </button>
        ) : null}
        {secretariat && a.state === 'circulated' ? (
          <button type="button" className="primary" disabled={busy} onClick={() => decide.mutate()}>
            {t('alliance.application.decide')}
          </button>
        ) : null}
        {mayWithdraw ? (
          <button type="button" disabled={busy} onClick={() => withdraw.mutate()}>
            {t('alliance.application.withdraw')}
          </button>
        ) : null}
      </div>
      <ProblemMessage error={error} />
      {missing.length ? (
        <div className="missing problem" role="alert">
          <p>{t('alliance.application.missing', { n: missing.length })}</p>
          <ul className="columns">
            {missing.map((c) => (
              <li key={c}>{cityName(c)}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** Every member city asked, with its answer: consent or objection, in writing or not, the letter and the day. */
function Electorate({ a }: { a: ApplicationData }) {
  const { t, lang } = useLanguage();
  const label = useLabel();
  const cityName = useCityName();
  const formatDay = useFormatDay();
  const votes = new Map(a.votes.map((v) => [v.cityId, v]));
  const rows = [...a.electorate].sort((x, y) => cityName(x).localeCompare(cityName(y), lang));
  return (
    <section aria-labelledby="electorate-title">
      <h2 id="electorate-title">{t('alliance.electorate.title', { answered: a.votes.length, n: a.electorate.length })}</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('alliance.electorate.city')}</th>
              <th scope="col">{t('alliance.electorate.answer')}</th>
              <th scope="col">{t('alliance.electorate.inWriting')}</th>
              <th scope="col">{t('alliance.electorate.document')}</th>
              <th scope="col">{t('alliance.electorate.date')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((cityId) => {
              const v = votes.get(cityId);
              return (
                <tr key={cityId} data-city={cityId}>
                  <th scope="row">{cityName(cityId)}</th>
                  <td>{v ? label('alliance.vote', v.vote) : <span className="muted">{t('alliance.electorate.noAnswer')}</span>}</td>
                  <td>{v ? (v.inWriting ? t('alliance.yes') : t('alliance.no')) : ''}</td>
                  <td>{v?.document ?? ''}</td>
                  <td>{v ? formatDay(v.date) : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The secretariat records any asked city's letter; a city key gives its own city's answer. */
function VoteForm({ a, cities, heading }: { a: ApplicationData; cities: string[]; heading: string }) {
  const { t, lang } = useLanguage();
  const cityName = useCityName();
  useCities();
  const queries = useQueryClient();
  const answered = new Set(a.votes.map((v) => v.cityId));
  // The first city still to answer is offered first.
  const sorted = [...cities].sort((x, y) => Number(answered.has(x)) - Number(answered.has(y)) || cityName(x).localeCompare(cityName(y), lang));
  const [cityId, setCityId] = useState(sorted[0] ?? '');
  const [vote, setVote] = useState<VoteValue>('consent');
  const [inWriting, setInWriting] = useState(true);
  const [document, setDocument] = useState('');
  const [date, setDate] = useState(today());
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState<string>();
  const record = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT('/alliance/applications/{id}/votes/{cityId}', {
          params: { path: { id: a.id, cityId } },
          body: { vote, inWriting, date, ...(document.trim() ? { document: document.trim() } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
        }),
      ),
    onSuccess: async (updated) => {
      setSaved(t('alliance.vote.saved', { city: cityName(cityId), vote: t(vote === 'consent' ? 'alliance.vote.consent' : 'alliance.vote.objection') }));
      queries.setQueryData(['alliance', 'application', a.id], updated);
      await queries.invalidateQueries({ queryKey: ['alliance', 'applications'] });
      setDocument('');
      setNote('');
      const next = updated.electorate.find((c) => cities.includes(c) && !updated.votes.some((v) => v.cityId === c));
      if (next && cities.length > 1) setCityId(next);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(undefined);
    record.mutate();
  };
  const error = record.error;
  return (
    <section aria-labelledby="vote-title" className="card vote-form">
      <h2 id="vote-title">{heading}</h2>
      <form className="form" onSubmit={submit}>
        {cities.length > 1 ? (
          <Field label={t('alliance.vote.city')} error={fieldError(error, 'cityId')}>
            {(props) => (
              <select {...props} value={cityId} onChange={(e) => setCityId(e.target.value)}>
                {sorted.map((c) => (
                  <option key={c} value={c}>
                    {answered.has(c) ? t('alliance.vote.cityAnswered', { city: cityName(c) }) : cityName(c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <p>{t('alliance.vote.for', { city: cityName(cityId) })}</p>
        )}
        <fieldset>
          <legend>{t('alliance.vote.answer')}</legend>
          {(['consent', 'objection'] as const).map((v) => (
            <label key={v} className="inline">
              <input type="radio" name="vote" value={v} checked={vote === v} onChange={() => setVote(v)} /> {t(v === 'consent' ? 'alliance.vote.consent' : 'alliance.vote.objection')}
            </label>
          ))}
        </fieldset>
        <label className="inline">
          <input type="checkbox" checked={inWriting} onChange={(e) => setInWriting(e.target.checked)} /> {t('alliance.vote.inWriting')}
        </label>
        <div className="form-row">
          <Field label={t('alliance.vote.document')} error={fieldError(error, 'document')}>
            {(props) => <input {...props} type="text" value={document} onChange={(e) => setDocument(e.target.value)} />}
          </Field>
          <Field label={t('alliance.vote.date')} error={fieldError(error, 'date')}>
            {(props) => <input {...props} type="date" value={date} max={today()} onChange={(e) => setDate(e.target.value)} />}
          </Field>
        </div>
        <Field label={t('alliance.vote.note')} error={fieldError(error, 'note')}>
          {(props) => <input {...props} type="text" value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <ProblemMessage error={error} />
        <div>
          <button type="submit" className="primary" disabled={record.isPending || !cityId}>
            {t('alliance.vote.submit')}
          </button>
        </div>
        <p role="status" aria-live="polite" className="ok">
          {saved ?? ''}
        </p>
      </form>
    </section>
  );
}
