// A worker thread starts without the TypeScript loader of its parent (under tsx, vitest or a bench
// alike): register tsx here, then load the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./slotWorker.ts');
