/**
 * Walks every registered route and checks that it refuses an anonymous caller
 * and a user of another brand (who is an admin there), while a member of the
 * right brand gets through. A new route without a sample request fails here,
 * so none can slip in unchecked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, type SignedIn, startHarness } from './support/harness.js';
import { api, ingestOne } from './support/requests.js';

const PUBLIC = new Set([
  '/healthz',
  '/readyz',
  // No sign-in: the operators' scrape, guarded by address or DEFUSE_METRICS_TOKEN (test/metrics.test.ts).
  '/metrics',
  '/api/v1/auth/login',
  '/api/v1/auth/password/forgot',
  '/api/v1/auth/password/reset',
  '/api/v1/auth/invitation',
  '/api/v1/auth/invitation/accept',
  // No sign-in: a channel's webhook push, authenticated by the connection's own secret (test/channels-rss.test.ts).
  '/api/v1/hooks/connections/:connectionId',
]);
/** Swagger UI, and the web desk's own files (public: the desk signs in through the API). */
const isDocs = (url: string) => url.startsWith('/api/docs') || !url.startsWith('/api/');

describe.each(DIALECTS)('route access on %s', (dialect) => {
  let h: Harness;
  let ids: Record<string, string>;
  let owner: SignedIn;
  let outsider: SignedIn;

  beforeAll(async () => {
    h = await startHarness(dialect);
    const a = await h.createBrand('brand-a');
    const b = await h.createBrand('brand-b');
    const tokenA = await h.createToken(a);
    const mention = await ingestOne(h, tokenA, buildMention());
    const memberA = await h.createUser('member@a.test', a, 'responder');
    await h.createUser('owner@a.test', a, 'admin');
    await h.createUser('admin@b.test', b, 'admin');
    const tokenRow = (await h.container.store.repos.tokens.listForBrand(a))[0]!;
    owner = await h.login('owner@a.test');
    const ownerActor = { type: 'system' as const, name: 'test' };
    const team = await h.container.teams.create(ownerActor, a, { name: 'Delivery', memberIds: [memberA] });
    const idea = await h.container.followThrough.markIdea(ownerActor, mention.caseId!, 'Night delivery slots');
    const draft = await api(h, 'POST', `/api/v1/cases/${mention.caseId}/replies`, owner, { body: 'Sorry about this!', sent: false });
    ids = {
      brandId: a,
      id: '',
      mention: mention.id,
      case: mention.caseId!,
      tokenId: tokenRow.id,
      userId: memberA,
      team: team.id,
      idea: idea.id,
      reply: draft.json().id,
      author: (await h.container.store.repos.mentions.findById(mention.id))!.authorId,
    };
    ids.handle = (await h.container.store.repos.mentions.findAuthor(ids.author!))!.handle;
    outsider = await h.login('admin@b.test');
    // Port 9 (discard) refuses: a fetch of it fails fast, and the sample only checks who may ask.
    ids.connection = (await h.container.channels.add(ownerActor, a, { type: 'rss', config: { url: 'http://127.0.0.1:9/feed.xml' } })).connection.id;
    ids.task = (
      await h.container.tasks.create(ownerActor, mention.caseId!, { phone: '+373 22 123 456', dueAt: new Date(h.clock.now().getTime() + 86_400_000) })
    ).id;
    ids.invitation = (await h.container.accounts.invite(ownerActor, a, { email: 'invited@a.test', role: 'responder' })).id;
    ids.view = (await api(h, 'POST', `/api/v1/brands/${a}/views`, owner, { name: 'Ideas', filter: { view: 'ideas' } })).json().id;
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  /** A valid request for each route, aimed at brand A's things. */
  function sample(method: string, url: string): { url: string; payload?: object } {
    const resourceId = url.startsWith('/api/v1/mentions')
      ? ids.mention
      : url.startsWith('/api/v1/teams')
        ? ids.team
        : url.startsWith('/api/v1/ideas')
          ? ids.idea
          : url.startsWith('/api/v1/replies')
            ? ids.reply
            : url.startsWith('/api/v1/tasks')
              ? ids.task
              : ids.case;
    const path = url
      .replace(':situation', 'service_complaint')
      .replace(':step', 'apologise')
      .replace(':brandId', ids.brandId!)
      .replace(':tokenId', ids.tokenId!)
      .replace(':userId', ids.userId!)
      .replace(':invitationId', ids.invitation!)
      .replace(':authorId', ids.author!)
      .replace(':viewId', ids.view!)
      .replace(':connectionId', ids.connection!)
      .replace(':id', resourceId!);
    const key = `${method} ${url}`;
    const bodies: Record<string, object | undefined> = {
      'GET /api/v1/auth/me': undefined,
      'POST /api/v1/auth/logout': {},
      'GET /api/v1/brands': undefined,
      'POST /api/v1/brands': { slug: 'sneaky', name: 'Sneaky' },
      'GET /api/v1/brands/:brandId': undefined,
      'GET /api/v1/brands/:brandId/settings': undefined,
      'PATCH /api/v1/brands/:brandId/settings': { competitors: ['Rival'] },
      'GET /api/v1/brands/:brandId/members': undefined,
      'PUT /api/v1/brands/:brandId/members': { user_id: ids.userId, role: 'admin' },
      'DELETE /api/v1/brands/:brandId/members/:userId': undefined,
      'POST /api/v1/brands/:brandId/members/:userId/deactivate': undefined,
      'POST /api/v1/brands/:brandId/members/:userId/reactivate': undefined,
      'POST /api/v1/brands/:brandId/members/:userId/reset-link': undefined,
      'GET /api/v1/brands/:brandId/invitations': undefined,
      'POST /api/v1/brands/:brandId/invitations': { email: 'friend@x.test', role: 'admin' },
      'DELETE /api/v1/invitations/:invitationId': undefined,
      'POST /api/v1/users/:userId/deactivate': undefined,
      'POST /api/v1/users/:userId/reactivate': undefined,
      'POST /api/v1/auth/password': { current_password: 'x', new_password: 'long-enough-password' },
      'GET /api/v1/brands/:brandId/channels': undefined,
      'GET /api/v1/brands/:brandId/tokens': undefined,
      'POST /api/v1/brands/:brandId/tokens': { name: 'stolen' },
      'DELETE /api/v1/tokens/:tokenId': undefined,
      'POST /api/v1/users': { email: 'new@x.test', name: 'New', password: 'long-enough-password' },
      'POST /api/v1/mentions': buildMention(),
      'GET /api/v1/mentions': undefined,
      'GET /api/v1/mentions/:id': undefined,
      'GET /api/v1/cases': undefined,
      'GET /api/v1/cases/:id': undefined,
      'GET /api/v1/cases/:id/timeline': undefined,
      'GET /api/v1/cases/:id/author': undefined,
      'PATCH /api/v1/cases/:id': { status: 'resolved' },
      'GET /api/v1/brands/:brandId/views': undefined,
      'POST /api/v1/brands/:brandId/views': { name: 'Mine', filter: { kind: 'idea' } },
      'DELETE /api/v1/views/:viewId': undefined,
      'POST /api/v1/brands/:brandId/listening/preview': { query: { include: ['acme'] } },
      'POST /api/v1/cases/bulk': { brand: ids.brandId, case_ids: [ids.case], change: { status: 'resolved' } },
      'PUT /api/v1/cases/:id/tags': { add: ['sneaky'] },
      'GET /api/v1/brands/:brandId/tags': undefined,
      'POST /api/v1/cases/:id/replies': { body: 'hello', sent: true },
      'POST /api/v1/cases/:id/notes': { body: 'note' },
      'POST /api/v1/cases/:id/snooze': { hours: 2 },
      'POST /api/v1/cases/:id/bring-back': { kind: 'constructive' },
      'POST /api/v1/replies/:id/approve': {},
      'POST /api/v1/replies/:id/posted': {},
      'POST /api/v1/cases/:id/draft': { engine: 'template' },
      'POST /api/v1/replies/:id/retry': undefined,
      'PATCH /api/v1/replies/:id': { body: 'edited by an outsider' },
      'POST /api/v1/replies/:id/send': { sent: true },
      'POST /api/v1/replies/:id/cancel': undefined,
      'GET /api/v1/cases/:id/replies': undefined,
      'POST /api/v1/cases/:id/replies/check': { body: 'hello' },
      'POST /api/v1/reply-checker': { text: 'hello', lang: 'en' },
      'POST /api/v1/replies/:id/reject': { note: 'no' },
      'GET /api/v1/brands/:brandId/playbooks': undefined,
      'PUT /api/v1/brands/:brandId/playbooks/:situation': { steps: [{ key: 'x', title: { en: 'X' }, guidance: { en: 'Y' } }] },
      'DELETE /api/v1/brands/:brandId/playbooks/:situation': undefined,
      'GET /api/v1/cases/:id/playbook': undefined,
      'POST /api/v1/cases/:id/playbook/steps/:step': undefined,
      'PUT /api/v1/cases/:id/playbook': { situation: 'other' },
      'GET /api/v1/brands/:brandId/teams': undefined,
      'POST /api/v1/brands/:brandId/teams': { name: 'Sneaky team' },
      'PUT /api/v1/teams/:id/members': { member_ids: [] },
      'PATCH /api/v1/teams/:id': { name: 'Sneaky name' },
      'DELETE /api/v1/teams/:id': undefined,
      'GET /api/v1/brands/:brandId/workload': undefined,
      'GET /api/v1/brands/:brandId/colleagues': undefined,
      'PATCH /api/v1/brands/:brandId/members/:userId/status': { available: false },
      'POST /api/v1/cases/:id/questions': { user_id: ids.userId, question: 'why?' },
      'PUT /api/v1/cases/:id/fix': { ref: 'JIRA-1' },
      'POST /api/v1/cases/:id/fix/shipped': undefined,
      'POST /api/v1/cases/:id/follow-up': { outcome: 'solved' },
      'GET /api/v1/brands/:brandId/ideas': undefined,
      'POST /api/v1/cases/:id/idea': { summary: 'x' },
      'PATCH /api/v1/ideas/:id': { status: 'planned' },
      'GET /api/v1/cases/:id/idea': undefined,
      'POST /api/v1/ideas/:id/prompt/dismiss': undefined,
      'GET /api/v1/brands/:brandId/breaches': undefined,
      'GET /api/v1/brands/:brandId/dashboard': undefined,
      'GET /api/v1/brands/:brandId/systemic-alerts': undefined,
      'GET /api/v1/brands/:brandId/report': undefined,
      'GET /api/v1/brands/:brandId/campaigns': undefined,
      'GET /api/v1/cases/:id/campaigns': undefined,
      'GET /api/v1/notifications': undefined,
      'GET /api/v1/events': undefined,
      'POST /api/v1/mentions/:id/correction': { kind: 'idea' },
      'GET /api/v1/brands/:brandId/corrections': undefined,
      'GET /api/v1/brands/:brandId/second-opinion': undefined,
      'GET /api/v1/brands/:brandId/brand-model': undefined,
      'POST /api/v1/brands/:brandId/brand-model/train': undefined,
      'POST /api/v1/notifications/read': { ids: ['x'] },
      'GET /api/v1/brands/:brandId/authors': undefined,
      'GET /api/v1/brands/:brandId/authors/:authorId/export': undefined,
      'POST /api/v1/brands/:brandId/authors/:authorId/erase': {},
      'GET /api/v1/cases/:id/evidence': undefined,
      'GET /api/v1/brands/:brandId/audit': undefined,
      'GET /api/v1/brands/:brandId/connector-types': undefined,
      'GET /api/v1/brands/:brandId/connections': undefined,
      'POST /api/v1/brands/:brandId/connections': { type: 'rss', config: { url: 'https://sneaky.test/feed' } },
      'PATCH /api/v1/brands/:brandId/connections/:connectionId': { status: 'paused' },
      'DELETE /api/v1/brands/:brandId/connections/:connectionId': undefined,
      'POST /api/v1/brands/:brandId/connections/:connectionId/fetch': undefined,
      'POST /api/v1/cases/:id/go-private': { private_body: 'Thank you, and sorry: your refund of 120 lei went out today.' },
      'GET /api/v1/cases/:id/tasks': undefined,
      'POST /api/v1/cases/:id/tasks': { phone: '+373 22 123 456', due_at: new Date(h.clock.now().getTime() + 86_400_000).toISOString() },
      'POST /api/v1/tasks/:id/done': undefined,
    };
    if (!(key in bodies)) throw new Error(`route-access test has no sample for ${key}: add one`);
    const listing = method === 'GET' && (url === '/api/v1/mentions' || url === '/api/v1/cases' || url === '/api/v1/events');
    const withBrand =
      listing || key === 'POST /api/v1/mentions'
        ? `${path}?brand=${ids.brandId}`
        : key === 'GET /api/v1/brands/:brandId/report'
          ? `${path}?period=2026-Q1`
          : key === 'GET /api/v1/brands/:brandId/authors'
            ? `${path}?handle=${encodeURIComponent(ids.handle!)}`
            : path;
    return { url: withBrand, payload: bodies[key] };
  }

  it('covers every route', () => {
    const routes = h.app.registeredRoutes.filter((r) => r.method !== 'HEAD' && !isDocs(r.url) && !PUBLIC.has(r.url));
    expect(routes.length).toBeGreaterThanOrEqual(23);
    for (const r of routes) expect(() => sample(r.method, r.url)).not.toThrow();
  });

  it('refuses anonymous callers on every non-public route', async () => {
    for (const r of h.app.registeredRoutes) {
      if (r.method === 'HEAD' || isDocs(r.url) || PUBLIC.has(r.url)) continue;
      const s = sample(r.method, r.url);
      const res = await h.app.inject({ method: r.method as 'GET', url: s.url, ...(s.payload ? { payload: s.payload } : {}) });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it("refuses a user of another brand on every route that touches brand A's things", async () => {
    // Own notifications are per person: an outsider sees (and marks) only theirs.
    const outsiderAllowed = new Set([
      'GET /api/v1/auth/me',
      'POST /api/v1/auth/logout',
      'GET /api/v1/brands',
      'GET /api/v1/notifications',
      'POST /api/v1/notifications/read',
      'POST /api/v1/reply-checker',
      'POST /api/v1/auth/password',
    ]);
    for (const r of h.app.registeredRoutes) {
      const key = `${r.method} ${r.url}`;
      if (r.method === 'HEAD' || isDocs(r.url) || PUBLIC.has(r.url) || outsiderAllowed.has(key)) continue;
      const s = sample(r.method, r.url);
      const res = await h.app.inject({
        method: r.method as 'GET',
        url: s.url,
        headers: r.method === 'GET' ? { cookie: outsider.cookie } : outsider.headers,
        ...(s.payload ? { payload: s.payload } : {}),
      });
      expect([403, 404], `${key} answered ${res.statusCode}: ${res.body}`).toContain(res.statusCode);
    }
    // Nothing changed in brand A.
    const c = await h.container.store.repos.cases.findById(ids.case!);
    expect(c?.status).toBe('new');
    expect(c?.fixRef).toBeNull();
    expect(await h.container.store.repos.tags.ofCase(ids.case!)).toEqual([]);
    expect((await h.container.store.repos.ideas.find(ids.idea!))?.status).toBe('new');
    expect(await h.container.store.repos.teams.memberIds(ids.team!)).toEqual([ids.userId]);
    expect((await h.container.store.repos.teams.find(ids.team!))?.name).toBe('Delivery');
    expect((await h.container.store.repos.replies.find(ids.reply!))?.status).toBe('draft');
    expect(await h.container.store.repos.users.findMembership(ids.userId!, ids.brandId!)).toMatchObject({ role: 'responder' });
    expect((await h.container.store.repos.users.findById(ids.userId!))?.disabled).toBe(false);
    expect((await h.container.accounts.listInvitations({ type: 'system', name: 'test' }, ids.brandId!)).map((i) => i.id)).toEqual([ids.invitation]);
    expect((await h.container.store.repos.mentions.findAuthor(ids.author!))?.erasedAt).toBeNull();
    expect((await h.container.store.repos.mentions.findById(ids.mention!))?.erasedAt).toBeNull();
    const conns = await h.container.store.repos.connections.list([ids.brandId!]);
    expect(conns.map((x) => [x.id, x.status, x.lastPolledAt])).toEqual([[ids.connection, 'active', null]]);
    const brandsSeen = (await api(h, 'GET', '/api/v1/brands', outsider)).json();
    expect(brandsSeen.items.map((b: { slug: string }) => b.slug)).toEqual(['brand-b']);
  });

  it("lets brand A's own admin read every GET route (the refusals above are not breakage)", async () => {
    for (const r of h.app.registeredRoutes) {
      // The event stream never ends by design; it is tested on its own.
      if (r.method !== 'GET' || isDocs(r.url) || PUBLIC.has(r.url) || r.url === '/api/v1/events') continue;
      const s = sample(r.method, r.url);
      const res = await api(h, 'GET', s.url, owner);
      expect(res.statusCode, `${r.url}: ${res.body}`).toBe(200);
    }
  });
});
