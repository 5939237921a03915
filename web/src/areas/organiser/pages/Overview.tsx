/** An event at a glance (grid, tables, caps, participants) and its form to change it. */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'wouter';
import { api, unwrap } from '../../../api/client.ts';
import type { paths } from '../../../api/schema.gen.ts';
import { useLanguage } from '../../../i18n/index.tsx';
import { EventForm, draftOf, eventBodyOf, type EventDraft } from '../EventForm.tsx';
import { EventPage } from '../EventHeader.tsx';
import { eventKey, useParticipants, type EventRecord } from '../eventData.ts';

type EventPatch = paths['/events/{id}']['patch']['requestBody']['content']['application/json'];

function Summary({ event }: { event: EventRecord }) {
  const { t, formatNumber } = useLanguage();
  const participants = useParticipants(event.id);
  const sides = participants.data ? { DE: participants.data.filter((p) => p.side === 'DE').length, CN: participants.data.filter((p) => p.side === 'CN').length } : undefined;
  return (
    <>
      <dl className="facts">
        <dt>{t('organiser.form.venue')}</dt>
        <dd>{event.venue ?? '—'}</dd>
        <dt>{t('organiser.form.timeZone')}</dt>
        <dd>{event.timeZone}</dd>
        <dt>{t('organiser.form.slotMinutes')}</dt>
        <dd>{formatNumber(event.slotMinutes)}</dd>
        <dt>{t('organiser.events.slots')}</dt>
        <dd>{formatNumber(event.slotCount)}</dd>
        <dt>{t('organiser.events.tables')}</dt>
        <dd>{event.tables.map((table) => table.name).join(', ')}</dd>
        <dt>{t('organiser.overview.caps')}</dt>
        <dd>{t('organiser.overview.capsValue', { min: event.settings.minMeetings, max: event.settings.maxMeetings, fairness: event.settings.fairness })}</dd>
        <dt>{t('eventTab.participants')}</dt>
        <dd>{sides ? t('organiser.overview.sides', { de: sides.DE, cn: sides.CN }) : '…'}</dd>
      </dl>
      <h2>{t('organiser.form.days')}</h2>
      <ul>
        {event.days.map((day) => (
          <li key={day.date}>
            <strong>{day.date}</strong>:{' '}
            {day.sessions
              .map((s) => `${s.name} ${s.start}–${s.end}${s.breaks?.length ? ` (${t('organiser.overview.breaks')} ${s.breaks.map((b) => `${b.start}–${b.end}`).join(', ')})` : ''}`)
              .join('; ')}
          </li>
        ))}
      </ul>
    </>
  );
}

export default function Overview() {
  const { id = '' } = useParams<{ id: string }>();
  const { t } = useLanguage();
  const queries = useQueryClient();
  const [editing, setEditing] = useState<EventDraft | undefined>();
  const save = useMutation({
    mutationFn: (draft: EventDraft) => unwrap(api.PATCH('/events/{id}', { params: { path: { id } }, body: eventBodyOf(draft, editing) as unknown as EventPatch })),
    onSuccess: (event) => {
      queries.setQueryData(eventKey(id), event);
      void queries.invalidateQueries({ queryKey: ['events'] });
      setEditing(undefined);
    },
  });
  return (
    <EventPage eventId={id} tab={t('eventTab.overview')}>
      {(event) =>
        editing ? (
          <>
            <h2>{t('organiser.overview.edit')}</h2>
            <EventForm
              initial={editing}
              submitLabel={t('action.save')}
              busy={save.isPending}
              error={save.error}
              onSubmit={(draft) => save.mutate(draft)}
              onCancel={() => {
                save.reset();
                setEditing(undefined);
              }}
            />
          </>
        ) : (
          <>
            {save.isSuccess ? (
              <p className="ok" role="status">
                {t('state.saved')}
              </p>
            ) : null}
            <Summary event={event} />
            <button type="button" onClick={() => setEditing(draftOf(event))}>
              {t('organiser.overview.edit')}
            </button>
          </>
        )
      }
    </EventPage>
  );
}
