/**
 * `defuse classify` as a whole process: 20,000 mixed real mentions (5,000
 * each of English, Russian, Romanian and Arabic tweets and reviews from
 * ../shared/datasets/measure, or the project's corpus when those are absent)
 * piped through `node bin/defuse.js classify`, model load included. Reports
 * wall time, CPU time (the process is single-threaded: CPU time is what one
 * core spends, whatever else the machine runs), mentions/s on both, and the
 * peak resident memory (GNU time).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..');
const DATASETS = process.env.DEFUSE_DATASETS ?? resolve(REPO, '../shared/datasets');
const SOURCES = ['airline_tweets', 'rusentitweet_ru', 'laroseda', 'arsas_ar'];

function texts(total: number): string[] {
  const per = Math.ceil(total / SOURCES.length);
  const lists = SOURCES.map((s) => join(DATASETS, 'measure', s, 'data.jsonl'))
    .filter(existsSync)
    .map((p) =>
      readFileSync(p, 'utf8')
        .split('\n')
        .filter(Boolean)
        .slice(0, per)
        .map((l) => (JSON.parse(l) as { text: string }).text),
    );
  if (lists.length < SOURCES.length) {
    const corpus = readFileSync(join(REPO, 'training/corpus/generated.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text);
    lists.push(corpus);
  }
  const out: string[] = [];
  for (let i = 0; out.length < total; i++) out.push(lists[i % lists.length]![Math.floor(i / lists.length) % lists[i % lists.length]!.length]!);
  return out;
}

export function benchClassifyCli(total = Number(process.env.BENCH_CLASSIFY_MENTIONS ?? 20_000)) {
  const dir = mkdtempSync(join(tmpdir(), 'defuse-classify-'));
  try {
    const input = join(dir, 'in.jsonl');
    writeFileSync(
      input,
      `${texts(total)
        .map((text, i) => JSON.stringify({ id: i, text }))
        .join('\n')}\n`,
    );
    const output = join(dir, 'out.jsonl');
    const r = spawnSync(
      '/usr/bin/time',
      ['-f', '%e %U %S %M', process.execPath, join(REPO, 'bin/defuse.js'), 'classify', '--input', input, '--output', output],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`defuse classify failed: ${r.stderr}`);
    const [wall, user, sys, rssKb] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number, number, number];
    const lines = readFileSync(output, 'utf8').split('\n').filter(Boolean).length;
    return {
      mentions: lines,
      'wall s': wall,
      'CPU s': Math.round((user + sys) * 100) / 100,
      'mentions/s (wall)': Math.round(lines / wall),
      'mentions/s (CPU, one core)': Math.round(lines / (user + sys)),
      'peak resident MB': Math.round(rssKb / 1024),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('classify-cli.bench.ts')) console.table([benchClassifyCli()]);
