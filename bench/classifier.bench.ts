/**
 * Classifier speed: model load time, throughput on one core (this process
 * is single-threaded) over a mixed four-language sample, resident memory.
 */
import { loadModelClassifier } from '../src/adapters/classifier-models.js';

const SAMPLES = [
  '@SkyJet my bag never arrived in Boston, file BOS22817, 4 days and nobody calls back. Please help.',
  'WORST COMPANY EVER. NEVER AGAIN!!!',
  'Thank you so much, the courier was super friendly and the parcel came a day early!',
  'Сбер, перевод 5000 рублей висит третий день, в чате отвечают шаблоном. Верните деньги.',
  'Подскажите, как подключить роуминг в приложении?',
  'Zakaz ne prishel uzhe dve nedeli, podderzhka ne otvechaet',
  'Comanda 448812 nu a ajuns de doua saptamani, curierul nu raspunde la telefon. Va rog sa rezolvati.',
  'Recomand cu incredere! Telefonul e rapid, camera face poze foarte bune, bateria tine o zi si jumatate.',
  'طلبي رقم 55218 ما وصل من أسبوعين والمندوب ما يرد، أبغى استرجاع المبلغ',
  'المطعم رائع والأكل لذيذ والخدمة سريعة، أنصح فيه بقوة',
];

export function benchClassifier(iterations = 20_000) {
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const classifier = loadModelClassifier();
  classifier.classify({ text: 'warm up' });
  const loadMs = performance.now() - t0;
  for (let i = 0; i < 500; i++) classifier.classify({ text: SAMPLES[i % SAMPLES.length]! });
  const t1 = performance.now();
  for (let i = 0; i < iterations; i++) classifier.classify({ text: SAMPLES[i % SAMPLES.length]! });
  const seconds = (performance.now() - t1) / 1000;
  return {
    'model load ms': Math.round(loadMs),
    'mentions/s (1 core)': Math.round(iterations / seconds),
    'resident MB': Math.round(process.memoryUsage().rss / 1048576),
    'model MB in memory': Math.round((process.memoryUsage().rss - rssBefore) / 1048576),
  };
}

if (process.argv[1]?.endsWith('classifier.bench.ts')) console.table([benchClassifier()]);
