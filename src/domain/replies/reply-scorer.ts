/**
 * The trained second signal of the reply checker: one logistic regression
 * per rule over hashed stem unigrams and bigrams (per language) and the
 * checker's structural cues and phrase-list hits. Weights are trained by
 * scripts/replies/train-scorer.ts on the `train` split of
 * training/reply-checker/corpus and shipped in model/reply-scorer.json with
 * each rule's threshold (chosen by cross-validation on the training split so
 * that precision stays high). A rule the scorer is not sure about reports
 * nothing: the scorer adds findings, it never removes one.
 */
import weightsFile from './model/reply-scorer.json' with { type: 'json' };
import type { ReplyRule } from './reply-checker.js';
import type { Token } from './stem-patterns.js';

export interface ReplyCues {
  negative: boolean;
  complaint: boolean;
  first: boolean;
  troll: boolean;
  question: boolean;
  askBeforeAck: boolean;
  conditional: boolean;
  thanks: boolean;
  apology: boolean;
  url: boolean;
  /** Words outside URLs and handles. */
  words: number;
  playful: boolean;
  exclamations: number;
  time: boolean;
  buck: boolean;
  ownAction: boolean;
  argument: boolean;
  length: number;
  /** Phrase-list keys that matched. */
  hits?: string[];
  /** The reply's grammar (reply-structure.ts): `st:` feature names. */
  structure?: string[];
}

export interface TokenSet {
  lang: string;
  tokens: Token[];
}

export const SCORER_BITS = 16;
const MASK = (1 << SCORER_BITS) - 1;

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & MASK;
}

const bucket = (n: number, edges: number[]) => {
  let i = 0;
  while (i < edges.length && n > edges[i]!) i++;
  return i;
};

/** The cue features' names: structure and context of the reply. */
export function cueFeatures(c: ReplyCues): string[] {
  const out: string[] = ['bias'];
  for (const [k, v] of Object.entries(c)) if (v === true) out.push(`cue:${k}`);
  out.push(
    `cue:words:${bucket(c.words, [3, 6, 12, 25, 45, 80])}`,
    `cue:len:${bucket(c.length, [80, 160, 280, 450])}`,
    `cue:excl:${bucket(c.exclamations, [0, 1, 2])}`,
  );
  if (c.complaint && c.first) out.push('ctx:complaint_first');
  if (c.complaint && c.first && !c.thanks && !c.apology) out.push('ctx:no_ack_on_complaint');
  if (c.troll) out.push(`ctx:troll_len:${bucket(c.length, [120, 200, 280])}`);
  for (const h of c.hits ?? []) {
    out.push(`hit:${h}`);
    if (c.negative) out.push(`hit:${h}:neg`);
  }
  for (const s of c.structure ?? []) out.push(s);
  return out;
}

export interface Features {
  /** Hashed indexes of every feature (deduplicated). */
  all: number[];
  /**
   * `all` and the rich features (ninth round): stem prefixes and their pairs (a form the stemmer leaves apart), words
   * of the reply's first sentence apart from the rest (the apology opens, the blame follows), words in a negation's
   * scope, and the reply's grammar (`st:` features, reply-structure.ts, when worked out). Read by `rich` models only.
   */
  rich: number[];
  /** Per token feature: its index and the sentence it is in (for the span). */
  lexical: { index: number; sentence: number; start: number; end: number }[];
  /** The cue and structure features alone (no words, no phrase-list hits): what a rule's model reads when it was trained without words. */
  cues: number[];
}

/** Negations (folded) whose scope, the next three words of the sentence, the rich features mark. */
const NEGATIONS = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'nobody',
  "don't",
  "doesn't",
  "didn't",
  "can't",
  "won't",
  "isn't",
  "aren't",
  "wasn't",
  "couldn't",
  'cannot',
  'не',
  'нет',
  'ни',
  'никогда',
  'ничего',
  'никто',
  'нельзя',
  'nu',
  'niciodata',
  'nimic',
  'nimeni',
  'nici',
  'n-avem',
  'n-a',
  'ما',
  'مش',
  'مو',
  'لا',
  'لم',
  'لن',
  'ليس',
  'مب',
  'مافي',
  'محد',
  'مالنا',
  'مالناش',
]);
/** The prefix length of the rich stem-prefix features. */
const PREFIX = 4;

function richFeatures(sets: TokenSet[], cues: ReplyCues, into: Set<number>): void {
  for (const { lang, tokens } of sets) {
    let negatedUntil = -1;
    let negSentence = -1;
    let prev: string | null = null;
    let prevSentence = -1;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const p = t.stem.length > PREFIX ? t.stem.slice(0, PREFIX) : t.stem;
      into.add(hash(`p:${lang}:${p}`));
      if (prev !== null && prevSentence === t.sentence) into.add(hash(`pp:${lang}:${prev} ${p}`));
      into.add(hash(`s${t.sentence === 0 ? 0 : 1}:${lang}:${t.stem}`));
      if (NEGATIONS.has(t.word)) {
        negatedUntil = i + 3;
        negSentence = t.sentence;
      } else if (i <= negatedUntil && t.sentence === negSentence) into.add(hash(`neg:${lang}:${t.stem}`));
      prev = p;
      prevSentence = t.sentence;
    }
  }
  for (const s of cues.structure ?? []) into.add(hash(s));
}

