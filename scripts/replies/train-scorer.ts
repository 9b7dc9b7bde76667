/**
 * `npm run train:replies`: trains the reply checker's second signal
 * (src/domain/replies/reply-scorer.ts) on the `train` lines of the four
 * corpora (training/reply-checker/corpus, corpus-2, corpus-3, corpus-4; loadTrainCorpus)
 * — never on held-out lines, never on measure/ data — and writes src/domain/replies/model/reply-scorer.json.
 *
 * One logistic regression per rule over the scorer's features (hashed stem
 * unigrams and bigrams, structural cues, phrase-list hits), L2-regularised,
 * trained by AdaGrad. Each rule's threshold comes from 5-fold cross-validation
 * on the training lines (`--loco`: leave one corpus out, each corpus scored by a
 * model trained on the others): the lowest threshold at which the
 * checker's rules plus the scorer keep precision ≥ 0.9 (or no lower than the
 * rules' own, if that is below) and the scorer's own additions are right at
 * least 4 times in 5 (and right at least once); a rule where no threshold does
 * that is left to the rules alone.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkReplyFull, REPLY_RULES, type ReplyRule } from '../../src/domain/replies/reply-checker.js';
import { probability, type ReplyCues, replyFeatures, SCORER_BITS, type ScorerModel } from '../../src/domain/replies/reply-scorer.js';
import { loadTrainCorpus } from './eval-replies.js';

const ROOT = join(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'src/domain/replies/model/reply-scorer.json');
/** Every rule but the missing thanks or apology, which is structural (present or not) and left to the rules. */
const SCORED: ReplyRule[] = REPLY_RULES.filter((r) => r !== 'missing_thanks_or_apology');

interface Example {
  x: number[];
  gold: Set<ReplyRule>;
  byRules: Set<ReplyRule>;
  cues: ReplyCues;
}

/** Whether the checker lets the scorer add a rule in this context (the same gates as in checkReplyFull). */
function gate(rule: ReplyRule, c: ReplyCues): boolean {
  if (rule === 'joke') return c.negative;
  if (rule === 'details_before_acknowledgement') return c.first && c.complaint;
  if (rule === 'long_troll_reply') return c.troll;
  if (rule === 'bare_link') return c.url;
  return true;
}

const EPOCHS = Number(process.env.SCORER_EPOCHS ?? 40);
const LAMBDA = Number(process.env.SCORER_LAMBDA ?? 1e-4);
const RATE = Number(process.env.SCORER_RATE ?? 0.3);

function train(examples: Example[], rule: ReplyRule, epochs = EPOCHS, lambda = LAMBDA, rate = RATE): Float32Array {
  const w = new Float32Array(1 << SCORER_BITS);
  const g2 = new Float32Array(1 << SCORER_BITS);
  const pos = examples.filter((e) => e.gold.has(rule)).length;
  // Positives are rare: weigh them up to balance the classes.
  const posWeight = Math.min(8, Math.max(1, (examples.length - pos) / Math.max(1, pos)));
  const order = examples.map((_, i) => i);
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const k of order) {
      const e = examples[k]!;
      const y = e.gold.has(rule) ? 1 : 0;
      const err = (probability(w, e.x) - y) * (y ? posWeight : 1);
      for (const i of e.x) {
        const g = err + lambda * w[i]!;
        g2[i]! += g * g;
        w[i]! -= (rate * g) / Math.sqrt(g2[i]! + 1e-8);
      }
    }
  }
  return w;
}

