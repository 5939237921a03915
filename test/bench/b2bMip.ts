/**
 * The B2B instance as a MIP in CPLEX LP format for HiGHS (the benchmark's baseline), written from the
 * instance README alone. x_m_t: meeting m in slot t. For participant p: f (met at or before t), l (meets
 * at or after t), i (idle between two meetings at t), b (a break starts at t), each tied from both sides
 * so that a solver cannot inflate one to hide a break; maxB − minB ≤ d is the fairness rule.
 */
import type { RawInstance } from '../b2bChecker.ts';

export function b2bMip(d: RawInstance, fairness = 2): { lp: string; slotOf: (columns: Record<string, { Primal: number }>) => number[] } {
  const T = d.nSlots;
  const allowed = d.meetings.map(([a, b, session], m) => {
    const slots: number[] = [];
    for (let t = 1; t <= T; t++) {
      const morning = t <= d.nMorningSlots;
      if ((session === 1 && !morning) || (session === 2 && morning)) continue;
      if (d.forbidden[a - 1]!.includes(t) || d.forbidden[b - 1]!.includes(t)) continue;
      const fixed = d.fixed?.[m] ?? 0;
      if (fixed && fixed !== t) continue;
      slots.push(t);
    }
    return slots;
  });
  const x = (m: number, t: number) => `x${m}_${t}`;
  const rows: string[] = [];
  const binaries: string[] = [];
  const sum = (terms: string[]) => {
    // LP format lines stay short: readers may cut long ones.
    const out: string[] = [];
    for (let k = 0; k < terms.length; k += 8) out.push(terms.slice(k, k + 8).join(' '));
    return out.join('\n   ') || '0 zero';
  };
  d.meetings.forEach((_, m) => {
    rows.push(` meet${m}: ${sum(allowed[m]!.map((t) => `+ ${x(m, t)}`))} = 1`);
    for (const t of allowed[m]!) binaries.push(x(m, t));
  });
  const busy = (p: number, t: number) => d.meetings.flatMap(([a, b], m) => ((a === p || b === p) && allowed[m]!.includes(t) ? [`+ ${x(m, t)}`] : []));
  for (let t = 1; t <= T; t++) {
    const all = d.meetings.flatMap((_, m) => (allowed[m]!.includes(t) ? [`+ ${x(m, t)}`] : []));
    if (all.length > d.nTables) rows.push(` cap${t}: ${sum(all)} <= ${d.nTables}`);
  }
  const breaksOf: string[][] = [];
  for (let p = 1; p <= d.nParticipants; p++) {
    const y = Array.from({ length: T + 1 }, (_, t) => (t ? busy(p, t) : []));
    for (let t = 1; t <= T; t++) if (y[t]!.length > 1) rows.push(` one${p}_${t}: ${sum(y[t]!)} <= 1`);
    const neg = (terms: string[]) => terms.map((s) => s.replace(/^\+/, '-'));
    for (let t = 1; t <= T; t++) {
      const f = `f${p}_${t}`;
      const l = `l${p}_${t}`;
      binaries.push(f, l);
      rows.push(` fa${p}_${t}: ${f} ${sum(neg(y[t]!))} >= 0`);
      if (t > 1) rows.push(` fb${p}_${t}: ${f} - f${p}_${t - 1} >= 0`);
      rows.push(` fc${p}_${t}: ${f} ${sum(neg(y.slice(1, t + 1).flat()))} <= 0`);
      rows.push(` la${p}_${t}: ${l} ${sum(neg(y[t]!))} >= 0`);
      if (t < T) rows.push(` lb${p}_${t}: ${l} - l${p}_${t + 1} >= 0`);
      rows.push(` lc${p}_${t}: ${l} ${sum(neg(y.slice(t).flat()))} <= 0`);
    }
    const breaks: string[] = [];
    for (let t = 2; t < T; t++) {
      const i = `i${p}_${t}`;
      binaries.push(i);
      rows.push(` ia${p}_${t}: ${i} - f${p}_${t - 1} - l${p}_${t + 1} ${sum(y[t]!)} >= -1`);
      rows.push(` ib${p}_${t}: ${i} - f${p}_${t - 1} <= 0`);
      rows.push(` ic${p}_${t}: ${i} - l${p}_${t + 1} <= 0`);
      rows.push(` id${p}_${t}: ${i} ${sum(y[t]!)} <= 1`);
      const b = `b${p}_${t}`;
      rows.push(` bs${p}_${t}: ${b} - ${i}${t > 2 ? ` + i${p}_${t - 1}` : ''} >= 0`);
      breaks.push(`+ ${b}`);
    }
    breaksOf.push(breaks);
    if (breaks.length) {
      rows.push(` bmax${p}: ${sum(breaks)} - maxB <= 0`);
      rows.push(` bmin${p}: ${sum(breaks)} - minB >= 0`);
    } else rows.push(` bmin${p}: minB <= 0`);
  }
  rows.push(` fair: maxB - minB <= ${fairness}`);
  d.meetings.forEach((_, m) => {
    for (const e of d.precedences?.[m] ?? []) {
      const terms = [...allowed[e - 1]!.map((t) => `+ ${t} ${x(e - 1, t)}`), ...allowed[m]!.map((t) => `- ${t} ${x(m, t)}`)];
      rows.push(` prec${e}_${m}: ${sum(terms)} <= -1`);
    }
  });
  const objective = breaksOf.flat();
  const lp = `Minimize\n obj: ${sum(objective.length ? objective : ['0 maxB'])}\nSubject To\n${rows.join('\n')}\nBounds\n maxB >= 0\n minB >= 0\nBinaries\n ${sum(binaries)}\nEnd\n`;
  const slotOf = (columns: Record<string, { Primal: number }>) => d.meetings.map((_, m) => allowed[m]!.find((t) => (columns[x(m, t)]?.Primal ?? 0) > 0.5) ?? 0);
  return { lp, slotOf };
}
