/**
 * The secretariat's actions on the registry (003 §5): a member's withdrawal by written request, a
 * seat turned into an observer seat by a motion at a meeting, the announcement of new members at a
 * joint meeting, and a sourced statement from a paper or letter. Opened for one city (from the
 * composition's entries), it also lists that city's statements: nothing is ever deleted.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'wouter';
import { api, unwrap, type Schemas } from '../../../api/client.ts';
import type { paths } from '../../../api/schema.gen.ts';
import { useLanguage } from '../../../i18n/index.tsx';
import { Field, Loading, Page, ProblemMessage, fieldError, useLabel } from '../../../ui/components.tsx';
import { SourceRef, localName, today, useCities, useCityName, useFormatDay } from '../shared.tsx';

type StatementInput = NonNullable<paths['/alliance/statements']['post']['requestBody']>['content']['application/json'];
type RecordableKind = StatementInput['kind'];
/** The kinds the secretariat records from a paper or a letter (the API's RECORDABLE_KINDS); decisions have their own actions. */
const RECORDABLE_KINDS = ['mentioned-as-member', 'guest-status', 'attended-as-guest', 'recommended', 'interest'] as const satisfies readonly RecordableKind[];

/**
 * One action's form: its fields' values, the write (afterwards every composition, application and city
 * is read again), and the sentence that says it is done.
 */
