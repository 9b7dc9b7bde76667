import { describe, expect, it } from 'vitest';
import { checkReplyFull, type ReplyContext, type ReplyRule } from './reply-checker.js';
import { foldWithMap } from './text-fold.js';

// The fourth round (corpus 4): Arabic first — Gulf, Egyptian, Levantine and MSA — and the weak rules of the other
// languages. The replies are written here for the tests (none is a corpus line); the clean ones say nearly the same
// with an apology, a fact or a date.
const complaint: ReplyContext = { kind: 'constructive', sentiment: 'negative' };
const impulsive: ReplyContext = { kind: 'impulsive', sentiment: 'negative' };
const troll: ReplyContext = { kind: 'trolling', sentiment: 'negative' };
const question: ReplyContext = { kind: 'question', sentiment: 'neutral' };
const idea: ReplyContext = { kind: 'idea', sentiment: 'positive' };
const rules = (text: string, ctx: ReplyContext) => checkReplyFull(text, { ...ctx, noScorer: true }).findings.map((f) => f.rule);

const CATCHES: [string, ReplyContext, ReplyRule][] = [
  // Arabic, emotional tone: minimising, condescension, "we're not magicians", sarcasm, "go elsewhere"
  ['نعتذر منك، بس بلاش مبالغة، التأخير كان ربع ساعة.', complaint, 'emotional_tone'],
  ['شكراً على صبرك. الموظفين مش سحرة، الطلبات كتيرة.', complaint, 'emotional_tone'],
  ['شكراً لتواصلك. كما أوضحنا لك سابقاً، الخدمة تحتاج وقت.', complaint, 'emotional_tone'],
  ['آسفين. متكبرش الموضوع، دي خدشة صغيرة.', complaint, 'emotional_tone'],
  ['منعتذر. الغسالة مش نهاية العالم يعني.', complaint, 'emotional_tone'],
  ['براحتك، الباب يفوت جمل.', impulsive, 'emotional_tone'],
  ['شكراً على نصيحتك الغالية جداً.', troll, 'emotional_tone'],
  ['نشكرك. نستغرب من أسلوبك، ونتمنى التحلي بالهدوء.', complaint, 'emotional_tone'],
  ['نعتذر، بس التطبيق شغال مع كل الناس.', complaint, 'emotional_tone'],
  ['يعني حضرتك فاكر إننا بنبيع أكل بايظ؟', complaint, 'emotional_tone'],
  ['نشكرك. نتلقى مئات الطلبات يومياً، انتظر دورك.', complaint, 'emotional_tone'],
  ['كلامك غير صحيح، الطلب طلع في وقته.', complaint, 'emotional_tone'],
  // Arabic, blame: the customer's own past action, "you're the one who…", hedges, "because you didn't…"
  ['آسفين. انت اللي اخترت التوصيل العادي.', complaint, 'blames_customer'],
  ['نعتذر. الاشتراك اتوقف لأنك ما جددت البطاقة.', complaint, 'blames_customer'],
  ['منعتذر. الخيار هاد إنت فعلته بنفسك.', complaint, 'blames_customer'],
  ['بنعتذر. المندوب كلم حضرتك الصبح وما رديت.', complaint, 'blames_customer'],
  ['شكراً. غالباً تشغّل المكيف على أعلى درجة طول اليوم.', complaint, 'blames_customer'],
  ['نعتذر عن ذلك. سبب المشكلة هو سوء الاستخدام.', complaint, 'blames_customer'],
  ['نشكرك. التذكرة أُلغيت بسبب تأخرك عن موعد الصعود.', complaint, 'blames_customer'],
  ['آسفين. الشروط موضحة بالتفصيل في صفحة الحجز.', complaint, 'blames_customer'],
  ['نعتذر. المبلغ ناتج عن استخدامك للإنترنت خارج الباقة.', complaint, 'blames_customer'],
  ['منعتذر. الحساب بينقفل إذا ما دفعت آخر الشهر.', complaint, 'blames_customer'],
  // Arabic, non-answers and passing the buck with nothing done
  ['نعتذر. ما لنا علاقة بالموضوع، هذا شغل المطار.', complaint, 'non_answer'],
  ['شكراً. لا نملك أي صلاحية على حسابات الشركاء.', complaint, 'non_answer'],
  ['آسفين، أنا مش في قسم الفواتير.', complaint, 'non_answer'],
  ['نعتذر. الأسعار تحددها الهيئة، وما لنا يد فيها.', complaint, 'non_answer'],
  ['بنعتذر. إحنا مش البنك، اشتكي لهم.', complaint, 'non_answer'],
  // Arabic, vague promises (no date or wait anywhere)
  ['نعتذر منك، إن شاء الله بيرجع الخط يشتغل قريب.', complaint, 'vague_promise'],
  ['فكرة حلوة، بنفكر فيها.', idea, 'vague_promise'],
  ['آسفين، الموضوع تحت الدراسة.', complaint, 'vague_promise'],
  ['منعتذر، عم نشتغل عليه.', complaint, 'vague_promise'],
  // Arabic, stock phrases, with the prefixes Arabic joins to a word (ل، ب، و)
  ['منشكرك على تواصلك، رأيك بيهمنا.', complaint, 'stock_phrase'],
  ['شكراً لك، ونسعى دائماً لتقديم أفضل خدمة لعملائنا الكرام.', complaint, 'stock_phrase'],
  ['عميلنا العزيز، نعتذر عن أي إزعاج، وبنبذل قصارى جهدنا.', complaint, 'stock_phrase'],
  ['شكراً لاختيارك خدماتنا، ونتمنى لك يوماً سعيداً.', complaint, 'stock_phrase'],
  // Arabic, conditional help and requests to edit a post
  ['لو عايز نساعدك لازم تبعت صورة البطاقة.', complaint, 'details_before_acknowledgement'],
  ['آسفين جداً. ياريت تمسح التعليق وتكلمنا خاص.', complaint, 'asks_to_delete'],
  // English, Romanian, Russian: the other languages' weak rules
  ['Thanks. Honestly, we find that hard to believe.', complaint, 'emotional_tone'],
  ['Sorry about that. The instructions do say to unplug it first.', complaint, 'blames_customer'],
  ["Apologies. The booking used the card on your account, which you hadn't updated.", complaint, 'blames_customer'],
  ["Sorry for the trouble. Once it has left our warehouse it's between you and the courier.", complaint, 'non_answer'],
  ['Thanks for flagging. Our engineers are aware and working on a fix.', complaint, 'vague_promise'],
  ['Ne pare rău. Nu e chiar o tragedie, e doar o zgârietură.', complaint, 'emotional_tone'],
  ['Mulțumim. Succes la concurență, dacă acolo e mai bine.', complaint, 'emotional_tone'],
  ['Ne pare rău. Opțiunea a fost bifată chiar de dumneavoastră.', complaint, 'blames_customer'],
  ['Vă mulțumim. Habar n-am, întrebați la magazin.', complaint, 'non_answer'],
  ['Спасибо. Ну, на вкус и цвет, другим нравится.', complaint, 'emotional_tone'],
  ['Извините. А вы чего ожидали в час пик?', complaint, 'emotional_tone'],
  ['Сожалеем. Чек вы при покупке не показали.', complaint, 'blames_customer'],
  ['Спасибо. Команда в курсе и работает над исправлением.', complaint, 'vague_promise'],
];

