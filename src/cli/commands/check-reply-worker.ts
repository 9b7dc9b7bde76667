/**
 * A worker thread of `defuse check-reply --input`: checks chunks of parsed
 * lines and answers with their output lines, in order. The main thread reads,
 * validates and writes; the workers only check.
 */
import { parentPort } from 'node:worker_threads';
import { checkLine, type InputLine, mentionClassifier } from './check-reply-core.js';

const mentions = mentionClassifier();
async function onLines(lines: InputLine[]): Promise<void> {
  if (lines.some((l) => l.mention_text?.trim() && !l.kind)) await mentions.load();
  parentPort!.postMessage(lines.map((l) => checkLine(l, (text) => mentions.classify(text))));
}
// One chunk at a time: the main thread sends the next one when this one's answer is back.
parentPort!.on('message', (lines: InputLine[]) => void onLines(lines));
