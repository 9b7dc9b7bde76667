#!/usr/bin/env -S node --no-regexp-tier-up
// --no-regexp-tier-up: V8 compiles each regex straight to machine code instead of interpreting its bytecode first;
// for the reply checker's phrase lists that saves ~2 s of CPU per thread (docs/reply-checker.md, fifth round). It
// must be given on the command line: set at run time (v8.setFlagsFromString) it crashed the process now and then
// (SIGSEGV in RegExpInterpreterTrampoline on a regex compiled before the flag changed).
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
