/**
 * The report scheduler: in the server process, without a request, it produces every scheduled report
 * whose period has ended and is not stored yet.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { endedPeriods } from '../../engine/reports.ts';
import { insertReport, listSchedules, reportedPeriods, type StoredReport } from '../../data/repositories/reports.ts';
import type { Database } from '../../data/schema.ts';
import { reportContent } from './reportContent.ts';

type Db = Kysely<Database>;

/**
 * Produces every scheduled report whose period has ended by `now` and is not stored yet. Safe to run
 * twice at once: the (schedule, period) key lets one of two producers store the report.
 */
export async function produceDueReports(db: Db, log: Logger, now: Date): Promise<StoredReport[]> {
  const produced: StoredReport[] = [];
  for (const schedule of await listSchedules(db)) {
    const done = await reportedPeriods(db, schedule.id);
    for (const period of endedPeriods(schedule.cadence, schedule.startsOn, now).filter((p) => !done.has(p.from))) {
      try {
        const content = await reportContent(db, schedule.scope, period);
        const stored = await insertReport(
          db,
          { scope: schedule.scope, period, lang: schedule.languages[0] ?? 'en', languages: schedule.languages, scheduleId: schedule.id, recipients: schedule.recipients, createdBy: null, content },
          now.toISOString(),
        );
        if (stored) produced.push(stored);
      } catch (err) {
        // One schedule whose scope went away must not stop the others.
        log.warn({ err, schedule: schedule.id, period }, 'could not produce a scheduled report');
      }
    }
  }
  if (produced.length) log.info({ reports: produced.map((r) => ({ id: r.id, schedule: r.scheduleId, period: r.period })) }, 'produced scheduled reports');
  return produced;
}

/**
 * Runs produceDueReports on start and then every `intervalMinutes` in the server process (an unref'd
 * timer: it never keeps the process alive); ticks never overlap, and close() waits for a running one.
 */
export class ReportScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<StoredReport[]> | undefined;

  constructor(
    private readonly deps: { db: Db; log: Logger },
    private readonly options: { intervalMinutes: number; now?: () => Date },
  ) {}

  start(): void {
    if (this.timer || this.options.intervalMinutes <= 0) return;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.intervalMinutes * 60_000);
    this.timer.unref();
  }

  /** One pass; a tick while one runs joins it. */
  tick(now: Date = this.options.now?.() ?? new Date()): Promise<StoredReport[]> {
    this.running ??= produceDueReports(this.deps.db, this.deps.log, now)
      .catch((err: unknown) => {
        this.deps.log.error({ err }, 'the report scheduler failed');
        return [];
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
