/**
 * Matchmaking events as the API and the scheduler see them: an event with its time grid and tables,
 * participants (a company or a city delegation), their wishes and meeting requests, and meetings.
 */
import type { EventGrid, GridDay, GridSlot } from './scheduling/grid.ts';
import type { MeetingOrigin, RequestStatus, Side, WishKind } from './scheduling/event.ts';

export type { MeetingOrigin, RequestStatus, Side, WishKind };

export interface EventTable {
  id: string;
  name: string;
  /** A booth of one side (e.g. a delegation's): only its participants host there. */
  reservedFor: Side | null;
}

export interface EventSettings {
  /** Largest allowed difference of breaks between any two participants. */
  fairness: number;
  /** Defaults for participants who set none. */
  minMeetings: number;
  maxMeetings: number;
  /** Participants with fewer positive wishes than this get suggestions from the matching engine. */
  suggestBelow: number;
  suggestionsPerParticipant: number;
  /** Hold only pairs both sides asked for (suggestions aside). */
  requireMutual: boolean;
  /** Budget of one scheduling run. */
  timeLimitSeconds: number;
}

export const DEFAULT_EVENT_SETTINGS: EventSettings = {
  fairness: 2,
  minMeetings: 0,
  maxMeetings: 12,
  suggestBelow: 3,
  suggestionsPerParticipant: 5,
  requireMutual: false,
  timeLimitSeconds: 30,
};

export interface MatchmakingEvent extends EventGrid {
  id: string;
  name: string;
  venue: string | null;
  timeZone: string;
  days: GridDay[];
  tables: EventTable[];
  settings: EventSettings;
  ownerKeyId: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface Attendee {
  name: string;
  role?: string;
  languages?: string[];
}

export interface Unavailability {
  date: string;
  from: string;
  to: string;
}

export type ParticipantKind = 'company' | 'delegation';

export interface EventParticipant {
  id: string;
  eventId: string;
  name: string;
  kind: ParticipantKind;
  companyId: string | null;
  cityId: string | null;
  side: Side;
  attendees: Attendee[];
  languages: string[];
  interpreterNeeded: boolean;
  unavailable: Unavailability[];
  /** The table the participant hosts at (its booth), if any. */
  tableId: string | null;
  minMeetings: number | null;
  maxMeetings: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface EventWish {
  from: string;
  to: string;
  kind: WishKind;
  createdAt: string;
}

export interface MeetingRequest {
  id: string;
  from: string;
  to: string;
  status: RequestStatus;
  message: string | null;
  createdAt: string;
  answeredAt: string | null;
}

export type MeetingStatus = 'scheduled' | 'confirmed' | 'locked';

export interface EventMeeting {
  id: string;
  a: string;
  b: string;
  /** 0-based slot of the event's grid. */
  slot: number;
  tableId: string | null;
  status: MeetingStatus;
  origin: MeetingOrigin;
  value: number;
  jobId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A pair's meeting that was taken away: calendar feeds cancel it under the pair's UID. */
export interface RemovedMeeting {
  a: string;
  b: string;
  /** Names as they were, since a participant who left is gone. */
  names: { a: string; b: string };
  /** The slot it had. */
  slot: number;
  removedAt: string;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The slots an unavailability touches: any overlap blocks the whole slot. */
export function blockedSlots(slots: readonly GridSlot[], unavailable: readonly Unavailability[]): number[] {
  const blocked: number[] = [];
  for (const slot of slots) {
    const from = minutes(slot.start);
    const to = minutes(slot.end);
    if (unavailable.some((u) => u.date === slot.date && minutes(u.from) < to && from < minutes(u.to))) blocked.push(slot.index);
  }
  return blocked;
}