export function replyFeatures(sets: TokenSet[], cues: ReplyCues, words = true, rich = false): Features {
  const lexical: Features['lexical'] = [];
  // words = false: only word-free models will read these features (the words are not hashed at all).
  for (const { lang, tokens } of words ? sets : []) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      lexical.push({ index: hash(`${lang}:${t.stem}`), sentence: t.sentence, start: t.start, end: t.end });
      const n = tokens[i + 1];
      if (n && n.sentence === t.sentence)
        lexical.push({ index: hash(`${lang}:${t.stem} ${n.stem}`), sentence: t.sentence, start: t.start, end: n.end });
    }
  }
  const all = new Set<number>(lexical.map((l) => l.index));
  const cueSet = new Set<number>();
  // The word models read the words, cues and hits as they always did; the grammar models read cues and structure, no
  // words and no hits (the structure features are not in `all`: a word model's hashed weights would read them by collision).
  for (const name of cueFeatures(cues)) {
    const i = hash(name);
    if (!name.startsWith('st:')) all.add(i);
    if (!name.startsWith('hit:')) cueSet.add(i);
  }
  let richAll: number[] = [];
  if (rich) {
    const r = new Set(all);
    richFeatures(sets, cues, r);
    richAll = [...r];
  }
  return { all: [...all], rich: richAll, lexical, cues: [...cueSet] };
}

export interface RuleModel {
  threshold: number;
  /** What a rule kept from an earlier file (SCORER_MERGE) was trained on. */
  trainedOn?: string;
  /** false: the model reads the cue and structure features only, no words (generalises across wordings). */
  lexical?: boolean;
  /** true: the model reads the rich features too (Features.rich: stem prefixes, sentence position, negation, grammar). */
  rich?: boolean;
  /** Sparse weights: feature index → weight. */
  w: Record<string, number>;
  /** Rich models: every weight as a signed byte, base64 (weight = byte × scale); `w` is then empty. */
  q?: string;
  scale?: number;
}
export interface ScorerModel {
  bits: number;
  trainedOn?: string;
  rules: Partial<Record<ReplyRule, RuleModel>>;
}

interface Dense {
  rule: ReplyRule;
  threshold: number;
  lexical: boolean;
  rich: boolean;
  w: Float32Array;
}

let dense: Dense[] | null = null;
function load(model: ScorerModel = weightsFile): Dense[] {
  if (model.bits !== SCORER_BITS) return [];
  return Object.entries(model.rules).map(([rule, m]) => {
    const w = new Float32Array(1 << SCORER_BITS);
    for (const [k, v] of Object.entries(m.w)) w[Number(k)] = v;
    if (m.q && m.scale) {
      const raw = atob(m.q);
      for (let i = 0; i < raw.length && i < w.length; i++) {
        const b = raw.charCodeAt(i);
        if (b) w[i] = (b > 127 ? b - 256 : b) * m.scale;
      }
    }
    return { rule: rule as ReplyRule, threshold: m.threshold, lexical: m.lexical !== false, rich: m.rich === true, w };
  });
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function probability(w: ArrayLike<number>, all: number[]): number {
  let z = 0;
  for (const i of all) z += w[i]!;
  return sigmoid(z);
}

/** The rules the scorer is sure of, each with the sentence that weighs most for it (or null for the whole reply). */
export function scoreReply(
  sets: TokenSet[],
  cues: ReplyCues,
  wanted: (rule: ReplyRule) => boolean = () => true,
): { rule: ReplyRule; p: number; span: [number, number] | null }[] {
  dense ??= load();
  if (!dense.length) return [];
  const x = replyFeatures(
    sets,
    cues,
    dense.some((m) => m.lexical && wanted(m.rule)),
    dense.some((m) => m.rich && wanted(m.rule)),
  );
  const out: { rule: ReplyRule; p: number; span: [number, number] | null }[] = [];
  for (const m of dense) {
    if (!wanted(m.rule)) continue;
    const p = probability(m.w, m.rich ? x.rich : m.lexical ? x.all : x.cues);
    if (p < m.threshold) continue;
    // The span: the sentence whose words push hardest towards the rule.
    const bySentence = new Map<number, { score: number; start: number; end: number }>();
    for (const l of x.lexical) {
      const s = bySentence.get(l.sentence) ?? { score: 0, start: l.start, end: l.end };
      s.score += m.w[l.index]!;
      s.start = Math.min(s.start, l.start);
      s.end = Math.max(s.end, l.end);
      bySentence.set(l.sentence, s);
    }
    const best = m.lexical ? [...bySentence.values()].sort((a, b) => b.score - a.score)[0] : undefined;
    out.push({ rule: m.rule, p, span: best && best.score > 0 ? [best.start, best.end] : null });
  }
  return out;
}

/** The rules whose shipped (or set) model reads the reply's grammar (word-free and rich models). */
export function grammarRules(): ReplyRule[] {
  dense ??= load();
  return dense.filter((m) => !m.lexical || m.rich).map((m) => m.rule);
}

/** The rules the shipped (or set) model scores. */
export function scorerRules(): ReplyRule[] {
  dense ??= load();
  return dense.map((m) => m.rule);
}

/** For tests and training: use another model (null: the shipped one). */
export function setScorerModel(model: ScorerModel | null): void {
  dense = model ? load(model) : null;
}
