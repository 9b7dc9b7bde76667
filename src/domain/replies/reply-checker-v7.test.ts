import { describe, expect, it } from 'vitest';
import { checkReplyFull, type ReplyContext, type ReplyRule } from './reply-checker.js';

// The sixth round (corpus 6): vague promises, blame in other words, defensive tone, buck-passing and stock phrases
// in new forms. The replies are written here for the tests (none is a corpus line); the clean ones say nearly the same
// with an apology, a fact or a date.
const complaint: ReplyContext = { kind: 'constructive', sentiment: 'negative' };
const impulsive: ReplyContext = { kind: 'impulsive', sentiment: 'negative' };
const trolling: ReplyContext = { kind: 'trolling', sentiment: 'negative' };
const rules = (text: string, ctx: ReplyContext = complaint) => checkReplyFull(text, { ...ctx, noScorer: true }).findings.map((f) => f.rule);

describe('sixth-round families are found', () => {
  it.each<[string, ReplyRule, ReplyContext?]>([
    ['Sorry, Kim. We are on the case and will come back to you once we know more.', 'vague_promise'],
    ['Ne pare rău. Un coleg vă va contacta.', 'vague_promise'],
    ['Извините. Специалисты трудятся над устранением сбоя.', 'vague_promise'],
    ['آسفين. الخدمة قريب هتتحل.', 'vague_promise'],
    ['Thanks for the note, we will take it on board.', 'vague_promise'],
    ['Спасибо, посмотрим, что можно сделать.', 'vague_promise'],
    ['Sorry. The shelves need anchoring, as the instruction leaflet explains.', 'blames_customer'],
    ['Sorry! The vase was perfect when it left us.', 'blames_customer'],
    ['Извините. Штраф пришёл, потому что в вашем профиле не был указан номер.', 'blames_customer'],
    ['Ne pare rău. Opțiunea trebuia bifată la plată.', 'blames_customer'],
    ['نعتذر. هالشي يصير كثير مع الشواحن التجارية.', 'blames_customer'],
    ['Thanks. With respect, that is part of the experience.', 'emotional_tone'],
    ['Sorry you feel that way, but our chefs are award-winning.', 'emotional_tone', impulsive],
    ['Спасибо. Кроме вас никто на шум не жаловался.', 'emotional_tone'],
    ['Mulțumim. Asemenea acuzații sunt grave.', 'emotional_tone', impulsive],
    ['شكراً. زي ما وضحنا في ردودنا السابقة، الموضوع ياخذ وقت.', 'emotional_tone'],
    ['Thanks. The lockers are run by an outside security company, so there is not much we can do.', 'non_answer'],
    ['Извините. Мы только платформа, у нас такой информации нет.', 'non_answer'],
    ['Ne pare rău, n-avem idee.', 'non_answer'],
    ['Thank you for your continued patience and understanding.', 'stock_phrase'],
    ['Благодарим за обращение. Мы серьёзно относимся к каждому отзыву.', 'stock_phrase'],
  ])('"%s" → %s', (text, rule, ctx) => {
    expect(rules(text, ctx)).toContain(rule);
  });

  it('a short reply to a troll with "Объясним:" is an argument', () => {
    expect(rules('Нет. Объясним: у нас лицензия и аудит.', trolling)).toContain('long_troll_reply');
  });
});

describe('their clean look-alikes stay clean', () => {
  it.each([
    'Sorry, Kim: the part arrives on Tuesday and the engineer comes on Wednesday between 9 and 12.',
    'Colegii de la IT au reparat serverul azi la 10:00; ne cerem scuze pentru întârziere.',
    'Простите, пожалуйста. Постараемся — нет, исправим: курьер привезёт заказ завтра до 12:00.',
    'Жаль, что так вышло, и спасибо, что написали. Деньги вернули сегодня.',
    'Sorry — that was our mistake. The shelves were sent without wall plugs; a set is in the post today.',
    'Thank you for your patience, Anna. Your refund of €40 was sent this morning.',
  ])('"%s"', (text) => {
    expect(rules(text)).toEqual([]);
  });

  it('"Sorry you feel that way" alone is not flagged as tone', () => {
    expect(rules('Sorry you feel that way. We are here if you need us.', { kind: 'trolling', sentiment: 'negative' })).not.toContain(
      'emotional_tone',
    );
  });
});
