/**
 * The event's form, for creating and for changing one: name, venue, time zone, slot length, days with
 * sessions and breaks, tables, and the meeting caps. Values go to the API as typed, so its field
 * messages (in the interface's language) appear at the fields; nothing is checked twice here.
 */
import { useState, type FormEvent } from 'react';
import { useT } from '../../i18n/index.tsx';
import { Field, fieldError, ProblemMessage } from '../../ui/components.tsx';
import type { EventRecord } from './eventData.ts';

interface BreakDraft {
  start: string;
  end: string;
}
interface SessionDraft {
  name: string;
  start: string;
  end: string;
  breaks: BreakDraft[];
}
interface DayDraft {
  date: string;
  sessions: SessionDraft[];
}
export interface EventDraft {
  name: string;
  venue: string;
  timeZone: string;
  slotMinutes: string;
  days: DayDraft[];
  tableCount: string;
  tableNames: string;
  minMeetings: string;
  maxMeetings: string;
  fairness: string;
}

const ZONES = ['Europe/Berlin', 'Asia/Shanghai', 'Europe/Vienna', 'Europe/Zurich', 'Asia/Hong_Kong', 'UTC'];

export function newDraft(sessionName: string): EventDraft {
  return {
    name: '',
    venue: '',
    timeZone: 'Europe/Berlin',
    slotMinutes: '30',
    days: [{ date: '', sessions: [{ name: sessionName, start: '09:00', end: '12:00', breaks: [] }] }],
    tableCount: '10',
    tableNames: '',
    minMeetings: '',
    maxMeetings: '',
    fairness: '',
  };
}

export function draftOf(event: EventRecord): EventDraft {
  return {
    name: event.name,
    venue: event.venue ?? '',
    timeZone: event.timeZone,
    slotMinutes: String(event.slotMinutes),
    days: event.days.map((d) => ({ date: d.date, sessions: d.sessions.map((s) => ({ name: s.name, start: s.start, end: s.end, breaks: s.breaks ?? [] })) })),
    tableCount: String(event.tables.length),
    tableNames: event.tables.map((t) => t.name).join(', '),
    minMeetings: String(event.settings.minMeetings),
    maxMeetings: String(event.settings.maxMeetings),
    fairness: String(event.settings.fairness),
  };
}

/** A number when the text is one; otherwise the text itself, for the API to say what is wrong. */
const numberOr = (text: string): number | string => (/^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text);

/** The API's body: the fields of `draft`, or on a change only those that differ from `before`. */
export function eventBodyOf(draft: EventDraft, before?: EventDraft): Record<string, unknown> {
  const names = draft.tableNames
    .split(/[,\n]/)
    .map((n) => n.trim())
    .filter(Boolean);
  const settings: Record<string, unknown> = {};
  if (draft.minMeetings.trim()) settings.minMeetings = numberOr(draft.minMeetings);
  if (draft.maxMeetings.trim()) settings.maxMeetings = numberOr(draft.maxMeetings);
  if (draft.fairness.trim()) settings.fairness = numberOr(draft.fairness);
  const body: Record<string, unknown> = {
    name: draft.name,
    venue: draft.venue.trim() ? draft.venue : null,
    timeZone: draft.timeZone,
    slotMinutes: numberOr(draft.slotMinutes),
    days: draft.days,
    tables: names.length ? names.map((name) => ({ name })) : numberOr(draft.tableCount),
    settings,
  };
  if (!before) return body;
  const old = eventBodyOf(before);
  return Object.fromEntries(Object.entries(body).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(old[key])));
}