function chooseThreshold(examples: Example[], p: number[], rule: ReplyRule): { threshold: number; note: string } {
  let best: { threshold: number; tp: number; note: string } | null = null;
  // The rules alone may already be below 0.9 on a rule: then the scorer must not lower it further.
  let rtp = 0;
  let rfp = 0;
  for (const e of examples) {
    if (!e.byRules.has(rule)) continue;
    if (e.gold.has(rule)) rtp++;
    else rfp++;
  }
  const floor = Math.min(0.9, rtp + rfp ? rtp / (rtp + rfp) : 1);
  for (let t = 0.95; t >= 0.5 - 1e-9; t -= 0.05) {
    let tp = 0;
    let fp = 0;
    let addTp = 0;
    let addFp = 0;
    examples.forEach((e, i) => {
      const gold = e.gold.has(rule);
      const byRules = e.byRules.has(rule);
      const added = !byRules && p[i]! >= t && gate(rule, e.cues);
      if (byRules || added) {
        if (gold) tp++;
        else fp++;
      }
      if (added) {
        if (gold) addTp++;
        else addFp++;
      }
    });
    const precision = tp / Math.max(1, tp + fp);
    const addPrecision = addTp / Math.max(1, addTp + addFp);
    if (process.env.SCORER_DEBUG) console.log(`  t ${t.toFixed(2)}: P ${precision.toFixed(2)} tp ${tp} fp ${fp}, adds ${addTp} / ${addFp}`);
    if (precision >= floor && addTp > 0 && addPrecision >= 0.8 && (!best || tp > best.tp)) {
      best = { threshold: Number(t.toFixed(2)), tp, note: `cv: P ${precision.toFixed(2)}, scorer adds ${addTp} right / ${addFp} wrong` };
    }
  }
  return best ?? { threshold: 2, note: 'no threshold keeps precision: rules only' };
}

function main() {
  const items = loadTrainCorpus();
  if (items.length < 100) throw new Error(`only ${items.length} training lines: not enough to train the scorer`);
  const examples: Example[] = items.map((it) => {
    const r = checkReplyFull(it.text, {
      kind: it.kind,
      sentiment: it.sentiment,
      firstReply: it.first,
      mentionText: it.mention,
      noScorer: true,
      withFeatures: true,
    });
    const f = r.features!;
    return { x: replyFeatures(f.tokenSets, f.cues).all, gold: new Set(it.rules), byRules: new Set(r.findings.map((x) => x.rule)), cues: f.cues };
  });
  // The folds: 5-fold by default; with --loco, leave one corpus out (each corpus scored by a model trained on the
  // others: wording the model has not seen, since each corpus was written by other hands).
  const loco = process.argv.includes('--loco');
  const sources = [...new Set(items.map((i) => i.source))].sort();
  const foldOf = (i: number) => (loco ? sources.indexOf(items[i]!.source) : i % 5);
  const folds = loco ? sources.length : 5;
  const model: ScorerModel = {
    bits: SCORER_BITS,
    trainedOn: `training/reply-checker/${sources.join(', ')}, split train: ${items.length} replies; thresholds by ${loco ? 'leave-one-corpus-out' : '5-fold'} cross-validation`,
    rules: {},
  };
  const only = process.env.SCORER_RULES?.split(',');
  for (const rule of SCORED.filter((r) => !only || only.includes(r))) {
    const oof = new Array<number>(examples.length).fill(0);
    for (let k = 0; k < folds; k++) {
      const w = train(
        examples.filter((_, i) => foldOf(i) !== k),
        rule,
      );
      examples.forEach((e, i) => {
        if (foldOf(i) === k) oof[i] = probability(w, e.x);
      });
    }
    const { threshold, note } = chooseThreshold(examples, oof, rule);
    console.log(`${rule}: threshold ${threshold} (${note})`);
    if (threshold > 1) continue;
    for (const held of sources) {
      let add = 0;
      let wrong = 0;
      examples.forEach((e, i) => {
        if (items[i]!.source !== held || e.byRules.has(rule) || oof[i]! < threshold || !gate(rule, e.cues)) return;
        if (e.gold.has(rule)) add++;
        else wrong++;
      });
      console.log(`  ${held} (out of fold): adds ${add} right / ${wrong} wrong`);
    }
    const w = train(examples, rule);
    const sparse: Record<string, number> = {};
    w.forEach((v, i) => {
      if (Math.abs(v) >= 0.01) sparse[i] = Number(v.toFixed(3));
    });
    model.rules[rule] = { threshold, w: sparse };
  }
  writeFileSync(OUT, `${JSON.stringify(model)}\n`);
  console.log(`wrote ${OUT}`);
}

main();
