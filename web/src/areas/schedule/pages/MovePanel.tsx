/**
 * Moving the chosen meeting by keyboard: its new slot and table from two selects, the clashes such a
 * move would make shown at once (computed here, as the server computes them), then "Move and lock".
 * The server checks again and names the field it refuses; locking in place and unlocking are here too.
 */
import { useT } from '../../../i18n/index.tsx';
import { Field, ProblemMessage, fieldError } from '../../../ui/components.tsx';
import type { Clash } from '../../../../../engine/scheduling/clashes.ts';
import { nameOf, type Meeting, type Ready } from '../data.ts';
import { clashText, slotLabel } from '../text.ts';
import type { Place } from './ScheduleGrid.tsx';

export function MovePanel({
  ready,
  selected,
  target,
  clashes,
  saving,
  error,
  done,
  onTarget,
  onMove,
  onUnlock,
  onDeselect,
}: {
  ready: Ready;
  selected: Meeting | undefined;
  target: Place | undefined;
  clashes: readonly Clash[];
  saving: boolean;
  error: unknown;
  /** What the last action did, to announce. */
  done: string | undefined;
  onTarget(place: Place): void;
  onMove(place: Place): void;
  onUnlock(): void;
  onDeselect(): void;
}) {
  const t = useT();
  const { event, slots, participants } = ready;
  const tableName = (id: string | null) => (id === null ? t('schedule.grid.noTable') : (event.tables.find((x) => x.id === id)?.name ?? id));
  const moved = selected && target && (target.slot !== selected.slot || target.tableId !== selected.tableId);

  return (
    <section className="move-panel" aria-labelledby="move-heading">
      <h2 id="move-heading">{t('schedule.move.heading')}</h2>
      <p className="muted">{t('schedule.move.hint')}</p>
      <p role="status" aria-live="polite" className="move-done">
        {done}
      </p>
      {selected && target ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            onMove(target);
          }}
        >
          <p className="move-selected">
            {t('schedule.move.selected', { a: nameOf(participants, selected.a), b: nameOf(participants, selected.b), slot: selected.slot + 1, table: tableName(selected.tableId) })}
          </p>
          <div className="form-row">
            <Field label={t('schedule.move.slot')} error={fieldError(error, 'slot')}>
              {(props) => (
                <select {...props} value={target.slot} onChange={(e) => onTarget({ ...target, slot: Number(e.target.value) })}>
                  {slots.map((s) => (
                    <option key={s.index} value={s.index}>
                      {slotLabel(t, s)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('schedule.move.table')} error={fieldError(error, 'tableId')}>
              {(props) => (
                <select {...props} value={target.tableId ?? ''} onChange={(e) => onTarget({ ...target, tableId: e.target.value || null })}>
                  {event.tables.map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.name}
                    </option>
                  ))}
                  <option value="">{t('schedule.grid.noTable')}</option>
                </select>
              )}
            </Field>
          </div>
          <div role="status" aria-live="polite" className="move-preview">
            {moved && clashes.length ? (
              <>
                <p className="warn">{t('schedule.move.wouldClash')}</p>
                <ul className="clash-list">
                  {clashes.map((c, i) => (
                    <li key={i}>{clashText(t, c, participants, (id) => tableName(id))}</li>
                  ))}
                </ul>
              </>
            ) : moved ? (
              <p className="ok">{t('schedule.move.free')}</p>
            ) : null}
          </div>
          <ProblemMessage error={error} />
          <div className="form-row">
            <button type="submit" className="primary" disabled={saving || (!moved && selected.status === 'locked')}>
              {moved ? t('schedule.move.submit') : t('schedule.move.lock')}
            </button>
            {selected.status === 'locked' ? (
              <button type="button" disabled={saving} onClick={onUnlock}>
                {t('schedule.move.unlock')}
              </button>
            ) : null}
            <button type="button" onClick={onDeselect}>
              {t('schedule.move.deselect')}
            </button>
          </div>
        </form>
      ) : (
        <p>{t('schedule.move.none')}</p>
      )}
    </section>
  );
}
