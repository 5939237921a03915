/** A worker module for the thread toolkit's tests: each task says what to do. */
import { AppError } from '../../engine/errors.ts';
import type { ThreadContext } from '../../runtime/threads.ts';

export type EchoTask = { kind: 'add'; n: number } | { kind: 'refuse' } | { kind: 'crash' } | { kind: 'spin' } | { kind: 'hang' };

export default function echo(task: EchoTask, thread: ThreadContext<{ base: number } | undefined, string>): number | string {
  switch (task.kind) {
    case 'add':
      thread.progress(`adding ${task.n}`);
      return (thread.data?.base ?? 0) + task.n;
    case 'refuse':
      throw new AppError('infeasible', 'no such schedule', { field: 'meetings' });
    case 'crash':
      throw new TypeError('a bug');
    case 'spin':
      while (!thread.cancelled());
      return 'stopped when asked';
    case 'hang':
      for (;;);
  }
}
