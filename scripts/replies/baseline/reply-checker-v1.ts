// The reply checker as it was before issue 13 (commit c254b49), frozen here so that `npm run eval:replies` can report before → after on the same lines.
/**
 * The reply checker (PRODUCT.md rules 4–6): run on every draft before it is
 * sent, in the reply's language. Each rule is named and documented in
 * RULES below; the phrases each rule looks for live in phrases/<lang>.json,
 * written after the practitioner articles in shared/sources. A finding
 * carries the span in the reply, why it matters and a better way to say it.
 * The checker stays silent on a polite, specific reply.
 */
import ar from './phrases/ar.json' with { type: 'json' };
import en from './phrases/en.json' with { type: 'json' };
import ro from './phrases/ro.json' with { type: 'json' };
import ru from './phrases/ru.json' with { type: 'json' };
import { type FoldedText, foldWithMap, originalSpan } from '../../../src/domain/replies/text-fold.js';

export const REPLY_RULES = [
  'stock_phrase',
  'blames_customer',
  'asks_to_delete',
  'bare_link',
  'non_answer',
  'emotional_tone',
  'joke',
  'vague_promise',
  'details_before_acknowledgement',
  'missing_thanks_or_apology',
  'long_troll_reply',
] as const;
export type ReplyRule = (typeof REPLY_RULES)[number];

export type Severity = 'error' | 'warning';

/** What each rule is for, shown with its findings (the desk's language is English; suggestions are in the reply's). */
export const RULES: Record<ReplyRule, { severity: Severity; explanation: string }> = {
  stock_phrase: { severity: 'error', explanation: 'A stock phrase reads as a rubber stamp and angers more than silence.' },
  blames_customer: { severity: 'error', explanation: 'Blaming the customer, even indirectly, provokes resistance.' },
  asks_to_delete: { severity: 'error', explanation: 'Asking to delete or edit a post provokes more negative posts.' },
  bare_link: { severity: 'error', explanation: 'A bare link to a help article says "figure it out yourself"; answer in the reply.' },
  non_answer: { severity: 'error', explanation: '"I don\'t know" or "not my department" reads as incompetence in public.' },
  emotional_tone: { severity: 'error', explanation: 'An emotional, sarcastic or aggressive tone adds fuel to the fire.' },
  joke: {
    severity: 'warning',
    explanation: 'A joke in a reply to a negative mention may defuse it or make it worse: humour is a double-edged sword.',
  },
  vague_promise: { severity: 'error', explanation: 'A promise with no date or wait ("soon") is not believed.' },
  details_before_acknowledgement: {
    severity: 'error',
    explanation: 'Calm first, specifics second: acknowledge an angry customer before asking for details.',
  },
  missing_thanks_or_apology: {
    severity: 'error',
    explanation: 'A reply to a complaint starts with thanks and an apology, then answers on substance.',
  },
  long_troll_reply: { severity: 'error', explanation: 'Do not feed trolls: at most one short, calm reaction.' },
};

export type CheckLanguage = 'en' | 'ru' | 'ro' | 'ar';
export const CHECK_LANGUAGES: readonly CheckLanguage[] = ['en', 'ru', 'ro', 'ar'];

export interface ReplyContext {
  /** The case's kind (constructive, impulsive, trolling…); null if unknown. */
  kind?: string | null;
  sentiment?: string | null;
  /** Whether this is the team's first reply in the case (default true). */
  firstReply?: boolean;
}

export interface Finding {
  rule: ReplyRule;
  severity: Severity;
  /** [start, end) in the reply's text (UTF-16 offsets), or null for the reply as a whole. */
  span: [number, number] | null;
  /** The words of the reply the finding is about. */
  quote: string;
  explanation: string;
  suggestion: string;
}

interface PhraseFile {
  [key: string]: { patterns: string[]; suggestion?: string };
}

const FILES: Record<CheckLanguage, PhraseFile> = { en, ru, ro, ar };
const LETTER = '\\p{L}\\p{N}';
export const TROLL_REPLY_LIMIT = 280;
const NEGATIVE_KINDS = ['constructive', 'impulsive', 'trolling', 'black_pr'];
const COMPLAINT_KINDS = ['constructive', 'impulsive'];

/** Pattern text → regex over folded text: spaces match any run of spaces, `~` continues a word, whole words only. */
function compile(pattern: string, lang: CheckLanguage): RegExp {
  const body = pattern.replace(/ \?/g, '\\s*').replace(/ /g, '\\s+').replace(/~/g, `[${LETTER}]*`);
  // Arabic joins "and"/"so" to the next word: و، ف may precede a phrase.
  const lead = lang === 'ar' ? '(?:[وف])?' : '';
  return new RegExp(`(?<![${LETTER}])${lead}(?:${body})(?![${LETTER}])`, 'gu');
}

type Compiled = Record<string, { regexes: RegExp[]; suggestion: string }>;
const compiled = new Map<CheckLanguage, Compiled>();

function phrases(lang: CheckLanguage): Compiled {
  let c = compiled.get(lang);
  if (!c) {
    c = {};
    for (const [key, entry] of Object.entries(FILES[lang]))
      c[key] = { regexes: entry.patterns.map((p) => compile(p, lang)), suggestion: entry.suggestion ?? '' };
    compiled.set(lang, c);
  }
  return c;
}

interface Match {
  start: number;
  end: number;
}

