/**
 * The brand layer learns a brand's own convention from its corrections and
 * leaves everything else to the shared model.
 */
import { describe, expect, it } from 'vitest';
import { loadModelClassifier } from '../../adapters/classifier-models.js';
import { applyBrandLayer, BrandLayerClassifier, type LayerExample, parseBrandLayer, trainBrandLayer } from './brand-layer.js';

const shared = loadModelClassifier();
const base = (text: string) => shared.classify({ text });

/**
 * This brand's team calls a bare "we have been waiting a week" vent impulsive (the shipped model does not; since
 * defuse-linear-v4 it does when the vent says "сколько можно", so those are not among these).
 */
const WAITING = [
  'Ждём уже неделю, когда вы ответите',
  'ждем уже неделю доставку',
  'Ждём уже вторую неделю ответа от поддержки',
  'уже неделю ждём возврат',
  'Ждём уже неделю, никто не звонит',
  'ждём уже неделю курьера',
  'Ждём уже неделю, и ничего',
  'ждём уже неделю и тишина',
  'Ждём уже неделю!!! где заказ',
  'уже неделю ждём, где всё',
  'Ждём уже неделю ответа',
  'ждём уже неделю, вы там живы?',
  'Ждём уже неделю, а воз и ныне там',
  'ждём уже неделю подключения',
  'Ждём уже неделю мастера',
  'ждём уже неделю перезвона',
];
const HELD_OUT_WAITING = ['Ждём уже неделю, когда привезут', 'ждём уже неделю, и ни слова', 'Уже неделю ждём звонка от вас'];

/** Answers the team acted on without correcting: the shared model was right. */
const UNRELATED = [
  'Спасибо, всё отлично, быстро доставили',
  'Какой у вас график работы в субботу?',
  'Админ клоун, одни дебилы тут',
  'Новый офис открылся на Тверской',
  'Ненавижу вас, худший банк, позорище!!!',
  'Перевод висит третий день, верните деньги',
  'Great service, thanks a lot!',
  '@SkyJet my bag never arrived in Boston, file BOS22817, 4 days and nobody calls back. Please help.',
  'Comanda 448812 nu a ajuns de doua saptamani, curierul nu raspunde la telefon.',
  'طلبي رقم 55218 ما وصل من أسبوعين والمندوب ما يرد',
];
const HELD_OUT_UNRELATED = [
  'Спасибо за быструю помощь, всё решили за пять минут',
  'Подскажите, есть ли у вас доставка в Казань?',
  'Сбер, перевод 5000 рублей висит третий день, в чате отвечают шаблоном. Верните деньги.',
  'lol your admin is a clown, this comment section is full of idiots',
  'WORST COMPANY EVER. NEVER AGAIN!!!',
  'Mulțumesc, totul a ajuns la timp, recomand!',
  'Курьер опоздал на два часа и нагрубил, заказ 5521, жду извинений',
];

function examples(): LayerExample[] {
  return [
    ...WAITING.map((text) => ({ text, base: base(text), labels: { kind: 'impulsive', sentiment: 'negative' } })),
    ...UNRELATED.map((text) => {
      const b = base(text);
      return { text, base: b, labels: { kind: b.kind, sentiment: b.sentiment, situation: b.situation }, weight: 0.3 };
    }),
  ];
}

