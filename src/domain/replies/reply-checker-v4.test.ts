import { describe, expect, it } from 'vitest';
import { checkReplyFull, type ReplyContext, type ReplyRule } from './reply-checker.js';

// The third round on the weak rules (corpus 3): families of wording, not lines. The replies are written here for the
// tests (none is a corpus line), in Russian (colloquial and formal), Arabic (Gulf, Egyptian, Levantine, MSA), English
// and Romanian; the clean ones resemble the flawed ones.
const complaint: ReplyContext = { kind: 'constructive', sentiment: 'negative' };
const later: ReplyContext = { kind: 'constructive', sentiment: 'negative', firstReply: false };
const question: ReplyContext = { kind: 'question', sentiment: 'neutral' };
const idea: ReplyContext = { kind: 'idea', sentiment: 'positive' };
const rules = (text: string, ctx: ReplyContext) => checkReplyFull(text, { ...ctx, noScorer: true }).findings.map((f) => f.rule);

const CATCHES: [string, ReplyContext, ReplyRule][] = [
  // Russian
  ['Спасибо за вопрос. Ещё раз, в последний раз повторяем: доставка по вторникам. Наберитесь, пожалуйста, терпения.', later, 'emotional_tone'],
  ['Простите, но не вы одни ждёте мастера, у нас весь район в заявках.', complaint, 'emotional_tone'],
  ['Извините. Мы ответили ещё утром — пролистайте, пожалуйста, чат выше.', later, 'emotional_tone'],
  ['Спасибо за отзыв. Мы вас не заставляем у нас заказывать, есть и другие магазины.', complaint, 'emotional_tone'],
  ['Приносим извинения. Возврат невозможен: об этом сказано в правилах, с которыми вы согласились при покупке.', complaint, 'blames_customer'],
  ['Простите за ситуацию. А не перепутали ли вы сами дату в билете?', complaint, 'blames_customer'],
  ['Сожалеем. Как правило, такое бывает, когда чайник не очищают от накипи.', complaint, 'blames_customer'],
  ['Спасибо за сообщение. Это вопрос вне компетенции нашего магазина.', complaint, 'non_answer'],
  ['Извините, но ничего не можем мы тут сделать, парковку обслуживает сторонний подрядчик.', complaint, 'non_answer'],
  ['Простите за задержку. С вами обязательно свяжутся, всё наладится.', complaint, 'vague_promise'],
  ['Благодарим за обращение и извиняемся. Жалоба будет рассмотрена, по результатам проверки сообщим.', complaint, 'vague_promise'],
  ['Спасибо за идею! Возможно, со временем и добавим.', idea, 'vague_promise'],
  ['Простите нас. Скидку мы вернули. Были бы очень благодарны, если бы вы удалили фото из обзора.', complaint, 'asks_to_delete'],
  // Arabic
  ['شكراً لك. الضغط على الفرع عند الكل، مو بس عندك، انتظر دورك.', complaint, 'emotional_tone'],
  ['نعتذر. بس إذا مش عاجبك السعر ما حد غاصبك، فيه غيرنا.', complaint, 'emotional_tone'],
  ['نكرر للمرة الأخيرة: الاستلام من الفرع يوم الاثنين.', later, 'emotional_tone'],
  ['وليش نغير السياسة عشانك؟ الشروط واضحة للكل.', question, 'emotional_tone'],
  ['نعتذر عن الإزعاج. أغلب العملاء ما تصير معهم هالمشكلة لأنهم يحدّثون التطبيق.', complaint, 'blames_customer'],
  ['آسفين. لو كنت راجعت الفاتورة قدام المندوب كان رجعنالك الفرق على طول.', complaint, 'blames_customer'],
  ['شكراً لتواصلك. هذا يحدث عادة عندما لا يتم شحن الجهاز بالشاحن الأصلي.', complaint, 'blames_customer'],
  ['نعتذر منك، بس والله ما عندنا أي فكرة عن موعد الفتح.', complaint, 'non_answer'],
  ['شكراً على رسالتك. هذا الأمر خارج نطاق اختصاص إدارتنا.', complaint, 'non_answer'],
  ['بنعتذر! المهندسين شغالين على المشكلة وإن شاء الله بترجع الخدمة.', complaint, 'vague_promise'],
  ['نعتذر عن التأخير. سيتم اتخاذ اللازم فور ورود الرد من القسم.', complaint, 'vague_promise'],
  ['منعتذر كتير ورجعنالك حقك. بس يا ريت تشيلي الصور من البوست.', complaint, 'asks_to_delete'],
  // Structure rather than phrases: "but you (did)", "most likely your…", "we're a X, not a Y", who is responsible, "we'll think"
  ['Простите за неудобство с заказом. Но адрес доставки в форме выбрали вы, курьер ехал по нему.', complaint, 'blames_customer'],
  ['Спасибо, что написали. Скорее всего, дело в вашем браузере: у нас всё открывается.', complaint, 'blames_customer'],
  ['Мы сервис доставки, а не ресторан, готовить быстрее не умеем.', complaint, 'emotional_tone'],
  ['Извините. За уборку подъезда отвечает ваша управляющая компания.', complaint, 'non_answer'],
  ['Спасибо за идею, подумаем.', idea, 'vague_promise'],
  ['نعتذر منك. بس انت اخترت التوصيل العادي وقت الطلب، مش السريع.', complaint, 'blames_customer'],
  ['شكراً لتواصلك. غالباً المشكلة من جوالك، التطبيق شغال عند الكل.', complaint, 'blames_customer'],
  ['احنا مطعم مش سوبرماركت، ما عندنا كل شي.', complaint, 'emotional_tone'],
  ['نعتذر. المكيفات مسؤولية المالك، ودورنا بس تأجير الشقة.', complaint, 'non_answer'],
  ['شكراً على الاقتراح، هنفكر فيه.', idea, 'vague_promise'],
  // English and Romanian
  ["Sorry for the wait. You're not the only one in the queue, though.", complaint, 'emotional_tone'],
  ['Sorry about the fee. It is in the terms you agreed to at checkout.', complaint, 'blames_customer'],
  ['Ne pare rău. Nu e treaba noastră, întrebați organizatorul.', complaint, 'non_answer'],
  ['Mulțumim! Ideea o vom lua cu siguranță în considerare pe viitor.', idea, 'vague_promise'],
];

