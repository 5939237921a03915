/** Sentences the schedule pages build from data: a slot's label, a clash, why a must-meet is not held. */
import type { Clash } from '../../../../engine/scheduling/clashes.ts';
import type { Translate } from '../../i18n/index.tsx';
import { nameOf, type Participant, type Report, type Slot } from './data.ts';

export function slotLabel(t: Translate, slot: Pick<Slot, 'number' | 'start' | 'end'>): string {
  return t('schedule.slotLabel', { number: slot.number, start: slot.start, end: slot.end });
}

export function clashText(t: Translate, clash: Clash, participants: ReadonlyMap<string, Participant>, tableName: (id: string) => string): string {
  const slot = clash.slot + 1;
  switch (clash.kind) {
    case 'participant':
      return t('schedule.clash.participant', { name: nameOf(participants, clash.participant), slot });
    case 'table':
      return t('schedule.clash.table', { table: tableName(clash.table), slot });
    case 'unavailable':
      return t('schedule.clash.unavailable', { name: nameOf(participants, clash.participant), slot });
    case 'reservedTable':
      return t('schedule.clash.reservedTable', { table: tableName(clash.table), side: t(`country.${clash.side}`) });
  }
}

/** Why a must-meet is not held, in the reader's language (the English reason for reports of older runs). */
export function unmetReason(t: Translate, unmet: Report['unmetMust'][number], participants: ReadonlyMap<string, Participant>): string {
  switch (unmet.code) {
    case undefined:
      return unmet.reason;
    case 'noThanks':
      return t('schedule.reason.noThanks', { name: nameOf(participants, unmet.by ?? '') });
    default:
      return t(`schedule.reason.${unmet.code}`);
  }
}