describe('brand layer', () => {
  it('starts from the shared model: this brand convention is not what the shipped model says', () => {
    for (const t of [...WAITING, ...HELD_OUT_WAITING]) expect(base(t).kind).not.toBe('impulsive');
  });

  it('learns the convention from the corrections and applies it to new posts of that style, saying so', () => {
    const layer = trainBrandLayer(examples());
    for (const t of HELD_OUT_WAITING) {
      const r = applyBrandLayer(layer, base(t), t);
      expect(r.kind, t).toBe('impulsive');
      expect(r.sentiment).toBe('negative');
      expect(r.reasons.at(-1)).toMatch(new RegExp(`brand layer .* changed kind ${base(t).kind} → impulsive`));
      // The same as a code with its facts, for the desk to say in its language.
      expect(r.reasonCodes?.at(-1)).toMatchObject({
        code: 'brand_layer',
        params: { examples: layer.examples, kind_from: base(t).kind, kind_to: 'impulsive' },
      });
      expect(r.reasonCodes).toHaveLength(r.reasons.length);
    }
  });

  it('does not move on unrelated texts', () => {
    const layer = trainBrandLayer(examples());
    for (const t of HELD_OUT_UNRELATED) {
      const b = base(t);
      const r = applyBrandLayer(layer, b, t);
      expect(r, t).toBe(b); // the very same answer, reasons untouched
    }
  });

  it('a handful of corrections cannot wreck it: one moves nothing, three move only texts like them', () => {
    const withFirst = (n: number) => examples().filter((_e, i) => i >= WAITING.length || i < n);
    const moved = (n: number, texts: string[]) => {
      const layer = trainBrandLayer(withFirst(n), {}, 1);
      return texts.filter((t) => applyBrandLayer(layer, base(t), t).kind !== base(t).kind);
    };
    // With defuse-linear-v2 as the base, one correction moves one held-out text of the same style whose base answer is
    // unsure ('ждём уже неделю, и ни слова'); it never moves an unrelated text. The guard for like texts is an open item.
    expect(moved(1, HELD_OUT_UNRELATED)).toEqual([]);
    expect(moved(1, HELD_OUT_WAITING).length).toBeLessThanOrEqual(1);
    expect(moved(3, HELD_OUT_UNRELATED)).toEqual([]);
  });

  it('trains deterministically and round-trips through JSON', () => {
    const a = trainBrandLayer(examples());
    const b = trainBrandLayer(examples());
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const back = parseBrandLayer(JSON.stringify(a));
    const t = HELD_OUT_WAITING[0]!;
    expect(applyBrandLayer(back, base(t), t).kind).toBe('impulsive');
  });

  it('refuses a stored layer that is not one', () => {
    expect(() => parseBrandLayer('{"format":"x","heads":{}}')).toThrow();
    const layer = trainBrandLayer(examples());
    const broken = { ...layer, heads: { kind: { ...layer.heads.kind!, rows: { '1': [1, 2] } } } };
    expect(() => parseBrandLayer(JSON.stringify(broken))).toThrow(/corrupt/);
  });

  it('leaves heads with too few labels to the shared model', () => {
    const layer = trainBrandLayer(examples().map((e) => ({ ...e, labels: { kind: e.labels.kind } })));
    expect(Object.keys(layer.heads)).toEqual(['kind']);
  });

  it('trains on 500 corrections well under a second', () => {
    const texts = [...WAITING, ...UNRELATED, ...HELD_OUT_UNRELATED];
    const many: LayerExample[] = Array.from({ length: 500 }, (_, i) => {
      const text = `${texts[i % texts.length]} ${i}`;
      return {
        text,
        base: base(text),
        labels: { kind: i % 3 ? 'constructive' : 'impulsive', sentiment: 'negative', situation: 'service_complaint' },
      };
    });
    // CPU time, not wall time: the machine running the tests may be busy.
    const before = process.cpuUsage();
    trainBrandLayer(many);
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
  });

  it('wraps a classifier: the name tells the brand layer version when it changed the answer', () => {
    const c = new BrandLayerClassifier(shared, trainBrandLayer(examples()), 7);
    expect(c.classify({ text: HELD_OUT_WAITING[0]! }).classifier).toBe(`${base(HELD_OUT_WAITING[0]!).classifier}+brand-v7`);
    expect(c.classify({ text: HELD_OUT_UNRELATED[0]! }).classifier).toBe(base(HELD_OUT_UNRELATED[0]!).classifier);
  });
});
