/**
 * One event as a participant sees it: its wishes about the others (must meet, would like, no thanks),
 * meeting requests sent and received (send, accept, decline), and its agenda in the interface's
 * language with the calendar file (ICS) and the printable page to download.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'wouter';
import { api, authHeaders, download, unwrap, type Schemas } from '../../../api/client.ts';
import { useLanguage } from '../../../i18n/index.tsx';
import { Field, fieldError, Loading, ProblemMessage } from '../../../ui/components.tsx';
import { SubjectPage, useParticipations, useSubject } from '../parts.tsx';

type Participant = Schemas['Participant'];
type WishKind = Schemas['EventWish']['kind'];
const WISH_KINDS: readonly WishKind[] = ['must', 'like', 'no'];

export default function EventDetail() {
  const { t } = useLanguage();
  const subject = useSubject();
  const { eventId = '' } = useParams<{ eventId: string }>();
  const participations = useParticipations(subject);
  const mine = participations.data?.items.find((p) => p.event.id === eventId);
  return (
    <SubjectPage subject={subject} title={mine ? mine.event.name : t('company.event.title')}>
      <p>
        <Link href={`${subject.base}/events`}>{t('company.event.back')}</Link>
      </p>
      <ProblemMessage error={participations.error} />
      {participations.isPending ? <Loading /> : null}
      {participations.data && !mine ? <p className="notice">{t('company.event.notParticipant')}</p> : null}
      {mine ? <Participation event={mine.event} me={mine.participant} /> : null}
    </SubjectPage>
  );
}

function Participation({ event, me }: { event: Schemas['Event']; me: Participant }) {
  const { t } = useLanguage();
  const participants = useQuery({
    queryKey: ['company-area', 'participants', event.id],
    queryFn: () => unwrap(api.GET('/events/{id}/participants', { params: { path: { id: event.id }, query: { limit: 200, offset: 0 } } })),
  });
  const others = (participants.data?.items ?? []).filter((p) => p.id !== me.id);
  const names = new Map((participants.data?.items ?? []).map((p) => [p.id, p.name]));
  return (
    <>
      <p className="muted">
        {t('company.event.facts', { venue: event.venue ?? '—', days: event.days.map((d) => d.date).join(', '), zone: event.timeZone, as: me.name })}
      </p>
      <ProblemMessage error={participants.error} />
      <Requests event={event} me={me} others={others} names={names} />
      <Wishes event={event} me={me} others={others} />
      <Agenda event={event} me={me} />
    </>
  );
}

function Wishes({ event, me, others }: { event: Schemas['Event']; me: Participant; others: Participant[] }) {
  const { t, countryName } = useLanguage();
  const queries = useQueryClient();
  const key = ['company-area', 'wishes', event.id, me.id];
  const wishes = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/events/{id}/participants/{pid}/wishes', { params: { path: { id: event.id, pid: me.id }, query: { limit: 200, offset: 0 } } })),
  });
  const set = useMutation({
    mutationFn: ({ to, kind }: { to: string; kind: WishKind | '' }) =>
      kind
        ? unwrap(api.PUT('/events/{id}/participants/{pid}/wishes/{to}', { params: { path: { id: event.id, pid: me.id, to } }, body: { kind } }))
        : unwrap(api.DELETE('/events/{id}/participants/{pid}/wishes/{to}', { params: { path: { id: event.id, pid: me.id, to } } })),
    onSettled: () => queries.invalidateQueries({ queryKey: key }),
  });
  const kindOf = new Map((wishes.data?.items ?? []).map((w) => [w.to, w.kind]));
  return (
    <section aria-labelledby="wishes-title">
      <h2 id="wishes-title">{t('company.event.wishes')}</h2>
      <p className="muted">{t('company.event.wishesExplain')}</p>
      <ProblemMessage error={wishes.error ?? set.error} />
      <span role="status" aria-live="polite" className="ok">
        {set.isSuccess ? t('state.saved') : ''}
      </span>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('company.event.participant')}</th>
            <th scope="col">{t('company.event.side')}</th>
            <th scope="col">{t('company.event.wish')}</th>
          </tr>
        </thead>
        <tbody>
          {others.map((p) => (
            <tr key={p.id}>
              <th scope="row">{p.name}</th>
              <td>{countryName(p.side)}</td>
              <td>
                <select aria-label={t('company.event.wishFor', { name: p.name })} value={kindOf.get(p.id) ?? ''} disabled={set.isPending} onChange={(e) => set.mutate({ to: p.id, kind: e.target.value as WishKind | '' })}>
                  <option value="">{t('company.event.wish.none')}</option>
                  {WISH_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`company.event.wish.${k}`)}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Requests({ event, me, others, names }: { event: Schemas['Event']; me: Participant; others: Participant[]; names: Map<string, string> }) {
  const { t } = useLanguage();
  const queries = useQueryClient();
  const key = ['company-area', 'requests', event.id, me.id];
  const requests = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/events/{id}/requests', { params: { path: { id: event.id }, query: { participant: me.id, limit: 200, offset: 0 } } })),
  });
  const [to, setTo] = useState('');
  const [message, setMessage] = useState('');
  const send = useMutation({
    mutationFn: () => unwrap(api.POST('/events/{id}/requests', { params: { path: { id: event.id } }, body: { from: me.id, to, message: message.trim() || null } })),
    onSuccess: () => {
      setTo('');
      setMessage('');
    },
    onSettled: () => queries.invalidateQueries({ queryKey: key }),
  });
  const answer = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'accept' | 'decline' }) =>
      action === 'accept'
        ? unwrap(api.POST('/events/{id}/requests/{rid}/accept', { params: { path: { id: event.id, rid: id } } }))
        : unwrap(api.POST('/events/{id}/requests/{rid}/decline', { params: { path: { id: event.id, rid: id } } })),
    onSettled: () => queries.invalidateQueries({ queryKey: key }),
  });
  const items = requests.data?.items ?? [];
  const received = items.filter((r) => r.to === me.id);
  const sent = items.filter((r) => r.from === me.id);
  const status = (s: Schemas['MeetingRequest']['status']) => t(`company.request.${s}`);
  return (
    <section aria-labelledby="requests-title">
      <h2 id="requests-title">{t('company.event.requests')}</h2>
      <ProblemMessage error={requests.error ?? answer.error} />
      <h3>{t('company.request.received')}</h3>
      {received.length === 0 ? <p className="muted">{t('company.request.noneReceived')}</p> : null}
      <ul className="requests">
        {received.map((r) => (
          <li key={r.id}>
            <strong>{names.get(r.from) ?? r.from}</strong> <span className={`tag status-${r.status}`}>{status(r.status)}</span>
            {r.message ? <q className="muted"> {r.message}</q> : null}
            {r.status === 'pending' ? (
              <span className="request-actions">
                {' '}
                <button type="button" className="primary" disabled={answer.isPending} onClick={() => answer.mutate({ id: r.id, action: 'accept' })}>
                  {t('company.request.accept')}
                  <span className="visually-hidden"> {names.get(r.from)}</span>
                </button>{' '}
                <button type="button" disabled={answer.isPending} onClick={() => answer.mutate({ id: r.id, action: 'decline' })}>
                  {t('company.request.decline')}
                  <span className="visually-hidden"> {names.get(r.from)}</span>
                </button>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <h3>{t('company.request.sent')}</h3>
      {sent.length === 0 ? <p className="muted">{t('company.request.noneSent')}</p> : null}
      <ul className="requests">
        {sent.map((r) => (
          <li key={r.id}>
            <strong>{names.get(r.to) ?? r.to}</strong> <span className={`tag status-${r.status}`}>{status(r.status)}</span>
            {r.message ? <q className="muted"> {r.message}</q> : null}
          </li>
        ))}
      </ul>
      <form
        className="form narrow"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          send.mutate();
        }}
      >
        <h3>{t('company.request.new')}</h3>
        <ProblemMessage error={send.error} />
        <Field label={t('company.request.to')} error={fieldError(send.error, 'to')}>
          {(props) => (
            <select {...props} value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="">{t('company.request.choose')}</option>
              {others.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('company.request.message')} error={fieldError(send.error, 'message')}>
          {(props) => <textarea {...props} rows={2} value={message} onChange={(e) => setMessage(e.target.value)} />}
        </Field>
        <div className="form-row">
          <button type="submit" className="primary" disabled={send.isPending}>
            {t('company.request.send')}
          </button>
          <span role="status" aria-live="polite" className="ok">
            {send.isSuccess ? t('company.request.sentNote') : ''}
          </span>
        </div>
      </form>
    </section>
  );
}

function Agenda({ event, me }: { event: Schemas['Event']; me: Participant }) {
  const { t, lang } = useLanguage();
  const base = `/events/${encodeURIComponent(event.id)}/participants/${encodeURIComponent(me.id)}`;
  const page = useQuery({
    queryKey: ['company-area', 'agenda', event.id, me.id, lang],
    queryFn: async () => {
      const response = await fetch(`${base}/agenda.html`, { headers: authHeaders() });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.text();
    },
  });
  const [failed, setFailed] = useState<unknown>();
  const get = (path: string, name: string) => {
    setFailed(undefined);
    download(path, name).catch(setFailed);
  };
  return (
    <section aria-labelledby="agenda-title">
      <h2 id="agenda-title">{t('company.event.agenda')}</h2>
      <div className="form-row">
        <button type="button" className="primary" onClick={() => get(`${base}/agenda.ics`, `${me.name}.ics`)}>
          {t('company.agenda.ics')}
        </button>
        <button type="button" onClick={() => get(`${base}/agenda.html`, `${me.name}.html`)}>
          {t('company.agenda.html')}
        </button>
      </div>
      <ProblemMessage error={failed ?? page.error} />
      {page.isPending ? <Loading /> : null}
      {/* The page comes from the API with data of others: shown sandboxed without scripts, so nothing in it runs. */}
      {page.data ? <iframe className="agenda-frame" title={t('company.agenda.frame', { name: me.name })} sandbox="allow-same-origin" srcDoc={page.data} /> : null}
    </section>
  );
}
