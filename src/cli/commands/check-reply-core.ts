/**
 * What `defuse check-reply --input` does with one line, shared by the main
 * thread and its worker threads: the mention's classifier (loaded only when a
 * line has a mention and no kind) and the check of one parsed line into its
 * output line.
 */
import type { Classifier } from '../../domain/classification/classifier.js';
import { type CheckOptions, checkReplyFull, type Finding, isCheckLanguage } from '../../domain/replies/reply-checker.js';

export { checkReplyFull };

export interface InputLine {
  id: string | number;
  text: string;
  lang?: string | null;
  mention_text?: string | null;
  kind?: string | null;
  sentiment?: string | null;
  first_reply?: boolean | null;
}

export /** The mention's kind and sentiment by the desk's classifier, loaded only when a mention without a kind comes up. */
function mentionClassifier() {
  let classifier: Classifier | null = null;
  let loading: Promise<void> | null = null;
  const cache = new Map<string, { kind: string; sentiment: string }>();
  return {
    async load(): Promise<void> {
      loading ??= import('../../adapters/classifier-models.js').then((m) => {
        classifier = m.loadDefaultClassifier();
      });
      await loading;
    },
    classify(text: string): { kind: string; sentiment: string } {
      const hit = cache.get(text);
      if (hit) return hit;
      if (!classifier) throw new Error('the classifier is not loaded');
      const c = classifier.classify({ text });
      const out = { kind: c.kind, sentiment: c.sentiment };
      if (cache.size > 10_000) cache.clear();
      cache.set(text, out);
      return out;
    },
  };
}

const toLine = (f: Finding, length: number) => ({
  rule: f.rule,
  severity: f.severity,
  start: f.span ? f.span[0] : 0,
  end: f.span ? f.span[1] : length,
  explanation: f.explanation,
  suggestion: f.suggestion,
});

/** One parsed input line → its output line (JSON, with the newline). */
export function checkLine(line: InputLine, classifyMention: (text: string) => { kind: string; sentiment: string }): string {
  const opts: CheckOptions = {
    lang: isCheckLanguage(line.lang ?? undefined) ? (line.lang as CheckOptions['lang']) : null,
    kind: line.kind ?? null,
    sentiment: line.sentiment ?? null,
    firstReply: line.first_reply !== false,
    mentionText: line.mention_text ?? null,
    classifyMention,
  };
  const r = checkReplyFull(line.text, opts);
  return `${JSON.stringify({ id: line.id, lang: r.lang, findings: r.findings.map((f) => toLine(f, line.text.length)) })}\n`;
}
