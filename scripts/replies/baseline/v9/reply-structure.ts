/**
 * The reply's grammar, read without phrase lists: who each sentence is about (the customer — "you", "вы", "dumneavoastră",
 * "حضرتك", a "ـك" ending — or the team — "we", "мы", "noi", "احنا", a "ـنا" ending), whether it tells of the past or
 * promises the future, whether it gives anything specific (a figure, a time), and how much of the mention it takes up.
 * These are closed word classes (pronouns, auxiliaries, future markers, negations, contrast and discourse particles),
 * not wordings of a flaw: they are the seventh round's second signal, fed to the trained scorer as features
 * (reply-scorer.ts), for the rules whose wordings the lists could not keep up with (blames_customer, emotional_tone,
 * vague_promise, non_answer). Pure; the tokens are the checker's (folded: lower case, no diacritics, Arabic unified).
 */
import type { Token } from './stem-patterns.js';

type Lang = 'en' | 'ru' | 'ro' | 'ar';
const set = (s: string) => new Set(s.split(' '));

/** Second person: the customer. */
const YOU: Record<Lang, Set<string>> = {
  en: set("you your yours yourself you're you've you'd you'll"),
  ru: set('вы вас вам вами ваш ваша ваше ваши вашего вашей вашему вашим ваших вашу ты тебя тебе твой твоя твое твои'),
  ro: set('dumneavoastra dvs voi va v ati tu te ti tau ta tale vostru voastra vostri voastre'),
  ar: set('انت انتي انتم حضرتك حضرتكم جنابك'),
};
/** First person plural (and singular): the team. */
const WE: Record<Lang, Set<string>> = {
  en: set("we our ours us we're we've we'll we'd i i'm i've i'll me my"),
  ru: set('мы нас нам нами наш наша наше наши нашего нашей нашему нашим наших нашу я меня мне мой моя'),
  ro: set('noi ne nostru noastra nostri noastre eu mi meu mea am'),
  ar: set('نحن احنا احنا نحنا انا'),
};
/** Past markers that are words of their own (auxiliaries); per-language endings below. */
const PAST_WORD: Record<Lang, Set<string>> = {
  en: set("was were wasn't weren't had hadn't did didn't been"),
  ru: set('был была было были'),
  ro: set('fost era erau ati a au am'),
  ar: set('كان كانت كنت كانوا تم لم ما'),
};
/** Future markers: auxiliaries and particles. */
const FUTURE_WORD: Record<Lang, Set<string>> = {
  en: set("will 'll we'll it'll they'll shall going soon"),
  ru: set('будет будут будем буду скоро обязательно'),
  ro: set('vom va vor voi urmeaza curand'),
  ar: set('سوف راح رح ح قريبا هن'),
};
const NEGATION: Record<Lang, Set<string>> = {
  en: set("not no never don't doesn't didn't won't can't cannot isn't aren't wasn't nothing"),
  ru: set('не нет ни никогда ничего нельзя'),
  ro: set('nu niciodata nimic'),
  ar: set('لا لم لن ما مش مو ليس مافي'),
};
const CONTRAST: Record<Lang, Set<string>> = {
  en: set('but however though although yet still'),
  ru: set('но однако зато хотя впрочем'),
  ro: set('dar insa totusi desi'),
  ar: set('لكن بس لكنه ولكن رغم'),
};
/** Discourse particles of insistence and irony ("surely", "well", "ну", "же", "doar", "بصراحة"). */
const PARTICLE: Record<Lang, Set<string>> = {
  en: set('surely honestly well really obviously clearly simply just actually frankly rather'),
  ru: set('ну же ведь уж вообще просто конечно разве неужели'),
  ro: set('doar sincer chiar evident pur totusi oricum macar'),
  ar: set('بصراحة طبعا اصلا يعني مجرد ابدا'),
};
/** Generalisations ("always", "any", "every", "usually"): a rule stated instead of this case. */
const GENERAL: Record<Lang, Set<string>> = {
  en: set('always usually often sometimes any every all generally typically normally periodically'),
  ru: set('всегда обычно иногда любой любые любых все всех каждый каждого периодически'),
  ro: set('mereu intotdeauna obicei uneori orice toate toti fiecare periodic'),
  ar: set('دائما عاده احيانا كل جميع اي غالبا'),
};

