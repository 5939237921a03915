// The one entry of every worker thread (runtime/threads.ts starts them all here, through piscina for a
// ThreadPool). A thread starts without the TypeScript loader of its parent (under `npm start`, tsx,
// vitest or a bench alike): register tsx, then serve the worker module the parent named.
import { register } from 'tsx/esm/api';

register();
const { runPooledTask } = await import('./serveTasks.ts');

/** What piscina calls with each task of a ThreadPool (a Thread's tasks come by message instead). */
export default runPooledTask;
