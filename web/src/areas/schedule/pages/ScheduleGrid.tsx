/**
 * The schedule as a grid: a row per slot (with its times), a column per table, in each cell the
 * meeting's two participants. A meeting is chosen by click or by keyboard (its cell is a button) and
 * may be dragged to another cell; locked meetings and meetings in a clash are marked in words too.
 */
import { memo, useMemo, type DragEvent } from 'react';
import { useT } from '../../../i18n/index.tsx';
import { nameOf, type Meeting, type Ready } from '../data.ts';
import { slotLabel } from '../text.ts';

export interface Place {
  /** 0-based. */
  slot: number;
  tableId: string | null;
}

const cellKey = (slot: number, tableId: string | null) => `${slot}|${tableId ?? ''}`;
const DRAG_TYPE = 'application/x-isa-meeting';

export const ScheduleGrid = memo(function ScheduleGrid({
  ready,
  selectedId,
  target,
  targetClashes,
  clashing,
  onSelect,
  onDrop,
}: {
  ready: Ready;
  selectedId: string | undefined;
  target: Place | undefined;
  targetClashes: boolean;
  clashing: ReadonlySet<string>;
  onSelect(id: string): void;
  onDrop(id: string, place: Place): void;
}) {
  const t = useT();
  const { event, slots, participants, schedule } = ready;
  const cells = useMemo(() => {
    const map = new Map<string, Meeting[]>();
    for (const m of schedule.meetings) {
      const key = cellKey(m.slot, m.tableId);
      const list = map.get(key);
      if (list) list.push(m);
      else map.set(key, [m]);
    }
    return map;
  }, [schedule.meetings]);
  const columns = useMemo(() => {
    const tables: { id: string | null; name: string }[] = event.tables.map((x) => ({ id: x.id, name: x.name }));
    if (schedule.meetings.some((m) => m.tableId === null)) tables.push({ id: null, name: t('schedule.grid.noTable') });
    return tables;
  }, [event.tables, schedule.meetings, t]);

  const allowDrop = (e: DragEvent) => {
    if (e.dataTransfer.types.includes(DRAG_TYPE)) e.preventDefault();
  };

  return (
    <div className="schedule-grid-wrap" tabIndex={0} role="region" aria-labelledby="grid-caption">
      <table className="schedule-grid">
        <caption id="grid-caption" className="visually-hidden">
          {t('schedule.grid.caption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('schedule.grid.slot')}</th>
            {columns.map((c) => (
              <th scope="col" key={c.id ?? ''}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {slots.map((slot) => (
            <tr key={slot.index}>
              <th scope="row">{slotLabel(t, slot)}</th>
              {columns.map((c) => {
                const isTarget = target !== undefined && target.slot === slot.index && target.tableId === c.id;
                return (
                  <td
                    key={c.id ?? ''}
                    className={isTarget ? (targetClashes ? 'target target-clash' : 'target') : undefined}
                    onDragOver={allowDrop}
                    onDrop={(e) => {
                      const id = e.dataTransfer.getData(DRAG_TYPE);
                      if (!id) return;
                      e.preventDefault();
                      onDrop(id, { slot: slot.index, tableId: c.id });
                    }}
                  >
                    {cells.get(cellKey(slot.index, c.id))?.map((m) => {
                      const locked = m.status === 'locked';
                      const clash = clashing.has(m.id);
                      return (
                        <button
                          key={m.id}
                          type="button"
                          className={`meeting${locked ? ' locked' : ''}${clash ? ' clash' : ''}`}
                          aria-pressed={m.id === selectedId}
                          draggable
                          onDragStart={(e) => {
                            e.dataTransfer.setData(DRAG_TYPE, m.id);
                            e.dataTransfer.effectAllowed = 'move';
                          }}
                          onClick={() => onSelect(m.id)}
                        >
                          {nameOf(participants, m.a)} · {nameOf(participants, m.b)}
                          {locked ? <span className="visually-hidden"> ({t('schedule.grid.locked')})</span> : null}
                          {locked ? <span aria-hidden="true"> 🔒</span> : null}
                          {clash ? <span className="visually-hidden"> ({t('schedule.grid.clash')})</span> : null}
                          {clash ? <span aria-hidden="true"> ⚠</span> : null}
                        </button>
                      );
                    })}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
