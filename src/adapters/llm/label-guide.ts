/**
 * The label guide the second opinion's prompt is built from: a copy of the
 * data sets' LABELS.md shipped beside this file, read once (nothing is
 * downloaded). Keep it in step with src/domain/labels.ts (a test checks).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const LABEL_GUIDE_PATH = resolve(import.meta.dirname, 'labels-guide.md');

let cached: string | undefined;

export function labelGuide(): string {
  cached ??= readFileSync(LABEL_GUIDE_PATH, 'utf8');
  return cached;
}