const CLEAN: [string, ReplyContext][] = [
  ['نعتذر منك على التأخير وشكراً لصبرك. الفني عندك بكرة الساعة ١١ الصبح، وما في رسوم زيارة.', complaint],
  ['آسفين جداً وشكراً إنك نبهتنا. رجعنا لك المبلغ اليوم، ويوصل حسابك خلال ٣ أيام.', complaint],
  ['منعتذر كتير. كلمنا شركة الشحن الصبح، والطرد بيوصلك الخميس قبل الساعة ٢.', complaint],
  ['شكراً على سؤالك! التوصيل متاح لكل مدن المنطقة الشرقية، ويوصل خلال يومين.', question],
  ['شكراً على الفكرة! الدفع بالتقسيط متاح من ١ يونيو.', idea],
  ['نعتذر بشدة عما حدث، وشكراً لإخبارنا. تقدر ترسل لنا رقم الطلب بالخاص عشان نعوضك اليوم؟', complaint],
  ['نأسف لسماع ذلك، ونحن هنا إن احتجت أي مساعدة.', troll],
  ['شكراً لصبرك ونعتذر عن الانتظار. فعّلنا الخدمة الآن، وتقدر تستخدمها مباشرة.', complaint],
  ['بنعتذر لحضرتك. المبلغ بيظهر لك في التطبيق خلال ساعة من التحويل.', complaint],
  ['Thanks for your patience, and sorry for the wait. We refunded the £12 today; it shows on your card within 3 days.', complaint],
  ['Спасибо за обращение и простите за задержку. Курьер привезёт заказ завтра с 10 до 12.', complaint],
  ['Mulțumim pentru răbdare și ne pare rău. Tehnicianul vine mâine la ora 9.', complaint],
  ['Nu ne ocupăm de programări, dar v-am trimis azi numărul clinicii: 022 123 456.', question],
  ["Sorry about this, Dana. We've rebooked you on the 7:40 flight tomorrow at no cost. — SAM, CARE TEAM", complaint],
];

