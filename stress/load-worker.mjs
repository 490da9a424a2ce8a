// The entry of a load worker (stress/load-worker.ts): a worker thread does not inherit the main thread's TypeScript
// loader (`--import tsx`), so it registers tsx itself before importing the worker.
import { register } from 'tsx/esm/api';

register();
await import('./load-worker.ts');
