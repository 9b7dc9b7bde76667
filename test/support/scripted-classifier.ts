/**
 * A classifier for tests of what happens after classification: it reads the
 * labels from tags at the start of the text (`#kind=impulsive #lang=ar
 * #topic=delivery #signal=threat #conf=40 …` — conf is the kind's confidence, in percent
 * (40) or as a fraction (0.4); 1 unless given), so a test states the classification it
 * needs instead of depending on the trained model's current weights.
 */
import type { Classification, Classifier, ClassifierInput } from '../../src/domain/classification/classifier.js';
import type { Kind, Sentiment, Signal, Situation, Topic } from '../../src/domain/labels.js';

const SITUATION_OF: Record<string, Situation> = {
  constructive: 'service_complaint',
  impulsive: 'public_negative_comment',
  trolling: 'conflict_for_conflict',
  black_pr: 'public_negative_comment',
  idea: 'idea',
};

export class ScriptedClassifier implements Classifier {
  readonly name = 'scripted';
  classify(input: ClassifierInput): Classification {
    const tags = new Map<string, string[]>();
    for (const m of input.text.matchAll(/#(\w+)=([\w.-]+)/g)) tags.set(m[1]!, [...(tags.get(m[1]!) ?? []), m[2]!]);
    const kind = (tags.get('kind')?.[0] ?? 'neutral') as Kind;
    const negative = ['constructive', 'impulsive', 'trolling', 'black_pr'].includes(kind);
    return {
      language: tags.get('lang')?.[0] ?? 'en',
      sentiment: (tags.get('sentiment')?.[0] ?? (negative ? 'negative' : kind === 'praise' ? 'positive' : 'neutral')) as Sentiment,
      kind,
      situation: (tags.get('situation')?.[0] ?? SITUATION_OF[kind] ?? 'other') as Situation,
      topics: (tags.get('topic') ?? []) as Topic[],
      signals: (tags.get('signal') ?? []) as Signal[],
      confidence: { sentiment: 1, kind: confOf(tags.get('conf')?.[0]) },
      reasons: [...tags.entries()].map(([k, v]) => `${k}: ${v.join(', ')}`),
      classifier: this.name,
    };
  }
}

/** `#conf=40` (percent) or `#conf=0.4` (a fraction); 1 when absent. */
function confOf(v: string | undefined): number {
  if (v === undefined) return 1;
  const n = Number(v);
  return n > 1 ? n / 100 : n;
}
