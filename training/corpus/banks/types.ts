/** A phrase bank: how to write each kind of mention in one language. */
import type { Kind, Sentiment } from '../../../src/domain/labels.js';

export type Pick = <T>(items: readonly T[]) => T;
export type Maybe = (p: number) => boolean;

export interface Generated {
  text: string;
  kind: Kind;
  sentiment: Sentiment;
}

export interface Bank {
  lang: 'en' | 'ru' | 'ro' | 'ar';
  /** One generator per kind (and extra sentiment-only styles such as reviews); weights say how often. */
  generators: { weight: number; make: (pick: Pick, maybe: Maybe) => Generated }[];
}

/** Fills `{slot}` placeholders from the given lists. */
export function fill(pick: Pick, template: string, slots: Record<string, readonly string[]>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const list = slots[name];
    if (!list) throw new Error(`no slot ${name}`);
    return fill(pick, pick(list), slots);
  });
}

/** What a language brings: its slot lists, complaint and venting templates, and how often each kind appears. */
export interface BankSpec {
  slots: Record<string, readonly string[]> & {
    troll: readonly string[];
    blackpr: readonly string[];
    question: readonly string[];
    praise: readonly string[];
    idea: readonly string[];
    neutral: readonly string[];
    reviewPos: readonly string[];
    reviewNeg: readonly string[];
    brand: readonly string[];
    emojiNeg: readonly string[];
    emojiPos: readonly string[];
  };
  complaints: readonly string[];
  venting: readonly string[];
  weights: Record<'complaint' | 'venting' | 'troll' | 'blackpr' | 'question' | 'praise' | 'idea' | 'neutral' | 'reviewPos' | 'reviewNeg', number> &
    Partial<Record<'newsPos' | 'newsNeg', number>>;
  /** How a brand is addressed before a question ("@Brand " or "Brand, "). */
  address: (brand: string) => string;
  /** Whether venting is sometimes shouted in capitals (not for Arabic, which has none). */
  shouts: boolean;
}

/** The generators every language shares, filled from its own lists. */
export function makeBank(lang: Bank['lang'], spec: BankSpec): Bank {
  const S = spec.slots;
  const w = spec.weights;
  const fromList = (weight: number, list: readonly string[], kind: Generated['kind'], sentiment: Generated['sentiment']) => ({
    weight,
    make: (pick: Pick) => ({ kind, sentiment, text: fill(pick, pick(list), S) }),
  });
  return {
    lang,
    generators: [
      {
        weight: w.complaint,
        make: (pick, maybe) => ({ kind: 'constructive', sentiment: 'negative', text: fill(pick, pick(spec.complaints), S) + (maybe(0.2) ? ` ${pick(S.emojiNeg)}` : '') }),
      },
      {
        weight: w.venting,
        make: (pick, maybe) => {
          let text = fill(pick, pick(spec.venting), S);
          if (spec.shouts && maybe(0.25)) text = text.toUpperCase();
          if (maybe(0.3)) text += '!!!';
          return { kind: 'impulsive', sentiment: 'negative', text };
        },
      },
      fromList(w.troll, S.troll, 'trolling', 'negative'),
      fromList(w.blackpr, S.blackpr, 'black_pr', 'negative'),
      {
        weight: w.question,
        make: (pick, maybe) => ({ kind: 'question', sentiment: 'neutral', text: `${maybe(0.6) ? spec.address(pick(S.brand)) : ''}${fill(pick, pick(S.question), S)}` }),
      },
      {
        weight: w.praise,
        // Praise shouts too: exclamation marks must not read as anger.
        make: (pick, maybe) => ({
          kind: 'praise',
          sentiment: 'positive',
          text: fill(pick, pick(S.praise), S) + (maybe(0.3) ? pick(['!', '!!', '!!!']) : '') + (maybe(0.4) ? ` ${pick(S.emojiPos)}` : ''),
        }),
      },
      fromList(w.idea, S.idea, 'idea', 'neutral'),
      fromList(w.neutral, S.neutral, 'neutral', 'neutral'),
      // News: no attitude of the writer's own (kind neutral), but good or bad for the brand (sentiment).
      fromList(w.newsPos ?? 0, S.newsPos ?? [], 'neutral', 'positive'),
      fromList(w.newsNeg ?? 0, S.newsNeg ?? [], 'neutral', 'negative'),
      fromList(w.reviewPos, S.reviewPos, 'praise', 'positive'),
      fromList(w.reviewNeg, S.reviewNeg, 'constructive', 'negative'),
    ],
  };
}
