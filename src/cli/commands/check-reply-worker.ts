/**
 * A worker thread of `defuse check-reply --input`: checks chunks of parsed
 * lines and answers with their output lines, in order. The main thread reads,
 * validates and writes; the workers only check.
 */
import { parentPort } from 'node:worker_threads';
import { checkLine, type InputLine, mentionClassifier } from './check-reply-core.js';

const mentions = mentionClassifier();
async function onLines(msg: { seq: number; lines: InputLine[] }): Promise<void> {
  if (msg.lines.some((l) => l.mention_text?.trim() && !l.kind)) await mentions.load();
  parentPort!.postMessage({ seq: msg.seq, out: msg.lines.map((l) => checkLine(l, (text) => mentions.classify(text))) });
}
parentPort!.on('message', (msg: { seq: number; lines: InputLine[] }) => void onLines(msg));