describe('reply checker, fourth round (Arabic and the weak rules)', () => {
  it.each(CATCHES)('finds %s', (text, ctx, rule) => {
    expect(rules(text, ctx)).toContain(rule);
  });
  it.each(CLEAN)('leaves %s clean', (text, ctx) => {
    expect(rules(text, ctx)).toEqual([]);
  });

  it('reads Arabic stretched letters and Persian-keyboard letters as the words they are', () => {
    expect(foldWithMap('شكرااااا').folded).toBe('شكرا');
    // Two letters in a row stay two ("الله").
    expect(foldWithMap('الله').folded).toBe('الله');
    expect(foldWithMap('کلامک').folded).toBe('كلامك');
    // Thanks and an apology typed stretched still count.
    expect(rules('شكراااا على صبرك، وآسفيييين. رجعنا المبلغ اليوم.', complaint)).toEqual([]);
    // A finding's span still points at the original letters.
    const r = checkReplyFull('شكراااا لك. بلاش مبالغة يا أخي.', { ...complaint, noScorer: true });
    const f = r.findings.find((x) => x.rule === 'emotional_tone');
    expect(f?.quote).toContain('بلاش مبالغة');
  });

  it('counts an opener as a stock phrase only among other stamps', () => {
    expect(rules('Thanks for your patience. The parcel left our depot today and arrives on Friday.', complaint)).toEqual([]);
    expect(rules('Thanks for your patience. We apologise for any inconvenience caused.', complaint)).toContain('stock_phrase');
    // The blame is what matters here; the opener is no stamp of its own.
    expect(rules('Спасибо за обращение. Галочку вы поставили сами при покупке.', complaint)).toEqual(['blames_customer']);
  });

  it('reads a contradiction as tone on a complaint, as the argument itself on a troll', () => {
    expect(rules('Вы ошибаетесь, заказ доставлен вовремя.', complaint)).toContain('emotional_tone');
    expect(rules('Вы ошибаетесь.', troll)).not.toContain('emotional_tone');
    expect(rules('That is simply not true.', troll)).toEqual([]);
  });

  it('does not read a negated promise as a vague one', () => {
    expect(rules('Ne pare rău, ne ocupăm de asta.', complaint)).toContain('vague_promise');
    expect(rules('Ne pare rău, ne ocupăm de asta mâine la 10.', complaint)).not.toContain('vague_promise');
    expect(rules('Nu ne ocupăm de programări, dar v-am trimis azi numărul clinicii: 022 123 456.', question)).not.toContain('vague_promise');
  });
});
