/** An event's exports: a participant's agenda (iCalendar, printable page), the master list and the score matrix as CSV. */
import { AppError } from '../../engine/errors.ts';
import { gridSlots } from '../../engine/scheduling/grid.ts';
import { listMeetings, listParticipants, listRemovedMeetings } from '../../data/repositories/events.ts';
import type { AppContext } from '../context.ts';
import type { Principal } from '../policy.ts';
import { eventForOrganiser, eventForParticipant } from './eventAccess.ts';
import { agendaEntries, agendaIcs, cancelledEntries, meetingsCsv, meetingsXlsx, scoresCsv } from './eventExports.ts';
import { agendaHtml, bookletHtml, participantLang, tablePlanHtml, type PrintLang } from './eventPrint.ts';
import { PairScorer } from './scheduling.ts';

/** Beyond this a matrix is no spreadsheet anyone opens: the pair scores are in the match lists instead. */
const MAX_SCORE_CELLS = 1_000_000;

async function agenda(ctx: AppContext, principal: Principal, eventId: string, participantId: string) {
  const { event, participant } = await eventForParticipant(ctx, principal, eventId, participantId, 'pid');
  const [participants, meetings, removed] = await Promise.all([listParticipants(ctx.db, event.id), listMeetings(ctx.db, event.id, participant.id), listRemovedMeetings(ctx.db, event.id, participant.id)]);
  const slots = gridSlots(event);
  const entries = agendaEntries(event, slots, participant, meetings, new Map(participants.map((p) => [p.id, p])));
  return { event, participant, entries, cancelled: cancelledEntries(slots, participant, removed, entries) };
}

/** The agenda as iCalendar: a stable UID per pair, and meetings taken away as cancelled entries. */
export async function agendaCalendar(ctx: AppContext, principal: Principal, eventId: string, participantId: string, lang?: PrintLang) {
  const { event, participant, entries, cancelled } = await agenda(ctx, principal, eventId, participantId);
  return { name: `${event.name}-${participant.name}.ics`, text: agendaIcs(event, participant, entries, cancelled, lang ?? participantLang(participant)) };
}

/** The agenda as a printable page, in the participant's language unless `lang` says another. */
export async function agendaPage(ctx: AppContext, principal: Principal, eventId: string, participantId: string, lang?: PrintLang) {
  const { event, participant, entries } = await agenda(ctx, principal, eventId, participantId);
  return agendaHtml(event, participant, entries, lang ?? participantLang(participant));
}

/** The event's participants and meetings, for the organiser's papers. */
async function eventPapers(ctx: AppContext, principal: Principal, eventId: string) {
  const event = await eventForOrganiser(ctx, principal, eventId);
  const [participants, meetings] = await Promise.all([listParticipants(ctx.db, event.id), listMeetings(ctx.db, event.id)]);
  return { event, participants, meetings, slots: gridSlots(event), byId: new Map(participants.map((p) => [p.id, p])) };
}

/** Every participant's agenda, a page each, each in its participant's language; the cover in `lang`. */
export async function agendaBooklet(ctx: AppContext, principal: Principal, eventId: string, lang: PrintLang) {
  const { event, participants, meetings, slots, byId } = await eventPapers(ctx, principal, eventId);
  return bookletHtml(
    event,
    participants.map((participant) => ({ participant, entries: agendaEntries(event, slots, participant, meetings, byId) })),
    lang,
  );
}

export async function tablePlan(ctx: AppContext, principal: Principal, eventId: string, lang: PrintLang) {
  const { event, meetings, slots, byId } = await eventPapers(ctx, principal, eventId);
  return tablePlanHtml(event, slots, meetings, byId, lang);
}

export async function meetingsList(ctx: AppContext, principal: Principal, eventId: string) {
  const { event, meetings, slots, byId } = await eventPapers(ctx, principal, eventId);
  return { name: `${event.name}-meetings.csv`, text: meetingsCsv(event, slots, meetings, byId) };
}

export async function meetingsWorkbook(ctx: AppContext, principal: Principal, eventId: string) {
  const { event, meetings, slots, byId } = await eventPapers(ctx, principal, eventId);
  return { name: `${event.name}-meetings.xlsx`, bytes: await meetingsXlsx(event, slots, meetings, byId) };
}

export async function scoreMatrix(ctx: AppContext, principal: Principal, eventId: string) {
  const event = await eventForOrganiser(ctx, principal, eventId);
  const participants = await listParticipants(ctx.db, event.id);
  const de = participants.filter((p) => p.side === 'DE').length;
  const cells = de * (participants.length - de);
  if (cells > MAX_SCORE_CELLS) throw new AppError('validation_failed', `the score matrix would have ${cells} cells; it is offered up to ${MAX_SCORE_CELLS}`, { field: 'participants' });
  const scorer = await PairScorer.create(ctx);
  const features = new Map(participants.map((p) => [p.id, scorer.featuresOf(p)]));
  return { name: `${event.name}-scores.csv`, text: scoresCsv(participants, (a, b) => scorer.score(features.get(a.id), features.get(b.id))) };
}
