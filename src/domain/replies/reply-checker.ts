/**
 * The reply checker (PRODUCT.md rules 4–6): run on every draft before it is
 * sent, in the reply's own language (each language present, for a mixed
 * reply), against the mention it answers. Each rule is named and documented
 * in RULES below. Three signals find a flaw:
 *  - phrase lists (phrases/<lang>.json, `patterns`): regexes over the folded
 *    text, written after the practitioner articles in shared/sources;
 *  - stem patterns (`stems` in the same files): the same phrases in their
 *    other forms and with words in between, matched on word stems;
 *  - structural cues: a question or a demand for details before any
 *    acknowledgement, help made conditional, the customer's past actions in
 *    "you should have", passing the buck with nothing done, emoji on a
 *    negative case, argument markers and length on a troll case, shouting;
 * and a trained per-rule scorer (reply-scorer.ts) is the second signal: it
 * confirms a weak cue, and alone reports a flaw only when it is sure.
 * A finding carries the span in the reply, why it matters and a better way
 * to say it. The checker stays silent on a polite, specific reply.
 */
import ar from './phrases/ar.json' with { type: 'json' };
import en from './phrases/en.json' with { type: 'json' };
import ro from './phrases/ro.json' with { type: 'json' };
import ru from './phrases/ru.json' with { type: 'json' };
import { CHECK_LANGUAGES, type CheckLanguage, type LanguageSegment, languageSegments, mainLanguage, sentences } from './reply-language.js';
import { grammarRules, type ReplyCues, scoreReply, scorerRules, type TokenSet } from './reply-scorer.js';
import { structureFeatures } from './reply-structure.js';
import { compileStemPattern, matchStemPattern, type StemPattern, type Token, tokenize } from './stem-patterns.js';
import { type FoldedText, foldWithMap, originalSpan } from './text-fold.js';

export { CHECK_LANGUAGES, type CheckLanguage, isCheckLanguage, type LanguageSegment } from './reply-language.js';

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
  non_answer: { severity: 'error', explanation: '"I don\'t know", "not my department" or "ask someone else" reads as incompetence in public.' },
  emotional_tone: {
    severity: 'error',
    explanation: 'An emotional, sarcastic, aggressive or lecturing tone ("calm down", "be constructive") adds fuel to the fire.',
  },
  joke: {
    severity: 'warning',
    explanation: 'A joke in a reply to a negative mention may defuse it or make it worse: humour is a double-edged sword.',
  },
  vague_promise: { severity: 'error', explanation: 'A promise with no date or wait ("soon") is not believed.' },
  details_before_acknowledgement: {
    severity: 'error',
    explanation:
      'Calm first, specifics second: acknowledge an angry customer before asking for details or telling them to "be constructive", and do not make help conditional on them.',
  },
  missing_thanks_or_apology: {
    severity: 'error',
    explanation: 'A reply to a complaint starts with thanks and an apology, then answers on substance.',
  },
  long_troll_reply: { severity: 'error', explanation: 'Do not feed trolls: at most one short, calm reaction, no argument.' },
};

export interface ReplyContext {
  /** The case's kind (constructive, impulsive, trolling…); null if unknown. */
  kind?: string | null;
  sentiment?: string | null;
  /** Whether this is the team's first reply in the case (default true). */
  firstReply?: boolean;
  /** The text of the mention the reply answers. */
  mentionText?: string | null;
}

export interface CheckOptions extends ReplyContext {
  /** The reply's language if the caller knows it; detected when absent (and where the script says otherwise). */
  lang?: CheckLanguage | null;
  /** Classifies the mention when its kind is not given (the edges pass the desk's classifier). */
  classifyMention?: (text: string) => { kind: string; sentiment: string };
  /** Rules and cues only, without the trained scorer (to measure it, and to train it). */
  noScorer?: boolean;
  /** Return what the scorer reads. */
  withFeatures?: boolean;
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
  /** Which signal found it: a phrase list or stem pattern, a structural cue, or the trained scorer. */
  source?: 'phrase' | 'cue' | 'scorer';
}