/** Obligation ("need to", "must", "нужно", "trebuie", "لازم"): a rule the customer was to follow. */
const MODAL: Record<Lang, Set<string>> = {
  en: set('need needs needed must should required have has'),
  ru: set('нужно надо следует необходимо должны должен должна нужна нужен требуется'),
  ro: set('trebuie trebuia trebuiau necesar obligatoriu'),
  ar: set('لازم يجب ينبغي المفروض مطلوب ضروري'),
};
/** Condition ("if", "если", "dacă", "لو", "إذا"). */
const CONDITION: Record<Lang, Set<string>> = {
  en: set('if unless once when'),
  ru: set('если бы когда'),
  ro: set('daca cand ar'),
  ar: set('لو اذا إذا لما'),
};

const isLang = (l: string): l is Lang => l === 'en' || l === 'ru' || l === 'ro' || l === 'ar';

function youForm(lang: Lang, w: string): boolean {
  if (YOU[lang].has(w)) return true;
  if (lang === 'ro') return /^(v|va|ti)-/u.test(w) || /ati$/u.test(w);
  // "حسابك", "بطاقتك", "معك", "تلغيه": a second-person ending or a second-person present prefix with a known ending.
  if (lang === 'ar') return w.length >= 4 && /ك$/u.test(w) && !/(ذلك|تلك|لذلك|كذلك|هناك|مشترك|مبارك)$/u.test(w);
  return false;
}
function weForm(lang: Lang, w: string): boolean {
  if (WE[lang].has(w)) return true;
  // "сообщим", "поправим", "вернули" are ambiguous; Russian first person plural present/future ends in -ем/-им.
  if (lang === 'ru') return w.length >= 5 && /(ем|им)$/u.test(w);
  if (lang === 'ro') return /^(ne|ni)-/u.test(w) || (w.length >= 5 && /(am|em|im)$/u.test(w));
  // "ارجعنا", "نعتذر", "بنرسل": a first-person plural ending or prefix.
  if (lang === 'ar') return (w.length >= 4 && /نا$/u.test(w)) || /^(ن|بن|هن|من)[\u0621-\u064A]{3,}$/u.test(w);
  return false;
}
function pastForm(lang: Lang, w: string): boolean {
  if (PAST_WORD[lang].has(w)) return true;
  if (lang === 'en') return w.length >= 5 && /ed$/u.test(w);
  if (lang === 'ru') return w.length >= 4 && /(л|ла|ло|ли|лся|лась|лись)$/u.test(w);
  if (lang === 'ro') return w.length >= 5 && /(at|ut|it|ata|uta|ita)$/u.test(w);
  return false;
}
function futureForm(lang: Lang, w: string): boolean {
  if (FUTURE_WORD[lang].has(w)) return true;
  if (lang === 'en') return /'ll$/u.test(w);
  if (lang === 'ro') return /^o$/u.test(w);
  // "سنفيدك", "سيتم", "ستصلك", "هنتصرف", "بيشتغل" (Egyptian and Levantine present-future).
  if (lang === 'ar') return /^(سن|سي|ست|سا|هن|هي|هت|حن|حي|حت)[\u0621-\u064A]{2,}$/u.test(w);
  return false;
}

const bucket = (n: number, edges: number[]) => {
  let i = 0;
  while (i < edges.length && n > edges[i]!) i++;
  return i;
};

/** Content-word prefixes of a text (5 letters of each word of 4 letters or more): language-blind overlap. */
export function contentKeys(words: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const w of words) if (w.length >= 4 && !/^\p{N}+$/u.test(w)) out.add(w.slice(0, 5));
  return out;
}

export interface StructureInput {
  /** Per language, the reply's tokens (the checker's). */
  sets: { lang: string; tokens: Token[] }[];
  /** The folded words of the mention, if known. */
  mentionWords: string[] | null;
  /** Whether the mention asks something (ends with a question mark or is classified a question). */
  mentionQuestion: boolean;
  /** Whether the reply gives a time or date (the checker's list) or any figure. */
  time: boolean;
  digit: boolean;
  /** Question marks in the reply. */
  questions: number;
  /** The case: a complaint (constructive or impulsive, or negative with no kind). */
  complaint: boolean;
}

