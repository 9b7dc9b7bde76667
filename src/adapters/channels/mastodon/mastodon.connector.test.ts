import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../../../services/replies/reply-channel.js';
import { ChannelApiError } from '../api-error.js';
import type { OutgoingMessage } from '../connector.js';
import { type FakeMastodon, account, startFakeMastodon } from '../../../../test/support/fakes/mastodon-api.js';
import { connectorContext, thrown } from '../../../../test/support/fakes/connector-context.js';
import { type MastodonConfig, htmlToText, mastodonConnector as md } from './index.js';

const OLGA = account('201', 'olga', 'Ольга П.', 'social.example');
const IVAN = account('202', 'ivan', 'Иван');

let fake: FakeMastodon;
beforeEach(async () => {
  fake = await startFakeMastodon();
});
afterEach(async () => {
  await fake.close();
});

const config = (c: Partial<MastodonConfig> = {}): MastodonConfig => ({ instance_url: fake.url, interval_minutes: 5, ...c });
const ctx = (cursor: string | null = null, c: Partial<MastodonConfig> = {}, limit = 50) => {
  const x = connectorContext(config(c), { access_token: fake.token }, cursor, limit);
  return { ...x, now: fake.now };
};
const reply = (m: Partial<OutgoingMessage>): OutgoingMessage => ({
  replyId: 'r1',
  text: 'Здравствуйте! Проверим заказ.',
  inReplyTo: null,
  to: { handle: '@olga@social.example', name: 'Ольга П.' },
  subject: '',
  private: false,
  ...m,
});

describe('htmlToText', () => {
  it('keeps paragraphs and line breaks, drops tags, decodes entities, renders nothing', () => {
    expect(
      htmlToText(
        '<p><span class="h-card"><a href="https://mastodon.test/@romashka" class="u-url mention">@<span>romashka</span></a></span> Заказ &laquo;№ 7&raquo; не&nbsp;пришёл<br>уже 2 недели &amp; молчат</p><p>&lt;script&gt;alert(1)&lt;/script&gt; &#128545; &#x41;</p>',
      ),
    ).toBe('@romashka Заказ «№ 7» не\u00a0пришёл\nуже 2 недели & молчат\n\n<script>alert(1)</script> 😡 A');
    expect(htmlToText('<p>a &#0; b &#xD800; c &bogus;</p>')).toBe('a &#0; b &#xD800; c &bogus;');
  });
});

