/** A labelled choice of one of the event's participants, with a first option for none (or everyone). */
import { Field } from '../../ui/components.tsx';
import type { Participant } from './eventData.ts';

export function ParticipantSelect({ label, participants, value, onChange, empty = '—', except }: { label: string; participants: readonly Participant[]; value: string; onChange(id: string): void; empty?: string; except?: string }) {
  return (
    <Field label={label}>
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{empty}</option>
          {participants
            .filter((p) => p.id !== except)
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.side})
              </option>
            ))}
        </select>
      )}
    </Field>
  );
}
