// The seventh round (issue 13): the reply's grammar as a second signal (reply-structure.ts) and the word-free models
// that read it. Texts here are written for the tests, not taken from any held-out set.
import { afterEach, describe, expect, it } from 'vitest';
import { checkReplyFull, type ReplyRule } from './reply-checker.js';
import { setScorerModel } from './reply-scorer.js';
import { type StructureInput, structureFeatures } from './reply-structure.js';
import { tokenize } from './stem-patterns.js';
import { foldWithMap } from './text-fold.js';

const complaint = { kind: 'constructive', sentiment: 'negative', firstReply: true };
const rules = (text: string, mentionText: string | null, ctx: object = complaint) =>
  checkReplyFull(text, { ...ctx, mentionText }).findings.map((f) => `${f.rule}/${f.source}`);

/** The structure features of a one-language reply (the checker's tokens, one sentence per full stop). */
function structure(lang: 'en' | 'ru' | 'ro' | 'ar', text: string, mention: string | null, extra: Partial<StructureInput> = {}): string[] {
  const { folded } = foldWithMap(text);
  const ends = [...folded.matchAll(/[.!?؟]/gu)].map((m) => m.index);
  const tokens = tokenize(folded, lang, 0, folded.length, (o) => ends.filter((e) => e < o).length);
  return structureFeatures({
    sets: [{ lang, tokens }],
    mentionWords: mention ? (foldWithMap(mention).folded.match(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu) ?? []) : null,
    mentionQuestion: false,
    time: false,
    digit: /\d/u.test(text),
    questions: 0,
    complaint: true,
    ...extra,
  }).filter((f) => !f.includes('&'));
}

describe('reply structure (the grammar signal)', () => {
  it('tells a sentence about the customer’s past from one about what the team did', () => {
    expect(structure('en', 'You reported it on the wrong form.', null)).toEqual(expect.arrayContaining(['st:youOnly:1', 'st:youPast']));
    expect(structure('en', 'We replaced the part yesterday.', null)).not.toContain('st:youPast');
    expect(structure('ru', 'Вы сами выбрали этот тариф.', null)).toEqual(expect.arrayContaining(['st:youPast']));
    expect(structure('ro', 'Ați bifat reînnoirea automată.', null)).toContain('st:youOnly:1');
    expect(structure('ar', 'حسابك كان مفعّل فيه التجديد.', null)).toContain('st:youOnly:1');
  });

  it('reads a promise without a time as unspecific, and with a figure as specific', () => {
    expect(structure('en', "We'll get back to you.", null)).toEqual(expect.arrayContaining(['st:future:unspecific', 'st:weFuture:unspecific']));
    expect(structure('en', "We'll call you on the 12th.", null)).toContain('st:future:specific');
    expect(structure('ro', 'Vom reveni cu detalii.', null)).toContain('st:future:unspecific');
    expect(structure('ar', 'سنتواصل معك.', null)).toContain('st:future:unspecific');
    expect(structure('ru', 'Всё будет хорошо.', null)).toContain('st:future:unspecific');
  });

  it('measures how much of the mention the reply takes up, in any language', () => {
    const mention = 'My heating has been broken since Monday';
    expect(structure('en', 'Sorry about the heating: an engineer is booked.', mention)).not.toContain('st:covers:0');
    expect(structure('en', 'Thanks for getting in touch with us.', mention)).toEqual(expect.arrayContaining(['st:covers:0', 'st:offTopic']));
    expect(structure('en', 'Thanks for getting in touch with us.', null).some((f) => f.startsWith('st:covers'))).toBe(false);
  });
});

describe('the gates of the word-free models (a model of our own, to test the checker, not the weights)', () => {
  afterEach(() => setScorerModel(null));
  // A model that says "yes" to every reply: only the checker's gates stand between it and a finding.
  const always = (rule: ReplyRule) => setScorerModel({ bits: 16, rules: { [rule]: { threshold: 0.5, lexical: false, w: { [0]: 0 } } } });
  // Weight 0 everywhere gives p = 0.5: at threshold 0.5 it fires wherever it is asked.
  it('adds only where the rules found nothing else, not on a troll, and only with the mention', () => {
    always('emotional_tone');
    const mention = 'The hoover stopped working';
    expect(rules('Thank you, we replaced it on Monday.', mention)).toContain('emotional_tone/scorer');
    expect(rules('Thank you, we replaced it on Monday.', null)).not.toContain('emotional_tone/scorer');
    // Another rule's finding (a stock phrase) keeps the model quiet.
    expect(rules('We apologise for any inconvenience caused. We replaced it on Monday.', mention)).not.toContain('emotional_tone/scorer');
    expect(rules('Have a nice evening.', 'lol your brand is a joke', { kind: 'trolling', sentiment: 'negative' })).not.toContain(
      'emotional_tone/scorer',
    );
  });
});

describe('polite, specific replies stay clean with the mention known, and signatures never shout', () => {
  const clean: [string, string][] = [
    [
      'The lift in my building has been broken for a week',
      'Sorry about the lift, and thanks for reporting it. An engineer is booked for Wednesday 9:00–12:00 and a new control board has been ordered.',
    ],
    ['Лифт не работает неделю', 'Извините за лифт, спасибо, что сообщили. Мастер придёт в среду с 9 до 12, новую плату уже заказали.'],
    [
      'Liftul nu merge de o săptămână',
      'Ne pare rău pentru lift și mulțumim că ne-ați anunțat. Tehnicianul vine miercuri între 9 și 12, iar placa nouă a fost comandată.',
    ],
    ['المصعد معطل من أسبوع', 'نعتذر عن عطل المصعد وشكراً على البلاغ. الفني يجي يوم الأربعاء من ٩ إلى ١٢، والقطعة الجديدة انطلبت.'],
    ['The lift is broken', 'Sorry, and thank you for telling us. The engineer comes on Wednesday at 10:00. — TOM, BUILDING TEAM'],
    ['Лифт сломан', 'Извините и спасибо, что написали. Мастер придёт в среду в 10:00. — ИРИНА, УПРАВЛЯЮЩАЯ КОМПАНИЯ'],
  ];
  for (const [mention, text] of clean) it(text.slice(0, 40), () => expect(rules(text, mention)).toEqual([]));
});
