/**
 * A case's evidence bundle (issue 15): the timeline with who and when, the
 * original texts and links, replies and notes, each item and the whole bundle
 * hashed (SHA-256 of canonical JSON) so a copy can be verified; the same as a
 * real PDF with the texts escaped; managers only, another brand's case unseen.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from '../src/adapters/pdf/chromium-pdf.js';
import { canonicalJson, sha256Hex, verifyEvidence } from '../src/domain/evidence/evidence.js';
import { renderEvidenceHtml, type EvidenceBundle } from '../src/services/cases/evidence.service.js';
import { DIALECTS } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, type SignedIn, startHarness } from './support/harness.js';
import { pdfTexts } from './support/pdf-text.js';
import { api, ingestOne, type StoredMention } from './support/requests.js';

const THREAT = 'Zorblax bank: I know where your manager lives <script>alert(1)</script> & you will regret this';

describe.each(DIALECTS)('case evidence on %s', (dialect) => {
  let h: Harness;
  let manager: SignedIn;
  let specialist: SignedIn;
  let responder: SignedIn;
  let outsider: SignedIn;
  let mention: StoredMention;
  let foreignCase: string;

  beforeAll(async () => {
    h = await startHarness(dialect);
    const brandId = await h.createBrand('acme');
    const other = await h.createBrand('rival');
    await h.createUser('lead@acme.test', brandId, 'manager');
    await h.createUser('spec@acme.test', brandId, 'specialist');
    await h.createUser('resp@acme.test', brandId, 'responder');
    await h.createUser('admin@rival.test', other, 'admin');
    manager = await h.login('lead@acme.test');
    specialist = await h.login('spec@acme.test');
    responder = await h.login('resp@acme.test');
    outsider = await h.login('admin@rival.test');
    mention = await ingestOne(
      h,
      await h.createToken(brandId),
      buildMention({ author: { handle: '@angry_one', name: 'Angry One' }, text: THREAT, link: 'https://x.test/angry_one/77' }),
    );
    h.clock.advance(5 * 60_000);
    expect((await api(h, 'POST', `/api/v1/cases/${mention.caseId}/notes`, manager, { body: 'Forwarded to legal' })).statusCode).toBe(201);
    h.clock.advance(5 * 60_000);
    expect(
      (await api(h, 'POST', `/api/v1/cases/${mention.caseId}/replies`, manager, { body: 'We have passed this on.', sent: true })).statusCode,
    ).toBe(201);
    foreignCase = (await ingestOne(h, await h.createToken(other), buildMention())).caseId!;
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  const url = (format?: string) => `/api/v1/cases/${mention.caseId}/evidence${format ? `?format=${format}` : ''}`;

  it('gives the timeline with who and when, the original texts and links, each hashed, and a bundle hash that verifies', async () => {
    const res = await api(h, 'GET', url(), manager);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain(`defuse-evidence-${mention.caseId}.json`);
    const bundle = res.json<EvidenceBundle>();
    expect(bundle.format).toBe('defuse-evidence/1');
    expect(bundle.generated_by).toEqual({ type: 'user', id: manager.userId, name: 'lead' });
    expect(bundle.case).toMatchObject({ id: mention.caseId, channel: 'twitter', author: { handle: '@angry_one', name: 'Angry One' } });
    expect(bundle.mentions).toEqual([
      expect.objectContaining({ id: mention.id, text: THREAT, link: 'https://x.test/angry_one/77', posted_at: mention.postedAt }),
    ]);
    expect(bundle.notes).toEqual([
      expect.objectContaining({ body: 'Forwarded to legal', written_by: { type: 'user', id: manager.userId, name: 'lead' } }),
    ]);
    expect(bundle.replies).toEqual([expect.objectContaining({ body: 'We have passed this on.', status: 'sent' })]);
    // Every event, with who and when, oldest first.
    const types = bundle.timeline.map((e) => e.type);
    expect(types[0]).toBe('case_opened');
    expect(types).toEqual(expect.arrayContaining(['note_added', 'reply_added']));
    const noteEvent = bundle.timeline.find((e) => e.type === 'note_added')!;
    expect(noteEvent).toMatchObject({ actor: { type: 'user', id: manager.userId, name: 'lead' }, at: '2026-01-05T09:05:00.000Z' });
    expect(bundle.timeline.find((e) => e.type === 'case_opened')!.actor.type).toBe('system');

    // The hashes: each item's is the SHA-256 of its canonical JSON without it; the bundle's covers everything else.
    expect(verifyEvidence(bundle as unknown as Record<string, unknown>)).toEqual([]);
    const { sha256, ...item } = bundle.mentions[0]!;
    expect(sha256).toBe(sha256Hex(canonicalJson(item)));
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(bundle.bundle_sha256).toMatch(/^[0-9a-f]{64}$/);
    // A changed word is caught, in the item and in the bundle.
    const tampered = structuredClone(bundle);
    tampered.mentions[0]!.text = THREAT.replace('regret', 'enjoy');
    expect(verifyEvidence(tampered as unknown as Record<string, unknown>)).toEqual(['mentions[0]', 'bundle_sha256']);
    // Taken again later, the items hash the same (only the generation time and bundle hash move).
    h.clock.advance(60_000);
    const again = (await api(h, 'GET', url(), manager)).json<EvidenceBundle>();
    expect(again.mentions[0]!.sha256).toBe(sha256);
    expect(again.timeline.map((e) => e.sha256)).toEqual(bundle.timeline.map((e) => e.sha256));
  });

  it('escapes every text in the printed page: a mention is data, never markup', async () => {
    const bundle = (await api(h, 'GET', url(), manager)).json<EvidenceBundle>();
    const html = renderEvidenceHtml(bundle);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; you will regret this');
    expect(html).toContain(bundle.bundle_sha256);
  });

  it.runIf(existsSync(CHROMIUM_PATH))('prints the bundle to a real PDF holding the texts and hashes', { timeout: 60_000 }, async () => {
    const res = await api(h, 'GET', url('pdf'), manager);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('.pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const texts = pdfTexts(pdf).join('\n');
    expect(texts).toContain('I know where your manager lives <script>alert(1)</script>');
    expect(texts).toContain('Forwarded to legal');
    const json = (await api(h, 'GET', url(), manager)).json<EvidenceBundle>();
    expect(texts).toContain(json.mentions[0]!.sha256);
  });

  it('is for managers and admins: other roles get 403, another brand 404, anonymous 401', async () => {
    for (const who of [specialist, responder]) {
      expect((await api(h, 'GET', url(), who)).statusCode).toBe(403);
      expect((await api(h, 'GET', url('pdf'), who)).statusCode).toBe(403);
    }
    expect((await api(h, 'GET', url(), outsider)).statusCode).toBe(404);
    expect((await api(h, 'GET', `/api/v1/cases/${foreignCase}/evidence`, manager)).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: url() })).statusCode).toBe(401);
    expect((await api(h, 'GET', url('docx'), manager)).statusCode).toBe(400);
  });
});
