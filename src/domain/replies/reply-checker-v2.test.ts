import { describe, expect, it } from 'vitest';
import { checkReply, checkReplyFull, type ReplyContext, type ReplyRule } from './reply-checker.js';
import { languageSegments } from './reply-language.js';
import { setScorerModel } from './reply-scorer.js';
import { compileStemPattern, matchStemPattern, tokenize } from './stem-patterns.js';
import { stem } from '../text/stemming.js';

const complaint: ReplyContext = { kind: 'constructive', sentiment: 'negative' };
const angry: ReplyContext = { kind: 'impulsive', sentiment: 'negative' };
const troll: ReplyContext = { kind: 'trolling', sentiment: 'negative' };
const rules = (text: string, ctx: ReplyContext) => checkReplyFull(text, { ...ctx, noScorer: true }).findings.map((f) => f.rule);

describe('reply checker, second generation: the misses of issue 13 (rules and cues alone, without the scorer)', () => {
  const MISSES: [string, ReplyContext, ReplyRule][] = [
    // blame in other words
    ['Надо было внимательнее читать условия акции', complaint, 'blames_customer'],
    ['Trebuia să verificați adresa înainte de comandă', complaint, 'blames_customer'],
    ['كان لازم تقرأ الشروط قبل الطلب', complaint, 'blames_customer'],
    // a stock phrase in another form
    ['Regretăm neplăcerile cauzate', complaint, 'stock_phrase'],
    ['Приносим извинения за причинённые неудобства', complaint, 'stock_phrase'],
    // demanding specifics before calming, politely or conditionally
    ['Чтобы помочь, пришлите номер договора, дату и сумму платежа', complaint, 'details_before_acknowledgement'],
    ['Vă putem ajuta doar dacă ne trimiteți numărul comenzii și data', complaint, 'details_before_acknowledgement'],
    // a polite non-answer that passes the buck
    ['Это вопрос к курьерской службе, обратитесь к ним', complaint, 'non_answer'],
    ['هذا ليس من اختصاصنا، تواصل مع شركة الشحن', complaint, 'non_answer'],
    // a joke with an emoji on a complaint
    ['Зато теперь вы знаете нашу мелодию наизусть 😄', complaint, 'joke'],
    // a long argument with a troll
    ['Вы ошибаетесь, и вот почему: во-первых…', troll, 'long_troll_reply'],
    // no thanks or apology on a complaint
    ["We'd like to take a closer look. Please DM us", complaint, 'missing_thanks_or_apology'],
  ];
  for (const [text, ctx, rule] of MISSES) {
    it(`finds ${rule} in "${text}"`, () => {
      const found = checkReplyFull(text, { ...ctx, noScorer: true }).findings;
      expect(found.map((f) => f.rule)).toContain(rule);
      const f = found.find((x) => x.rule === rule)!;
      if (f.span) expect(text.slice(f.span[0], f.span[1])).toBe(f.quote);
      expect(f.suggestion.length).toBeGreaterThan(10);
    });
  }

  it('finds paraphrases of the same flaws in each language', () => {
    expect(rules('Извините нас за все эти неудобства, разберёмся.', complaint)).toContain('stock_phrase');
    expect(rules('Sorry, you should have checked the size chart before ordering.', complaint)).toContain('blames_customer');
    expect(rules('Vă rugăm să vă revizuiți recenzia, problema a fost rezolvată. Mulțumim!', complaint)).toContain('asks_to_delete');
    expect(rules('Thanks for writing. Could you please update your review now that it is sorted?', complaint)).toContain('asks_to_delete');
    expect(rules('Sorry about that. You will need to contact your bank about the charge.', complaint)).toContain('non_answer');
    expect(rules('Ne pare rău, adresați-vă curierului, ei se ocupă de livrare.', complaint)).toContain('non_answer');
    expect(rules('Sorry! We can only help once you send us the receipt.', complaint)).toContain('details_before_acknowledgement');
    expect(rules('نعتذر، لا يمكننا مساعدتك إلا إذا أرسلت رقم الطلب.', complaint)).toContain('details_before_acknowledgement');
    expect(rules('Firstly, our prices are the lowest in town. Secondly, nobody forces you to buy.', troll)).toContain('long_troll_reply');
    expect(rules('أولاً، أنت مخطئ في كلامك.', troll)).toContain('long_troll_reply');
    expect(rules('Sorry for the delay! At least now you know the whole menu by heart 😅', complaint)).toContain('joke');
  });

  it('passing the buck is fine when the team does its own part', () => {
    expect(
      rules("Sorry about the charge, and thanks for flagging it. I've contacted the bank myself; you'll hear from me by 5 pm today.", complaint),
    ).not.toContain('non_answer');
  });
});

