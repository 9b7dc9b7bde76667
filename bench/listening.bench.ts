/** Listening query throughput on one core: items matched per second over a mix of four languages (compiled once). */
import { compileListeningQuery } from '../src/domain/listening/listening-query.js';

const QUERY = {
  include: ['МегаМаркет', 'Megamarket', 'eMAG', 'Orange', 'المتجر', 'Air Moldova', 'Poșta Română'],
  exclude: ['вакансии', 'orange juice'],
  languages: [] as ('ru' | 'ro' | 'ar' | 'en')[],
};

const TEXTS = [
  'Заказ №{n} в Мегамаркете так и не доставили, поддержка молчит третий день',
  'Comanda {n} de pe eMAG-ul lor nu a ajuns, curierul nu răspunde la telefon',
  'الطلب رقم {n} من المتجر لم يصل حتى الآن وخدمة العملاء لا ترد',
  'Order {n} still not here after two weeks, worst service ever',
  'Мегафон опять без связи, тариф {n} не работает',
  'Zborul Air Moldova {n} a întârziat cinci ore',
  'Best orange juice in town, {n} bottles sold',
  'وبالمتجر لا أحد يرد على الهاتف منذ {n} يوم',
];

export function benchListening(n = 100_000) {
  const match = compileListeningQuery(QUERY);
  const items = Array.from({ length: 2000 }, (_, i) => ({ text: TEXTS[i % TEXTS.length]!.replace('{n}', String(1000 + i)) }));
  for (const it of items) match(it);
  const t0 = performance.now();
  let matched = 0;
  for (let i = 0; i < n; i++) if (match(items[i % items.length]!).matched) matched++;
  const s = (performance.now() - t0) / 1000;
  const withLanguage = compileListeningQuery({ ...QUERY, languages: ['ru', 'ro'] });
  const t1 = performance.now();
  const m = n / 10;
  for (let i = 0; i < m; i++) withLanguage(items[i % items.length]!);
  const s1 = (performance.now() - t1) / 1000;
  return {
    items: n,
    'items/s (1 core)': Math.round(n / s),
    'µs per item': Number(((s / n) * 1e6).toFixed(1)),
    matched,
    'items/s with language filter (detection)': Math.round(m / s1),
  };
}
