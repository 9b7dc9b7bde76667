/** The live inbox's event stream: a signed-in member hears which cases changed; others are refused. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, type SignedIn, openHarness, startHarness } from './support/harness.js';
import { ingestOne } from './support/requests.js';
import { ScriptedClassifier } from './support/scripted-classifier.js';

describe.each(DIALECTS)('event stream on %s', (dialect) => {
  let h: Harness;
  let member: SignedIn;
  let brandId: string;
  let token: string;
  let base: string;

  beforeAll(async () => {
    h = await startHarness(dialect, { DEFUSE_EVENTS_POLL_MS: '50' }, new ScriptedClassifier());
    brandId = await h.createBrand('acme');
    token = await h.createToken(brandId);
    await h.createUser('r@acme.test', brandId, 'responder');
    await h.createUser('x@other.test', await h.createBrand('other'), 'admin');
    member = await h.login('r@acme.test');
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const a = h.app.server.address();
    base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  it('names the cases that changed', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/v1/events?brand=${brandId}`, { headers: { cookie: member.cookie }, signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const caseId = (await ingestOne(h, token, buildMention({ text: '#kind=constructive late parcel' }))).caseId!;
    let text = '';
    const deadline = Date.now() + 10_000;
    while (!text.includes('event: cases') && Date.now() < deadline) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain('event: cases');
    expect(text).toContain(caseId);
  });

  it('pushes processed cases at once instead of waiting for its poll', async () => {
    // A second desk over the same database (as the server's thread beside the job worker thread) whose stream polls
    // only every 10 minutes: the event can only come from the first desk's processing telling the change feed.
    const slow = await openHarness(dialect, h.db, { DEFUSE_EVENTS_POLL_MS: '600000' }, h.clock, new ScriptedClassifier());
    try {
      await slow.app.listen({ port: 0, host: '127.0.0.1' });
      const a = slow.app.server.address();
      const slowBase = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
      const signedIn = await slow.login('r@acme.test');
      const res = await fetch(`${slowBase}/api/v1/events?brand=${brandId}`, {
        headers: { cookie: signedIn.cookie },
        signal: AbortSignal.timeout(10_000),
      });
      const reader = res.body!.getReader();
      let text = new TextDecoder().decode((await reader.read()).value); // ": connected"
      const caseId = (await ingestOne(h, token, buildMention({ text: '#kind=impulsive still nothing' }))).caseId!;
      while (!text.includes(caseId)) text += new TextDecoder().decode((await reader.read()).value);
      expect(text).toContain('event: cases');
      await reader.cancel();
    } finally {
      await slow.close();
    }
  });

  it('refuses anonymous callers and other brands', async () => {
    expect((await fetch(`${base}/api/v1/events?brand=${brandId}`)).status).toBe(401);
    const outsider = await h.login('x@other.test');
    expect((await fetch(`${base}/api/v1/events?brand=${brandId}`, { headers: { cookie: outsider.cookie } })).status).toBe(404);
  });
});
