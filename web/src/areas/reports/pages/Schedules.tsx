/**
 * The secretariat's report schedules: each produces its scope's report once a period has ended, without
 * a request, for its recipients (an organisation's key and a city's key then receive it). Add one, or
 * stop one (its reports stay).
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client.ts';
import { LANG_NAMES, LANGS, useT, type Lang } from '../../../i18n/index.tsx';
import { Field, fieldError, Loading, Page, ProblemMessage } from '../../../ui/components.tsx';
import { ReportTabs, SCOPE_KINDS, ScopePicker, scopeOptions, useDay, useLocalName, useScopeChoices, type ScopeKind } from '../shared.tsx';

type Schedule = Schemas['ReportSchedule'];
type Recipient = Schemas['ReportRecipient'];
const CADENCES = ['monthly', 'quarterly', 'yearly'] as const;

export default function Schedules() {
  const t = useT();
  return (
    <Page title={t('reports.schedules.title')}>
      <ReportTabs />
      <p className="lead">{t('reports.schedules.lead')}</p>
      <NewSchedule />
      <ScheduleList />
    </Page>
  );
}

/** A scope's or recipient's name as the choices give it, else its id. */
function useScopeLabel(): (kind: string, id: string) => string {
  const t = useT();
  const localName = useLocalName();
  const choices = useScopeChoices();
  return (kind, id) => {
    const label = SCOPE_KINDS.includes(kind as ScopeKind) ? scopeOptions(choices.data, kind as ScopeKind, localName).find((o) => o.id === id)?.label : undefined;
    return `${SCOPE_KINDS.includes(kind as ScopeKind) ? t(`reports.kind.${kind as ScopeKind}`) : kind}: ${label ?? id}`;
  };
}

function recipientLabel(r: Recipient, scopeLabel: (kind: string, id: string) => string): string {
  return r.kind === 'person' ? r.name : scopeLabel(r.kind === 'organisation' ? 'organisation' : 'city', r.id);
}

