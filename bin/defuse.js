#!/usr/bin/env node
// Entry point for `defuse` / `npx defuse` / `npm start`: runs the compiled CLI in dist/ (plain JavaScript; built by
// `npm install`, see scripts/build.mjs). In a checkout whose src/ changed since the last build, it rebuilds first.
import { buildIfNeeded } from '../scripts/build.mjs';

try {
  await buildIfNeeded({ web: false, quiet: true });
} catch (e) {
  console.error(`defuse: ${e.message}`);
  process.exit(2);
}
await import('../dist/cli/main.js');
