// The entry of the job worker thread when run from src/: registers tsx's loader (as bin/defuse.js does for the main thread), then runs the TypeScript entry.
import { register } from 'tsx/esm/api';
register();
await import('./job-worker-thread-entry.ts');