describe('Mastodon connector (against a fake Mastodon server)', () => {
  it('fetches mentions, hashtag and keyword posts once, without the brand’s own posts, with threads and links', async () => {
    const m1 = fake.post(OLGA, '<p><a href="x">@romashka</a> Где мой заказ?</p>', { mentionsMe: true });
    const tagged = fake.post(IVAN, '<p>Опять задержка <a href="t">#ромашка</a></p>', { tags: ['ромашка'] });
    const both = fake.post(IVAN, '<p>@romashka и #ромашка в одном посте</p>', { tags: ['ромашка'], mentionsMe: true });
    const kw = fake.post(OLGA, '<p>Купила в Ромашке, ужас</p>');
    fake.post(fake.me, '<p>Ромашка отвечает: всё доставим</p>'); // the brand's own post: found by the keyword, not a mention
    const dm = fake.post(OLGA, '<p>@romashka лично: номер 7</p>', { mentionsMe: true, visibility: 'direct', inReplyTo: m1 });
    fake.post(IVAN, '<p>Про что-то другое</p>');
    fake.favourite(IVAN, m1);
    fake.post(IVAN, '<p>Ответ Ольге про Ромашке</p>', { inReplyTo: m1, spoiler: 'Осторожно, спойлер' });

    const r = await md.fetch(ctx(null, { hashtags: ['#Ромашка'], keywords: ['ромашке'] }));
    const ids = r.items.map((i) => i.externalId);
    expect(ids).toEqual([m1.id, tagged.id, both.id, kw.id, dm.id, fake.statuses.at(-1)!.id]);
    expect(new Set(ids).size).toBe(ids.length); // a status from two sources comes once
    const first = r.items[0]!;
    expect(first).toMatchObject({
      author: { handle: '@olga@social.example', name: 'Ольга П.', url: OLGA.url },
      text: '@romashka Где мой заказ?',
      link: m1.url,
      createdAt: m1.created_at,
      public: true,
      extra: { status_id: m1.id, uri: m1.uri, acct: 'olga@social.example', visibility: 'public' },
    });
    expect(r.items[4]).toMatchObject({ public: false, inReplyTo: m1.id, text: '@romashka лично: номер 7' });
    expect(r.items[5]!.text).toBe('Осторожно, спойлер\n\nОтвет Ольге про Ромашке');
    expect(r.items[5]!.inReplyTo).toBe(m1.id);
    expect(md.capabilities.broad).toBe(true);

    // The requests follow the documented API.
    const notif = fake.requests.find((q) => q.path === '/api/v1/notifications')!;
    expect(notif.params['types[]']).toBe('mention');
    expect(fake.requests.some((q) => q.path === `/api/v1/timelines/tag/${encodeURIComponent('ромашка')}`)).toBe(true);
    const search = fake.requests.find((q) => q.path === '/api/v2/search')!;
    expect(search.params).toMatchObject({ q: 'ромашке', type: 'statuses' });

    // From the returned cursor: nothing new; then only what came after.
    const again = await md.fetch(ctx(r.cursor, { hashtags: ['ромашка'], keywords: ['ромашке'] }));
    expect(again.items).toEqual([]);
    const later = fake.post(IVAN, '<p>#ромашка снова</p>', { tags: ['ромашка'] });
    const after = await md.fetch(ctx(again.cursor, { hashtags: ['ромашка'], keywords: ['ромашке'] }));
    expect(after.items.map((i) => i.externalId)).toEqual([later.id]);
    expect(fake.requests.filter((q) => q.path === '/api/v1/notifications').at(-1)!.params.min_id).toBeDefined();
  });

  it('fetching from the old cursor (a restart before the cursor was stored) gives the same external ids', async () => {
    fake.post(OLGA, '<p>@romashka раз</p>', { mentionsMe: true });
    const start = await md.fetch(ctx(null, { hashtags: ['ромашка'] }));
    fake.post(OLGA, '<p>@romashka два</p>', { mentionsMe: true });
    fake.post(IVAN, '<p>#ромашка три</p>', { tags: ['ромашка'] });
    const once = await md.fetch(ctx(start.cursor, { hashtags: ['ромашка'] }));
    const twice = await md.fetch(ctx(start.cursor, { hashtags: ['ромашка'] }));
    expect(once.items.map((i) => i.text)).toEqual(['@romashka два', '#ромашка три']);
    expect(twice.items.map((i) => i.externalId)).toEqual(once.items.map((i) => i.externalId));
    expect(twice.cursor).toBe(once.cursor);
  });

  it('reads a backlog larger than a page page by page, with no gap', async () => {
    const posted = Array.from({ length: 7 }, (_, i) => fake.post(OLGA, `<p>@romashka ${i}</p>`, { mentionsMe: true }));
    const start = await md.fetch(ctx(null, {}, 2)); // first fetch: the newest page
    expect(start.items.map((i) => i.text)).toEqual(['@romashka 5', '@romashka 6']);
    const more = Array.from({ length: 5 }, (_, i) => fake.post(IVAN, `<p>@romashka новое ${i}</p>`, { mentionsMe: true }));
    const seen: string[] = [];
    let cursor = start.cursor;
    for (let round = 0; round < 10; round++) {
      const r = await md.fetch(ctx(cursor, {}, 2));
      seen.push(...r.items.map((i) => i.externalId));
      cursor = r.cursor;
      if (!r.more) break;
    }
    expect(seen).toEqual(more.map((s) => s.id));
    expect(posted).toHaveLength(7);
  });

  it('replies publicly in the thread starting with @acct, and privately as a direct status; a retry posts nothing twice', async () => {
    const m = fake.post(OLGA, '<p>@romashka Где мой заказ?</p>', { mentionsMe: true });
    const [item] = (await md.fetch(ctx())).items;
    const on = { externalId: item!.externalId, extra: item!.extra! };

    const pub = await md.send!(ctx(), reply({ inReplyTo: on }));
    const [s] = fake.posted();
    expect(s).toMatchObject({ in_reply_to_id: m.id, visibility: 'public', content: '<p>@olga@social.example Здравствуйте! Проверим заказ.</p>' });
    expect(pub).toEqual({ externalId: s!.id, link: s!.url });
    const again = await md.send!(ctx(), reply({ inReplyTo: on }));
    expect(again.externalId).toBe(s!.id);
    expect(fake.posted()).toHaveLength(1);

    const priv = await md.send!(ctx(), reply({ replyId: 'r2', private: true, text: '@olga@social.example Напишите номер заказа', inReplyTo: on }));
    const dm = fake.posted()[1]!;
    expect(dm).toMatchObject({ visibility: 'direct', in_reply_to_id: null, content: '<p>@olga@social.example Напишите номер заказа</p>' });
    expect(priv.externalId).toBe(dm.id);
  });

  it('surfaces failures as clear errors: 5xx, 429 with its reset time, a bad token permanent (PermanentDeliveryError on send), never the token', async () => {
    fake.fail({ kind: 'server' });
    const e5 = (await thrown(md.fetch(ctx()))) as ChannelApiError;
    expect(e5).toBeInstanceOf(ChannelApiError);
    expect(e5.message).toMatch(/notifications failed \(503/);
    expect(e5.permanent).toBe(false);

    fake.fail({ kind: 'rate', resetInSeconds: 120 });
    const e429 = (await thrown(md.fetch(ctx()))) as ChannelApiError;
    expect(e429.retryAfterSeconds).toBe(120);
    expect(e429.permanent).toBe(false);

    const bad = { ...ctx(), secrets: { access_token: 'WRONG-token-never-shown' } };
    const eAuth = (await thrown(md.fetch(bad))) as ChannelApiError;
    expect(eAuth.permanent).toBe(true);
    expect(eAuth.message).toMatch(/refused the access token/);

    const m = fake.post(OLGA, '<p>@romashka ?</p>', { mentionsMe: true });
    const on = { externalId: m.id, extra: { acct: 'olga@social.example' } };
    fake.fail({ kind: 'auth' });
    const eSend = await thrown(md.send!(ctx(), reply({ inReplyTo: on })));
    expect(eSend).toBeInstanceOf(PermanentDeliveryError);
    const eGone = await thrown(md.send!(ctx(), reply({ inReplyTo: { externalId: '999', extra: {} } })));
    expect(eGone).toBeInstanceOf(PermanentDeliveryError);
    expect(eGone.message).toMatch(/404/);
    fake.fail({ kind: 'server' });
    const eSend5 = await thrown(md.send!(ctx(), reply({ inReplyTo: on })));
    expect(eSend5).toBeInstanceOf(ChannelApiError);
    expect(eSend5).not.toBeInstanceOf(PermanentDeliveryError);
    expect(fake.posted()).toEqual([]);
    fake.fail({ kind: 'say', status: 400, error: `bad token ${fake.token} in request` });
    const eEcho = await thrown(md.fetch(ctx()));
    expect(eEcho.message).toMatch(/bad token \*\*\* in request/);
    for (const e of [e5, e429, eAuth, eSend, eGone, eSend5, eEcho]) expect(e.message).not.toContain(fake.token);
  });

  it('checks its config', () => {
    expect(md.configSchema.parse({ instance_url: 'https://mastodon.social', hashtags: ['#Ромашка'] })).toEqual({
      instance_url: 'https://mastodon.social',
      hashtags: ['Ромашка'],
      interval_minutes: 5,
    });
    expect(md.configSchema.safeParse({ instance_url: 'https://mastodon.social', hashtags: ['два слова'] }).success).toBe(false);
    expect(md.configSchema.safeParse({ instance_url: 'not a url' }).success).toBe(false);
  });
});
