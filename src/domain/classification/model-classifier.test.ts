/**
 * Behaviour of the shipped model on clear cases, in every language. These
 * guard the trained weights: a retrain that breaks them does not ship.
 */
import { describe, expect, it } from 'vitest';
import { loadModelClassifier } from '../../adapters/classifier-models.js';
import { KINDS, SENTIMENTS } from '../labels.js';
import { hashFeature } from './features.js';
import { linearScorer, ModelClassifier } from './model-classifier.js';

const classifier = loadModelClassifier();
const c = (text: string, competitors?: string[]) => classifier.classify({ text, competitors });

describe('ModelClassifier', () => {
  it.each([
    ['en', '@SkyJet my bag never arrived in Boston, file BOS22817, 4 days and nobody calls back. Please help.', 'constructive'],
    ['ru', 'Сбер, перевод 5000 рублей висит третий день, в чате отвечают шаблоном. Верните деньги.', 'constructive'],
    ['ro', 'Comanda 448812 nu a ajuns de doua saptamani, curierul nu raspunde la telefon. Va rog sa rezolvati.', 'constructive'],
    ['ar', 'طلبي رقم 55218 ما وصل من أسبوعين والمندوب ما يرد، أبغى استرجاع المبلغ', 'constructive'],
  ])('a specific complaint in %s is constructive and negative', (lang, text, kind) => {
    const r = c(text);
    expect(r.language).toBe(lang);
    expect(r.sentiment).toBe('negative');
    expect(r.kind).toBe(kind);
    expect(r.situation).toBe('service_complaint');
  });

  it.each([
    ['en', 'WORST COMPANY EVER. NEVER AGAIN!!!'],
    ['ru', 'Ненавижу вас, худший банк, позорище!!!'],
    ['ro', 'Cea mai proasta firma, rusine sa va fie!!!'],
    ['ar', 'أسوأ شركة في الدنيا، حسبي الله عليكم'],
  ])('venting in %s is impulsive', (_lang, text) => {
    const r = c(text);
    expect(r.sentiment).toBe('negative');
    expect(r.kind).toBe('impulsive');
  });

  it.each([
    ['en', 'lol your admin is a clown, this comment section is full of idiots'],
    ['ru', 'админ клоун, в комментах одни дебилы'],
    ['ro', 'adminul e un clovn, numai tampiti in comentarii'],
  ])('insults with nothing to fix in %s are trolling', (_lang, text) => {
    const r = c(text);
    expect(r.kind).toBe('trolling');
    expect(r.situation).toBe('conflict_for_conflict');
    expect(r.signals).toContain('insult');
  });

  it('calls a push to a named competitor black PR, with the competitor signal', () => {
    const r = c('Everyone knows FastBank steals money. Go to BankPlus instead, share this!', ['BankPlus']);
    expect(r.kind).toBe('black_pr');
    expect(r.signals).toContain('competitor_mention');
    expect(r.reasons.join(' ')).toMatch(/BankPlus/);
  });

  it.each([
    ['ru', 'Не покупайте у них! Доставка вечно опаздывает. Берите в МегаМаркете', ['МегаМаркет']],
    ['ar', 'لا تشتروا منهم … اشتروا من متجر النخبة', ['متجر النخبة']],
  ])('calls a push to a competitor named in an inflected form black PR in %s', (_lang, text, competitors) => {
    const r = c(text, competitors);
    expect(r.kind).toBe('black_pr');
    expect(r.signals).toContain('competitor_mention');
    // Without the competitor configured there is no push to a rival to see.
    expect(c(text).signals).not.toContain('competitor_mention');
  });

  it('recognises praise, questions and ideas', () => {
    expect(c('Thank you so much, the courier was super friendly and the parcel came a day early!')).toMatchObject({
      kind: 'praise',
      sentiment: 'positive',
    });
    expect(c('Multumesc, livrare rapida si produs excelent, recomand!')).toMatchObject({ kind: 'praise', sentiment: 'positive' });
    expect(c('Подскажите, как подключить роуминг в приложении?').kind).toBe('question');
    expect(c('It would be great if you added Apple Pay to the app').kind).toBe('idea');
    expect(c('Было бы здорово, если бы вы добавили темную тему').kind).toBe('idea');
    // A feature asked for as a question is an idea, not a question (a new user's trial: this Arabic one read as a question).
    for (const text of [
      'هل يمكنكم إضافة خيار الدفع عند الاستلام؟ سيكون ذلك مفيداً جداً.',
      'Можете добавить оплату картой при получении? Было бы полезно.',
      'Puteți adăuga plata cu cardul la livrare? Ar fi foarte util.',
    ])
      expect(c(text).kind, text).toBe('idea');
    expect(c('Can you add my order number to the invoice? I was charged twice.').kind).toBe('constructive');
  });

  it('raises signals: legal and churn threats, threats, profanity (even obfuscated), urgency', () => {
    expect(c('If I do not get my refund by Friday I will contact my lawyer and the CFPB. Switching to BankPlus.').signals).toEqual(
      expect.arrayContaining(['legal_threat', 'churn_threat']),
    );
    expect(c('Подам в суд и в Роспотребнадзор, верните деньги').signals).toContain('legal_threat');
    expect(c('Reziliez contractul si ma mut la Digi').signals).toContain('churn_threat');
    expect(c('Я вас найду, сожгу ваш офис').signals).toContain('threat');
    // Threats of harm in everyday words, with a grievance around them (a new user's trial: this one read as a plain complaint).
    for (const text of [
      "Your delivery guy threw the box over my fence and it broke. I know where your warehouse is and I'll come and smash it if this happens again.",
      'Третий раз привозят разбитый заказ. Я знаю, где ваш склад, приду и разнесу там всё.',
      'A treia oară îmi aduceți coletul spart. Știu unde e depozitul vostru, vin și vă sparg geamurile.',
      'ثالث مرة توصلني الطلبية مكسورة، اعرف وين مستودعكم وراح اكسر كل شي فيه',
    ])
      expect(c(text).signals, text).toContain('threat');
    // The same words without a threat stay without one.
    for (const text of [
      'I know where your store is, I just could not find parking.',
      'You smashed it, best pizza in town!',
      'Знаю, где ваш пункт выдачи, но он закрыт.',
    ])
      expect(c(text).signals, text).not.toContain('threat');
    expect(c('f*ck you and your stupid app').signals).toContain('profanity');
    expect(c('Card blocked, I am stranded at the airport with no money, need help now').signals).toContain('urgent');
  });

  it('reads sarcastic praise of a real failure as a grievance, and praise with a kind word for a fix as praise', () => {
    for (const text of [
      'Oh wow, amazing service as always. Only took you 3 weeks to lose my parcel. Truly impressed. Bravo.',
      'Ну спасибо, отличный сервис: курьер опоздал на пять часов',
      'Браво, билайн, третий день без интернета',
    ]) {
      const r = c(text);
      expect(r.sentiment, text).toBe('negative');
      expect(['impulsive', 'constructive'], text).toContain(r.kind);
    }
    expect(
      (c('Oh wow, amazing service as always. Only took you 3 weeks to lose my parcel. Truly impressed. Bravo.').reasonCodes ?? []).map((x) => x.code),
    ).toContain('sarcasm_grievance');
    for (const text of [
      'Bravo, delivered in a day, great service as always',
      'Thanks for sorting out my lost parcel so fast, well done',
      'Как всегда на высоте, спасибо!',
    ])
      expect(c(text), text).toMatchObject({ kind: 'praise', sentiment: 'positive' });
  });

  it('reads a bare legal threat as a grievance, and courtesy, a name or a search as no legal threat', () => {
    for (const text of ["I'll see you in court.", 'Увидимся в суде.', 'Ne vedem în instanță.']) {
      const r = c(text);
      expect(r.signals, text).toContain('legal_threat');
      expect(r.sentiment, text).toBe('negative');
      expect(['constructive', 'impulsive'], text).toContain(r.kind);
      expect(
        (r.reasonCodes ?? []).map((x) => x.code),
        text,
      ).toContain('legal_threat_grievance');
    }
    for (const text of [
      'The staff were very courteous, thank you',
      'Sue from support was lovely',
      'Искала банкомат полчаса, судя по карте он здесь',
      'Am plătit penalități de întârziere, procesul de plată e greoi',
      'نحتاج تعويض عن التأخير',
    ])
      expect(c(text).signals, text).not.toContain('legal_threat');
  });

  it('does not call a real problem trolling just because it swears', () => {
    const r = c('My fucking order 88213 has not arrived in 3 weeks and I called support twice, where is my package?');
    expect(r.kind).not.toBe('trolling');
    expect(r.signals).toContain('profanity');
  });

  it('reads transliterated Russian', () => {
    const r = c('Zakaz ne prishel uzhe dve nedeli, podderzhka ne otvechaet, verni dengi');
    expect(r.language).toBe('ru');
    expect(r.sentiment).toBe('negative');
    expect(r.reasons[0]).toMatch(/Latin letters/);
  });

  it('explains itself and stays within the label set', () => {
    const r = c('Comanda nu a ajuns, curierul nu raspunde');
    expect(r.reasons.length).toBeGreaterThan(2);
    expect(r.reasons.join('\n')).toMatch(/nu a ajuns/);
    expect(r.topics).toContain('delivery');
    expect(r.confidence.kind).toBeGreaterThan(0);
    expect(r.confidence.kind).toBeLessThanOrEqual(1);
  });
});