describe("the reply's own language", () => {
  it('checks a Russian reply on a Romanian case in Russian: real problems found, no false "missing apology"', () => {
    const clean = checkReplyFull('Спасибо, что написали, и простите за задержку. Курьер привезёт заказ завтра до 18:00.', {
      lang: 'ro',
      ...complaint,
      noScorer: true,
    });
    expect(clean.lang).toBe('ru');
    expect(clean.findings).toEqual([]);
    const bad = checkReplyFull('Спасибо. Приносим извинения за причинённые неудобства, надо было внимательнее читать условия.', {
      lang: 'ro',
      ...complaint,
      noScorer: true,
    });
    expect(bad.lang).toBe('ru');
    expect(bad.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['stock_phrase', 'blames_customer']));
    expect(bad.findings.map((f) => f.rule)).not.toContain('missing_thanks_or_apology');
    expect(bad.findings.find((f) => f.rule === 'stock_phrase')!.suggestion).toMatch(/[а-я]/);
  });

  it('checks an English reply on an Arabic case in English', () => {
    const clean = checkReplyFull("Thank you for telling us, and I'm sorry the parcel is late. It will arrive tomorrow before 6 pm.", {
      lang: 'ar',
      ...complaint,
      noScorer: true,
    });
    expect(clean.lang).toBe('en');
    expect(clean.findings).toEqual([]);
    const bad = checkReplyFull('We apologize for any inconvenience. You should have read the terms.', { lang: 'ar', ...complaint, noScorer: true });
    expect(bad.lang).toBe('en');
    expect(bad.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['stock_phrase', 'blames_customer']));
    expect(bad.findings.map((f) => f.rule)).not.toContain('missing_thanks_or_apology');
  });

  it('checks a mixed reply in each language present', () => {
    const text = 'Ne pare rău pentru întârziere, comanda ajunge mâine. Приносим извинения за доставленные неудобства.';
    const r = checkReplyFull(text, { ...complaint, noScorer: true });
    expect(r.languages.sort()).toEqual(['ro', 'ru']);
    const stock = r.findings.find((f) => f.rule === 'stock_phrase')!;
    expect(stock.quote).toMatch(/^Приносим извинения/);
    expect(r.findings.map((f) => f.rule)).not.toContain('missing_thanks_or_apology');
  });

  it('a signature or brand name in another script does not make a segment of its own', () => {
    expect(languageSegments('Спасибо, что написали! Исправим сегодня. — Ana, Orange').map((s) => s.lang)).toEqual(['ru']);
    expect(languageSegments('شكراً لك، سنصلح ذلك اليوم. ^JK').map((s) => s.lang)).toEqual(['ar']);
  });
});

describe('context: the mention the reply answers', () => {
  it('asks for thanks and an apology on a complaint, not on a question or praise', () => {
    const reply = 'The store opens at 9:00 on weekdays.';
    expect(rules(reply, complaint)).toContain('missing_thanks_or_apology');
    expect(rules(reply, { kind: 'question', sentiment: 'neutral' })).toEqual([]);
    expect(rules(reply, { kind: 'praise', sentiment: 'positive' })).toEqual([]);
  });

  it('classifies the mention when no kind is given', () => {
    const classify = (t: string) => (t.includes('?') ? { kind: 'question', sentiment: 'neutral' } : { kind: 'constructive', sentiment: 'negative' });
    const reply = 'The store opens at 9:00 on weekdays.';
    expect(checkReplyFull(reply, { mentionText: 'When do you open?', classifyMention: classify, noScorer: true }).findings).toEqual([]);
    const r = checkReplyFull(reply, {
      mentionText: 'Your store was closed at 10 on Monday, I came for nothing.',
      classifyMention: classify,
      noScorer: true,
    });
    expect(r.context.complaint).toBe(true);
    expect(r.findings.map((f) => f.rule)).toContain('missing_thanks_or_apology');
  });

  it('a later reply need not start with thanks and may ask first', () => {
    expect(rules('Could you send the order number?', { ...complaint, firstReply: false })).toEqual([]);
  });
});

