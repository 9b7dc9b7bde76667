import { describe, expect, it } from 'vitest';
import { type CheckLanguage, checkReply, type ReplyContext, type ReplyRule, REPLY_RULES } from './reply-checker.js';

const complaint: ReplyContext = { kind: 'constructive', sentiment: 'negative' };
const angry: ReplyContext = { kind: 'impulsive', sentiment: 'negative' };
const troll: ReplyContext = { kind: 'trolling', sentiment: 'negative' };
const later: ReplyContext = { kind: 'constructive', sentiment: 'negative', firstReply: false };

type Example = [text: string, context: ReplyContext];

/** For each language and rule, replies that break the rule (written for these tests). */
const BAD: Record<CheckLanguage, Record<ReplyRule, Example[]>> = {
  en: {
    stock_phrase: [
      ['Thank you. We apologize for any inconvenience this may have caused.', complaint],
      ['Sorry to hear that. Your call is important to us.', complaint],
    ],
    blames_customer: [
      ['Thanks for writing. You must have misunderstood our offer.', complaint],
      ['Sorry, but you should have read the terms before ordering.', complaint],
    ],
    asks_to_delete: [['Sorry about that! Could you please delete your review now that it is fixed?', complaint]],
    bare_link: [
      ['https://help.example.com/refunds', complaint],
      ['Sorry! Please see our FAQ: https://help.example.com/refunds', complaint],
    ],
    non_answer: [
      ["Sorry, I don't know why that happened.", complaint],
      ['Thanks, but that is not my department.', complaint],
    ],
    emotional_tone: [
      ['Thanks. Calm down, it is only a parcel.', complaint],
      ['Sorry, but we ALREADY TOLD you this!!!', complaint],
    ],
    joke: [['Sorry! Well, at least the box got some fresh air haha', complaint]],
    vague_promise: [
      ['Thank you, and sorry. We will fix it soon.', complaint],
      ['Sorry for the trouble with the app, it will be fixed shortly.', complaint],
    ],
    details_before_acknowledgement: [['Please send us your order number.', angry]],
    missing_thanks_or_apology: [['Your order 4411 will arrive on Friday before noon.', complaint]],
    long_troll_reply: [['We hear you. '.repeat(30), troll]],
  },
  ru: {
    stock_phrase: [
      ['Спасибо. Приносим извинения за доставленные неудобства.', complaint],
      ['Простите. Ваше мнение очень важно для нас.', complaint],
    ],
    blames_customer: [
      ['Спасибо за сообщение. Вы нас не так поняли.', complaint],
      ['Извините, но надо было внимательно читать договор.', complaint],
    ],
    asks_to_delete: [['Простите за задержку! Удалите, пожалуйста, ваш отзыв, раз все решилось.', complaint]],
    bare_link: [['Извините. Смотрите в нашем разделе помощи: https://help.example.ru/vozvrat', complaint]],
    non_answer: [
      ['Извините, я не знаю, почему так вышло.', complaint],
      ['Спасибо, но это не наш отдел.', complaint],
    ],
    emotional_tone: [
      ['Спасибо. Успокойтесь, это всего лишь посылка.', complaint],
      ['Извините, но сколько можно повторять одно и то же!!!', complaint],
    ],
    joke: [['Простите! Зато коробка подышала свежим воздухом )))', complaint]],
    vague_promise: [['Спасибо и простите. Мы все исправим в ближайшее время.', complaint]],
    details_before_acknowledgement: [['Пришлите номер заказа.', angry]],
    missing_thanks_or_apology: [['Ваш заказ 4411 приедет в пятницу до полудня.', complaint]],
    long_troll_reply: [['Мы вас услышали. '.repeat(25), troll]],
  },
  ro: {
    stock_phrase: [
      ['Vă mulțumim. Ne cerem scuze pentru eventualele neplăceri.', complaint],
      ['Ne pare rău. Opinia dumneavoastră este foarte importantă pentru noi.', complaint],
    ],
    blames_customer: [
      ['Mulțumim pentru mesaj. Nu ne-ați înțeles bine.', complaint],
      ['Ne pare rău, dar trebuia să citiți contractul.', complaint],
    ],
    asks_to_delete: [['Ne pare rău! Vă rugăm să ștergeți recenzia, acum că s-a rezolvat.', complaint]],
    bare_link: [['Ne pare rău. Consultați pagina de ajutor: https://ajutor.example.md/retur', complaint]],
    non_answer: [
      ['Ne pare rău, nu știu de ce s-a întâmplat.', complaint],
      ['Mulțumim, dar nu este departamentul meu.', complaint],
    ],
    emotional_tone: [
      ['Mulțumim. Calmați-vă, e doar un colet.', complaint],
      ['Ne pare rău, dar v-am spus deja!!!', complaint],
    ],
    joke: [['Ne pare rău! Măcar cutia a luat aer curat :))', complaint]],
    vague_promise: [['Vă mulțumim și ne pare rău. Vom rezolva în curând.', complaint]],
    details_before_acknowledgement: [['Trimiteți-ne numărul comenzii.', angry]],
    missing_thanks_or_apology: [['Comanda 4411 ajunge vineri până la prânz.', complaint]],
    long_troll_reply: [['Vă auzim și înțelegem. '.repeat(20), troll]],
  },
  ar: {
    stock_phrase: [
      ['شكراً لك. نحن نعتذر عن الإزعاج.', complaint],
      ['نأسف لذلك. رأيك يهمنا.', complaint],
    ],
    blames_customer: [
      ['شكراً على رسالتك. أنت لم تفهمنا.', complaint],
      ['نعتذر، لكن كان عليك أن تقرأ الشروط.', complaint],
    ],
    asks_to_delete: [['نعتذر عن التأخير! يرجى حذف تعليقك بعد أن حُلّت المشكلة.', complaint]],
    bare_link: [['عذراً. راجع صفحة المساعدة: https://help.example.com/ar/refund', complaint]],
    non_answer: [
      ['عذراً، لا أعرف سبب ذلك.', complaint],
      ['شكراً، لكن هذا ليس من اختصاصنا.', complaint],
      // A new user's trial: «not our problem» in the feminine was missed.
      ['شكراً. هذه ليست مشكلتنا.', complaint],
    ],
    emotional_tone: [
      ['شكراً. لا تغضب، إنه مجرد طرد.', complaint],
      ['نعتذر، لكن كم مرة شرحنا هذا!!!', complaint],
    ],
    joke: [['آسفون! على الأقل الصندوق تنفس هواءً نقياً هههههه', complaint]],
    vague_promise: [['شكراً لك ونعتذر. سيتم حل مشكلتك قريباً.', complaint]],
    details_before_acknowledgement: [['أرسل رقم الطلب.', angry]],
    missing_thanks_or_apology: [['سيصل طلبك رقم 4411 يوم الجمعة قبل الظهر.', complaint]],
    long_troll_reply: [['نسمعك ونفهم ما تقول. '.repeat(20), troll]],
  },
};

