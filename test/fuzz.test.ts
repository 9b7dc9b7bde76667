/**
 * A bounded, seeded fuzz over every operation in the OpenAPI document, as a
 * signed-in brand admin (cookie + CSRF) and, on the ingest route, with a brand
 * token: malformed JSON, wrong types for every body and query field, 100 KB
 * strings, 2,000-deep nesting, lone surrogates, NUL, RTL overrides, FTS
 * syntax, bad dates and periods, repeated query params, unknown ids. No answer
 * may be a 5xx, and /healthz must answer within 1 s after each operation's
 * batch (a hang check, not a benchmark). The inputs are the same on every run.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, type SignedIn, startHarness } from './support/harness.js';
import { api, ingestOne } from './support/requests.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Schema {
  type?: string;
  enum?: Json[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  minLength?: number;
  minimum?: number;
  minItems?: number;
  format?: string;
  nullable?: boolean;
}
interface Operation {
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Probe {
  what: string;
  url: string;
  payload?: string;
  contentType?: string;
}

/** A small seeded generator (mulberry32), so a failure names an input that comes back on every run. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const nest = (depth: number): Json => {
  let v: Json = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};
const HUGE = 'x'.repeat(100 * 1024);
const FTS = ['"', '*', 'NEAR(', '-', 'OR', 'a OR', '"unclosed', 'NEAR(a b', '-a', 'a*', 'AND NOT', '(', ')', ':', '^a'];
const HOSTILE_STRINGS = ['\uD800', 'a\uDFFFb', 'a\u0000b', '\u202Egnp.exe', '\u200F\u202Dx', HUGE, '', ' ', "' OR 1=1 --", ...FTS];
/** Values of the wrong type (or a hostile value of the right one) for any JSON field. */
const BODY_VALUES: Json[] = [null, true, 0, -1, 1e308, 1.5, [], {}, [1, 2], { $gt: '' }, nest(2000), ...HOSTILE_STRINGS];
/** Raw, already URL-encoded query values: hostile strings (a lone surrogate as the UTF-8 it cannot be), bad dates and periods. */
const QUERY_VALUES = [
  '%ED%A0%80',
  '%00',
  'a%00b',
  '%E2%80%AE',
  '%FF',
  encodeURIComponent(HUGE),
  '',
  '-1',
  '0',
  '1e309',
  'NaN',
  'true',
  '%5B%5D',
  ...FTS.map(encodeURIComponent),
  '2026-02-30',
  '2026-13-01',
  '0000-01-01',
  '9999-12-31',
  '1000-01-01..2999-12-31',
  '2026-02-31..2026-03-31',
  '2026-12-01..2026-01-01',
  '2026-Q5',
  '2026-W99',
  '2026-00',
  '..',
  '2026-01-01T25:00:00Z',
  '-271821-04-20',
];
/** Ids nobody has, and hostile strings where an id belongs. */
const UNKNOWN_IDS = [
  'nope',
  '00000000-0000-0000-0000-000000000000',
  '%00',
  '%ED%A0%80',
  '%E2%80%AE',
  '..%2F..%2Fetc',
  encodeURIComponent("' OR 1=1 --"),
  'x'.repeat(2000),
];

/** The smallest value the schema accepts, as far as a generic guess goes (enough to get past the other fields). */
function minimal(s: Schema | undefined): Json {
  if (!s) return 'x';
  if (s.anyOf) return minimal(s.anyOf[0]);
  if (s.enum) return s.enum[0]!;
  switch (s.type) {
    case 'object': {
      const o: Record<string, Json> = {};
      for (const k of s.required ?? []) o[k] = minimal(s.properties?.[k]);
      return o;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => minimal(s.items));
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    default:
      if (s.format === 'email') return 'fuzz@example.test';
      if (s.format === 'date-time') return '2026-06-01T10:00:00.000Z';
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
  }
}

