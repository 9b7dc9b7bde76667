/**
 * `npx tsx scripts/replies/dev-train-report.ts [--source corpus-3] [--dir D] [--mistakes] [--no-scorer]`: the checker's precision
 * and recall per rule and language on the corpora's train lines only (loadTrainCorpus: no held-out line is read),
 * per corpus. While rules are developed, the corpus they were not written on (corpus 3 before this round) is the
 * honest view of unseen wording; the eval's held-out tables are measured once, at the end.
 */
import { REPLY_RULES } from '../../src/domain/replies/reply-checker.js';
import { after, type Item, loadTrainCorpus, measure } from './eval-replies.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const dir = arg('--dir');
const items = dir ? loadTrainCorpus([dir]) : loadTrainCorpus();
const source = arg('--source');
const noScorer = process.argv.includes('--no-scorer');
const check = after(noScorer);
const fmt = (tp: number, fp: number, fn: number) =>
  `${(tp / Math.max(1, tp + fp)).toFixed(2)}/${(tp / Math.max(1, tp + fn)).toFixed(2)} (${tp},${fp},${fn})`;
const report = (title: string, set: Item[]) => {
  if (!set.length) return;
  const m = measure(set, check);
  const rules = REPLY_RULES.filter((r) => set.some((i) => i.rules.includes(r)) || m.per.get(r)!.fp);
  console.log(`${title} (${set.length}): flagged ${fmt(m.flagged.tp, m.flagged.fp, m.flagged.fn)} all ${fmt(m.all.tp, m.all.fp, m.all.fn)}`);
  for (const r of rules) {
    const c = m.per.get(r)!;
    console.log(`  ${r.padEnd(32)} ${fmt(c.tp, c.fp, c.fn)}`);
  }
  return m;
};
for (const src of source ? [source] : ['corpus', 'corpus-2', 'corpus-3', 'corpus-4', 'corpus-5', 'corpus-6', 'corpus-7', 'corpus-9']) {
  const set = items.filter((i) => i.source === src);
  const m = report(src, set);
  for (const l of ['ru', 'ro', 'en', 'ar']) {
    const s = set.filter((i) => i.lang === l);
    const ml = measure(s, check);
    console.log(`  ${l}: all ${fmt(ml.all.tp, ml.all.fp, ml.all.fn)}`);
  }
  if (m && process.argv.includes('--mistakes')) console.log(m.mistakes.sort().join('\n'));
}
