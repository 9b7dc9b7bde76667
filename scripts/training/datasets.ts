/**
 * Training examples: the permissively licensed public sets in
 * `../shared/datasets/train/` mapped onto Defuse's labels (only where the
 * source label says enough), plus the project's own corpus in
 * `training/corpus/`. `measure/` and `dev/` are never read here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kind, Sentiment } from '../../src/domain/labels.js';

export interface Example {
  text: string;
  lang: string;
  sentiment?: Sentiment;
  kind?: Kind;
  /** Where it came from, for balancing and the report. */
  source: string;
}

export const REPO = resolve(import.meta.dirname, '../..');
export const DATASETS = process.env.DEFUSE_DATASETS ?? resolve(REPO, '../shared/datasets');

function readJsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

type Mapper = (row: Record<string, unknown>) => Omit<Example, 'text' | 'lang' | 'source'> | null;

const RED_EMOTION: Record<string, Sentiment> = { Bucurie: 'positive', Furie: 'negative', Tristete: 'negative', Frica: 'negative', Neutru: 'neutral' };

/** How each public set's own labels map onto ours; null skips a row. */
const MAPPERS: Record<string, Mapper> = {
  ar_saudi_tourism_reviews: (r) => {
    const s = r.sentiment as Sentiment;
    return { sentiment: s, kind: s === 'positive' ? 'praise' : s === 'neutral' ? 'neutral' : undefined };
  },
  arsarcasm_v2: (r) => ({ sentiment: r.sentiment as Sentiment, kind: r.sentiment === 'neutral' && !r.sarcasm ? 'neutral' : undefined }),
  mlma_hate: (r) => (r.hostility === 'normal' ? { kind: 'neutral', sentiment: 'neutral' } : { kind: 'trolling', sentiment: 'negative' }),
  ro_offense: (r) => (r.offense === 'OTHER' ? { kind: 'neutral' } : { kind: 'trolling', sentiment: 'negative' }),
  news_ro_offense: (r) => (r.offense === '0' ? { kind: 'neutral' } : { kind: 'trolling', sentiment: 'negative' }),
  red_v1: (r) => {
    const s = RED_EMOTION[r.emotion as string];
    return s ? { sentiment: s, kind: s === 'neutral' ? 'neutral' : undefined } : null;
  },
  ru_distorted_toxicity: (r) => (r.toxic ? { kind: 'trolling', sentiment: 'negative' } : { kind: 'neutral', sentiment: 'neutral' }),
  cfpb_sample: () => ({ kind: 'constructive', sentiment: 'negative' }),
};

export function loadPublicTrainSets(): Example[] {
  const dir = join(DATASETS, 'train');
  if (!existsSync(dir)) throw new Error(`no training data at ${dir} (set DEFUSE_DATASETS)`);
  const out: Example[] = [];
  for (const name of readdirSync(dir).sort()) {
    const mapper = MAPPERS[name];
    if (!mapper) throw new Error(`no label mapping for training set ${name}`);
    for (const row of readJsonl(join(dir, name, 'data.jsonl'))) {
      const m = mapper(row);
      if (!m || (!m.kind && !m.sentiment) || typeof row.text !== 'string') continue;
      out.push({ text: row.text, lang: String(row.lang), ...m, source: name });
    }
  }
  return out;
}

/**
 * The project's own labelled corpus: every `training/corpus/*.jsonl`
 * (generated) and `training/corpus/handwritten/<lang>.txt` (`kind sentiment<TAB>text`).
 */
export function loadCorpus(): Example[] {
  const dir = join(REPO, 'training/corpus');
  if (!existsSync(dir)) return [];
  const out: Example[] = [];
  const hand = join(dir, 'handwritten');
  for (const f of existsSync(hand) ? readdirSync(hand).filter((f) => f.endsWith('.txt')).sort() : []) {
    const lang = f.replace('.txt', '');
    readFileSync(join(hand, f), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        const m = /^(\w+) (\w+)\t(.+)$/.exec(line);
        if (!m) throw new Error(`${f}:${i + 1}: expected "kind sentiment<TAB>text"`);
        out.push({ text: m[3]!, lang, kind: m[1] as Kind, sentiment: m[2] as Sentiment, source: `corpus:handwritten` });
      });
  }
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const row of readJsonl(join(dir, f))) {
      out.push({ text: String(row.text), lang: String(row.lang), sentiment: row.sentiment as Sentiment, kind: row.kind as Kind, source: `corpus:${f}` });
    }
  }
  return out;
}
