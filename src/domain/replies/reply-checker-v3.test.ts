import { describe, expect, it } from 'vitest';
import { checkReplyFull, type ReplyContext, type ReplyRule } from './reply-checker.js';

// The second round on the weak rules (emotional_tone, blames_customer, non_answer, vague_promise, asks_to_delete):
// replies written here for the tests, in the styles of corpus 2's train lines (none is a corpus line).
const complaint: ReplyContext = { kind: 'constructive', sentiment: 'negative' };
const later: ReplyContext = { kind: 'constructive', sentiment: 'negative', firstReply: false };
const question: ReplyContext = { kind: 'question', sentiment: 'neutral' };
const idea: ReplyContext = { kind: 'idea', sentiment: 'positive' };
const rules = (text: string, ctx: ReplyContext) => checkReplyFull(text, { ...ctx, noScorer: true }).findings.map((f) => f.rule);

const CATCHES: [string, ReplyContext, ReplyRule][] = [
  // emotional_tone: "as we already explained", condescension, sarcasm, "go elsewhere"
  ["As we've already explained, the lift is waiting for a part. Tweeting about it won't make it arrive any faster.", later, 'emotional_tone'],
  [
    "Thanks for the feedback. We're a bakery, not a 24-hour supermarket — if you'd rather shop elsewhere, that's your call.",
    complaint,
    'emotional_tone',
  ],
  ['Спасибо, что написали. Как мы уже объясняли выше, возврат идёт до 10 дней, повторять одно и то же мы не будем.', later, 'emotional_tone'],
  ['Спасибо за отзыв. Доставка платная — не нравится, так закажите у конкурентов, мы никого не держим.', complaint, 'emotional_tone'],
  ['Vă mulțumim. V-am scris de trei ori că livrarea e marți. Citiți mesajele noastre de mai sus.', later, 'emotional_tone'],
  ['Ne pare rău, dar nu suntem magicieni: e iarnă, iar trenurile întârzie.', complaint, 'emotional_tone'],
  ['شكراً لتواصلك. الرد موجود في الأعلى، نرجو قراءة المحادثة قبل تكرار السؤال.', later, 'emotional_tone'],
  ['نعتذر، بس المواعيد مو على كيفك، النظام هو اللي يحددها.', complaint, 'emotional_tone'],
  // blames_customer: what the customer could have read or done, other customers who do it right, "per the terms you accepted"
  [
    "Sorry to hear that. The delivery window is shown on the confirmation screen, and it's always worth checking it before ordering.",
    complaint,
    'blames_customer',
  ],
  [
    "Thanks for getting in touch. Members who cancel through the app before the 1st don't get charged for the next month.",
    complaint,
    'blames_customer',
  ],
  ["Sorry for the trouble. If you'd registered the warranty within 30 days, you'd be covered.", later, 'blames_customer'],
  ['Простите за неудобства. Размер указан на странице товара, его стоит проверять перед заказом.', complaint, 'blames_customer'],
  ['Спасибо, что написали. Покупатели, которые хранят сыр в холодильнике, с таким не сталкиваются — нет.', complaint, 'blames_customer'],
  [
    'Ne pare rău. Ora plecării este afișată clar pe bilet și în aplicație, vă recomandăm să o verificați înainte de călătorie.',
    complaint,
    'blames_customer',
  ],
  ['Ne pare rău pentru situație. Clienții care actualizează aplicația nu întâmpină această eroare.', complaint, 'blames_customer'],
  ['نعتذر منك! بس المقاسات موجودة في صفحة كل منتج، ودايماً ننصح العملاء يشوفوها قبل الطلب.', complaint, 'blames_customer'],
  // non_answer: passing the buck to a third party, "we only sell the tickets", "we have no information"
  [
    'Sorry about that. Refunds for tickets are handled by a separate company, so you would need to speak to the venue directly.',
    complaint,
    'non_answer',
  ],
  ["Hi! We don't have any info on parking, sorry — that's a different company.", question, 'non_answer'],
  ['Извините, у нас нет информации о сроках. Мы только продаём билеты, уточните у перевозчика.', complaint, 'non_answer'],
  ['Ne pare rău. Noi doar intermediem rezervarea, hotelul este un partener extern: luați legătura cu ei.', complaint, 'non_answer'],
  ['نعتذر، احنا بس نبيع التذاكر. الإلغاء من شركة الطيران نفسها، راجعهم.', complaint, 'non_answer'],
  // vague_promise: no date, "on our radar", "we'll take measures", "in the coming period"
  ['Love this idea, thanks! It is definitely on our radar — watch this space.', idea, 'vague_promise'],
  ["That's not OK, and we're sorry. We'll be taking action and we'll make it up to you.", complaint, 'vague_promise'],
  ['Спасибо за идею! Тёмная тема обязательно появится, следите за обновлениями.', idea, 'vague_promise'],
  ['Vă mulțumim și ne pare rău. Vom lua măsuri, iar cardul va fi expediat în perioada următoare.', complaint, 'vague_promise'],
  ['شكراً لإبلاغنا ونعتذر! الفريق يشتغل على حل والخدمة بترجع خلال الفترة الجاية.', complaint, 'vague_promise'],
  // asks_to_delete: politely, in exchange, "don't share it further"
  ["We're sorry. We've refunded you today, and in return we'd appreciate it if you held off on the Trustpilot review.", complaint, 'asks_to_delete'],
  ['Sorry about this. Could you please avoid sharing this further while we investigate?', complaint, 'asks_to_delete'],
  ['Простите нас. Деньги вернули. Будем признательны, если вы исправите отзыв.', complaint, 'asks_to_delete'],
  ['Ne pare rău. Am înlocuit routerul ieri; recenzia veche, dacă doriți, o puteți șterge.', complaint, 'asks_to_delete'],
  ['نعتذر جداً. تم تنظيف الغرفة بالكامل، ونتمنى أن تعيد النظر في تقييمك.', complaint, 'asks_to_delete'],
];