export interface CheckResult {
  /** The reply's main language. */
  lang: CheckLanguage;
  /** Every language the reply was checked in. */
  languages: CheckLanguage[];
  segments: LanguageSegment[];
  /** The context the reply was judged in (kind and sentiment possibly from the mention). */
  context: { kind: string | null; sentiment: string | null; firstReply: boolean; complaint: boolean; negative: boolean };
  findings: Finding[];
  /** With `withFeatures`: what the scorer read (for training it). */
  features?: { tokenSets: TokenSet[]; cues: ReplyCues };
}

/** The rules whose trained model reads the reply's grammar (reply-structure.ts) and adds a finding only where the rules found none. */
export const SOLO_RULES: ReadonlySet<ReplyRule> = new Set<ReplyRule>(['blames_customer', 'emotional_tone', 'vague_promise', 'non_answer']);

/** The phrase-list keys whose hits are scorer features. */
const HIT_KEYS = [
  'stock_phrase',
  'stock_opener',
  'blames_customer',
  'blame_on_complaint',
  'asks_to_delete',
  'non_answer',
  'emotional_tone',
  'contradiction',
  'joke',
  'vague_promise',
  'time_expressions',
  'help_link_lead',
  'help_pointer',
  'asks_details',
  'thanks',
  'apology',
  'acknowledgement',
  'conditional_help',
  'pass_the_buck',
  'own_action',
  'argument_markers',
];

interface PhraseEntry {
  patterns?: string[];
  stems?: string[];
  suggestion?: string;
}
type PhraseFile = Record<string, PhraseEntry>;

const FILES: Record<CheckLanguage, PhraseFile> = { en, ru, ro, ar };
const LETTER = '\\p{L}\\p{N}';
export const TROLL_REPLY_LIMIT = 280;
/** A reply to a troll longer than this is an argument already (a calm reaction is one short sentence). */
export const TROLL_ARGUMENT_LENGTH = 120;
/** Letters besides a retort that make it an argument with a troll ("That's false: our coverage is 98 %"), not a bare denial. */
const RETORT_CLAIM_LETTERS = 15;
const NEGATIVE_KINDS = ['constructive', 'impulsive', 'trolling', 'black_pr'];
const COMPLAINT_KINDS = ['constructive', 'impulsive'];

/** Pattern text → regex source over folded text: spaces match any run of spaces, `~` continues a word. */
const patternBody = (pattern: string) => pattern.replace(/ \?/g, '\\s*').replace(/ /g, '\\s+').replace(/~/g, `[${LETTER}]*`);

/**
 * A key's patterns → one regex (an alternation: one scan of the reply instead of one per pattern), whole words only.
 * Each pattern is checked on its own first, so that a bad one is named.
 */
function compile(patterns: string[], lang: CheckLanguage): RegExp[] {
  if (!patterns.length) return [];
  // Arabic joins "and"/"so" to the next word: و، ف may precede a phrase (the prepositions and the article are read by scan()).
  const lead = lang === 'ar' ? '(?:[وف])?' : '';
  const bodies = patterns.map((p) => {
    try {
      new RegExp(patternBody(p), 'u');
    } catch (err) {
      throw new Error(`reply checker, ${lang}: bad pattern "${p}": ${(err as Error).message}`);
    }
    return `(?:${patternBody(p)})`;
  });
  // No look-behind: it would run at every position; scan() checks the word boundary before a match instead.
  return [new RegExp(`${lead}(?:${bodies.join('|')})(?![${LETTER}])`, 'gu')];
}

type Compiled = Record<string, { regexes: RegExp[]; stems: StemPattern[]; suggestion: string }>;
const compiled = new Map<CheckLanguage, Compiled>();

