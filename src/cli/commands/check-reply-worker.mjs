// The entry of a check-reply worker thread: registers tsx's loader (as bin/defuse.js does for the main thread), then runs the TypeScript worker.
import { register } from 'tsx/esm/api';
register();
await import('./check-reply-worker.ts');
