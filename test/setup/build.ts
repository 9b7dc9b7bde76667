// Vitest global setup: build dist/ (what the CLI and serve tests spawn) and web/dist (what the browser tests load)
// once, before any test file runs, when they are missing or older than their sources.
import { buildIfNeeded } from '../../scripts/build.mjs';

export default async function setup(): Promise<void> {
  await buildIfNeeded();
}
