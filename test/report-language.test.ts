/**
 * Reports in the brand's language, on both databases: `language` in the
 * brand's settings (en by default; en, ru, ro or ar) decides the words of the
 * HTML (and so PDF) and CSV report and of the scheduled e-mail, whatever
 * language the person asking uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/domain/clock.js';
import type { Mailer } from '../src/services/ports.js';
import { ReportScheduler } from '../src/services/reports/report-scheduler.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, openHarness, type SignedIn } from './support/harness.js';
import { api, ingestOne } from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

type Mail = Parameters<Mailer['send']>[0];

describe.each(DIALECTS)('report language on %s', (dialect) => {
  let db: TestDatabase;
  let h: Harness;
  let manager: SignedIn;
  let responder: SignedIn;
  let brandId: string;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    h = await openHarness(dialect, db, {}, new ManualClock('2026-12-01T09:00:00Z'), new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    await h.createUser('m@acme.test', brandId, 'manager');
    await h.createUser('r@acme.test', brandId, 'responder');
    manager = await h.login('m@acme.test');
    responder = await h.login('r@acme.test');
    const token = await h.createToken(brandId);
    await ingestOne(
      h,
      token,
      buildMention({ text: '#kind=constructive #topic=delivery The parcel is late again', created_at: '2026-11-20T10:00:00Z' }),
    );
  });
  afterAll(async () => {
    await h?.close();
    await db?.drop();
  });

  const settings = (body: object) => api(h, 'PATCH', `/api/v1/brands/${brandId}/settings`, manager, body);
  const report = (format: string) => api(h, 'GET', `/api/v1/brands/${brandId}/report?period=2026-11&format=${format}`, manager);

  it('is English until the brand says otherwise', async () => {
    expect((await api(h, 'GET', `/api/v1/brands/${brandId}/settings`, manager)).json().language).toBe('en');
    const html = (await report('html')).body;
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain('<h1>Brand acme: mentions report, November 2026</h1>');
    expect((await report('json')).json().language).toBe('en');
  });

  it('gives a brand with language ru a Russian report heading, figures and CSV labels', async () => {
    const set = await settings({ language: 'ru' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().language).toBe('ru');
    // Other sections are kept.
    expect(set.json().responsePolicy).toBeTruthy();
    const html = (await report('html')).body;
    expect(html).toContain('<html lang="ru" dir="ltr">');
    expect(html).toContain('<h1>Brand acme: отчёт об упоминаниях, ноябрь 2026 г.</h1>');
    expect(html).toContain('Упоминания по типам');
    expect(html).toContain('конструктив');
    expect(html).not.toContain('mentions report');
    const csv = (await report('csv')).body.split('\n');
    expect(csv[0]).toBe('table,key,subkey,value,label');
    expect(csv.find((l) => l.startsWith('by_topic,delivery,'))).toBe('by_topic,delivery,,1,По темам: доставка');
    expect((await report('json')).json().language).toBe('ru');
  });

  it('mirrors an Arabic report right to left', async () => {
    expect((await settings({ language: 'ar' })).statusCode).toBe(200);
    const html = (await report('html')).body;
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('تقرير الإشارات');
  });

  it('e-mails the scheduled report in the brand language', async () => {
    const sent: Mail[] = [];
    const c = h.container;
    const scheduler = new ReportScheduler(
      c.store,
      h.clock,
      c.reports,
      c.reportExport,
      { send: (m) => (sent.push(m), Promise.resolve({ messageId: null })) },
      c.logger,
    );
    const schedule = { monthly: true, quarterly: false, recipients: ['boss@acme.test'], format: 'html' };
    expect((await settings({ language: 'ro', reportSchedule: schedule })).statusCode).toBe(200);
    expect(await scheduler.sendDue()).toEqual([{ brand: 'acme', period: '2026-11' }]);
    expect(sent[0]!.subject).toBe('Brand acme: raport despre mențiuni, noiembrie 2026');
    expect(sent[0]!.text).toContain('constructiv: 1');
  });

  it('refuses a language it has no words for, naming the field, and lets only managers change it', async () => {
    const bad = await settings({ language: 'de' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('language');
    const denied = await api(h, 'PATCH', `/api/v1/brands/${brandId}/settings`, responder, { language: 'en' });
    expect(denied.statusCode).toBe(403);
  });
});
