/**
 * The desk in four languages, in Chromium: switched to Arabic the whole page
 * turns right to left (<html dir="rtl">, the layout mirrored by logical CSS
 * properties), the inbox, a case and the settings show none of en.json's
 * strings, dates are written the Arabic way and the checker explains itself
 * in Arabic; Arabic mention text is right-aligned in an English desk too;
 * switched to Romanian (or Russian) the desk speaks it, left to right.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { browserTestsAvailable, launchChromium, listenOnLoopback, signIn } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { buildMention } from '../support/factories.js';
import { type Harness, openHarness } from '../support/harness.js';
import { ScriptedClassifier } from '../support/scripted-classifier.js';

type Tree = { [k: string]: string | Tree };
const leaves = (t: Tree, p = ''): Array<[string, string]> =>
  Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [[p + k, v] as [string, string]] : leaves(v, `${p}${k}.`)));
const locale = (lang: string) =>
  new Map(leaves(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'web', 'src', 'locales', `${lang}.json`), 'utf8'))));
const en = locale('en');

/**
 * en.json's strings that must not be seen in `lang`: whole values without placeholders, of at least four letters,
 * that the language writes differently (Romanian shares a few words with English: "Brand", "Text", "manager").
 */
function englishSample(lang: string): string[] {
  const own = locale(lang);
  return [...en].filter(([k, v]) => !v.includes('{{') && (v.match(/\p{L}/gu) ?? []).length >= 4 && own.get(k) !== v).map(([, v]) => v);
}

/**
 * The desk's own words on the page: its visible text without people's text (mentions, names, replies, notes), the
 * classifier's free-text reasons (English from the API, shown as they are), form values, e-mail addresses and the
 * language switcher (which names each language in itself).
 */
const deskText = (page: Page) =>
  page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    copy
      .querySelectorAll(
        '[data-user-text], [data-api-text], blockquote, input, textarea, [data-testid=ui-language], .who, .author small, h1 small, code',
      )
      .forEach((e) => e.remove());
    copy.querySelectorAll('table.plain td:nth-child(2)').forEach((e) => e.remove()); // members' e-mail addresses
    document.body.appendChild(copy);
    const text = copy.innerText;
    copy.remove();
    return text;
  });

const englishLeft = async (page: Page, lang: string) => {
  const text = await deskText(page);
  return englishSample(lang).filter((s) => text.includes(s));
};