// Clean look-alikes: policies stated politely, a third party named with the team's own action, dates given.
const CLEAN: [string, ReplyContext][] = [
  [
    "Thanks for asking, and sorry for the confusion. Eligibility is decided by the council, not by us, so I've sent your details to them myself and I'll update you by Friday.",
    complaint,
  ],
  [
    'Thanks for telling us, and sorry. Our pharmacy can sell at most two packs per person — the legal limit for everyone. I will update you tomorrow.',
    complaint,
  ],
  ['Yes, the full timetable is shown on our website and at every stop.', question],
  ['Great suggestion, thanks! I have sent it to the product team; they meet on Monday and I will post their answer here.', idea],
  ['Спасибо, что написали, и простите. Мы сами подали претензию в службу доставки, а новый заказ курьер привезёт в четверг с 10 до 14.', complaint],
  ['Да, расписание указано на странице маршрута и в приложении.', question],
  ['Vă mulțumim că ne-ați scris și ne pare rău. Am deschis noi reclamația la curier, iar banii vi-i returnăm în 3 zile lucrătoare.', complaint],
  ['Bună! Programul este afișat pe site și la intrare: 9–20, de luni până vineri.', question],
  ['نعتذر عن التأخير ونشكرك على صبرك. تواصلنا اليوم مع شركة الشحن، والطرد يوصلك يوم الخميس.', complaint],
  ['هلا فيك! الأسعار موجودة في صفحة كل منتج، والتوصيل مجاني فوق ٢٠٠ ريال.', question],
  ['بنعتذر جداً على اللي حصل، وشكراً إنك بلغتنا. رجعنا لك المبلغ اليوم، ويوصل حسابك خلال ٣ أيام.', complaint],
];

describe('reply checker, the weak rules (rules and cues alone, without the scorer)', () => {
  for (const [text, ctx, rule] of CATCHES) {
    it(`finds ${rule} in "${text.slice(0, 70)}…"`, () => {
      expect(rules(text, ctx)).toContain(rule);
    });
  }
  for (const [text, ctx] of CLEAN) {
    it(`stays silent on "${text.slice(0, 70)}…"`, () => {
      expect(rules(text, ctx)).toEqual([]);
    });
  }

  it('counts Egyptian and Levantine apologies ("بنعتذر", "منعتذر") as apologies', () => {
    expect(rules('بنعتذر على التأخير، المندوب يوصلك بكرة الساعة ١١.', complaint)).not.toContain('missing_thanks_or_apology');
    expect(rules('منعتذر منك، الطلب بيوصلك بكرة الساعة ١١.', complaint)).not.toContain('missing_thanks_or_apology');
  });

  it('reads "shown on the page" as blame on a complaint only, not on a question', () => {
    const text = 'The delivery fee is shown on the checkout page.';
    expect(rules(text, complaint)).toContain('blames_customer');
    expect(rules(text, question)).not.toContain('blames_customer');
  });

  it('does not take "you should have received" for blame', () => {
    expect(rules('Sorry for the wait. You should have received a confirmation email today at 10:15.', complaint)).not.toContain('blames_customer');
  });

  it('never reads a signature in capitals as shouting', () => {
    expect(rules('Thanks, and sorry — we have refunded you today. ^JK', complaint)).toEqual([]);
    expect(rules('Vă mulțumim și ne pare rău, am returnat banii azi. — ANA, ECHIPA DE SUPORT', complaint)).toEqual([]);
    // …but shouting after a dash is still shouting.
    expect(rules('Thanks, and sorry — we checked the order. — NOT OUR FAULT', complaint)).toContain('emotional_tone');
  });
});