/** Polite, specific replies: the checker must stay silent on them. */
const GOOD: Record<CheckLanguage, Example[]> = {
  en: [
    ["Thank you for telling us, and I'm sorry the parcel is late. The courier will bring order 4411 tomorrow before 18:00.", complaint],
    ["I'm sorry this happened — that's not how it should be. Could you send me the order number so I can check it right away?", angry],
    ['Thanks for the idea! We discussed it with the team and night delivery slots are planned for March.', { kind: 'idea' }],
    ['We hear you. If something went wrong with an order, write to us.', troll],
    ['The fix is out in version 2.4.1; could you update and tell us if it works?', later],
    [
      'Sorry for the wait, and thanks for bearing with us. The refund of 20 EUR went out today; banks take 3 business days. Details: https://help.example.com/refunds',
      complaint,
    ],
  ],
  ru: [
    ['Спасибо, что написали, и простите за задержку. Курьер привезет заказ 4411 завтра до 18:00.', complaint],
    ['Простите, так быть не должно. Пришлите, пожалуйста, номер заказа — проверю сразу.', angry],
    ['Спасибо за идею! Обсудили с командой: ночные слоты доставки появятся в марте.', { kind: 'idea' }],
    ['Мы вас услышали. Если что-то не так с заказом, напишите нам.', troll],
    ['Исправление вышло в версии 2.4.1. Обновите приложение и напишите, помогло ли.', later],
  ],
  ro: [
    ['Vă mulțumim că ne-ați scris și ne pare rău pentru întârziere. Curierul aduce comanda 4411 mâine până la ora 18.', complaint],
    ['Îmi pare rău, nu așa ar trebui să fie. Trimiteți-mi, vă rog, numărul comenzii și verific imediat.', angry],
    ['Mulțumim pentru idee! Am discutat-o în echipă: livrarea de noapte vine în martie.', { kind: 'idea' }],
    ['Vă auzim. Dacă ceva n-a mers cu o comandă, scrieți-ne.', troll],
    ['Remedierea a apărut în versiunea 2.4.1. Actualizați aplicația și spuneți-ne dacă merge.', later],
  ],
  ar: [
    ['شكراً لأنك أخبرتنا، ونأسف على التأخير. سيصلك الطلب 4411 غداً قبل الساعة 6 مساءً.', complaint],
    ['آسف لما حدث، ليس هكذا يجب أن تكون الأمور. أرسل لي رقم الطلب من فضلك وسأتحقق فوراً.', angry],
    ['شكراً على الفكرة! ناقشناها مع الفريق، وسنضيف مواعيد التوصيل الليلية في مارس.', { kind: 'idea' }],
    ['نسمعك. إن حدث خطأ في طلب ما فاكتب لنا.', troll],
    ['صدر الإصلاح في الإصدار 2.4.1. حدّث التطبيق وأخبرنا إن كان يعمل.', later],
  ],
};