describe('ModelClassifier topics', () => {
  it('files an opinion that names no topic under product quality, and says why', () => {
    const r = loadModelClassifier().classify({ text: 'Nu recomand. S-a rupt dupa doua zile.' });
    expect(r.topics).toEqual(['product_quality']);
    expect(r.reasons.join('\n')).toMatch(/no other topic named/);
  });

  it('leaves topics empty for a neutral text about nothing in particular', () => {
    expect(loadModelClassifier().classify({ text: 'Anyone watching the game tonight?' }).topics).toEqual([]);
  });
});

describe('ModelClassifier questions', () => {
  it('calls a plain request for information a question, and a complaint phrased as one a complaint', () => {
    expect(loadModelClassifier().classify({ text: '@SkyJet any news about the departure of flight 51?' }).kind).toBe('question');
    const angry = loadModelClassifier().classify({ text: 'Why has my refund still not arrived after 5 weeks?! I called you six times!' });
    expect(angry.sentiment).toBe('negative');
    expect(angry.kind).not.toBe('question');
  });
});

describe('ModelClassifier hash widths', () => {
  /** A model of 2^bits buckets whose only weight says "positive" / "praise" for the given bucket. */
  const oneWeight = (classes: readonly string[], bits: number, bucket: number, cls: string) => {
    const weights = new Float32Array(2 ** bits * classes.length);
    weights[bucket * classes.length + classes.indexOf(cls)] = 50;
    return { classes, weights };
  };
  const text = 'plain words here';
  const lang = 'en';

  it('hashes the features to the width of its models, read from their bucket count', () => {
    for (const bits of [18, 19, 20]) {
      const bucket = hashFeature('w:plain', bits);
      const m = new ModelClassifier({
        sentiment: linearScorer(oneWeight(SENTIMENTS, bits, bucket, 'positive')),
        kind: linearScorer(oneWeight(KINDS, bits, bucket, 'praise')),
      });
      expect(m.hashBits).toBe(bits);
      const r = m.classify({ text, lang });
      expect(r.sentiment, `${bits} bits`).toBe('positive');
      expect(r.scores?.kind.praise, `${bits} bits`).toBeGreaterThan(0.9);
    }
  });

  it('refuses a sentiment and a kind model of different widths', () => {
    expect(
      () =>
        new ModelClassifier({
          sentiment: linearScorer(oneWeight(SENTIMENTS, 18, 0, 'positive')),
          kind: linearScorer(oneWeight(KINDS, 19, 0, 'praise')),
        }),
    ).toThrow(/different widths/);
  });
});
