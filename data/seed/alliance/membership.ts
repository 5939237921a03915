/**
 * The alliance's membership as the papers state it (membership.json, built by hand from the seed
 * documents: every citation's line contains its quote), as registry records.
 */
import { readFileSync } from 'node:fs';
import type { CountStatement, MemberStatus, MembershipStatement, Registry, Roll, StatementKind } from '../../../engine/alliance/membership.ts';
import type { LocalizedText } from '../../../engine/model.ts';

interface Cited {
  provenance: string;
  quote: string;
}
interface SeedRoll {
  source: Cited;
  id: string;
  date: string;
  dateAsWritten: string;
  title: LocalizedText;
  stated: (Cited & { country: string; count: number })[];
  unnamed: (Cited & { country: string; count: number })[];
  entries: (Cited & { cityId: string; status: MemberStatus })[];
}
interface SeedStatement extends Cited {
  cityId: string;
  kind: StatementKind;
  date: string;
  dateAsWritten: string;
  status: MemberStatus | null;
  note?: string;
}
interface MembershipFile {
  rolls: SeedRoll[];
  statedCounts: (Cited & { id: string; date: string; dateAsWritten: string; DE: number; CN: number })[];
  statements: SeedStatement[];
}

export function loadSeedRegistry(): Registry {
  const file = JSON.parse(readFileSync(new URL('./membership.json', import.meta.url), 'utf8')) as MembershipFile;
  const rolls: Roll[] = file.rolls.map((r) => ({
    id: r.id,
    date: r.date,
    dateAsWritten: r.dateAsWritten,
    title: r.title,
    provenance: r.source.provenance,
    quote: r.source.quote,
    stated: r.stated.map((s) => ({ country: s.country, count: s.count, provenance: s.provenance, quote: s.quote })),
    unnamed: r.unnamed.map((s) => ({ country: s.country, count: s.count, provenance: s.provenance, quote: s.quote })),
  }));
  const listed: MembershipStatement[] = file.rolls.flatMap((r) =>
    r.entries.map((e) => ({
      id: `${r.id}:${e.cityId}`,
      cityId: e.cityId,
      kind: e.status === 'guest' ? 'guest-status' : 'listed',
      date: r.date,
      dateAsWritten: r.dateAsWritten,
      status: e.status,
      rollId: r.id,
      applicationId: null,
      provenance: e.provenance,
      quote: e.quote,
      note: null,
    })),
  );
  const reported: MembershipStatement[] = file.statements.map((s) => ({
    id: `${s.kind}:${s.cityId}:${s.date}`,
    cityId: s.cityId,
    kind: s.kind,
    date: s.date,
    dateAsWritten: s.dateAsWritten,
    status: s.status,
    rollId: null,
    applicationId: null,
    provenance: s.provenance,
    quote: s.quote,
    note: s.note ?? null,
  }));
  const counts: CountStatement[] = file.statedCounts.map((c) => ({
    id: c.id,
    date: c.date,
    dateAsWritten: c.dateAsWritten,
    counts: { DE: c.DE, CN: c.CN },
    provenance: c.provenance,
    quote: c.quote,
  }));
  return { rolls, counts, statements: [...listed, ...reported] };
}
