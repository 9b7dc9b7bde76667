/**
 * `npx tsx scripts/replies/dev-diff.ts [--source S]`: what changed on the train lines between the frozen v6 checker and
 * the current one, line by line (gained / lost findings, right or wrong by the labels), then the totals. Train lines only
 * (loadTrainCorpus: no held-out line is read): the development view of a round's changes.
 */
import { after, beforeV6, loadTrainCorpus } from './eval-replies.js';

const at = process.argv.indexOf('--source');
const source = at >= 0 ? process.argv[at + 1] : undefined;
const items = loadTrainCorpus().filter((i) => !source || i.source === source);
const now = after(false);
let gainedRight = 0;
let gainedWrong = 0;
let lostRight = 0;
let lostWrong = 0;
for (const it of items) {
  const a = beforeV6(it);
  const b = now(it);
  const gold = new Set(it.rules);
  for (const r of b) {
    if (a.has(r)) continue;
    if (gold.has(r)) gainedRight++;
    else gainedWrong++;
    console.log(`${gold.has(r) ? '+ok ' : '+BAD'} ${r} [${it.source}/${it.id}] ${it.text.slice(0, 150)}`);
  }
  for (const r of a) {
    if (b.has(r)) continue;
    if (gold.has(r)) lostRight++;
    else lostWrong++;
    console.log(`${gold.has(r) ? '-BAD' : '-ok '} ${r} [${it.source}/${it.id}] ${it.text.slice(0, 150)}`);
  }
}
console.log(`${items.length} train lines: gained ${gainedRight} right, ${gainedWrong} wrong; lost ${lostRight} right, ${lostWrong} wrong`);
