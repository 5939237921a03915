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

/** A write of the registry: afterwards every composition, application and city is read again. */
function useRegistryWrite<T>(write: () => Promise<T>, onDone: (result: T) => void) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: async (result) => {
      onDone(result);
      await queries.invalidateQueries({ queryKey: ['alliance'] });
      await queries.invalidateQueries({ queryKey: ['cities'] });
    },
  });
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
        <Link href={`/alliance/composition`}>{t('alliance.actions.back')}</Link>
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

function ActionCard({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function MemberSelect({ members, value, onChange, error }: { members: Member[]; value: string; onChange(id: string): void; error?: string | undefined }) {
  const { t, lang } = useLanguage();
  const sorted = [...members].sort((a, b) => localName(a.name, lang).localeCompare(localName(b.name, lang), lang));
  return (
    <Field label={t('alliance.actions.member')} error={error}>
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('alliance.new.chooseCity')}</option>
          {sorted.map((m) => (
            <option key={m.cityId} value={m.cityId}>
              {localName(m.name, lang)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function Done({ text }: { text: string | undefined }) {
  return (
    <p role="status" aria-live="polite" className="ok">
      {text ?? ''}
    </p>
  );
}

function Withdrawal({ members, cityId }: { members: Member[]; cityId: string | undefined }) {
  const { t } = useLanguage();
  const cityName = useCityName();
  const [form, setForm] = useState({ cityId: cityId ?? '', requestedOn: today(), communicatedOn: today(), document: '', note: '' });
  const [done, setDone] = useState<string>();
  const write = useRegistryWrite(
    () =>
      unwrap(
        api.POST('/alliance/cities/{id}/withdrawal', {
          params: { path: { id: form.cityId } },
          body: { requestedOn: form.requestedOn, communicatedOn: form.communicatedOn, document: form.document, ...(form.note.trim() ? { note: form.note } : {}) },
        }),
      ),
    () => setDone(t('alliance.actions.withdrawalDone', { city: cityName(form.cityId) })),
  );
  const submit = (e: FormEvent) => (e.preventDefault(), setDone(undefined), write.mutate());
  const error = write.error;
  return (
    <ActionCard id="withdrawal-title" title={t('alliance.actions.withdrawal')}>
      <p className="muted">{t('alliance.actions.withdrawalLead')}</p>
      <form className="form" onSubmit={submit}>
        <MemberSelect members={members} value={form.cityId} onChange={(v) => setForm({ ...form, cityId: v })} error={fieldError(error, 'cityId', 'id')} />
        <Field label={t('alliance.actions.requestedOn')} error={fieldError(error, 'requestedOn')}>
          {(props) => <input {...props} type="date" value={form.requestedOn} max={today()} onChange={(e) => setForm({ ...form, requestedOn: e.target.value })} />}
        </Field>
        <Field label={t('alliance.actions.communicatedOn')} error={fieldError(error, 'communicatedOn')}>
          {(props) => <input {...props} type="date" value={form.communicatedOn} max={today()} onChange={(e) => setForm({ ...form, communicatedOn: e.target.value })} />}
        </Field>
        <Field label={t('alliance.actions.document')} error={fieldError(error, 'document')}>
          {(props) => <input {...props} type="text" value={form.document} onChange={(e) => setForm({ ...form, document: e.target.value })} />}
        </Field>
        <Field label={t('alliance.vote.note')} error={fieldError(error, 'note')}>
          {(props) => <input {...props} type="text" value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} />}
        </Field>
        <ProblemMessage error={error} />
        <div>
          <button type="submit" className="primary" disabled={write.isPending || !form.cityId}>
            {t('alliance.actions.withdrawalSubmit')}
          </button>
        </div>
        <Done text={done} />
      </form>
    </ActionCard>
  );
}

function Conversion({ members, cityId }: { members: Member[]; cityId: string | undefined }) {
  const { t } = useLanguage();
  const cityName = useCityName();
  const [form, setForm] = useState({ cityId: cityId ?? '', date: today(), meeting: '', reason: '' });
  const [done, setDone] = useState<string>();
  const write = useRegistryWrite(
    () => unwrap(api.POST('/alliance/cities/{id}/conversion', { params: { path: { id: form.cityId } }, body: { date: form.date, meeting: form.meeting, reason: form.reason } })),
    () => setDone(t('alliance.actions.conversionDone', { city: cityName(form.cityId) })),
  );
  const submit = (e: FormEvent) => (e.preventDefault(), setDone(undefined), write.mutate());
  const error = write.error;
  return (
    <ActionCard id="conversion-title" title={t('alliance.actions.conversion')}>
      <p className="muted">{t('alliance.actions.conversionLead')}</p>
      <form className="form" onSubmit={submit}>
        <MemberSelect members={members} value={form.cityId} onChange={(v) => setForm({ ...form, cityId: v })} error={fieldError(error, 'cityId', 'id')} />
        <Field label={t('alliance.actions.date')} error={fieldError(error, 'date')}>
          {(props) => <input {...props} type="date" value={form.date} max={today()} onChange={(e) => setForm({ ...form, date: e.target.value })} />}
        </Field>
        <Field label={t('alliance.actions.meeting')} error={fieldError(error, 'meeting')}>
          {(props) => <input {...props} type="text" value={form.meeting} onChange={(e) => setForm({ ...form, meeting: e.target.value })} />}
        </Field>
        <Field label={t('alliance.actions.reason')} error={fieldError(error, 'reason')}>
          {(props) => <textarea {...props} rows={2} value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />}
        </Field>
        <ProblemMessage error={error} />
        <div>
          <button type="submit" className="primary" disabled={write.isPending || !form.cityId}>
            {t('alliance.actions.conversionSubmit')}
          </button>
        </div>
        <Done text={done} />
      </form>
    </ActionCard>
  );
}

function Announcement({ awaiting }: { awaiting: Schemas['MembershipStatement'][] }) {
  const { t } = useLanguage();
  const label = useLabel();
  const cityName = useCityName();
  const formatDay = useFormatDay();
  const [form, setForm] = useState({ date: today(), meeting: '' });
  const [done, setDone] = useState<string>();
  const write = useRegistryWrite(
    () => unwrap(api.POST('/alliance/announcements', { body: form })),
    (announced) => setDone(t('alliance.actions.announcementDone', { cities: announced.map((s) => cityName(s.cityId)).join(', ') })),
  );
  const submit = (e: FormEvent) => (e.preventDefault(), setDone(undefined), write.mutate());
  const error = write.error;
  return (
    <ActionCard id="announcement-title" title={t('alliance.actions.announcement')}>
      <p className="muted">{t('alliance.actions.announcementLead')}</p>
      {awaiting.length ? (
        <ul className="plain-list">
          {awaiting.map((s) => (
            <li key={s.id}>{t('alliance.awaiting.item', { city: cityName(s.cityId), kind: label('alliance.kind', s.kind), date: formatDay(s.date) })}</li>
          ))}
        </ul>
      ) : (
        <p>{t('alliance.actions.nothingToAnnounce')}</p>
      )}
      <form className="form" onSubmit={submit}>
        <Field label={t('alliance.actions.date')} error={fieldError(error, 'date')}>
          {(props) => <input {...props} type="date" value={form.date} max={today()} onChange={(e) => setForm({ ...form, date: e.target.value })} />}
        </Field>
        <Field label={t('alliance.actions.meeting')} error={fieldError(error, 'meeting')}>
          {(props) => <input {...props} type="text" value={form.meeting} onChange={(e) => setForm({ ...form, meeting: e.target.value })} />}
        </Field>
        <ProblemMessage error={error} />
        <div>
          <button type="submit" className="primary" disabled={write.isPending || !awaiting.length}>
            {t('alliance.actions.announcementSubmit')}
          </button>
        </div>
        <Done text={done} />
      </form>
    </ActionCard>
  );
}

function StatementForm({ cityId }: { cityId: string | undefined }) {
  const { t, lang, countryName } = useLanguage();
  const label = useLabel();
  const cityName = useCityName();
  const cities = useCities();
  const [form, setForm] = useState({ cityId: cityId ?? '', kind: RECORDABLE_KINDS[0] as RecordableKind, date: today(), dateAsWritten: '', source: '', quote: '', note: '' });
  const [done, setDone] = useState<string>();
  const optional = (key: 'dateAsWritten' | 'quote' | 'note') => (form[key].trim() ? { [key]: form[key].trim() } : {});
  const write = useRegistryWrite(
    () =>
      unwrap(
        api.POST('/alliance/statements', {
          body: { cityId: form.cityId, kind: form.kind, date: form.date, source: form.source, ...optional('dateAsWritten'), ...optional('quote'), ...optional('note') },
        }),
      ),
    () => setDone(t('alliance.actions.statementDone', { city: cityName(form.cityId), kind: label('alliance.kind', form.kind) })),
  );
  const submit = (e: FormEvent) => (e.preventDefault(), setDone(undefined), write.mutate());
  const error = write.error;
  const sorted = [...(cities.data?.items ?? [])].sort((a, b) => a.country.localeCompare(b.country) || localName(a.name, lang).localeCompare(localName(b.name, lang), lang));
  return (
    <ActionCard id="statement-title" title={t('alliance.actions.statement')}>
      <p className="muted">{t('alliance.actions.statementLead')}</p>
      <form className="form" onSubmit={submit}>
        <Field label={t('alliance.new.city')} error={fieldError(error, 'cityId')}>
          {(props) => (
            <select {...props} value={form.cityId} onChange={(e) => setForm({ ...form, cityId: e.target.value })}>
              <option value="">{t('alliance.new.chooseCity')}</option>
              {sorted.map((c) => (
                <option key={c.id} value={c.id}>
                  {localName(c.name, lang)} ({countryName(c.country)})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('alliance.actions.kind')} error={fieldError(error, 'kind')}>
          {(props) => (
            <select {...props} value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as RecordableKind })}>
              {RECORDABLE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {label('alliance.kind', k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('alliance.actions.date')} error={fieldError(error, 'date')}>
          {(props) => <input {...props} type="date" value={form.date} max={today()} onChange={(e) => setForm({ ...form, date: e.target.value })} />}
        </Field>
        <Field label={t('alliance.actions.dateAsWritten')} error={fieldError(error, 'dateAsWritten')}>
          {(props) => <input {...props} type="text" value={form.dateAsWritten} onChange={(e) => setForm({ ...form, dateAsWritten: e.target.value })} />}
        </Field>
        <Field label={t('alliance.actions.source')} hint={t('alliance.actions.sourceHint')} error={fieldError(error, 'source')}>
          {(props) => <input {...props} type="text" value={form.source} onChange={(e) => setForm({ ...form, source: e.target.value })} />}
        </Field>
        <Field label={t('alliance.actions.quote')} error={fieldError(error, 'quote')}>
          {(props) => <input {...props} type="text" value={form.quote} onChange={(e) => setForm({ ...form, quote: e.target.value })} />}
        </Field>
        <Field label={t('alliance.vote.note')} error={fieldError(error, 'note')}>
          {(props) => <input {...props} type="text" value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} />}
        </Field>
        <ProblemMessage error={error} />
        <div>
          <button type="submit" className="primary" disabled={write.isPending || !form.cityId}>
            {t('alliance.actions.statementSubmit')}
          </button>
        </div>
        <Done text={done} />
      </form>
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
