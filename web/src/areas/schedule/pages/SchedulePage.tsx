/**
 * An event's schedule (organiser): generate it (RunPanel), see it as a slot × table grid with every
 * clash marked, and move or lock meetings (MovePanel, or drag and drop). Clashes are computed here as
 * the organiser edits, with the same rules the server applies when it stores a move.
 */
import { useCallback, useMemo, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'wouter';
import { clashesOf, clashesOfMove } from '../../../../../engine/scheduling/clashes.ts';
import { api, unwrap } from '../../../api/client.ts';
import { useT } from '../../../i18n/index.tsx';
import { EventTabs } from '../../../ui/EventTabs.tsx';
import { Loading, Page, ProblemMessage } from '../../../ui/components.tsx';
import { scheduleKey, useEventData, type Ready } from '../data.ts';
import { clashText } from '../text.ts';
import { MovePanel } from './MovePanel.tsx';
import { RunPanel } from './RunPanel.tsx';
import { ScheduleGrid, type Place } from './ScheduleGrid.tsx';
import '../schedule.css';

export default function SchedulePage() {
  const t = useT();
  const { id } = useParams<{ id: string }>();
  const { ready, error, refetch } = useEventData(id);
  return (
    <Page title={ready ? t('schedule.title', { event: ready.event.name }) : t('schedule.tab')}>
      <EventTabs eventId={id} />
      {error ? <ProblemMessage error={error} onRetry={() => void refetch()} /> : null}
      {ready ? <ScheduleEditor eventId={id} ready={ready} /> : error ? null : <Loading />}
    </Page>
  );
}

function ScheduleEditor({ eventId, ready }: { eventId: string; ready: Ready }) {
  const t = useT();
  const queries = useQueryClient();
  const { schedule, rules, participants, event } = ready;
  const [selectedId, setSelectedId] = useState<string>();
  const [target, setTarget] = useState<Place>();
  const [done, setDone] = useState<string>();
  const selected = schedule.meetings.find((m) => m.id === selectedId);
  const tableName = useCallback((tableId: string | null) => (tableId === null ? t('schedule.grid.noTable') : (event.tables.find((x) => x.id === tableId)?.name ?? tableId)), [event.tables, t]);

  const clashes = useMemo(() => clashesOf(schedule.meetings, rules), [schedule.meetings, rules]);
  const clashing = useMemo(() => new Set(clashes.flatMap((c) => c.meetings)), [clashes]);
  const moveClashes = useMemo(() => (selected && target ? clashesOfMove(schedule.meetings, { ...selected, ...target }, rules) : []), [schedule.meetings, selected, target, rules]);

  const settled = () => queries.invalidateQueries({ queryKey: scheduleKey(eventId) });
  const move = useMutation({
    mutationFn: ({ meetingId, place }: { meetingId: string; place: Place; lockOnly?: boolean }) =>
      unwrap(api.POST('/events/{id}/meetings/{mid}/move', { params: { path: { id: eventId, mid: meetingId } }, body: { slot: place.slot + 1, tableId: place.tableId, lock: true } })),
    onSuccess: async (meeting, { place, lockOnly }) => {
      await settled();
      setTarget(place);
      setDone(lockOnly ? t('schedule.move.locked') : t('schedule.move.moved', { slot: meeting.slotNumber, table: tableName(meeting.tableId) }));
    },
  });
  const unlock = useMutation({
    mutationFn: (meetingId: string) => unwrap(api.DELETE('/events/{id}/locks/{mid}', { params: { path: { id: eventId, mid: meetingId } } })),
    onSuccess: async () => {
      await settled();
      setDone(t('schedule.move.unlocked'));
    },
  });

  // mutate and reset are stable: the grid re-renders only when what it shows changes.
  const { mutate: moveTo, reset: resetMove } = move;
  const { reset: resetUnlock } = unlock;
  const select = useCallback(
    (meetingId: string) => {
      const meeting = schedule.meetings.find((m) => m.id === meetingId);
      setSelectedId(meetingId);
      setTarget(meeting ? { slot: meeting.slot, tableId: meeting.tableId } : undefined);
      setDone(undefined);
      resetMove();
      resetUnlock();
    },
    [schedule.meetings, resetMove, resetUnlock],
  );
  const drop = useCallback(
    (meetingId: string, place: Place) => {
      select(meetingId);
      setTarget(place);
      moveTo({ meetingId, place });
    },
    [select, moveTo],
  );

  const locked = schedule.meetings.filter((m) => m.status === 'locked').length;
  return (
    <>
      <RunPanel eventId={eventId} schedule={schedule} />
      {schedule.lastRun?.partial ? <p className="notice warn">{t('schedule.run.partial')}</p> : null}
      <h2>{t('schedule.grid.heading')}</h2>
      {schedule.meetings.length ? (
        <>
          <p className="grid-summary">{t('schedule.grid.summary', { meetings: schedule.meetings.length, locked })}</p>
          <div role="status" aria-live="polite" className="grid-clashes">
            {clashes.length ? (
              <>
                <p className="warn">{t('schedule.clashes.count', { count: clashes.length })}</p>
                <ul className="clash-list">
                  {clashes.slice(0, 20).map((c, i) => (
                    <li key={i}>{clashText(t, c, participants, tableName)}</li>
                  ))}
                </ul>
              </>
            ) : (
              <p className="ok">{t('schedule.clashes.none')}</p>
            )}
          </div>
          <MovePanel
            ready={ready}
            selected={selected}
            target={target}
            clashes={moveClashes}
            saving={move.isPending || unlock.isPending}
            error={move.error ?? unlock.error}
            done={done}
            onTarget={(place) => {
              setTarget(place);
              setDone(undefined);
              resetMove();
            }}
            onMove={(place) => selected && moveTo({ meetingId: selected.id, place, lockOnly: place.slot === selected.slot && place.tableId === selected.tableId })}
            onUnlock={() => selected && unlock.mutate(selected.id)}
            onDeselect={() => {
              setSelectedId(undefined);
              setTarget(undefined);
            }}
          />
          <ScheduleGrid ready={ready} selectedId={selectedId} target={target} targetClashes={moveClashes.length > 0} clashing={clashing} onSelect={select} onDrop={drop} />
        </>
      ) : (
        <p className="muted">{t('schedule.empty')}</p>
      )}
    </>
  );
}