/** The structure of a reply as feature names (`st:…`), for the scorer. */
export function structureFeatures(x: StructureInput): string[] {
  const out = new Set<string>();
  let youSentences = 0;
  let youOnly = 0;
  let youPast = 0;
  let pastNoWe = 0;
  let futureSentences = 0;
  let weFuture = 0;
  let negations = 0;
  let contrast = 0;
  let particles = 0;
  let general = 0;
  let sentences = 0;
  let youModal = 0;
  let modalNoWe = 0;
  let youCondition = 0;
  let pastCondition = 0;
  const replyWords: string[] = [];
  for (const { lang, tokens } of x.sets) {
    if (!isLang(lang)) continue;
    const bySentence = new Map<number, Token[]>();
    for (const t of tokens) {
      const s = bySentence.get(t.sentence);
      if (s) s.push(t);
      else bySentence.set(t.sentence, [t]);
      replyWords.push(t.word);
    }
    for (const words of bySentence.values()) {
      sentences++;
      let you = false;
      let we = false;
      let past = false;
      let future = false;
      let modal = false;
      let condition = false;
      for (const { word: w } of words) {
        if (MODAL[lang].has(w)) modal = true;
        if (CONDITION[lang].has(w)) condition = true;
        if (youForm(lang, w)) you = true;
        if (weForm(lang, w)) we = true;
        if (pastForm(lang, w)) past = true;
        if (futureForm(lang, w)) future = true;
        if (NEGATION[lang].has(w)) negations++;
        if (CONTRAST[lang].has(w)) contrast++;
        if (PARTICLE[lang].has(w)) particles++;
        if (GENERAL[lang].has(w)) general++;
      }
      if (you) youSentences++;
      if (you && !we) youOnly++;
      if (you && past) youPast++;
      if (past && !we) pastNoWe++;
      if (future) futureSentences++;
      if (future && we) weFuture++;
      if (modal && you) youModal++;
      if (modal && !we) modalNoWe++;
      if (condition && you) youCondition++;
      if (condition && past) pastCondition++;
    }
  }
  const specific = x.time || x.digit;
  out.add(`st:you:${bucket(youSentences, [0, 1])}`);
  out.add(`st:youOnly:${bucket(youOnly, [0, 1])}`);
  if (youPast) out.add('st:youPast');
  if (pastNoWe) out.add(`st:pastNoWe:${bucket(pastNoWe, [0, 1])}`);
  if (futureSentences) out.add(specific ? 'st:future:specific' : 'st:future:unspecific');
  if (weFuture && !specific) out.add('st:weFuture:unspecific');
  out.add(specific ? 'st:specific' : 'st:nothingSpecific');
  out.add(`st:neg:${bucket(negations, [0, 1])}`);
  if (contrast) out.add('st:contrast');
  if (particles) out.add(`st:particle:${bucket(particles, [0, 1])}`);
  if (general) out.add('st:general');
  if (youModal) out.add('st:youModal');
  if (modalNoWe) out.add('st:modalNoWe');
  if (youCondition) out.add('st:youCondition');
  if (pastCondition) out.add('st:pastCondition');
  if (x.questions) out.add('st:replyAsks');
  out.add(`st:sentences:${bucket(sentences, [1, 2, 3])}`);
  if (x.mentionWords) {
    const m = contentKeys(x.mentionWords);
    const r = contentKeys(replyWords);
    let shared = 0;
    for (const k of m) if (r.has(k)) shared++;
    const covered = m.size ? shared / m.size : 0;
    const novel = r.size - shared;
    out.add(`st:covers:${bucket(covered, [0, 0.2, 0.5])}`);
    out.add(`st:novel:${bucket(novel, [2, 5, 9])}`);
    if (x.mentionQuestion) out.add(specific ? 'st:question:specific' : 'st:question:unspecific');
    if (!shared && !specific) out.add('st:offTopic');
  }
  if (x.complaint) out.add('st:complaint');
  // Pairs: the linear scorer reads a combination (a sentence about the customer's past with a contrast…) only as a feature.
  const base = [...out];
  for (let i = 0; i < base.length; i++) for (let j = i + 1; j < base.length; j++) out.add(`${base[i]}&${base[j]!.slice(3)}`);
  return [...out];
}
