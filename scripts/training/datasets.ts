/**
 * Training examples: the permissively licensed public sets in
 * `../shared/datasets/train/` mapped onto Defuse's labels (only where the
 * source label says enough), plus the project's own corpus in
 * `training/corpus/`. `measure/` and `dev/` are never read here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kind, Sentiment, Signal, Situation, Topic } from '../../src/domain/labels.js';

export interface Example {
  text: string;
  lang: string;
  sentiment?: Sentiment;
  kind?: Kind;
  /** Only the real texts labelled per LABELS.md (defuse_annotated, training/annotated) carry these. */
  situation?: Situation;
  topics?: Topic[];
  signals?: Signal[];
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

/** Emotions that say the writer is pleased or displeased (GoEmotions, XED, REDv2); the rest (surprise, curiosity…) say neither. */
const POSITIVE_EMOTIONS = new Set(['admiration', 'amusement', 'approval', 'caring', 'desire', 'excitement', 'gratitude', 'joy', 'love', 'optimism', 'pride', 'relief', 'trust']);
const NEGATIVE_EMOTIONS = new Set(['anger', 'annoyance', 'disappointment', 'disapproval', 'disgust', 'embarrassment', 'fear', 'grief', 'nervousness', 'remorse', 'sadness']);

/** The sentiment of a set of emotion labels when they agree; null when mixed or only ambiguous ones. */
export function emotionSentiment(labels: string[]): Sentiment | null {
  if (labels.length === 1 && labels[0] === 'neutral') return 'neutral';
  const pos = labels.some((l) => POSITIVE_EMOTIONS.has(l));
  const neg = labels.some((l) => NEGATIVE_EMOTIONS.has(l));
  if (pos === neg) return null;
  return pos ? 'positive' : 'negative';
}

const asSentiment = (v: unknown): Sentiment | undefined => (v === 'positive' || v === 'negative' || v === 'neutral' ? v : undefined);
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** GoEmotions (Reddit comments): sentiment from the emotions; kind only where an emotion says it (LABELS.md). */
const goEmotions: Mapper = (r) => {
  const labels = asList(r.label);
  const sentiment = emotionSentiment(labels) ?? undefined;
  let kind: Kind | undefined;
  if (labels.length === 1 && labels[0] === 'neutral') kind = 'neutral';
  else if (labels.includes('curiosity') && /\?/.test(String(r.text)) && sentiment !== 'negative') kind = 'question';
  else if (labels.every((l) => l === 'gratitude' || l === 'admiration')) kind = 'praise';
  return sentiment || kind ? { sentiment, kind } : null;
};

const sentimentOnly: Mapper = (r) => {
  const s = asSentiment(r.label ?? r.sentiment);
  return s ? { sentiment: s } : null;
};

/** Our own labels on real texts: every field. */
const ourLabels: Mapper = (r) => ({
  kind: r.kind as Kind,
  sentiment: r.sentiment as Sentiment,
  situation: r.situation as Situation,
  topics: asList(r.topics) as Topic[],
  signals: asList(r.signals) as Signal[],
});

/** How each public set's own labels map onto ours; null skips a row. */
export const MAPPERS: Record<string, Mapper> = {
  defuse_annotated: ourLabels,
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
  red_v2_ro: (r) => {
    const s = emotionSentiment(asList(r.label));
    return s ? { sentiment: s } : null;
  },
  // A comment that is not toxic is not thereby neutral: of the 253 non-toxic rows our annotators labelled, 42 have
  // sentiment neutral (35 kind neutral) and 187 negative (complaints and venting are rarely toxic). Only toxic rows say something.
  ru_distorted_toxicity: (r) => (r.toxic ? { kind: 'trolling', sentiment: 'negative' } : null),
  cfpb_sample: () => ({ kind: 'constructive', sentiment: 'negative' }),
  goemotions_en: goEmotions,
  goemotions_ru_mt: goEmotions,
  xed_emotions_multi: (r) => {
    const s = emotionSentiment(asList(r.label));
    return s ? { sentiment: s } : null;
  },
  // Tweets and review snippets; the label is the mean of 20 ratings.
  vader_gold_en: sentimentOnly,
  sart_ro: sentimentOnly,
  ajgt_ar: sentimentOnly,
  umsab_en: sentimentOnly,
  umsab_ar: sentimentOnly,
  // Sentiment towards an entity in news sentences: news is kind neutral (LABELS.md), the attitude still counts.
  rusentne2023_ru: (r) => {
    const s = asSentiment(r.label);
    return s ? { sentiment: s, kind: 'neutral' } : null;
  },
  // Hate or offensive tweets are trolling unless a problem is described, which these rarely do; "neither" says nothing of kind.
  davidson_offensive_en: (r) => (r.label === 'neither' ? null : { kind: 'trolling', sentiment: 'negative' }),
  // Sarcasm as meant by its author is a negative attitude; whether it is trolling or venting the label does not say.
  isarcasmeval_en: (r) => (r.label === 'sarcastic' ? { sentiment: 'negative' } : null),
  isarcasmeval_ar: (r) => (r.label === 'sarcastic' ? { sentiment: 'negative' } : null),
};