describe('reply checker', () => {
  for (const lang of ['en', 'ru', 'ro', 'ar'] as const) {
    describe(lang, () => {
      for (const rule of REPLY_RULES) {
        it(`finds ${rule}`, () => {
          const examples = BAD[lang][rule];
          expect(examples.length).toBeGreaterThan(0);
          for (const [text, ctx] of examples) {
            const found = checkReply(text, lang, ctx);
            expect(
              found.map((f) => f.rule),
              text,
            ).toContain(rule);
            const f = found.find((x) => x.rule === rule)!;
            expect(f.explanation.length).toBeGreaterThan(10);
            expect(f.suggestion.length).toBeGreaterThan(10);
            if (f.span) expect(text.slice(f.span[0], f.span[1])).toBe(f.quote);
          }
        });
      }
      it('stays silent on polite, specific replies', () => {
        for (const [text, ctx] of GOOD[lang]) expect(checkReply(text, lang, ctx), text).toEqual([]);
      });
    });
  }

  it('points at the exact words, even through diacritics and Arabic letter variants', () => {
    const text = 'Vă mulțumim. Ne cerem scuze pentru eventualele neplăceri.';
    const [f] = checkReply(text, 'ro', complaint);
    expect(f).toMatchObject({ rule: 'stock_phrase', quote: 'Ne cerem scuze pentru eventualele neplăceri' });
    const ar = checkReply('شكراً. نحن نعتذر عن الإزعاج', 'ar', complaint)[0]!;
    expect(ar.quote).toBe('نحن نعتذر عن الإزعاج');
  });

  it('a date anywhere makes a promise specific; jokes only matter on negative mentions', () => {
    expect(checkReply('Thank you! We will fix it by Friday.', 'en', complaint)).toEqual([]);
    expect(checkReply('Thanks a lot, haha, glad you liked it!', 'en', { kind: 'praise', sentiment: 'positive' })).toEqual([]);
  });
});

