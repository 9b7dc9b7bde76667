/**
 * `npx tsx scripts/replies/bench-batch.ts [N] [--keep DIR]`: the batch mode's throughput as
 * a whole process. Writes N (default 20,000) JSON lines cycled from the
 * reply-checker corpora's train lines (only the texts' lengths and mix matter
 * here, nothing is scored; held-out lines are not read), half of them with the mention's kind and half
 * with only the mention's text (so the classifier runs too), then times
 * `defuse check-reply --input … --output …` from start to exit. `--keep DIR` leaves the input and the findings in DIR
 * (replies.jsonl, findings.jsonl), to compare the findings of two builds byte for byte (`cmp`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrainCorpus } from './eval-replies.js';

const args = process.argv.slice(2);
const keepAt = args.indexOf('--keep');
const keep = keepAt >= 0 ? args[keepAt + 1] : undefined;
const n = Number(args.find((a, i) => /^\d+$/u.test(a) && i !== keepAt + 1) ?? 20_000);
const corpus = loadTrainCorpus();
if (!corpus.length) throw new Error('no corpus under training/reply-checker/corpus');
const dir = keep ?? mkdtempSync(join(tmpdir(), 'bench-batch-'));
if (keep) mkdirSync(keep, { recursive: true });
const input = join(dir, 'replies.jsonl');
const output = join(dir, 'findings.jsonl');
const lines: string[] = [];
for (let i = 0; i < n; i++) {
  const it = corpus[i % corpus.length]!;
  const withKind = i % 2 === 0;
  lines.push(JSON.stringify({ id: i, text: it.text, ...(withKind ? { kind: it.kind, first_reply: it.first } : { mention_text: it.mention ?? '' }) }));
}
writeFileSync(input, `${lines.join('\n')}\n`);
const bin = join(import.meta.dirname, '../../bin/defuse.js');
// Run as `npx defuse` runs it: with the node flag of bin/defuse.js's shebang (regexes compiled at once).
const NODE_FLAGS = ['--no-regexp-tier-up'];
const t0 = performance.now();
const before = process.resourceUsage();
const r = spawnSync(process.execPath, [...NODE_FLAGS, bin, 'check-reply', '--input', input, '--output', output], { encoding: 'utf8' });
const seconds = (performance.now() - t0) / 1000;
// The child's CPU time too: on a shared machine the wall clock also counts other processes' turns.
const cpu = spawnSync(
  'sh',
  [
    '-c',
    `command -v /usr/bin/time >/dev/null && /usr/bin/time -f '%U %S' ${process.execPath} ${NODE_FLAGS.join(' ')} ${bin} check-reply --input ${input} --output ${output} 2>&1 >/dev/null | tail -1`,
  ],
  { encoding: 'utf8' },
).stdout.trim();
void before;
const out = readFileSync(output, 'utf8').trim().split('\n').length;
console.log(r.stderr.trim());
console.log(
  `${n} replies in ${seconds.toFixed(2)} s as a whole process (start, load, check, write): ${Math.round(n / seconds)} replies/s; ${out} output lines; exit ${r.status}`,
);
const [u, sy] = cpu.split(/\s+/).map(Number);
if (u !== undefined && !Number.isNaN(u))
  console.log(
    `CPU time of a second run: ${(u + (sy ?? 0)).toFixed(2)} s (user ${u} s, system ${sy} s): ${Math.round(n / (u + (sy ?? 0)))} replies per CPU-second`,
  );
if (!keep) rmSync(dir, { recursive: true, force: true });