const CLEAN: [string, ReplyContext][] = [
  // Russian
  ['Спасибо, что написали, и простите: мы должны были предупредить о переносе. Мастер придёт завтра, 12 мая, с 9 до 11.', complaint],
  ['Извините, что ответ затерялся в переписке. Повторим: возврат, 1 500 ₽, отправлен вчера в 16:40, деньги придут до пятницы.', later],
  ['Простите за ожидание. Мы сами позвонили в службу доставки: посылка на складе в Химках, привезём её в четверг до 18:00.', complaint],
  [
    'Здравствуйте! Чтобы удалить свой отзыв, откройте его в профиле и нажмите «Удалить».',
    { kind: 'question', sentiment: 'neutral', mentionText: 'Как удалить мой старый отзыв?' },
  ],
  ['Спасибо за идею! Оплату по QR-коду добавим в обновлении 3.8 — оно выйдет 20 июня.', idea],
  ['Здравствуйте! Накипь лучше удалять раз в месяц: средство в комплекте, программа занимает 20 минут.', question],
  // Arabic
  ['نعتذر لك وشكراً على تنبيهنا. كان لازم نبلغك بتغيير الموعد، وهذا خطأنا. الفني يوصلك بكرة الساعة ١٠ الصبح.', complaint],
  ['آسفين إن الرد ضاع في المحادثة. نعيده هنا: المبلغ، ٢٠٠ ريال، رجع لحسابك أمس الساعة ٤.', later],
  ['نعتذر منك وشكراً لصبرك. تواصلنا بنفسنا مع شركة الشحن، والطرد بيوصلك يوم الأربعاء قبل الساعة ٦.', complaint],
  ['أهلاً! تقدر تحذف تقييمك من صفحة «تقييماتي» بالضغط على «حذف».', { kind: 'question', sentiment: 'neutral', mentionText: 'كيف أحذف تقييمي؟' }],
  ['شكراً على الفكرة! الدفع بالمحفظة متاح من التحديث الجاي يوم ١٥ يونيو.', idea],
  ['نعتذر عن التأخير وشكراً لتواصلك. القرار يصدر يوم الأحد، ونبلغك برسالة قبل الساعة ١٢.', complaint],
  ['Простите, это наша ошибка: адрес в форме подставился из старого заказа. Новый курьер приедет сегодня до 20:00, доставка бесплатно.', complaint],
  ['Спасибо, что написали, и извините. Возможно, вам будет удобнее забрать заказ в пункте выдачи у дома — он работает до 22:00.', complaint],
  ['نعتذر لك، الغلط كان من عندنا: النظام اختار التوصيل العادي بدل السريع. رجعنالك الفرق ١٥ ريال والطلب يوصلك اليوم قبل الساعة ٩.', complaint],
];

describe('reply checker, third round: new wordings of the weak rules', () => {
  it.each(CATCHES)('%s → %s', (text, ctx, rule) => {
    expect(rules(text, ctx)).toContain(rule);
  });
  it.each(CLEAN)('clean look-alike: %s', (text, ctx) => {
    expect(rules(text, ctx)).toEqual([]);
  });
  it('the rules that flag a request to delete still flag it when the mention only complains', () => {
    const text = 'Здравствуйте! Чтобы удалить свой отзыв, откройте его в профиле и нажмите «Удалить».';
    expect(rules(text, { kind: 'constructive', sentiment: 'negative', mentionText: 'Ужасный сервис' })).toContain('asks_to_delete');
  });
});

describe('phrase lists', () => {
  // Patterns are matched on folded text (lower case, no diacritics, Arabic hamza carriers and ta marbuta unified):
  // a pattern written with "ё", "ă", "أ", "ة" or "ؤ" could never match. Escapes (\p{L}) are left as written.
  it.each(['ru', 'ar', 'en', 'ro'] as const)('every %s pattern is written in folded form', async (lang) => {
    const { normalizeForSearch } = await import('../mentions/search-text.js');
    const file = (await import(`./phrases/${lang}.json`, { with: { type: 'json' } })) as { default: Record<string, { patterns?: string[] }> };
    const unfolded = Object.entries(file.default).flatMap(([key, entry]) =>
      (entry.patterns ?? [])
        .filter((p) => p.split(/(\\[pP]\{[^}]*\}|\\[a-zA-Z])/u).some((part, i) => i % 2 === 0 && normalizeForSearch(part) !== part))
        .map((p) => `${key}: ${p}`),
    );
    expect(unfolded).toEqual([]);
  });
});