// The eighth round (issue 13, heldout7): the tone, blame and non-answer families in other forms and in the languages
// whose lists lacked them. Replies written here for the tests (none is a corpus line); each family has a clean near-miss.
describe('eighth-round families', () => {
  const rulesOf = (text: string, ctx: ReplyContext = later) => checkReply(text, null, ctx).map((f) => f.rule);
  it.each<[string, ReplyRule]>([
    // Minimising, "I don't see the problem", "seriously?"
    ['Thanks. Not sure what the big deal is.', 'emotional_tone'],
    ["Thanks. Let's not blow this out of proportion.", 'emotional_tone'],
    ['Спасибо. Не надо раздувать из мухи слона.', 'emotional_tone'],
    ['Спасибо. Вы преувеличиваете масштаб проблемы.', 'emotional_tone'],
    ['Спасибо. Не понимаем, в чём проблема.', 'emotional_tone'],
    ['Спасибо. Вы что, серьёзно?', 'emotional_tone'],
    ['Mulțumim. Faceți din țânțar armăsar.', 'emotional_tone'],
    ['Mulțumim. Nu exagerați, e doar o întârziere.', 'emotional_tone'],
    ['Mulțumim. Nu înțelegem care e problema.', 'emotional_tone'],
    ['Mulțumim. Serios acum?', 'emotional_tone'],
    ['شكراً. إنت مكبر الموضوع.', 'emotional_tone'],
    ['شكراً. ما فهمنا وين المشكلة.', 'emotional_tone'],
    ['شكراً. الموضوع أبسط من كذا بكثير.', 'emotional_tone'],
    // Common sense, "relax", "if you don't like it", "you could at least"
    ["Thanks. It's common sense, really.", 'emotional_tone'],
    ['Thanks. You could at least have said hello.', 'emotional_tone'],
    ['Спасибо. Это же элементарно.', 'emotional_tone'],
    ['Спасибо. Расслабьтесь, это всего лишь посылка.', 'emotional_tone'],
    ['Спасибо. Так устроено, не нравится — не пользуйтесь.', 'emotional_tone'],
    ['Спасибо. Могли бы хотя бы поздороваться.', 'emotional_tone'],
    ['Mulțumim. E de bun-simț.', 'emotional_tone'],
    ['Mulțumim. Relaxați-vă, e doar un colet.', 'emotional_tone'],
    ['Mulțumim. Așa funcționează, dacă nu vă place, nu folosiți.', 'emotional_tone'],
    ['Mulțumim. Pentru ultima dată: rambursarea durează 10 zile.', 'emotional_tone'],
    ['Mulțumim. Ați putea măcar să salutați.', 'emotional_tone'],
    ['شكراً. هذا شي بديهي.', 'emotional_tone'],
    ['شكراً. روق، هذا مجرد طرد.', 'emotional_tone'],
    ['شكراً. على الأقل كان ممكن تسلم.', 'emotional_tone'],
    // Blame in other forms
    ["Thanks. You should've checked the dates before booking.", 'blames_customer'],
    ['Thanks. It would have been wise to check the size guide.', 'blames_customer'],
    ['Thanks. Unfortunately the form was filled in incorrectly.', 'blames_customer'],
    ['Thanks. That option was clearly marked at checkout.', 'blames_customer'],
    ['Спасибо. Следовало внимательнее ознакомиться с правилами тарифа.', 'blames_customer'],
    ['Спасибо. К сожалению, заявка была заполнена неверно.', 'blames_customer'],
    ['Спасибо. В инструкции ясно сказано, что так делать нельзя.', 'blames_customer'],
    ['Mulțumim. Ați ales singur acest abonament.', 'blames_customer'],
    ['شكراً. التعليمات واضحة إنه ممنوع استخدام الكلور.', 'blames_customer'],
    ['شكراً. للأسف النموذج تعبّى بشكل غلط.', 'blames_customer'],
    // Non-answers
    ['Thanks. We don’t deal with that, you’ll want the landlord.', 'non_answer'],
    ['Thanks. Decisions like that are made by head office.', 'non_answer'],
    ['Спасибо. Мы тут ни при чём, разбирайтесь с продавцом.', 'non_answer'],
    ['Спасибо. Я не могу на это повлиять.', 'non_answer'],
    ['Mulțumim. Astfel de decizii le ia sediul central.', 'non_answer'],
    ['Mulțumim. Nu pot influența asta.', 'non_answer'],
    ['شكراً. هذي القرارات من الإدارة العامة.', 'non_answer'],
    ['شكراً. ما أقدر أسوي شي بخصوص هذا.', 'non_answer'],
    // Blame: "had you told us earlier", "the customer is responsible", "records show it was signed for", returned
    // without the packaging, booked for the wrong date (not "on our side")
    ['Thanks. Had you told us earlier, we could have helped.', 'blames_customer'],
    ['Thanks. Our records show the delivery was signed for.', 'blames_customer'],
    ['Thanks. The item was returned without the original packaging, so the refund was reduced.', 'blames_customer'],
    ['Thanks. The booking was made for the wrong date.', 'blames_customer'],
    ['Спасибо. Товар вернули без упаковки, поэтому сумма возврата меньше.', 'blames_customer'],
    ['Спасибо. Бронь была сделана на другую дату.', 'blames_customer'],
    ['Спасибо. Клиент сам отвечает за то, чтобы быть дома в окно доставки.', 'blames_customer'],
    ['Mulțumim. Rezervarea a fost făcută pe o altă dată.', 'blames_customer'],
    ['Mulțumim. Dacă ne anunțați mai devreme, vă puteam ajuta.', 'blames_customer'],
    ['Mulțumim. Clientul e responsabil să fie acasă în intervalul de livrare.', 'blames_customer'],
    ['شكراً. الحجز انعمل على تاريخ ثاني.', 'blames_customer'],
    ['شكراً. لو بلغتنا بدري كان ساعدناك.', 'blames_customer'],
    ['شكراً. العميل مسؤول إنه يكون موجود وقت التوصيل.', 'blames_customer'],
    // Vague promises and non-answers in other forms
    ['Thanks. A fix is on the way.', 'vague_promise'],
    ["Thanks. It's being looked at.", 'vague_promise'],
    ['Thanks. Expect an update from us.', 'vague_promise'],
    ['Спасибо. Этим уже занимаются.', 'vague_promise'],
    ['Спасибо. К сожалению, с этим я помочь не могу.', 'non_answer'],
    ['شكراً. للأسف ما نقدر نساعدك بهذا.', 'non_answer'],
    ['شكراً. ننصحك تتواصل مع البنك.', 'non_answer'],
    // Laughter in words, stock phrases in other forms
    ['Well, at least the parcel got some fresh air 🌬️ Sorry!', 'joke'],
    ['Видимо, принтер тоже решил отдохнуть, ха-ха. Извините.', 'joke'],
    ['Thanks for your feedback, it helps us improve.', 'stock_phrase'],
    ['Благодарим за ваш отзыв. Мы стремимся предоставлять качественный сервис.', 'stock_phrase'],
    ['Спасибо за обратную связь, она помогает нам становиться лучше.', 'stock_phrase'],
    ['شكراً على ملاحظاتك، تساعدنا على التحسن.', 'stock_phrase'],
    // Sarcasm and condescension: mock discovery, "some people are never happy", "maybe try reading", "stop spamming"
    ['Thanks. Wow, what a discovery.', 'emotional_tone'],
    ['Thanks. Congratulations, you found a typo.', 'emotional_tone'],
    ["Thanks. We'll alert the media.", 'emotional_tone'],
    ['Thanks. Some people are never happy.', 'emotional_tone'],
    ['Thanks. Maybe try reading the email next time.', 'emotional_tone'],
    ['Thanks. Please stop spamming our page.', 'emotional_tone'],
    ['Спасибо. Ну надо же, какое открытие.', 'emotional_tone'],
    ['Спасибо. Некоторым не угодишь.', 'emotional_tone'],
    ['Спасибо. Может, стоит хотя бы иногда читать письма?', 'emotional_tone'],
    ['Mulțumim. Ce descoperire, felicitări.', 'emotional_tone'],
    ['Mulțumim. Unora nu le convine nimic.', 'emotional_tone'],
    ['Mulțumim. Poate citiți e-mailul data viitoare.', 'emotional_tone'],
    ['Mulțumim. Vă rugăm să nu mai faceți spam pe pagina noastră.', 'emotional_tone'],
    ['شكراً. مبروك، لقيت غلطة إملائية.', 'emotional_tone'],
    ['شكراً. في ناس ما يعجبها شي.', 'emotional_tone'],
    ['شكراً. يمكن تقرأ الإيميل المرة الجاية.', 'emotional_tone'],
    ['شكراً. يا ريت توقف سبام على صفحتنا.', 'emotional_tone'],
    ["Thanks. You probably didn't read our email.", 'blames_customer'],
    ['Mulțumim. O să ne uităm.', 'vague_promise'],
    // Rhetorical retorts and "we didn't make the rules"; "above my pay grade"
    ['شكراً. إحنا مش فاضيين لكل شكوى.', 'emotional_tone'],
    ['شكراً. مو كل شي على كيفك.', 'emotional_tone'],
    ['شكراً. الكلام هذا ما يمشي معنا.', 'emotional_tone'],
    ['شكراً. اللي ما يعجبه يروح.', 'emotional_tone'],
    ['شكراً. شو بدك نعملك يعني؟', 'emotional_tone'],
    ['شكراً. طيب وبعدين؟', 'emotional_tone'],
    ['Спасибо. И что нам теперь, закрыться?', 'emotional_tone'],
    ['Спасибо. Не мы придумали эти правила.', 'emotional_tone'],
    ['Mulțumim. Nu noi am inventat regulile.', 'emotional_tone'],
    ["Thanks. We didn't make the rules.", 'emotional_tone'],
    ["Thanks. That's above my pay grade.", 'non_answer'],
    ['Спасибо. Это выше моих полномочий.', 'non_answer'],
    ['Mulțumim. Nu e în atribuțiile mele.', 'non_answer'],
    ['شكراً. هذا فوق صلاحياتي.', 'non_answer'],
    // A vague promise and a stock phrase
    ['شكراً. بنبلغك بالمستجدات.', 'vague_promise'],
    ['We apologise for the trouble caused.', 'stock_phrase'],
  ])('"%s" → %s', (text, rule) => {
    expect(rulesOf(text)).toContain(rule);
  });

  it.each<[string, ReplyContext?]>([
    ['Thanks for telling us, sorry. It’s not a big deal to fix: the new card goes out today.'],
    ['Thanks for telling us, sorry! Obviously that shouldn’t happen; the refund went out today.'],
    ['Спасибо и простите! Очевидно, что так быть не должно: деньги вернули сегодня.'],
    ['Mulțumim și ne pare rău! Evident, nu trebuia să se întâmple; banii v-au fost returnați azi.'],
    ['Sorry for the wait, and thanks for your patience. For the last leg, the courier takes 2 days.'],
    ['The instructions say to charge it for 4 hours before first use.', { kind: 'question', sentiment: 'neutral' }],
    ['Yes, that option is shown at checkout, just tick "gift wrap".', { kind: 'question', sentiment: 'neutral' }],
    ['Sorry, the form on our site was broken yesterday; it works again now.'],
    ['Thanks, and sorry! Our records show we sent it to the old address, our mistake; a new one goes out today.'],
    ["Sorry! The booking was made for the wrong date on our side; it's fixed now for Friday 12 May."],
    ['Sorry! A fix is on the way and lands on Thursday.'],
    ['Извините! Бронь мы оформили не на ту дату — уже исправили на пятницу, 12 мая.'],
    ['Thanks, and congratulations on the new home! Sorry the router was late; it arrives tomorrow by 12.'],
    ['Спасибо! Поздравляем с новосельем и простите за задержку роутера: привезём завтра до 12.'],
    ['شكراً ومبروك البيت الجديد! آسفين على تأخير الراوتر، بيوصل بكرة قبل ١٢.'],
    ['Maybe try restarting the app: that clears the cache, and the fix is in version 5.2 out today. Sorry!'],
    ['Thanks, sorry about that. What did the error message say? We’ll fix it today.'],
    ['Спасибо, простите. Что показывала ошибка? Исправим сегодня.'],
    ['Простите, мы сами неверно заполнили заявку и уже исправили её: курьер будет завтра в 10:00.'],
    ['نعتذر، الرسوم منشورة بوضوح على موقعنا ورجعناها لك اليوم لأنها ما توضحت وقت الاشتراك.', { kind: 'question', sentiment: 'neutral' }],
  ])('clean near-miss "%s" stays clean', (text, ctx) => {
    expect(rulesOf(text, ctx ?? later)).toEqual([]);
  });

  it.each([
    'Actually, we were rated the best bank in the region two years running.',
    "That's false: our coverage is 98% and independently tested.",
    "You're wrong, we have the best rates in town.",
    'Не соглашусь: у нас лучшие отзывы в городе и 20 лет на рынке.',
    'Это неправда, у нас 98 % покрытия, проверьте сами.',
    'Nu e adevărat: avem cele mai bune recenzii din oraș.',
    'Fals: acoperirea noastră e de 98%, verificați singur.',
    'غير صحيح، تغطيتنا ٩٨٪ وهذا مثبت باختبارات مستقلة.',
    'بالعكس، إحنا الأفضل في المنطقة بشهادة العملاء.',
  ])('a short retort with a claim to a troll is an argument: "%s"', (text) => {
    expect(rulesOf(text, troll)).toContain('long_troll_reply');
  });

  it.each([
    'That is simply not true.',
    'Fals.',
    'Это не так.',
    'Жаль, что так думаете. Если что-то случилось, напишите нам.',
    'يؤسفنا هذا. إذا صار شي، راسلنا.',
  ])('a bare denial or a calm word to a troll is not: "%s"', (text) => {
    expect(rulesOf(text, troll)).not.toContain('long_troll_reply');
  });

  it.each(['Send your booking ID and we’ll see.', 'Без номера заказа мы ничего сделать не можем.'])(
    'a demand for details before any acknowledgement on a complaint: "%s"',
    (text) => {
      expect(rulesOf(text, complaint)).toContain('details_before_acknowledgement');
    },
  );

  it('the same details asked after an apology are clean', () => {
    expect(rulesOf('Thanks for telling us, sorry! Send your booking ID and we’ll refund it today.', complaint)).toEqual([]);
  });

  it('calling a troll’s claim an exaggeration is the argument (long_troll_reply), not tone', () => {
    const text = 'Так что «гонщики» — это преувеличение.';
    expect(rulesOf(text, troll)).not.toContain('emotional_tone');
    expect(rulesOf('Deci „Formula 1” e o exagerare.', troll)).not.toContain('emotional_tone');
  });
});