function matches(f: FoldedText, c: Compiled, key: string): Match[] {
  const out: Match[] = [];
  for (const re of c[key]?.regexes ?? []) {
    re.lastIndex = 0;
    for (const m of f.folded.matchAll(re)) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out.sort((a, b) => a.start - b.start);
}

const URL = /\bhttps?:\/\/[^\s<>"')]+|\bwww\.[^\s<>"')]+/giu;
const WORD = /[\p{L}\p{N}]+/gu;

export function checkReply(text: string, lang: CheckLanguage, context: ReplyContext = {}): Finding[] {
  const c = phrases(lang);
  const f = foldWithMap(text);
  const findings: Finding[] = [];
  const add = (rule: ReplyRule, span: [number, number] | null, suggestion: string) =>
    findings.push({
      rule,
      severity: RULES[rule].severity,
      span,
      quote: span ? text.slice(span[0], span[1]) : '',
      explanation: RULES[rule].explanation,
      suggestion,
    });
  const addMatches = (rule: ReplyRule, key: string, list = matches(f, c, key)) => {
    for (const m of list) add(rule, originalSpan(f, m.start, m.end), c[key]!.suggestion);
  };

  const kind = context.kind ?? null;
  const negative = (kind !== null && NEGATIVE_KINDS.includes(kind)) || context.sentiment === 'negative';
  const complaint = (kind !== null && COMPLAINT_KINDS.includes(kind)) || (kind === null && context.sentiment === 'negative');
  const first = context.firstReply !== false;

  addMatches('stock_phrase', 'stock_phrase');
  addMatches('blames_customer', 'blames_customer');
  addMatches('asks_to_delete', 'asks_to_delete');
  addMatches('non_answer', 'non_answer');

  // Tone: the phrase list, plus shouting (!!, ?!, words in capitals).
  addMatches('emotional_tone', 'emotional_tone');
  for (const m of text.matchAll(/[!?]*![!?]*!+[!?]*|\?!+/gu)) add('emotional_tone', [m.index, m.index + m[0].length], c.emotional_tone!.suggestion);
  const caps = [...text.matchAll(/(?<![\p{L}])[\p{Lu}]{3,}(?![\p{L}])/gu)].filter(
    (m) => !/^(FAQ|URL|SMS|PIN|IBAN|VAT|TVA|ID|USD|EUR|MDL|RON|RUB|API|OK)$/u.test(m[0]),
  );
  if (caps.length >= 2) add('emotional_tone', [caps[0]!.index, caps.at(-1)!.index + caps.at(-1)![0].length], c.emotional_tone!.suggestion);

  if (negative) addMatches('joke', 'joke');

  // A promise with no time: only when no date or wait is given anywhere in the reply.
  const vague = matches(f, c, 'vague_promise');
  if (vague.length && !matches(f, c, 'time_expressions').length) addMatches('vague_promise', 'vague_promise', vague.slice(0, 1));

  // A bare link: a URL with (almost) nothing else, or a "see our help page" pointer and little more.
  const urls = [...text.matchAll(URL)];
  if (urls.length) {
    const rest = text.replace(URL, ' ').replace(/@[\w.]+/gu, ' ');
    const words = rest.match(WORD)?.length ?? 0;
    const lead = matches(f, c, 'help_link_lead');
    if (words <= 6 || (lead.length && words <= 25)) {
      const u = urls[0]!;
      const span: [number, number] = lead.length
        ? [originalSpan(f, lead[0]!.start, lead[0]!.end)[0], u.index + u[0].length]
        : [u.index, u.index + u[0].length];
      add('bare_link', span, c.bare_link!.suggestion);
    }
  }

  const thanks = matches(f, c, 'thanks');
  const apology = matches(f, c, 'apology');
  const acknowledgements = [...thanks, ...apology, ...matches(f, c, 'acknowledgement')].sort((a, b) => a.start - b.start);

  // Calm first, specifics second: a first reply to a complaint asks for details (or any question) only after acknowledging it.
  if (first && complaint) {
    const question = [...f.folded.matchAll(/[^.!?\n]*\?/gu)].map((m) => ({
      start: m.index + (m[0].length - m[0].trimStart().length),
      end: m.index + m[0].length,
    }));
    const ask = [...matches(f, c, 'asks_details'), ...question].sort((a, b) => a.start - b.start)[0];
    if (ask && !(acknowledgements[0] && acknowledgements[0].start <= ask.start)) {
      add('details_before_acknowledgement', originalSpan(f, ask.start, ask.end), c.details_before_acknowledgement!.suggestion);
    }
  }

  if (complaint && first && !thanks.length && !apology.length) add('missing_thanks_or_apology', null, c.missing_thanks_or_apology!.suggestion);

  if (kind === 'trolling' && text.trim().length > TROLL_REPLY_LIMIT) add('long_troll_reply', null, c.long_troll_reply!.suggestion);

  return dedupe(findings);
}

/** One finding per rule and span; overlapping findings of one rule are merged into the first. */
function dedupe(list: Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const x of list) {
    const overlap = out.find(
      (y) => y.rule === x.rule && (x.span === null || y.span === null ? x.span === y.span : x.span[0] < y.span[1] && y.span[0] < x.span[1]),
    );
    if (!overlap) out.push(x);
  }
  return out.sort((a, b) => (a.span?.[0] ?? -1) - (b.span?.[0] ?? -1));
}

export const isCheckLanguage = (l: string | null | undefined): l is CheckLanguage => CHECK_LANGUAGES.includes(l as CheckLanguage);
