/**
 * The classifier's reasons as codes with their facts (for the desk to
 * translate) beside the English lines it always gave: one code per line, the
 * same English words as before, facts that are codes and numbers, the
 * mention's phrases only under `quotes` — which erasure drops with the text
 * (the brand layer's code: brand-layer.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { loadModelClassifier } from '../../adapters/classifier-models.js';
import { scrubTexts } from '../data/erasure.js';
import { REASON_CODES, reasonText } from './reasons.js';

const classifier = loadModelClassifier();

describe('classifier reasons', () => {
  it.each([
    'Comanda 448812 nu a ajuns de doua saptamani, curierul nu raspunde la telefon!!! Va rog sa rezolvati.',
    'Сбер, перевод 5000 рублей висит третий день, в чате отвечают шаблоном. Верните деньги.',
    'WORST COMPANY EVER. NEVER AGAIN!!!',
    'طلبي رقم 55218 ما وصل من أسبوعين والمندوب ما يرد',
  ])('gives a code for each English line, and the same words as before: %s', (text) => {
    const r = classifier.classify({ text });
    expect(r.reasonCodes!.map(reasonText)).toEqual(r.reasons);
    for (const code of r.reasonCodes!) {
      expect(REASON_CODES).toContain(code.code);
      for (const v of Object.values(code.params)) expect(['string', 'number']).toContain(typeof v);
    }
    // The lines read as they always did.
    expect(r.reasons[0]).toMatch(/^language (ro|ru|en|ar): /);
    expect(r.reasons).toContainEqual(expect.stringMatching(new RegExp(`^kind ${r.kind} \\(\\d+%\\), sentiment ${r.sentiment} \\(\\d+%\\)$`)));
    expect(r.reasonCodes![0]).toEqual({ code: 'language', params: { language: r.language, how: expect.any(String) } });
  });

  it('keeps the mention’s words under quotes only, and erasure drops the codes with the English lines', () => {
    const r = classifier.classify({ text: 'Comanda 448812 nu a ajuns de doua saptamani, curierul nu raspunde la telefon!!!' });
    const quoting = r.reasonCodes!.filter((x) => Object.values(x.params).some((v) => typeof v === 'string' && /comanda|curier|telefon/i.test(v)));
    expect(quoting.length).toBeGreaterThan(0);
    for (const q of quoting) expect(Object.keys(q.params).filter((k) => /comanda|curier|telefon/i.test(String(q.params[k])))).toEqual(['quotes']);
    const scrubbed = scrubTexts({ cls: r });
    expect(scrubbed.cls.reasons).toEqual([]);
    expect(scrubbed.cls.reasonCodes).toEqual([]);
  });

  it('says in English what a brand layer changed, as it always did', () => {
    const text = reasonText({
      code: 'brand_layer',
      params: { version: 3, examples: 12, kind_from: 'neutral', kind_to: 'impulsive', kind_percent: 81 },
    });
    expect(text).toBe("brand layer v3 (learned from 12 of this brand's corrections) changed kind neutral → impulsive (81%)");
  });
});