describe('precision: polite, specific replies stay clean', () => {
  const CLEAN: [string, ReplyContext][] = [
    [
      'Thank you for telling us, and sorry about the mix-up — the courier company lost the parcel. I have already opened a claim with them (ref. 5521) and a new parcel goes out today.',
      complaint,
    ],
    ['Sorry for the trouble, and thanks for your message. Could you send me the order number so I can check with the warehouse right away?', angry],
    [
      'Thanks for writing, and I am sorry about the double charge. The refund of 20 EUR went out today; your bank shows it within 3 business days. — Ana, support team',
      complaint,
    ],
    ['Thank you and sorry for the wait! Your new SIM card ships tomorrow via DPD. ^JK', complaint],
    [
      'Sorry about this, and thanks for the details. The ORANGE MONEY app had an outage this morning; it is back since 11:30. — ORANGE MOLDOVA',
      complaint,
    ],
    ['Спасибо, что написали, и простите за путаницу. Мы уже связались с курьерской службой: заказ привезут завтра до 14:00.', complaint],
    ['Vă mulțumim și ne pare rău pentru întârziere. Am contactat deja curierul: coletul ajunge mâine până la ora 12. — Echipa Orange', complaint],
    ['شكراً لتواصلك ونعتذر عن التأخير. تواصلنا مع شركة الشحن وسيصلك الطلب غداً قبل الساعة 2 ظهراً.', complaint],
    ['We hear you. If something went wrong with an order, write to us.', troll],
    ['Thanks a lot, glad you liked it! 😄', { kind: 'praise', sentiment: 'positive' }],
  ];
  for (const [text, ctx] of CLEAN) it(`"${text.slice(0, 60)}…"`, () => expect(checkReply(text, null, ctx)).toEqual([]));

  it('signatures and acronyms in capitals are never shouting; real shouting is', () => {
    expect(rules('Thanks and sorry! Your PIN and IBAN are in the SMS we sent today. ^JK', complaint)).toEqual([]);
    expect(rules('Sorry, but we ALREADY TOLD you this.', complaint)).toContain('emotional_tone');
  });
});

describe('stem patterns', () => {
  it('match other forms and allow gaps, within one sentence', () => {
    const p = compileStemPattern('извин* ..4 неудобств*', 'ru');
    const text = 'Извините нас за все эти неудобства. Извините. Неудобства.';
    const tokens = tokenize(text, 'ru', 0, text.length, (o) => (o < 36 ? 0 : o < 46 ? 1 : 2));
    expect(matchStemPattern(p, tokens).map((m) => text.slice(m.start, m.end))).toEqual(['Извините нас за все эти неудобства']);
    const q = compileStemPattern('regret neplacer*', 'ro');
    const t2 = 'Regretăm neplăcerile';
    expect(
      matchStemPattern(
        q,
        tokenize(t2, 'ro', 0, t2.length, () => 0),
      ),
    ).toHaveLength(1);
  });
});

describe('the scorer', () => {
  it('adds a finding only when a trained rule is sure, and never on a clean reply', () => {
    // A tiny model: the word "kindly" weighs towards stock_phrase.
    const bits = 16;
    const hash = (s: string) => {
      let h = 0x811c9dc5;
      for (let i = 0; i < s.length; i++) {
        h ^= s.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
      }
      return (h >>> 0) & ((1 << bits) - 1);
    };
    setScorerModel({ bits, rules: { stock_phrase: { threshold: 0.9, w: { [hash('bias')]: -3, [hash(`en:${stem('kindly', 'en')}`)]: 8 } } } });
    try {
      const found = checkReply('Thanks, and sorry. Kindly note the refund goes out today.', 'en', complaint);
      expect(found.map((f) => [f.rule, f.source])).toEqual([['stock_phrase', 'scorer']]);
      expect(found[0]!.quote).toMatch(/Kindly note/);
      expect(checkReply('Thanks, and sorry. The refund goes out today.', 'en', complaint)).toEqual([]);
    } finally {
      setScorerModel(null);
    }
  });
});