function ScheduleList() {
  const t = useT();
  const day = useDay();
  const scopeLabel = useScopeLabel();
  const queries = useQueryClient();
  const list = useQuery({ queryKey: ['report-schedules'], queryFn: ({ signal }) => unwrap(api.GET('/report-schedules', { signal })) });
  const stop = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/report-schedules/{id}', { params: { path: { id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['report-schedules'] }),
  });
  return (
    <section aria-labelledby="schedules" className="report-section">
      <h2 id="schedules">{t('reports.schedules.heading')}</h2>
      {list.isPending ? <Loading /> : <ProblemMessage error={list.error} />}
      <ProblemMessage error={stop.error} />
      {list.data && list.data.items.length === 0 ? <p className="muted">{t('reports.schedules.none')}</p> : null}
      {list.data?.items.length ? (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('reports.col.scope')}</th>
                <th scope="col">{t('reports.schedules.cadence')}</th>
                <th scope="col">{t('reports.produce.lang')}</th>
                <th scope="col">{t('reports.schedules.col.recipients')}</th>
                <th scope="col">{t('reports.schedules.col.startsOn')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('reports.schedules.stop')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((s: Schedule) => (
                <tr key={s.id}>
                  <th scope="row">{scopeLabel(s.scope.kind, s.scope.id)}</th>
                  <td>{t(`reports.cadence.${s.cadence}`)}</td>
                  <td>{s.languages.map((l) => LANG_NAMES[l]).join(', ')}</td>
                  <td>{s.recipients.map((r) => recipientLabel(r, scopeLabel)).join('; ') || '—'}</td>
                  <td>{day(s.startsOn)}</td>
                  <td>
                    <button type="button" onClick={() => stop.mutate(s.id)} disabled={stop.isPending} aria-label={t('reports.schedules.stopScope', { scope: scopeLabel(s.scope.kind, s.scope.id) })}>
                      {t('reports.schedules.stop')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function NewSchedule() {
  const t = useT();
  const localName = useLocalName();
  const choices = useScopeChoices();
  const queries = useQueryClient();
  const [kind, setKind] = useState<ScopeKind>('city');
  const options = scopeOptions(choices.data, kind, localName);
  const [scopeChosen, setScope] = useState('');
  const scopeId = options.some((o) => o.id === scopeChosen) ? scopeChosen : (options[0]?.id ?? '');
  const [cadence, setCadence] = useState<(typeof CADENCES)[number]>('quarterly');
  const [languages, setLanguages] = useState<Lang[]>(['de', 'zh']);
  const [organisation, setOrganisation] = useState('');
  const [people, setPeople] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const add = useMutation({
    mutationFn: () => {
      const recipients: Recipient[] = [
        ...(organisation ? [{ kind: 'organisation' as const, id: organisation }] : []),
        ...people
          .split('\n')
          .map((n) => n.trim())
          .filter(Boolean)
          .map((name) => ({ kind: 'person' as const, name })),
      ];
      return unwrap(api.POST('/report-schedules', { body: { scope: { kind, id: scopeId }, cadence, languages, recipients, ...(startsOn ? { startsOn } : {}) } }));
    },
    onSuccess: async () => {
      setPeople('');
      await queries.invalidateQueries({ queryKey: ['report-schedules'] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }
  const toggle = (l: Lang, on: boolean) => setLanguages(on ? [...languages, l] : languages.filter((x) => x !== l));
  const error = add.error;
  if (choices.isPending) return <Loading />;
  return (
    <section aria-labelledby="new-schedule" className="card">
      <h2 id="new-schedule">{t('reports.schedules.new')}</h2>
      <ProblemMessage error={choices.error} />
      <form className="form" onSubmit={submit}>
        <div className="form-row">
          <ScopePicker kinds={SCOPE_KINDS} kind={kind} onKind={setKind} options={options} scopeId={scopeId} onScope={setScope} error={error} />
          <Field label={t('reports.schedules.cadence')} error={fieldError(error, 'cadence')}>
            {(props) => (
              <select {...props} value={cadence} onChange={(e) => setCadence(e.target.value as (typeof CADENCES)[number])}>
                {CADENCES.map((c) => (
                  <option key={c} value={c}>
                    {t(`reports.cadence.${c}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <fieldset>
          <legend>{t('reports.schedules.languages')}</legend>
          {LANGS.map((l) => (
            <label key={l} className="check">
              <input type="checkbox" checked={languages.includes(l)} onChange={(e) => toggle(l, e.target.checked)} /> {LANG_NAMES[l]}
            </label>
          ))}
          {fieldError(error, 'languages') ? (
            <p className="field-error" role="alert">
              {fieldError(error, 'languages')}
            </p>
          ) : null}
        </fieldset>
        <div className="form-row">
          <Field label={t('reports.schedules.organisations')} error={fieldError(error, 'recipients')}>
            {(props) => (
              <select {...props} value={organisation} onChange={(e) => setOrganisation(e.target.value)}>
                <option value="">{t('reports.schedules.noOrganisation')}</option>
                {scopeOptions(choices.data, 'organisation', localName).map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('reports.schedules.people')}>{(props) => <textarea {...props} rows={2} value={people} onChange={(e) => setPeople(e.target.value)} />}</Field>
          <Field label={t('reports.schedules.startsOn')} hint={t('reports.schedules.startsOnHint')} error={fieldError(error, 'startsOn')}>
            {(props) => <input {...props} type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />}
          </Field>
        </div>
        <div className="form-row">
          <button type="submit" className="primary" disabled={add.isPending || !scopeId || languages.length === 0}>
            {t('reports.schedules.add')}
          </button>
          {add.isSuccess ? (
            <p role="status" className="muted">
              {t('reports.schedules.added')}
            </p>
          ) : null}
        </div>
        {fieldError(error, 'scope', 'cadence', 'languages', 'recipients', 'startsOn') ? null : <ProblemMessage error={error} />}
      </form>
    </section>
  );
}