export function EventForm({ initial, submitLabel, busy, error, onSubmit, onCancel }: { initial: EventDraft; submitLabel: string; busy: boolean; error: unknown; onSubmit(draft: EventDraft): void; onCancel?: () => void }) {
  const t = useT();
  const [draft, setDraft] = useState(initial);
  const set = (change: Partial<EventDraft>) => setDraft((d) => ({ ...d, ...change }));
  const setDay = (i: number, day: DayDraft) => set({ days: draft.days.map((d, k) => (k === i ? day : d)) });
  const setSession = (i: number, j: number, session: SessionDraft) => setDay(i, { ...draft.days[i]!, sessions: draft.days[i]!.sessions.map((s, k) => (k === j ? session : s)) });
  const err = (...fields: string[]) => fieldError(error, ...fields);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(draft);
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label={submitLabel}>
      <ProblemMessage error={error} />
      <div className="form-row">
        <Field label={t('organiser.form.name')} error={err('name')}>
          {(props) => <input {...props} value={draft.name} onChange={(e) => set({ name: e.target.value })} size={40} />}
        </Field>
        <Field label={t('organiser.form.venue')} error={err('venue')}>
          {(props) => <input {...props} value={draft.venue} onChange={(e) => set({ venue: e.target.value })} size={30} />}
        </Field>
      </div>
      <div className="form-row">
        <Field label={t('organiser.form.timeZone')} error={err('timeZone')} hint={t('organiser.form.timeZoneHint')}>
          {(props) => (
            <>
              <input {...props} list="organiser-zones" value={draft.timeZone} onChange={(e) => set({ timeZone: e.target.value })} />
              <datalist id="organiser-zones">
                {ZONES.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label={t('organiser.form.slotMinutes')} error={err('slotMinutes')}>
          {(props) => <input {...props} inputMode="numeric" value={draft.slotMinutes} onChange={(e) => set({ slotMinutes: e.target.value })} size={6} />}
        </Field>
        <Field label={t('organiser.form.tableCount')} error={err('tables')}>
          {(props) => <input {...props} inputMode="numeric" value={draft.tableCount} onChange={(e) => set({ tableCount: e.target.value })} size={6} />}
        </Field>
        <Field label={t('organiser.form.tableNames')} hint={t('organiser.form.tableNamesHint')}>
          {(props) => <input {...props} value={draft.tableNames} onChange={(e) => set({ tableNames: e.target.value })} size={30} />}
        </Field>
      </div>
      <fieldset className="form">
        <legend>{t('organiser.form.days')}</legend>
        {err('days') && !draft.days.some((_, i) => err(`days.${i}`)) ? <p className="field-error">{err('days')}</p> : null}
        {draft.days.map((day, i) => (
          <fieldset key={i} className="form card">
            <legend>{t('organiser.form.day', { n: i + 1 })}</legend>
            <div className="form-row">
              <Field label={t('organiser.form.date')} error={err(`days.${i}.date`)} hint={t('organiser.form.dateHint')}>
                {(props) => <input {...props} value={day.date} placeholder="2027-04-13" onChange={(e) => setDay(i, { ...day, date: e.target.value })} size={12} />}
              </Field>
              {draft.days.length > 1 ? (
                <button type="button" onClick={() => set({ days: draft.days.filter((_, k) => k !== i) })}>
                  {t('organiser.form.removeDay', { n: i + 1 })}
                </button>
              ) : null}
            </div>
            {day.sessions.map((session, j) => (
              <div key={j} className="form-row">
                <Field label={t('organiser.form.sessionName', { n: j + 1 })} error={err(`days.${i}.sessions.${j}.name`)}>
                  {(props) => <input {...props} value={session.name} onChange={(e) => setSession(i, j, { ...session, name: e.target.value })} size={12} />}
                </Field>
                <Field label={t('organiser.form.start')} error={err(`days.${i}.sessions.${j}.start`)}>
                  {(props) => <input {...props} value={session.start} placeholder="09:00" onChange={(e) => setSession(i, j, { ...session, start: e.target.value })} size={6} />}
                </Field>
                <Field label={t('organiser.form.end')} error={err(`days.${i}.sessions.${j}.end`, `days.${i}.sessions.${j}`)}>
                  {(props) => <input {...props} value={session.end} placeholder="12:00" onChange={(e) => setSession(i, j, { ...session, end: e.target.value })} size={6} />}
                </Field>
                {session.breaks.map((b, k) => (
                  <span key={k} className="form-row">
                    <Field label={t('organiser.form.breakStart', { n: k + 1 })} error={err(`days.${i}.sessions.${j}.breaks.${k}.start`, `days.${i}.sessions.${j}.breaks.${k}`)}>
                      {(props) => <input {...props} value={b.start} onChange={(e) => setSession(i, j, { ...session, breaks: session.breaks.map((x, m) => (m === k ? { ...x, start: e.target.value } : x)) })} size={6} />}
                    </Field>
                    <Field label={t('organiser.form.breakEnd', { n: k + 1 })} error={err(`days.${i}.sessions.${j}.breaks.${k}.end`)}>
                      {(props) => <input {...props} value={b.end} onChange={(e) => setSession(i, j, { ...session, breaks: session.breaks.map((x, m) => (m === k ? { ...x, end: e.target.value } : x)) })} size={6} />}
                    </Field>
                    <button type="button" onClick={() => setSession(i, j, { ...session, breaks: session.breaks.filter((_, m) => m !== k) })}>
                      {t('organiser.form.removeBreak', { n: k + 1 })}
                    </button>
                  </span>
                ))}
                <button type="button" onClick={() => setSession(i, j, { ...session, breaks: [...session.breaks, { start: '10:30', end: '11:00' }] })}>
                  {t('organiser.form.addBreak')}
                </button>
                {day.sessions.length > 1 ? (
                  <button type="button" onClick={() => setDay(i, { ...day, sessions: day.sessions.filter((_, m) => m !== j) })}>
                    {t('organiser.form.removeSession', { n: j + 1 })}
                  </button>
                ) : null}
              </div>
            ))}
            <div>
              <button type="button" onClick={() => setDay(i, { ...day, sessions: [...day.sessions, { name: t('organiser.form.afternoon'), start: '13:30', end: '17:00', breaks: [] }] })}>
                {t('organiser.form.addSession')}
              </button>
            </div>
          </fieldset>
        ))}
        <div>
          <button type="button" onClick={() => set({ days: [...draft.days, { date: '', sessions: draft.days.at(-1)!.sessions.map((s) => ({ ...s, breaks: [...s.breaks] })) }] })}>
            {t('organiser.form.addDay')}
          </button>
        </div>
      </fieldset>
      <div className="form-row">
        <Field label={t('organiser.form.minMeetings')} error={err('settings.minMeetings')}>
          {(props) => <input {...props} inputMode="numeric" value={draft.minMeetings} onChange={(e) => set({ minMeetings: e.target.value })} size={6} />}
        </Field>
        <Field label={t('organiser.form.maxMeetings')} error={err('settings.maxMeetings')}>
          {(props) => <input {...props} inputMode="numeric" value={draft.maxMeetings} onChange={(e) => set({ maxMeetings: e.target.value })} size={6} />}
        </Field>
        <Field label={t('organiser.form.fairness')} error={err('settings.fairness')} hint={t('organiser.form.fairnessHint')}>
          {(props) => <input {...props} inputMode="numeric" value={draft.fairness} onChange={(e) => set({ fairness: e.target.value })} size={6} />}
        </Field>
      </div>
      <div className="form-row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('state.saving') : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            {t('action.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