describe.each(DIALECTS)('fuzz every API operation on %s', (dialect) => {
  let h: Harness;
  let admin: SignedIn;
  let token: string;
  let ids: Record<string, string>;
  let base: string;

  beforeAll(async () => {
    h = await startHarness(dialect);
    const a = await h.createBrand('brand-a');
    token = await h.createToken(a);
    const mention = await ingestOne(h, token, buildMention());
    const member = await h.createUser('member@a.test', a, 'responder');
    await h.createUser('admin@a.test', a, 'admin');
    admin = await h.login('admin@a.test');
    const actor = { type: 'system' as const, name: 'test' };
    const team = await h.container.teams.create(actor, a, { name: 'Delivery', memberIds: [member] });
    const idea = await h.container.followThrough.markIdea(actor, mention.caseId!, 'Night delivery slots');
    const draft = await api(h, 'POST', `/api/v1/cases/${mention.caseId}/replies`, admin, { body: 'Sorry about this!', sent: false });
    ids = {
      brandId: a,
      mention: mention.id,
      case: mention.caseId!,
      tokenId: (await h.container.store.repos.tokens.listForBrand(a))[0]!.id,
      userId: member,
      team: team.id,
      idea: idea.id,
      reply: draft.json<{ id: string }>().id,
      authorId: mention.authorId,
      situation: 'service_complaint',
      step: 'apologise',
      invitationId: (await h.container.accounts.invite(actor, a, { email: 'invited@a.test', role: 'responder' })).id,
    };
    // The event stream never ends by design: it is probed over a real socket and let go once it answers.
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = h.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => {
    await h.close();
    await h.db.drop();
  });

  /** A known id for a path parameter, by its name and the route it is on. */
  function knownId(path: string, name: string): string {
    if (name !== 'id') return ids[name]!;
    if (path.startsWith('/api/v1/mentions')) return ids.mention!;
    if (path.startsWith('/api/v1/teams')) return ids.team!;
    if (path.startsWith('/api/v1/ideas')) return ids.idea!;
    if (path.startsWith('/api/v1/replies')) return ids.reply!;
    return ids.case!;
  }

  /** The seeded hostile requests for one operation. */
  function probes(path: string, op: Operation, random: () => number): Probe[] {
    const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
    const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
    const fill = (overrides: Record<string, string> = {}) =>
      path.replace(/\{(\w+)\}/g, (_, name: string) => overrides[name] ?? encodeURIComponent(knownId(path, name)));
    const validQuery: Record<string, string> = {};
    for (const q of queryParams) if (q.name === 'brand') validQuery.brand = ids.brandId!;
    const qs = (params: [string, string][]) => (params.length ? `?${params.map(([k, v]) => `${k}=${v}`).join('&')}` : '');
    const url = fill() + qs(Object.entries(validQuery));
    const schema = op.requestBody?.content?.['application/json']?.schema;
    const body = schema ? minimal(schema) : undefined;
    const json = (v: Json) => JSON.stringify(v);
    const out: Probe[] = [];

    for (const name of pathParams)
      for (const bad of UNKNOWN_IDS)
        out.push({
          what: `path ${name}=${bad.slice(0, 40)}`,
          url: fill({ [name]: bad }) + qs(Object.entries(validQuery)),
          payload: body === undefined ? undefined : json(body),
        });

    for (const q of queryParams) {
      const others = Object.entries(validQuery).filter(([k]) => k !== q.name);
      for (const v of QUERY_VALUES) out.push({ what: `query ${q.name}=${v.slice(0, 40)}`, url: fill() + qs([...others, [q.name, v]]) });
      out.push({ what: `query ${q.name} repeated`, url: fill() + qs([...others, [q.name, 'a'], [q.name, 'b']]) });
      if (q.name === 'brand')
        out.push({
          what: `query brand repeated (same)`,
          url:
            fill() +
            qs([
              [q.name, ids.brandId!],
              [q.name, ids.brandId!],
            ]),
        });
      out.push({ what: `query ${q.name}[]`, url: fill() + qs([...others, [`${q.name}[]`, 'a'], [`${q.name}[x]`, 'b']]) });
    }
    out.push({ what: 'unknown query param', url: `${url}${url.includes('?') ? '&' : '?'}zzz=%00&__proto__=1` });

    if (schema) {
      const raw: [string, string, string?][] = [
        ['truncated JSON', '{"a":'],
        ['not JSON', 'hello'],
        ['JSON with a trailing comma', '{"a":1,}'],
        ['a lone surrogate escape', '{"x":"\\ud800"}'],
        ['a bare NUL', '{"x":"\u0000"}'],
        ['deep array', '['.repeat(2000) + ']'.repeat(2000)],
        ['deep object', '{"a":'.repeat(2000) + '1' + '}'.repeat(2000)],
        ['empty body', ''],
        ['JSON as text/plain', json(body ?? {}), 'text/plain'],
        ['form-encoded', 'a=1&b=2', 'application/x-www-form-urlencoded'],
      ];
      for (const [what, payload, contentType] of raw)
        out.push({ what: `body ${what}`, url, payload, contentType: contentType ?? 'application/json' });
      for (const v of [null, [], 'x', 123, true, nest(2000), { __proto__: { admin: true }, constructor: { prototype: {} } }] as Json[])
        out.push({ what: `body is ${json(v).slice(0, 30)}`, url, payload: json(v) });

      const props = Object.keys(schema.properties ?? schema.anyOf?.[0]?.properties ?? {});
      const withExtra = (k: string, v: Json) => json({ ...(body as Record<string, Json>), [k]: v });
      for (const k of props) {
        // Every wrong type; then a seeded sample of nested hostile values where the field holds an object or an array.
        for (const v of BODY_VALUES) out.push({ what: `body ${k}=${json(v).slice(0, 40)}`, url, payload: withExtra(k, v) });
        const pick = () => BODY_VALUES[Math.floor(random() * BODY_VALUES.length)]!;
        out.push({ what: `body ${k}=[seeded mix]`, url, payload: withExtra(k, [pick(), pick(), pick()]) });
        out.push({ what: `body ${k}={seeded mix}`, url, payload: withExtra(k, { a: pick(), b: pick(), x: { y: pick() } }) });
      }
      out.push({ what: 'body with an unknown deep field', url, payload: withExtra('extra', nest(2000)) });
    }
    return out;
  }

  async function send(method: string, p: Probe, who: 'admin' | 'token'): Promise<{ status: number; body: string }> {
    const headers: Record<string, string> =
      who === 'token' ? { authorization: `Bearer ${token}` } : method === 'GET' ? { cookie: admin.cookie } : { ...admin.headers };
    if (p.payload !== undefined) headers['content-type'] = p.contentType ?? 'application/json';
    if (p.url.startsWith('/api/v1/events')) {
      const controller = new AbortController();
      const res = await fetch(base + p.url, { headers, signal: controller.signal });
      controller.abort();
      return { status: res.status, body: res.status >= 500 ? await res.text().catch(() => '') : '' };
    }
    const res = await h.app.inject({ method: method as 'GET', url: p.url, headers, ...(p.payload !== undefined ? { payload: p.payload } : {}) });
    return { status: res.statusCode, body: res.body.slice(0, 300) };
  }

  it('answers no hostile input with a 5xx and stays responsive', { timeout: 240_000 }, async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/docs/json' })).json<{ paths: Record<string, Record<string, Operation>> }>();
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(60);
    // Signing out and the sign-in route (its limits) go last, so the session lives through the rest.
    const last = (o: { path: string }) => (o.path === '/api/v1/auth/logout' ? 2 : o.path === '/api/v1/auth/login' ? 1 : 0);
    operations.sort((x, y) => last(x) - last(y));

    const random = seeded(15);
    const failures: string[] = [];
    let sent = 0;
    for (const { path, method, op } of operations) {
      const whos: ('admin' | 'token')[] = path === '/api/v1/mentions' && method === 'POST' ? ['token', 'admin'] : ['admin'];
      for (const who of whos)
        for (const p of probes(path, op, random)) {
          sent++;
          const res = await send(method, p, who);
          if (res.status >= 500) failures.push(`${method} ${path} as ${who}, ${p.what}: ${res.status} ${res.body}`);
        }
      const t0 = performance.now();
      const health = await h.app.inject({ method: 'GET', url: '/healthz' });
      const took = performance.now() - t0;
      if (health.statusCode !== 200 || took > 1000) failures.push(`after ${method} ${path}: /healthz ${health.statusCode} in ${Math.round(took)} ms`);
      // Some operations revoke what the next ones use (the token, a membership): give them back.
      token = await h.createToken(ids.brandId!);
      await h.container.brands.setMember({ type: 'system', name: 'test' }, ids.brandId!, { userId: ids.userId!, role: 'responder' });
    }
    console.info(`fuzz on ${dialect}: ${operations.length} operations, ${sent} requests, ${failures.length} 5xx or slow`);
    expect(failures).toEqual([]);
  });
});