describe.skipIf(!browserTestsAvailable)('the desk in four languages', () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let base: string;
  const cases: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    h = await openHarness('sqlite', db, {}, new ManualClock(new Date()), new ScriptedClassifier());
    const brandId = await h.createBrand('acme');
    await h.createUser('maria@acme.test', brandId, 'manager');
    const token = await h.createToken(brandId);
    const send = async (m: object) => {
      const res = await h.app.inject({ method: 'POST', url: '/api/v1/mentions', headers: { authorization: `Bearer ${token}` }, payload: m });
      if (res.statusCode !== 201) throw new Error(`ingest failed: ${res.statusCode} ${res.body}`);
      await h.runJobs();
      return (await h.container.store.repos.mentions.findById(res.json().items[0].id as string))!.caseId!;
    };
    const at = (minAgo: number) => new Date(Date.now() - minAgo * 60_000).toISOString();
    cases.parcel = await send(
      buildMention({
        author: { handle: 'jane_d', name: 'Jane Doe' },
        created_at: at(20),
        text: '#kind=constructive #topic=delivery My parcel 55123 is two weeks late and nobody answers the phone.',
      }),
    );
    cases.arabic = await send(
      buildMention({
        author: { handle: 'salem', name: 'سالم' },
        created_at: at(15),
        text: '#kind=impulsive #lang=ar الطلب لم يصل بعد أسبوعين والخدمة سيئة جدا',
      }),
    );
    await send(buildMention({ created_at: at(5), text: '#kind=trolling #conf=0.55 Clowns. Third time my card is charged twice' }));
    base = await listenOnLoopback(h.app);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 860 }, locale: 'en-US' });
    await signIn(page, base, 'maria@acme.test');
    await page.locator('table.cases tbody tr').nth(2).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await db?.drop();
  });

  const html = () => page.evaluate(() => ({ dir: document.documentElement.dir, lang: document.documentElement.lang }));

  it('offers English, Russian, Romanian and Arabic, each by its own name', async () => {
    const options = await page
      .getByTestId('ui-language')
      .locator('option')
      .evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    expect(options).toEqual([
      ['en', 'English'],
      ['ru', 'Русский'],
      ['ro', 'Română'],
      ['ar', 'العربية'],
    ]);
    expect(await html()).toEqual({ dir: 'ltr', lang: 'en' });
  });

  it('right-aligns Arabic mention text in an English desk, and the search box takes either direction', async () => {
    expect(await page.getByRole('searchbox').getAttribute('dir')).toBe('auto');
    const row = page.locator(`tr[data-case="${cases.arabic}"] td.text [data-user-text]`);
    // The Arabic text's right edge is at its cell's right edge (less the padding), its left edge well inside.
    const edges = await row.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const text = range.getBoundingClientRect();
      const cell = el.parentElement!.getBoundingClientRect();
      return { right: cell.right - text.right, left: text.left - cell.left, direction: getComputedStyle(el).direction };
    });
    expect(edges.direction).toBe('rtl');
    expect(edges.right).toBeLessThan(12);
    expect(edges.left).toBeGreaterThan(40);
  });

  it('turns the desk right to left in Arabic: <html dir="rtl">, a mirrored layout, no English from en.json in the inbox', async () => {
    await page.getByTestId('ui-language').selectOption('ar');
    await expect.poll(html).toEqual({ dir: 'rtl', lang: 'ar' });
    await expect.poll(() => page.locator('header nav').textContent()).toContain('الوارد');
    // Survives a reload.
    await page.reload();
    await expect.poll(() => page.locator('table.cases tbody tr').count()).toBe(3);
    expect(await html()).toEqual({ dir: 'rtl', lang: 'ar' });
    // Mirrored: the logo sits at the right end of the top bar, the first column at the right of the table.
    const logo = await page.locator('.topbar .logo').boundingBox();
    expect(logo!.x).toBeGreaterThan(1360 / 2);
    const [first, last] = await Promise.all([
      page.locator('table.cases th').first().boundingBox(),
      page.locator('table.cases th').last().boundingBox(),
    ]);
    expect(first!.x).toBeGreaterThan(last!.x);
    const row = page.locator(`tr[data-case="${cases.parcel}"]`);
    expect(await row.locator('.topic').textContent()).toBe('التوصيل');
    expect(await row.locator('td').last().textContent()).toBe('جديدة');
    expect(await englishLeft(page, 'ar')).toEqual([]);
  });

  it('shows a case in Arabic: labels, situation, timeline events and dates the Arabic way, the checker explaining itself in Arabic', async () => {
    await page.goto(`${base}/cases/${cases.parcel}`);
    await expect.poll(() => page.getByTestId('classification').textContent()).toContain('بنّاء');
    expect(await page.getByTestId('classification').textContent()).toContain('شكوى من الخدمة');
    expect(await page.getByTestId('timeline').textContent()).toContain('فُتحت الحالة');
    // The back link points to the right, where "back" is right to left.
    expect(await page.locator('section.case > a').first().textContent()).toBe('→ الوارد');
    const time = page.locator('.timeline time').first();
    const iso = (await time.getAttribute('datetime'))!;
    const arabic = await page.evaluate(
      (at) =>
        new Intl.DateTimeFormat('ar', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(at)),
      iso,
    );
    expect(await time.textContent()).toBe(arabic);
    expect(arabic).toMatch(/\p{Script=Arabic}/u);
    // The left border of a quote in English is on the right in Arabic.
    const border = await page
      .locator('blockquote.mention')
      .first()
      .evaluate((el) => ({ right: getComputedStyle(el).borderRightWidth, left: getComputedStyle(el).borderLeftWidth }));
    expect(border).toEqual({ right: '3px', left: '0px' });
    expect(await englishLeft(page, 'ar')).toEqual([]);

    await page.getByRole('textbox', { name: 'الرد' }).fill('We apologize for any inconvenience.');
    const finding = page.locator('[data-testid=findings] li[data-rule=stock_phrase]');
    await expect.poll(() => finding.locator('strong').textContent()).toBe('عبارة جاهزة');
    expect(await finding.locator('.explanation').textContent()).toBe('العبارة الجاهزة تبدو كختم آلي، وتثير الغضب أكثر من الصمت.');
  });

  it('shows the settings, the dashboard and the notifications in Arabic, the brand language among the settings', async () => {
    await page.locator('header nav a').nth(2).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('الإعدادات');
    expect(await page.locator('#brand-language option:checked').textContent()).toBe('الإنجليزية');
    expect(await englishLeft(page, 'ar')).toEqual([]);
    await page.locator('header nav a').nth(1).click();
    await expect.poll(() => page.getByTestId('tiles').textContent()).toContain('حالات مفتوحة');
    expect(await englishLeft(page, 'ar')).toEqual([]);
    await page.getByTestId('bell').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('الإشعارات');
    expect(await englishLeft(page, 'ar')).toEqual([]);
  });

  it('speaks Romanian, left to right, when switched to it', async () => {
    await page.getByTestId('ui-language').selectOption('ro');
    await expect.poll(html).toEqual({ dir: 'ltr', lang: 'ro' });
    await page.locator('header nav a').first().click();
    await expect.poll(() => page.getByRole('tab', { name: 'Cazurile mele' }).count()).toBe(1);
    expect(await page.locator(`tr[data-case="${cases.parcel}"] .topic`).textContent()).toBe('livrare');
    expect(await englishLeft(page, 'ro')).toEqual([]);
    await page.goto(`${base}/cases/${cases.parcel}`);
    await expect.poll(() => page.getByTestId('classification').textContent()).toContain('Reclamație despre servicii');
    expect(await englishLeft(page, 'ro')).toEqual([]);
  });

  it('leaves no English in the Russian desk either (topics, sentiment, situations, events, statuses were half English)', async () => {
    await page.getByTestId('ui-language').selectOption('ru');
    await expect.poll(html).toEqual({ dir: 'ltr', lang: 'ru' });
    await expect.poll(() => page.getByTestId('classification').textContent()).toContain('Жалоба на сервис');
    expect(await page.getByTestId('classification').textContent()).toContain('негативная');
    expect(await englishLeft(page, 'ru')).toEqual([]);
    await page.locator('header nav a').first().click();
    await expect.poll(() => page.locator(`tr[data-case="${cases.parcel}"] .topic`).textContent()).toBe('доставка');
    expect(await englishLeft(page, 'ru')).toEqual([]);
    await page.getByTestId('ui-language').selectOption('en');
    await expect.poll(html).toEqual({ dir: 'ltr', lang: 'en' });
  });
});