function phrases(lang: CheckLanguage): Compiled {
  let c = compiled.get(lang);
  if (!c) {
    c = {};
    for (const [key, entry] of Object.entries(FILES[lang])) {
      c[key] = {
        regexes: compile(entry.patterns ?? [], lang),
        stems: (entry.stems ?? []).map((p) => compileStemPattern(p, lang)),
        suggestion: entry.suggestion ?? '',
      };
    }
    compiled.set(lang, c);
  }
  return c;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Whether a match inside an Arabic word starts right after the prepositions or the article Arabic joins to a word
 * (ب، ل، ك، ال، لل, after و or ف): "بالقسم المختص", "ولعملائنا الكرام" hold "القسم المختص", "عملائنا الكرام". Checked
 * here, on the few matches found inside a word, rather than as an optional prefix in every regex (which made the
 * engine try the whole alternation at nearly every Arabic letter).
 */
function afterArabicClitic(folded: string, i: number): boolean {
  let j = i;
  const two = folded.slice(Math.max(0, j - 2), j);
  if (two === 'ال' || two === 'لل') j -= 2;
  else if (j >= 1 && 'بلك'.includes(folded[j - 1]!)) j -= 1;
  else return false;
  if (j > 0 && 'وف'.includes(folded[j - 1]!)) j -= 1;
  return j === 0 || !WORD_CHAR.test(folded[j - 1]!);
}

/** A pattern's matches that start a word (the regex itself has no look-behind, for speed); in Arabic, or a clitic's end. */
function* scan(re: RegExp, folded: string, clitics = false): Generator<{ index: number; 0: string }> {
  re.lastIndex = 0;
  for (let m = re.exec(folded); m; m = re.exec(folded)) {
    if (m.index > 0 && WORD_CHAR.test(folded[m.index - 1]!) && !(clitics && afterArabicClitic(folded, m.index))) {
      re.lastIndex = m.index + 1;
      continue;
    }
    yield m;
    if (m[0].length === 0) re.lastIndex++;
  }
}

interface Match {
  start: number;
  end: number;
  lang: CheckLanguage;
}

/** Another language's list can only match where its script is (in the folded text). */
const SCRIPT: Record<CheckLanguage, RegExp> = { en: /[a-z]/u, ro: /[a-z]/u, ru: /[а-я]/u, ar: /[\u0600-\u06ff]/u };

/** Everything the phrase lists and stem patterns found, per key, over all the reply's languages (original offsets). */
class Hits {
  private readonly byKey = new Map<string, Match[]>();
  /** Each language present and its segments, in order of first appearance. */
  private readonly byLang = new Map<CheckLanguage, LanguageSegment[]>();
  constructor(
    private readonly text: string,
    private readonly f: FoldedText,
    segments: LanguageSegment[],
    private readonly sentenceOf: (offset: number) => number,
  ) {
    for (const s of segments) this.byLang.set(s.lang, [...(this.byLang.get(s.lang) ?? []), s]);
  }
  private tokens = new Map<CheckLanguage, Token[]>();

  get(key: string): Match[] {
    let out = this.byKey.get(key);
    if (out) return out;
    out = [];
    for (const [lang, mine] of this.byLang) {
      const entry = phrases(lang)[key];
      if (!entry) continue;
      const inside = (o: number) => mine.some((s) => o >= s.start && o < s.end);
      // Not before what the customer could have read: "بتظهر لك في التطبيق" says where something is shown (an answer).
      const clitics = lang === 'ar' && key !== 'blame_on_complaint';
      for (const re of entry.regexes) {
        for (const m of scan(re, this.f.folded, clitics)) {
          const [start, end] = originalSpan(this.f, m.index, m.index + m[0].length);
          if (inside(start)) out.push({ start, end, lang });
        }
      }
      if (entry.stems.length) {
        const tokens = this.tokensOf(lang, mine);
        for (const p of entry.stems) for (const m of matchStemPattern(p, tokens)) out.push({ ...m, lang });
      }
    }
    out.sort((a, b) => a.start - b.start || b.end - a.end);
    this.byKey.set(key, out);
    return out;
  }

  /** A key matched with every language's list over the whole reply: thanks or an apology count in any language ("Sorry!" in an Arabic reply). */
  anyLanguage(key: string): Match[] {
    const k = `any:${key}`;
    let out = this.byKey.get(k);
    if (out) return out;
    out = [...this.get(key)];
    const folded = this.f.folded;
    for (const lang of CHECK_LANGUAGES) {
      if (this.byLang.has(lang) || !SCRIPT[lang].test(folded)) continue;
      for (const re of phrases(lang)[key]?.regexes ?? []) {
        for (const m of scan(re, this.f.folded, lang === 'ar')) {
          const [start, end] = originalSpan(this.f, m.index, m.index + m[0].length);
          out.push({ start, end, lang });
        }
      }
    }
    out.sort((a, b) => a.start - b.start);
    this.byKey.set(k, out);
    return out;
  }

  tokensOf(lang: CheckLanguage, mine = this.byLang.get(lang) ?? []): Token[] {
    let t = this.tokens.get(lang);
    if (!t) {
      t = mine.flatMap((s) => tokenize(this.text, lang, s.start, s.end, this.sentenceOf));
      this.tokens.set(lang, t);
    }
    return t;
  }
}

/** Just before a match (the original text, lower case): a negation ("nu ", "не ", "not ", "won't "). */
const NEGATED = /(?:(?:^|[^\p{L}])(?:nu|не|not|never|niciodată|niciodata|никогда)|n['’]t)\s+$/u;

/** A mention asking how to delete or edit one's own post or review (folded text). */
const REMOVAL_QUESTION = /(?:удал|убрат|delete|remove|sterg|elimin|حذف|احذف|امسح|مسح|اشيل|شيل)/u;

const URL = /\bhttps?:\/\/[^\s<>"')]+|\bwww\.[^\s<>"')]+/giu;
const WORD = /[\p{L}\p{N}]+/gu;
/** The mention's words, for the structure features (apostrophes kept, as the reply's tokens keep them). */
const MENTION_WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;
/** Laughing, winking and playful faces, and text smileys: a joke's marks. */
const PLAYFUL = /[😀😁😂😃😄😅😆😉😊😋😎😏😛😜😝🙃🤣🤪🤭🥳🤓🤡🤗]|(?<![\p{L}\p{N}])(?:[:;=]-?[DPp]|xD|XD)(?![\p{L}\p{N}])|[:;]-?\){2,}|\){3,}/gu;
/**
 * Everyday words that nobody writes in capitals unless shouting ("we ALREADY TOLD you", "NOT our fault", "ВЫ НЕ ПРАВЫ").
 * Brand names, acronyms and signatures in capitals (ORANGE MONEY, IBAN, ^JK, — ANA) contain none of them.
 */
const SHOUTED_WORDS = new Set(
  `you your we our us i me my is are was were be been not no never nothing all always again already told said read stop please now what why how do did does done don't didn't can't won't cannot must have has had the a an and or this that these those there here of to for with on in at again wrong fault rude yes really very so just only ever once more any answered explained checked sent working fine down stop times
вы вас вам ваш ваша мы нас нам наш я не нет да это что как почему все всё уже опять снова еще ещё никогда сколько раз читайте читать внимательно сказали говорили писали надо нужно хватит сами виноваты ваша вина
nu va vă voi noi noastra noastră am ati ați este e sunt deja niciodata niciodată toate tot ce de la in în spus scris mai odata odată cititi citiți atent vina dumneavoastra dumneavoastră`.split(
    /\s+/u,
  ),
);

/** Capitals that shout: a run of words in capitals holding an everyday word, or a reply written mostly in capitals. */
/** A signature at the end of a reply ("— ANA, ECHIPA DE SUPORT", "^JK", "-- Team"): never shouting, whatever its case. */
const SIGNATURE = /(?:\s[—–]|\s--?)\s*[\p{L}][\p{L}.'’&-]*(?:[ ,]+[\p{L}][\p{L}.'’&-]*){0,3}\s*$|\^\p{L}{1,4}\s*$/u;
/** Words no signature holds: "— NOT OUR FAULT" at the end of a reply is shouting, not a name. */
const NOT_A_SIGNATURE = /(?<![\p{L}])(?:not|never|no|wrong|fault|stop|already|told|nu|niciodata|niciodată|не|нет|никогда|хватит)(?![\p{L}])/iu;

/** Two capitals in a row: without them no word is in capitals (most replies), and nothing is shouted. */
const CAPITALS = /\p{Lu}[\p{Lu}']/u;
const CAPITAL_WORD = /(?<![\p{L}])[\p{Lu}][\p{Lu}']+(?![\p{L}])/gu;
const LETTER_CHAR = /\p{L}/gu;

function shouting(text: string): [number, number] | null {
  if (!CAPITALS.test(text)) return null;
  const sig = SIGNATURE.exec(text);
  const body = sig && !NOT_A_SIGNATURE.test(sig[0]) ? text.slice(0, sig.index) : text;
  const words = [...body.matchAll(CAPITAL_WORD)];
  if (!words.length) return null;
  let run: { start: number; end: number; loud: boolean } | null = null;
  for (const m of words) {
    const start = m.index;
    const end = start + m[0].length;
    const loud = SHOUTED_WORDS.has(m[0].toLowerCase());
    if (run && /^[\s,.!?;:'"«»-]*$/u.test(text.slice(run.end, start))) {
      run.end = end;
      run.loud ||= loud;
    } else {
      if (run?.loud) return [run.start, run.end];
      run = { start, end, loud };
    }
  }
  if (run?.loud) return [run.start, run.end];
  let letters = 0;
  let upper = 0;
  for (const [c] of body.replace(URL, '').matchAll(LETTER_CHAR)) {
    letters++;
    if (c !== c.toLowerCase()) upper++;
  }
  if (letters >= 20 && upper / letters > 0.6) return [words[0]!.index, words.at(-1)!.index + words.at(-1)![0].length];
  return null;
}

export function checkReply(text: string, lang?: CheckLanguage | null, context: ReplyContext = {}): Finding[] {
  return checkReplyFull(text, { ...context, lang }).findings;
}

export function checkReplyFull(text: string, options: CheckOptions = {}): CheckResult {
  const segments = languageSegments(text, options.lang ?? null);
  const main = mainLanguage(text, segments);
  const languages = [...new Set(segments.map((s) => s.lang))];
  const sents = sentences(text);
  const sentenceOf = (o: number) => {
    for (let i = 0; i < sents.length; i++) if (o < sents[i]!.end) return i;
    return sents.length;
  };
  const f = foldWithMap(text);
  const hits = new Hits(text, f, segments, sentenceOf);
  const suggestionFor = (key: string, l: CheckLanguage = main) => phrases(l)[key]?.suggestion || phrases(main)[key]?.suggestion || '';

  const findings: Finding[] = [];
  const add = (rule: ReplyRule, span: [number, number] | null, suggestion: string, source: Finding['source'] = 'phrase') =>
    findings.push({
      rule,
      severity: RULES[rule].severity,
      span,
      quote: span ? text.slice(span[0], span[1]) : '',
      explanation: RULES[rule].explanation,
      suggestion,
      source,
    });
  /** Each match as a finding of the rule, with the suggestion of the list it came from (the rule's own by default). */
  const addMatches = (rule: ReplyRule, list: Match[], source: Finding['source'] = 'phrase', key: string = rule) => {
    for (const m of list) add(rule, [m.start, m.end], suggestionFor(key, m.lang), source);
  };

  // The context: the case's kind and sentiment, or the mention's, classified.
  let kind = options.kind ?? null;
  let sentiment = options.sentiment ?? null;
  if (!kind && options.mentionText?.trim() && options.classifyMention) {
    const c = options.classifyMention(options.mentionText);
    kind = c.kind;
    sentiment = sentiment ?? c.sentiment;
  }
  const negative = (kind !== null && NEGATIVE_KINDS.includes(kind)) || sentiment === 'negative';
  const complaint = (kind !== null && COMPLAINT_KINDS.includes(kind)) || ((kind === null || kind === 'neutral') && sentiment === 'negative');
  const first = options.firstReply !== false;
  const troll = kind === 'trolling';

  const stock = hits.get('stock_phrase');
  addMatches('stock_phrase', stock);
  // Openers ("thanks for your patience", "спасибо за обращение", "نأسف لسماع ذلك") are a stamp only among other stamps, or
  // two of them making up the reply ("شكراً لاختيارك خدماتنا، ونتمنى لك يوماً سعيداً").
  const openers = hits.get('stock_opener');
  const separateOpeners = openers.filter((m, i) => i === 0 || m.start >= openers[i - 1]!.end).length;
  if (stock.length || separateOpeners >= 2) addMatches('stock_phrase', openers);
  addMatches('blames_customer', hits.get('blames_customer'));
  // "It is shown on the product page", "worth measuring before ordering", "customers who descale monthly don't…": on a complaint,
  // pointing at what the customer could have read or done is blame (on a question it is the answer).
  if (negative) addMatches('blames_customer', hits.get('blame_on_complaint'));
  // "How do I delete my old review?": on a question about removing one's own post, explaining how is the answer, not a request.
  const removalAsked = kind === 'question' && !!options.mentionText && REMOVAL_QUESTION.test(foldWithMap(options.mentionText).folded);
  if (!removalAsked) addMatches('asks_to_delete', hits.get('asks_to_delete'));
  addMatches('non_answer', hits.get('non_answer'));

  // Passing the buck: "ask the courier / your bank", with nothing done by the team itself.
  const buck = hits.get('pass_the_buck');
  const ownAction = hits.get('own_action');
  if (buck.length && !ownAction.length) addMatches('non_answer', buck.slice(0, 1), 'cue');

  // Tone: the phrase list, plus shouting (!!, ?!, words in capitals — not acronyms, not a signature).
  addMatches('emotional_tone', hits.get('emotional_tone'));
  // Lecturing the customer on how to write ("please be constructive", "давайте без эмоций", "vă rugăm să fiți constructiv",
  // "كن بناءً"): a tone of its own, with its own suggestion; before any acknowledgement it is also a demand (rule 4, below).
  const lecturing = hits.get('lecturing');
  addMatches('emotional_tone', lecturing, 'phrase', 'lecturing');
  // "You're wrong", "Это не так", "كلامك غير صحيح": on a complaint a retort; to a troll it is the argument (long_troll_reply).
  if (!troll) addMatches('emotional_tone', hits.get('contradiction'));
  for (const m of text.matchAll(/[!?]*![!?]*!+[!?]*|\?!+|!\?+/gu))
    add('emotional_tone', [m.index, m.index + m[0].length], suggestionFor('emotional_tone'), 'cue');
  const caps = shouting(text);
  if (caps) add('emotional_tone', caps, suggestionFor('emotional_tone'), 'cue');

  // Jokes and playful emoji matter on a negative case.
  const playful = [...text.matchAll(PLAYFUL)].map((m) => ({ start: m.index, end: m.index + m[0].length, lang: main }));
  if (negative) {
    addMatches('joke', hits.get('joke'));
    addMatches('joke', playful.slice(0, 1), 'cue');
  }

  // A promise with no time: only when no date or wait is given anywhere in the reply.
  // "nu ne ocupăm de asta", "не решим", "we won't look into it": a negated promise is not a vague one.
  const vague = hits.get('vague_promise').filter((m) => !NEGATED.test(text.slice(Math.max(0, m.start - 12), m.start).toLowerCase()));
  const times = hits.get('time_expressions');
  if (vague.length && !times.length) addMatches('vague_promise', vague.slice(0, 1));

  // A bare link: a URL with (almost) nothing else, or a "see our help page" pointer and little more.
  const urls = [...text.matchAll(URL)];
  const rest = text.replace(URL, ' ').replace(/@[\w.]+/gu, ' ');
  const words = rest.match(WORD)?.length ?? 0;
  const lead = hits.get('help_link_lead');
  // A reply with facts of its own (a time, a figure, something the team did) gives the link as an extra.
  const facts = times.length > 0 || /\d/u.test(rest) || hits.get('own_action').length > 0;
  const colonBeforeUrl = urls.some((u) => /[:：]\s*$/u.test(text.slice(0, u.index)));
  if (urls.length) {
    if (words <= 6 || ((lead.length || colonBeforeUrl) && words <= 25 && !facts) || (words <= 12 && !facts)) {
      const u = urls[0]!;
      const span: [number, number] = lead.length ? [Math.min(lead[0]!.start, u.index), u.index + u[0].length] : [u.index, u.index + u[0].length];
      add('bare_link', span, suggestionFor('bare_link'));
    }
  } else {
    const pointer = hits.get('help_pointer');
    if (pointer.length && words <= 25 && !times.length) add('bare_link', [pointer[0]!.start, pointer[0]!.end], suggestionFor('bare_link'), 'cue');
  }

  const thanks = hits.anyLanguage('thanks');
  const apology = hits.anyLanguage('apology');
  const acknowledgements = [...thanks, ...apology, ...hits.anyLanguage('acknowledgement')].sort((a, b) => a.start - b.start);
  const firstAck = acknowledgements[0]?.start ?? Infinity;

  // Calm first, specifics second: a first reply to a complaint asks for details (or any question) only after acknowledging it,
  // and never makes help conditional on them.
  // Questions that ask something: not a rhetorical or joking one, not a request to delete (other rules have those).
  const otherFlaws = [...hits.get('asks_to_delete'), ...hits.get('emotional_tone'), ...hits.get('blames_customer'), ...hits.get('joke'), ...playful];
  const questions = sents
    .filter((s) => /[?؟]\s*$/u.test(text.slice(s.start, s.end)))
    .filter((s) => !/\p{Extended_Pictographic}/u.test(text.slice(s.start, s.end + 3)) && !otherFlaws.some((m) => m.start < s.end && s.start < m.end))
    .map((s) => ({ start: s.start + (text.slice(s.start, s.end).length - text.slice(s.start, s.end).trimStart().length), end: s.end }));
  // PRODUCT.md rule 4: a first reply to an angry customer does not demand "be constructive" (or details) before calming.
  const asks = [...hits.get('asks_details'), ...questions, ...lecturing].sort((a, b) => a.start - b.start);
  const conditional = hits.get('conditional_help');
  if (first && complaint) {
    const ask = asks[0];
    if (ask && ask.start < firstAck)
      add('details_before_acknowledgement', [ask.start, ask.end], suggestionFor('details_before_acknowledgement'), 'cue');
    if (conditional.length)
      add('details_before_acknowledgement', [conditional[0]!.start, conditional[0]!.end], suggestionFor('details_before_acknowledgement'), 'cue');
  }

  if (complaint && first && !thanks.length && !apology.length)
    add('missing_thanks_or_apology', null, suggestionFor('missing_thanks_or_apology'), 'cue');

  const argument = hits.get('argument_markers');
  // A retort to a troll ("That's false:", "Не соглашусь:", "Fals:", "بالعكس", "you're wrong") followed by a claim of the
  // brand's own is the argument, however short; a bare "That is simply not true." is a calm enough reaction.
  const retort = troll ? [...hits.get('troll_retort'), ...hits.get('contradiction')].sort((a, b) => a.start - b.start) : [];
  const claimAfter = (m: Match) => (text.slice(0, m.start) + text.slice(m.end)).replace(/[^\p{L}\p{N}]+/gu, '').length >= RETORT_CLAIM_LETTERS;
  const argued = [...argument, ...retort.filter(claimAfter)];
  if (troll && (text.trim().length > TROLL_ARGUMENT_LENGTH || argued.length))
    add('long_troll_reply', argued.length ? [argued[0]!.start, argued[0]!.end] : null, suggestionFor('long_troll_reply'), 'cue');

  // The trained scorer: a second opinion on the rules it was trained for, asked only where it could add a finding.
  const have = new Set(findings.map((x) => x.rule));
  const mentionKnown = !!options.mentionText?.trim();
  const open = (rule: ReplyRule): boolean => {
    if (have.has(rule)) return false;
    // The grammar-only models of the weak rules speak only on a reply the rules found nothing in (but a missing apology),
    // and tone not on a troll case (a short calm word to a troll is what the rules ask for).
    // They were trained on (mention, reply) pairs only, so they are asked only when the mention's text is known.
    if (SOLO_RULES.has(rule) && (!mentionKnown || [...have].some((r) => r !== 'missing_thanks_or_apology'))) return false;
    if (rule === 'emotional_tone' && troll) return false;
    if (rule === 'joke') return negative;
    if (rule === 'details_before_acknowledgement') return first && complaint;
    if (rule === 'missing_thanks_or_apology') return first && complaint && !thanks.length && !apology.length;
    if (rule === 'long_troll_reply') return troll;
    if (rule === 'bare_link') return urls.length > 0;
    return true;
  };
  const wanted = options.withFeatures || (!options.noScorer && scorerRules().some(open));
  let features: CheckResult['features'];
  if (wanted) {
    const cues: ReplyCues = {
      negative,
      complaint,
      first,
      troll,
      question: questions.length > 0,
      askBeforeAck: asks.length > 0 && asks[0]!.start < firstAck,
      conditional: conditional.length > 0,
      thanks: thanks.length > 0,
      apology: apology.length > 0,
      url: urls.length > 0,
      words,
      playful: playful.length > 0,
      exclamations: (text.match(/!/g) ?? []).length,
      time: times.length > 0,
      buck: buck.length > 0,
      ownAction: ownAction.length > 0,
      argument: argument.length > 0,
      length: text.length,
      hits: HIT_KEYS.filter((k) => hits.get(k).length > 0),
    };
    const tokenSets = languages.map((l) => ({ lang: l, tokens: hits.tokensOf(l) }));
    // The reply's grammar (who each sentence is about, past or future, anything specific, the mention taken up): read
    // only by the word-free models, so worked out only when one of them is asked (or for training).
    const grammar = options.withFeatures || grammarRules().some((r) => SOLO_RULES.has(r) && open(r));
    const mention = grammar && options.mentionText?.trim() ? foldWithMap(options.mentionText).folded : null;
    if (grammar)
      cues.structure = structureFeatures({
        sets: tokenSets,
        mentionWords: mention ? (mention.match(MENTION_WORD) ?? []) : null,
        mentionQuestion: kind === 'question' || (mention !== null && /[?؟]/u.test(mention)),
        time: times.length > 0,
        digit: /\p{N}/u.test(rest),
        questions: questions.length,
        complaint,
      });
    features = { tokenSets, cues };
    if (!options.noScorer) for (const s of scoreReply(tokenSets, cues, open)) add(s.rule, s.span, suggestionFor(s.rule), 'scorer');
  }

  return {
    lang: main,
    languages,
    segments,
    context: { kind, sentiment, firstReply: first, complaint, negative },
    findings: dedupe(findings),
    ...(options.withFeatures ? { features } : {}),
  };
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
