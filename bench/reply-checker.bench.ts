/** Reply checker throughput on one core: replies checked per second over a mix of four languages. */
import { checkReply, type CheckLanguage } from '../src/domain/replies/reply-checker.js';

const SAMPLES: Array<[string, CheckLanguage]> = [
  ['Thank you for telling us, and I am sorry the parcel is late. The courier will bring order 4411 tomorrow before 18:00.', 'en'],
  ['We apologize for any inconvenience. Please send us your order number and we will fix it soon.', 'en'],
  ['Спасибо, что написали, и простите за задержку. Курьер привезет заказ завтра до 18:00.', 'ru'],
  ['Приносим извинения за доставленные неудобства. Вы нас не так поняли, смотрите по ссылке https://help.example.ru', 'ru'],
  ['Vă mulțumim că ne-ați scris și ne pare rău pentru întârziere. Curierul vă sună mâine până la ora 12.', 'ro'],
  ['Ne cerem scuze pentru eventualele neplăceri. Vom rezolva în curând, calmați-vă!!!', 'ro'],
  ['شكراً لأنك أخبرتنا، ونأسف على التأخير. سيصلك الطلب غداً قبل الساعة 6 مساءً.', 'ar'],
  ['نعتذر عن الإزعاج. سيتم حل مشكلتك قريبًا. لا تغضب.', 'ar'],
];

export function benchReplyChecker(n = 40_000) {
  for (let i = 0; i < 2000; i++) checkReply(SAMPLES[i % SAMPLES.length]![0], SAMPLES[i % SAMPLES.length]![1], { kind: 'constructive' });
  const t0 = performance.now();
  let findings = 0;
  for (let i = 0; i < n; i++) findings += checkReply(SAMPLES[i % SAMPLES.length]![0], SAMPLES[i % SAMPLES.length]![1], { kind: 'impulsive' }).length;
  const s = (performance.now() - t0) / 1000;
  return { replies: n, 'replies/s (1 core)': Math.round(n / s), 'µs per reply': Number(((s / n) * 1e6).toFixed(1)), findings };
}
