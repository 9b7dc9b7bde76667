/**
 * `npx tsx scripts/replies/bench-checker.ts [now|v7] [passes]`: the checker alone, in process, over the corpora's
 * train lines (no held-out line read): CPU µs per reply once warm, for the current checker or the frozen v7 one.
 * Run the two one after the other (or interleaved) on a loaded machine: only their ratio means much.
 */
import { loadDefaultClassifier } from '../../src/adapters/classifier-models.js';
import { checkReplyFull } from '../../src/domain/replies/reply-checker.js';
import { checkReplyFull as checkReplyV7 } from './baseline/v7/reply-checker.js';
import { loadTrainCorpus } from './eval-replies.js';

const which = process.argv[2] === 'v7' ? 'v7' : 'now';
const passes = Number(process.argv[3] ?? 5);
const check = which === 'v7' ? checkReplyV7 : checkReplyFull;
const items = loadTrainCorpus();
const classifier = loadDefaultClassifier();
const classifyMention = (text: string) => {
  const c = classifier.classify({ text });
  return { kind: c.kind, sentiment: c.sentiment };
};
// Half with the case's kind, half with only the mention's text (as the batch bench): the classifier's time is counted.
const run = () => {
  let n = 0;
  for (const [i, it] of items.entries()) {
    const ctx = i % 2 === 0 ? { kind: it.kind, sentiment: it.sentiment, firstReply: it.first } : { mentionText: it.mention, classifyMention };
    n += check(it.text, ctx).findings.length;
  }
  return n;
};
run(); // warm-up
const best: number[] = [];
for (let p = 0; p < passes; p++) {
  const t0 = process.cpuUsage();
  run();
  const t = process.cpuUsage(t0);
  best.push((t.user + t.system) / items.length);
}
best.sort((a, b) => a - b);
console.log(
  `${which}: ${items.length} train replies × ${passes} passes, CPU µs per reply: best ${best[0]!.toFixed(0)}, median ${best[Math.floor(best.length / 2)]!.toFixed(0)}`,
);
