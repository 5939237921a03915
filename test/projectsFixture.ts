/** An event where two demo companies met and one side reported an agreement: what a project draft comes from. */
import { addParticipants, createEvent, lockMeeting } from '../data/repositories/events.ts';
import { recordOutcomes } from '../data/repositories/outcomes.ts';
import type { TestApp } from './helpers.ts';

export async function agreementEvent(t: TestApp, ownerKeyName = 'test organiser'): Promise<{ eventId: string; de: string; cn: string; meetingId: string }> {
  const db = t.ctx.db;
  const owner = await db.selectFrom('api_keys').select('id').where('name', '=', ownerKeyName).executeTakeFirstOrThrow();
  const companies = await db.selectFrom('companies').select(['id', 'name', 'country']).where('demo', '=', 1).orderBy('id').execute();
  const de = companies.find((c) => c.country === 'DE' && c.id !== 'demo-000001')!;
  const cn = companies.find((c) => c.country === 'CN')!;
  const event = await createEvent(
    db,
    { name: 'Projects test fair', timeZone: 'Europe/Berlin', slotMinutes: 30, days: [{ date: '2026-11-18', sessions: [{ name: 'morning', start: '09:00', end: '12:00' }] }], tables: [{ id: 't1', name: 'Table 1', reservedFor: null }] },
    owner.id,
  );
  const base = { attendees: [], languages: ['en'], interpreterNeeded: false, unavailable: [], tableId: null, minMeetings: null, maxMeetings: null, cityId: null };
  const [a, b] = await addParticipants(db, event.id, [
    { ...base, name: de.name, kind: 'company' as const, companyId: de.id, side: 'DE' as const },
    { ...base, name: cn.name, kind: 'company' as const, companyId: cn.id, side: 'CN' as const },
  ]);
  const meeting = await lockMeeting(db, event.id, { a: a!.id, b: b!.id, slot: 0, tableId: 't1' });
  await recordOutcomes(db, event.id, [{ participantId: a!.id, partnerId: b!.id, attended: true, rating: 5, followUp: 'agreement', agreementType: 'joint-venture', followUpDate: '2026-11-25', note: null }], { source: 'api', recordedBy: 'test' });
  return { eventId: event.id, de: de.id, cn: cn.id, meetingId: meeting.id };
}
