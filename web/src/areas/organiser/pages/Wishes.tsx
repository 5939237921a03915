/** An event's wishes (must meet, would like to, no thanks): every participant's, changed or taken back here. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'wouter';
import { api, unwrap } from '../../../api/client.ts';
import { useLanguage, type MessageKey } from '../../../i18n/index.tsx';
import { Field, Loading, ProblemMessage } from '../../../ui/components.tsx';
import { EventPage } from '../EventHeader.tsx';
import { useParticipants, useWishes, wishesKey, type Participant } from '../eventData.ts';
import { ParticipantSelect } from '../ParticipantSelect.tsx';

const KINDS = ['must', 'like', 'no'] as const;
type Kind = (typeof KINDS)[number];
const KIND_LABEL: Record<Kind, MessageKey> = { must: 'organiser.wishes.must', like: 'organiser.wishes.like', no: 'organiser.wishes.no' };

function useWishActions(eventId: string) {
  const queries = useQueryClient();
  const done = () => void queries.invalidateQueries({ queryKey: wishesKey(eventId) });
  const set = useMutation({
    mutationFn: (w: { from: string; to: string; kind: Kind }) => unwrap(api.PUT('/events/{id}/participants/{pid}/wishes/{to}', { params: { path: { id: eventId, pid: w.from, to: w.to } }, body: { kind: w.kind } })),
    onSuccess: done,
  });
  const remove = useMutation({
    mutationFn: (w: { from: string; to: string }) => unwrap(api.DELETE('/events/{id}/participants/{pid}/wishes/{to}', { params: { path: { id: eventId, pid: w.from, to: w.to } } })),
    onSuccess: done,
  });
  return { set, remove };
}

function AddWish({ eventId, participants }: { eventId: string; participants: Participant[] }) {
  const { t } = useLanguage();
  const { set } = useWishActions(eventId);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [kind, setKind] = useState<Kind>('must');
  function submit(event: FormEvent) {
    event.preventDefault();
    set.mutate({ from, to, kind });
  }
  return (
    <form className="form-row" onSubmit={submit} aria-label={t('organiser.wishes.add')}>
      <ParticipantSelect label={t('organiser.wishes.from')} participants={participants} value={from} onChange={setFrom} />
      <Field label={t('organiser.wishes.kind')}>
        {(props) => (
          <select {...props} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(KIND_LABEL[k])}
              </option>
            ))}
          </select>
        )}
      </Field>
      <ParticipantSelect label={t('organiser.wishes.to')} participants={participants} value={to} onChange={setTo} except={from} />
      <button type="submit" disabled={!from || !to || set.isPending}>
        {t('organiser.wishes.add')}
      </button>
      <ProblemMessage error={set.error} />
    </form>
  );
}

export default function Wishes() {
  const { id = '' } = useParams<{ id: string }>();
  const { t, formatNumber } = useLanguage();
  const participants = useParticipants(id);
  const wishes = useWishes(id);
  const { set, remove } = useWishActions(id);
  const [filter, setFilter] = useState('');
  const names = new Map((participants.data ?? []).map((p) => [p.id, p.name]));
  const shown = (wishes.data ?? []).filter((w) => !filter || w.from === filter || w.to === filter);
  return (
    <EventPage eventId={id} tab={t('eventTab.wishes')}>
      {() => (
        <>
          <p className="lead">{t('organiser.wishes.lead')}</p>
          {participants.data ? <AddWish eventId={id} participants={participants.data} /> : null}
          <h2>{t('organiser.wishes.list', { n: formatNumber(wishes.data?.length ?? 0) })}</h2>
          <ParticipantSelect label={t('organiser.wishes.filter')} participants={participants.data ?? []} value={filter} onChange={setFilter} empty={t('organiser.wishes.everyone')} />
          {wishes.isPending || participants.isPending ? <Loading /> : null}
          <ProblemMessage error={wishes.error ?? set.error ?? remove.error} />
          {wishes.data && !shown.length ? <p className="notice">{t('organiser.wishes.none')}</p> : null}
          {shown.length ? (
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">{t('eventTab.wishes')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('organiser.wishes.from')}</th>
                    <th scope="col">{t('organiser.wishes.kind')}</th>
                    <th scope="col">{t('organiser.wishes.to')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('action.delete')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((w) => {
                    const label = t('organiser.wishes.kindOf', { from: names.get(w.from) ?? w.from, to: names.get(w.to) ?? w.to });
                    return (
                      <tr key={`${w.from}>${w.to}`}>
                        <th scope="row">{names.get(w.from) ?? w.from}</th>
                        <td>
                          <select aria-label={label} value={w.kind} disabled={set.isPending} onChange={(e) => set.mutate({ from: w.from, to: w.to, kind: e.target.value as Kind })}>
                            {KINDS.map((k) => (
                              <option key={k} value={k}>
                                {t(KIND_LABEL[k])}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>{names.get(w.to) ?? w.to}</td>
                        <td>
                          <button type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate(w)} aria-label={t('organiser.wishes.removeNamed', { from: names.get(w.from) ?? w.from, to: names.get(w.to) ?? w.to })}>
                            {t('organiser.wishes.remove')}
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      )}
    </EventPage>
  );
}