function useActionForm<F extends Record<string, string>, T>(initial: F, write: (form: F) => Promise<T>, doneText: (result: T, form: F) => string) {
  const queries = useQueryClient();
  const [form, setForm] = useState(initial);
  const [done, setDone] = useState<string>();
  const mutation = useMutation({
    mutationFn: () => write(form),
    onSuccess: async (result) => {
      setDone(doneText(result, form));
      await queries.invalidateQueries({ queryKey: ['alliance'] });
      await queries.invalidateQueries({ queryKey: ['cities'] });
    },
  });
  /** A labelled input bound to one field, with the API's message for it. */
  const input = (field: keyof F & string, label: string, type: 'text' | 'date' | 'textarea' = 'text', hint?: string) => (
    <Field label={label} error={fieldError(mutation.error, field)} {...(hint ? { hint } : {})}>
      {(props) => {
        const bound = { ...props, value: form[field], onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value })) };
        return type === 'textarea' ? <textarea {...bound} rows={2} /> : <input {...bound} type={type} {...(type === 'date' ? { max: today() } : {})} />;
      }}
    </Field>
  );
  const set = (field: keyof F & string, value: string) => setForm((f) => ({ ...f, [field]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(undefined);
    mutation.mutate();
  };
  return { form, set, input, submit, done, error: mutation.error, pending: mutation.isPending };
}

/** An action's card: its title, what it does, the form, the server's problem, the button and the done sentence. */
function ActionCard({ id, title, lead, action, submitLabel, ready = true, before, children }: {
  id: string;
  title: string;
  lead: string;
  action: { submit(e: FormEvent): void; done: string | undefined; error: unknown; pending: boolean };
  submitLabel: string;
  ready?: boolean;
  before?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="muted">{lead}</p>
      {before}
      <form className="form" onSubmit={action.submit}>
        {children}
        <ProblemMessage error={action.error} />
        <div>
          <button type="submit" className="primary" disabled={action.pending || !ready}>
            {submitLabel}
          </button>
        </div>
        <p role="status" aria-live="polite" className="ok">
          {action.done ?? ''}
        </p>
      </form>
    </section>
  );
}

export default function Actions() {
  const { t } = useLanguage();
  const { cityId } = useParams<{ cityId?: string }>();
  const cityName = useCityName();
  const composition = useQuery({ queryKey: ['alliance', 'composition', today()], queryFn: () => unwrap(api.GET('/alliance/composition', { params: { query: { date: today() } } })) });
  const members = (composition.data?.entries ?? []).filter((e) => e.status === 'member');
  return (
    <Page title={cityId ? t('alliance.actions.titleFor', { city: cityName(cityId) }) : t('alliance.actions.title')}>
      <p className="lead">{t('alliance.actions.lead')}</p>
      <p>
        <Link href="/alliance/composition">{t('alliance.actions.back')}</Link>
      </p>
      {composition.isPending ? <Loading /> : null}
      <ProblemMessage error={composition.error} />
      {cityId ? <CityStatements cityId={cityId} /> : null}
      <div className="cards actions">
        <Withdrawal members={members} cityId={cityId} />
        <Conversion members={members} cityId={cityId} />
        <Announcement awaiting={composition.data?.awaitingAnnouncement ?? []} />
        <StatementForm cityId={cityId} />
      </div>
    </Page>
  );
}

type Member = Schemas['Composition']['entries'][number];

function CitySelect({ label, cities, value, onChange, error }: { label: string; cities: { id: string; name: string }[]; value: string; onChange(id: string): void; error?: string | undefined }) {
  const { t, lang } = useLanguage();
  const sorted = [...cities].sort((a, b) => a.name.localeCompare(b.name, lang));
  return (
    <Field label={label} error={error}>
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('alliance.new.chooseCity')}</option>
          {sorted.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function useMemberOptions(members: Member[]) {
  const { lang } = useLanguage();
  return members.map((m) => ({ id: m.cityId, name: localName(m.name, lang) }));
}

function Withdrawal({ members, cityId }: { members: Member[]; cityId: string | undefined }) {
  const { t } = useLanguage();
  const cityName = useCityName();
  const options = useMemberOptions(members);
  const action = useActionForm(
    { cityId: cityId ?? '', requestedOn: today(), communicatedOn: today(), document: '', note: '' },
    ({ cityId: id, note, ...body }) => unwrap(api.POST('/alliance/cities/{id}/withdrawal', { params: { path: { id } }, body: { ...body, ...(note.trim() ? { note } : {}) } })),
    (_, form) => t('alliance.actions.withdrawalDone', { city: cityName(form.cityId) }),
  );
  return (
    <ActionCard id="withdrawal-title" title={t('alliance.actions.withdrawal')} lead={t('alliance.actions.withdrawalLead')} action={action} submitLabel={t('alliance.actions.withdrawalSubmit')} ready={Boolean(action.form.cityId)}>
      <CitySelect label={t('alliance.actions.member')} cities={options} value={action.form.cityId} onChange={(v) => action.set('cityId', v)} error={fieldError(action.error, 'cityId', 'id')} />
      {action.input('requestedOn', t('alliance.actions.requestedOn'), 'date')}
      {action.input('communicatedOn', t('alliance.actions.communicatedOn'), 'date')}
      {action.input('document', t('alliance.actions.document'))}
      {action.input('note', t('alliance.vote.note'))}
    </ActionCard>
  );
}

function Conversion({ members, cityId }: { members: Member[]; cityId: string | undefined }) {
  const { t } = useLanguage();
  const cityName = useCityName();
  const options = useMemberOptions(members);
  const action = useActionForm(
    { cityId: cityId ?? '', date: today(), meeting: '', reason: '' },
    ({ cityId: id, ...body }) => unwrap(api.POST('/alliance/cities/{id}/conversion', { params: { path: { id } }, body })),
    (_, form) => t('alliance.actions.conversionDone', { city: cityName(form.cityId) }),
  );
  return (
    <ActionCard id="conversion-title" title={t('alliance.actions.conversion')} lead={t('alliance.actions.conversionLead')} action={action} submitLabel={t('alliance.actions.conversionSubmit')} ready={Boolean(action.form.cityId)}>
      <CitySelect label={t('alliance.actions.member')} cities={options} value={action.form.cityId} onChange={(v) => action.set('cityId', v)} error={fieldError(action.error, 'cityId', 'id')} />
      {action.input('date', t('alliance.actions.date'), 'date')}
      {action.input('meeting', t('alliance.actions.meeting'))}
      {action.input('reason', t('alliance.actions.reason'), 'textarea')}
    </ActionCard>
  );
}

function Announcement({ awaiting }: { awaiting: Schemas['MembershipStatement'][] }) {
  const { t } = useLanguage();
  const label = useLabel();
  const cityName = useCityName();
  const formatDay = useFormatDay();
  const action = useActionForm(
    { date: today(), meeting: '' },
    (body) => unwrap(api.POST('/alliance/announcements', { body })),
    (announced) => t('alliance.actions.announcementDone', { cities: announced.map((s) => cityName(s.cityId)).join(', ') }),
  );
  const list = awaiting.length ? (
    <ul className="plain-list">
      {awaiting.map((s) => (
        <li key={s.id}>{t('alliance.awaiting.item', { city: cityName(s.cityId), kind: label('alliance.kind', s.kind), date: formatDay(s.date) })}</li>
      ))}
    </ul>
  ) : (
    <p>{t('alliance.actions.nothingToAnnounce')}</p>
  );
  return (
    <ActionCard id="announcement-title" title={t('alliance.actions.announcement')} lead={t('alliance.actions.announcementLead')} action={action} submitLabel={t('alliance.actions.announcementSubmit')} ready={awaiting.length > 0} before={list}>
      {action.input('date', t('alliance.actions.date'), 'date')}
      {action.input('meeting', t('alliance.actions.meeting'))}
    </ActionCard>
  );
}

function StatementForm({ cityId }: { cityId: string | undefined }) {
  const { t, lang, countryName } = useLanguage();
  const label = useLabel();
  const cityName = useCityName();
  const cities = useCities();
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  const action = useActionForm(
    { cityId: cityId ?? '', kind: RECORDABLE_KINDS[0] as string, date: today(), dateAsWritten: '', source: '', quote: '', note: '' },
    (form) => {
      const body: StatementInput = { cityId: form.cityId, kind: form.kind as RecordableKind, date: form.date, source: form.source };
      for (const key of ['dateAsWritten', 'quote', 'note'] as const) {
        const value = optional(form[key]);
        if (value) body[key] = value;
      }
      return unwrap(api.POST('/alliance/statements', { body }));
    },
    (_, form) => t('alliance.actions.statementDone', { city: cityName(form.cityId), kind: label('alliance.kind', form.kind) }),
  );
  const options = (cities.data?.items ?? []).map((c) => ({ id: c.id, name: `${localName(c.name, lang)} (${countryName(c.country)})` }));
  return (
    <ActionCard id="statement-title" title={t('alliance.actions.statement')} lead={t('alliance.actions.statementLead')} action={action} submitLabel={t('alliance.actions.statementSubmit')} ready={Boolean(action.form.cityId)}>
      <CitySelect label={t('alliance.new.city')} cities={options} value={action.form.cityId} onChange={(v) => action.set('cityId', v)} error={fieldError(action.error, 'cityId')} />
      <Field label={t('alliance.actions.kind')} error={fieldError(action.error, 'kind')}>
        {(props) => (
          <select {...props} value={action.form.kind} onChange={(e) => action.set('kind', e.target.value)}>
            {RECORDABLE_KINDS.map((k) => (
              <option key={k} value={k}>
                {label('alliance.kind', k)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {action.input('date', t('alliance.actions.date'), 'date')}
      {action.input('dateAsWritten', t('alliance.actions.dateAsWritten'))}
      {action.input('source', t('alliance.actions.source'), 'text', t('alliance.actions.sourceHint'))}
      {action.input('quote', t('alliance.actions.quote'))}
      {action.input('note', t('alliance.vote.note'))}
    </ActionCard>
  );
}

/** Everything the registry holds about one city, in date order, each statement with its source. */
function CityStatements({ cityId }: { cityId: string }) {
  const { t } = useLanguage();
  const label = useLabel();
  const formatDay = useFormatDay();
  const statements = useQuery({ queryKey: ['alliance', 'statements', cityId], queryFn: () => unwrap(api.GET('/alliance/statements', { params: { query: { cityId } } })) });
  return (
    <section aria-labelledby="statements-title">
      <h2 id="statements-title">{t('alliance.actions.statements')}</h2>
      <ProblemMessage error={statements.error} />
      {statements.data ? (
        statements.data.length ? (
          <ul className="plain-list">
            {statements.data.map((s) => (
              <li key={s.id}>
                <strong>{formatDay(s.date)}</strong> {label('alliance.kind', s.kind)}
                {s.status ? ` (${label('alliance.status', s.status)})` : ''} <SourceRef source={s} />
                {s.note ? <span className="muted"> {s.note}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('alliance.actions.noStatements')}</p>
        )
      ) : null}
    </section>
  );
}
