// The one entry of every worker thread (runtime/threads.ts starts them all here). A thread starts without
// the TypeScript loader of its parent (under `npm start`, tsx, vitest or a bench alike): register tsx,
// then serve the worker module the parent named.
import { register } from 'tsx/esm/api';

register();
await import('./serveTasks.ts');
