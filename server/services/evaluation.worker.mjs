// A worker thread starts without the TypeScript loader of its parent (under `npm start`, vitest or a
// bench alike): register tsx here, then load the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./evaluation.worker.ts');