/** Normalised for "is this the same text" (dev/ overlap, duplicates across sets). */
export const textKey = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();

/** The texts of dev/: never trained on, whichever file brings them. */
export function devTexts(): Set<string> {
  const path = join(DATASETS, 'dev', 'mentions.jsonl');
  return new Set(existsSync(path) ? readJsonl(path).map((r) => textKey(String(r.text))) : []);
}

/** The real texts labelled with our own labels: `defuse_annotated` and the rows of training/annotated/. */
export const isReal = (source: string) => source === 'defuse_annotated' || source.startsWith('annotated:');

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
 * training/annotated/<lang>-*.jsonl: real texts from train/ sets labelled per
 * LABELS.md. Each row names its text by `source` (a train/ set) and
 * `source_row` (0-based line of its data.jsonl); the text is read from there.
 */
export function loadAnnotated(dir = join(REPO, 'training/annotated'), datasets = DATASETS): Example[] {
  if (!existsSync(dir)) return [];
  const lines = new Map<string, string[]>();
  const sourceLines = (set: string) => {
    let l = lines.get(set);
    if (!l) lines.set(set, (l = readFileSync(join(datasets, 'train', set, 'data.jsonl'), 'utf8').split('\n')));
    return l;
  };
  const out: Example[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        let r: Record<string, unknown>;
        try {
          r = JSON.parse(line) as Record<string, unknown>;
        } catch {
          // The labelling helpers append as they go: a half-written last line is skipped, anything else is an error.
          if (i >= readFileSync(join(dir, f), 'utf8').trimEnd().split('\n').length - 1) return;
          throw new Error(`${f}:${i + 1}: not JSON`);
        }
        const set = String(r.source);
        if (!MAPPERS[set] || /[^\w]/.test(set)) throw new Error(`${f}:${i + 1}: unknown source set ${set}`);
        const src = sourceLines(set)[Number(r.source_row)];
        if (!src) throw new Error(`${f}:${i + 1}: ${set} has no row ${String(r.source_row)}`);
        const text = (JSON.parse(src) as { text?: unknown }).text;
        if (typeof text !== 'string' || !r.kind || !r.sentiment) return;
        out.push({ text, lang: String(r.lang), ...ourLabels(r), source: `annotated:${set}` });
      });
  }
  return out;
}

/**
 * Everything training reads: public sets, our annotations and the corpus,
 * with dev/ texts removed wherever they come from, and a public row dropped
 * when the same text also carries our own labels (those win).
 */
export function loadTrainingExamples(): Example[] {
  const dev = devTexts();
  const all = [...loadPublicTrainSets(), ...loadAnnotated(), ...loadCorpus()].filter((e) => !dev.has(textKey(e.text)));
  const ours = new Set(all.filter((e) => isReal(e.source)).map((e) => textKey(e.text)));
  const seenReal = new Set<string>();
  return all.filter((e) => {
    const key = textKey(e.text);
    if (!isReal(e.source)) return !ours.has(key);
    // The same text labelled twice (defuse_annotated and a later file): the first one is kept.
    if (seenReal.has(key)) return false;
    seenReal.add(key);
    return true;
  });
}

/**
 * The project's own labelled corpus: every `training/corpus/*.jsonl`
 * (generated) and `training/corpus/handwritten/<lang>[-N].txt` (`kind sentiment<TAB>text`).
 */
export function loadCorpus(): Example[] {
  const dir = join(REPO, 'training/corpus');
  if (!existsSync(dir)) return [];
  const out: Example[] = [];
  const hand = join(dir, 'handwritten');
  for (const f of existsSync(hand) ? readdirSync(hand).filter((f) => f.endsWith('.txt')).sort() : []) {
    const lang = f.replace(/(-\w+)?\.txt$/, '');
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
