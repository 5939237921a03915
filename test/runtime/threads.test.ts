/** The thread toolkit: answers, AppErrors and crashes across the thread, cancel, the pool. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../engine/errors.ts';
import { Cancel, runOnce, Thread, ThreadPool } from '../../runtime/threads.ts';
import { fromWireError, toWireError } from '../../runtime/wireError.ts';
import type echo from './echo.worker.ts';

const ECHO = new URL('./echo.worker.ts', import.meta.url);

describe('runOnce', () => {
  it('answers with the handler’s result and reports its progress', async () => {
    const progress: string[] = [];
    expect(await runOnce<typeof echo>(ECHO, { kind: 'add', n: 2 }, { onProgress: (p) => progress.push(p) })).toBe(2);
    expect(progress).toEqual(['adding 2']);
  });

  it('rejects with the handler’s AppError, and with a plain Error whose cause is any other error', async () => {
    const refused = runOnce<typeof echo>(ECHO, { kind: 'refuse' });
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ code: 'infeasible', message: 'no such schedule', field: 'meetings' });
    const crashed = await runOnce<typeof echo>(ECHO, { kind: 'crash' }).catch((err: unknown) => err);
    expect(crashed).not.toBeInstanceOf(AppError);
    expect(((crashed as Error).cause as Error).message).toBe('a bug');
  });

  it('stops a handler that polls the cancel, and stops the hard way one that does not', async () => {
    const polite = new Cancel();
    const spinning = runOnce<typeof echo>(ECHO, { kind: 'spin' }, { cancel: polite });
    setTimeout(() => polite.request(), 200);
    expect(await spinning).toBe('stopped when asked');
    const stubborn = new Cancel();
    const hanging = runOnce<typeof echo>(ECHO, { kind: 'hang' }, { cancel: stubborn });
    setTimeout(() => stubborn.request(100), 200);
    await expect(hanging).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('ThreadPool', () => {
  it('answers every task with the threads’ data, and starts none once cancelled', async () => {
    const cancel = new Cancel();
    const pool = new ThreadPool<typeof echo>(ECHO, { threads: 2, data: { base: 100 }, cancel });
    try {
      expect(await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run({ kind: 'add', n })))).toEqual([101, 102, 103, 104, 105]);
      cancel.request();
      await expect(pool.run({ kind: 'add', n: 6 })).rejects.toMatchObject({ code: 'conflict' });
    } finally {
      await pool.close();
    }
  });
});

describe('Thread', () => {
  it('tells who started it when it stops, and fails the calls still waiting', async () => {
    let stopped: Error | undefined;
    const thread = new Thread<typeof echo>(ECHO, { onExit: (reason) => (stopped = reason) });
    const waiting = thread.call({ kind: 'hang' });
    await thread.terminate();
    await expect(waiting).rejects.toThrow('a thread stopped unexpectedly');
    expect(stopped).toBeInstanceOf(Error);
  });
});

describe('wire form of AppError', () => {
  it('keeps code, message and field through structured clone', () => {
    const wire = structuredClone(toWireError(new AppError('validation_failed', 'folds must be at least 2', { field: 'folds' })));
    expect(fromWireError(wire)).toMatchObject({ code: 'validation_failed', message: 'folds must be at least 2', field: 'folds' });
    expect(fromWireError(wire)).toBeInstanceOf(AppError);
  });
});
