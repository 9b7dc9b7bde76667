/**
 * The inbox at scale: fills a database with BENCH_INBOX_MENTIONS mentions (default 100,000; 0 skips) threaded
 * into cases as real feeds are — most cases one mention, some a short thread, a few long ones — with statuses,
 * kinds, languages and topics in skewed proportions (a rare kind, a rare topic), assignees, deadlines past, near
 * and none, and texts in four languages; then times a page of 50 through the case service — the page, its capped
 * count and its topics, as `GET /api/v1/cases` runs it — per filter and sort, and the exact count with joins the
 * inbox made before the cap. Target: p99 ≤ 50 ms. BENCH_INBOX_KEEP=1 keeps the filled database (a file in the temp
 * folder, a PostgreSQL database named after the size) and reuses it on the next run, migrating it first.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Insertable, sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import type { CaseTagsTable, CasesTable, MentionTopicsTable, MentionsTable } from '../src/db/schema.js';
import { loadConfig } from '../src/config/env.js';
import { createContainer } from '../src/container.js';
import { newId } from '../src/domain/ids.js';
import { searchIndexText, searchTerms } from '../src/domain/mentions/search-text.js';
import type { Kind, Topic } from '../src/domain/labels.js';
import type { Actor } from '../src/services/access.js';
import { insertInBatches, UNWORKED_CASE } from './fill.js';
import type { CaseQuery } from '../src/services/cases/case.service.js';

const OPERATOR: Actor = { type: 'system', name: 'bench' };
const BATCH = 5000;
const RUNS = Number(process.env.BENCH_INBOX_RUNS ?? 40);
const OPEN = ['new', 'waiting', 'in_progress', 'awaiting_approval', 'replied', 'follow_up'];
const STATUSES = [...OPEN, 'resolved', 'resolved', 'resolved', 'closed', 'not_engaging'];
type Lang = 'en' | 'ru' | 'ro' | 'ar';
/** Shares of languages, kinds and topics: skewed as a real brand's are, with a rare kind and a rare topic. */
const LANG_WEIGHTS: Array<[Lang, number]> = [
  ['en', 40],
  ['ru', 30],
  ['ro', 20],
  ['ar', 10],
];
const KIND_WEIGHTS: Array<[Kind, number]> = [
  ['constructive', 30],
  ['impulsive', 22],
  ['question', 15],
  ['neutral', 10],
  ['trolling', 8],
  ['praise', 6],
  ['idea', 6],
  ['black_pr', 3],
];
const TOPIC_WEIGHTS: Array<[Topic, number]> = [
  ['delivery', 25],
  ['service', 22],
  ['product_quality', 14],
  ['price', 10],
  ['other', 10],
  ['website', 8],
  ['billing', 8],
  ['staff', 3],
];
/** Per language: texts with the common word ("order", "заказ", "comanda", "الطلب") in about a third of them. */
const TEXTS: Record<Lang, string[]> = {
  en: [
    'Order {n} still not delivered, nobody answers',
    'The courier lost my parcel {n}',
    'Refund for {n} never came back',
    'Why was my order {n} cancelled without a word?',
    'Your app keeps crashing when I pay, ticket {n}',
    'Three weeks waiting for a reply about {n}',
  ],
  ru: [
    'Заказ {n} так и не доставили, поддержка молчит',
    'Курьер потерял посылку {n}',
    'Деньги за заказ {n} не вернули',
    'Почему отменили мой заказ {n} без объяснений?',
    'Приложение вылетает при оплате, обращение {n}',
    'Третью неделю жду ответа по {n}',
  ],
  ro: [
    'Comanda {n} nu a ajuns, nimeni nu răspunde',
    'Curierul a pierdut coletul {n}',
    'Banii pentru comanda {n} nu au venit',
    'De ce mi-ați anulat comanda {n} fără explicații?',
    'Aplicația se blochează la plată, tichetul {n}',
    'Aștept de trei săptămâni un răspuns pentru {n}',
  ],
  ar: [
    'الطلب {n} لم يصل ولا أحد يرد',
    'المندوب أضاع الطرد {n}',
    'لم يصلني استرداد المبلغ للطلب {n}',
    'لماذا ألغيتم الطلب {n} دون توضيح؟',
    'التطبيق يتوقف عند الدفع، التذكرة {n}',
    'أنتظر الرد منذ ثلاثة أسابيع بخصوص {n}',
  ],
};

/** The tags on the bench's cases and the share of cases carrying each. */
const TAG_SHARES: Array<[string, number]> = [
  ['refund', 0.15],
  ['vip', 0.01],
  ['legal', 0.001],
];

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

/** How many mentions the bench stores (BENCH_INBOX_CASES, the name it had, is still read). */
export const inboxBenchSize = () => Number(process.env.BENCH_INBOX_MENTIONS ?? process.env.BENCH_INBOX_CASES ?? 100_000);

export async function benchInbox(url: string, label: string, total = inboxBenchSize()) {
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
  const t00 = performance.now();
  const c = await createContainer(config, { logger: pino({ level: 'silent' }), queue: 'sql' });
  const openS = (performance.now() - t00) / 1000;
  try {
    const db = c.database.db;
    const kept = await db.selectFrom('brands').select('id').where('slug', '=', 'inbox-bench').executeTakeFirst();
    const brand = kept ?? (await c.brands.createBrand(OPERATOR, { slug: 'inbox-bench', name: 'Inbox bench' }));
    const fill = kept ? { fillS: 0, cases: 0, users: [] as string[] } : await fillInbox(c.database.db, brand.id, total);
    const users = kept
      ? (await db.selectFrom('users').select('id').where('email', 'like', 'inbox-bench-%').orderBy('email').execute()).map((u) => u.id)
      : fill.users;
    const countOf = async (table: 'cases' | 'mentions') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('brand_id', '=', brand.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const [cases, mentions] = [await countOf('cases'), await countOf('mentions')];
    if (!kept) await sql`ANALYZE`.execute(db);
    return { ...(await timePages(c, brand.id, users)), fillS: fill.fillS, openS: Number(openS.toFixed(1)), cases, mentions };
  } finally {
    await c.close();
  }
}

type Container = Awaited<ReturnType<typeof createContainer>>;

async function fillInbox(db: Container['database']['db'], brandId: string, total: number) {
  const nowMs = Date.now();
  const now = new Date(nowMs).toISOString();
  const channels = ['twitter', 'facebook', 'email', 'reviews'].map((key) => ({ id: newId(), brand_id: brandId, key, name: key, created_at: now }));
  await db.insertInto('channels').values(channels).execute();
  const users = Array.from({ length: 20 }, (_, i) => ({
    id: newId(),
    email: `inbox-bench-${String(i).padStart(2, '0')}@example.test`,
    name: `Agent ${i}`,
    password_hash: 'x',
    is_admin: 0,
    disabled: 0,
    created_at: now,
  }));
  await db.insertInto('users').values(users).execute();
  const authors = Array.from({ length: 50_000 }, (_, i) => ({
    id: newId(),
    brand_id: brandId,
    channel_id: channels[i % 4]!.id,
    handle: `author${i}`,
    display_name: `Author ${i}`,
    profile_url: null,
    created_at: now,
  }));
  for (let i = 0; i < authors.length; i += 1000)
    await db
      .insertInto('authors')
      .values(authors.slice(i, i + 1000))
      .execute();
  let seed = 7;
  const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const weighted = <T>(ws: Array<[T, number]>): T => {
    let r = rnd() * ws.reduce((a, [, w]) => a + w, 0);
    for (const [v, w] of ws) if ((r -= w) < 0) return v;
    return ws.at(-1)![0];
  };
  // Mentions per case: 70% one, 20% two, 8% three to five, 2% a long thread of six to fifteen (1.6 on average).
  const threadLength = () => {
    const r = rnd();
    return r < 0.7 ? 1 : r < 0.9 ? 2 : r < 0.98 ? 3 + Math.floor(rnd() * 3) : 6 + Math.floor(rnd() * 10);
  };
  const span = 180 * 86_400_000;
  const t0 = performance.now();
  let j = 0;
  let caseNo = 0;
  while (j < total) {
    const cases: Insertable<CasesTable>[] = [];
    const mentions: Insertable<MentionsTable>[] = [];
    const topics: Insertable<MentionTopicsTable>[] = [];
    const tags: Insertable<CaseTagsTable>[] = [];
    while (mentions.length < BATCH && j < total) {
      const author = authors[caseNo % authors.length]!;
      const n = Math.min(threadLength(), total - j);
      const openedMs = nowMs - Math.floor(rnd() * span);
      const lastMs = Math.min(nowMs, openedMs + (n - 1) * Math.floor(rnd() * 86_400_000));
      const status = pick(STATUSES);
      const open = OPEN.includes(status);
      // Open cases owe a response: some past it (breached), most due within days; done ones owe nothing.
      const dueMs = open && rnd() < 0.9 ? nowMs + Math.floor((rnd() - 0.2) * 5 * 86_400_000) : null;
      const lang = weighted(LANG_WEIGHTS);
      const kind = weighted(KIND_WEIGHTS);
      const caseId = newId();
      const subject = pick(TEXTS[lang]).replace('{n}', String(10_000 + j));
      cases.push({
        id: caseId,
        brand_id: brandId,
        channel_id: author.channel_id,
        author_id: author.id,
        thread_key: `t${caseNo}`,
        status,
        status_reason: null,
        // Done cases were worked by someone; about half the open ones are assigned.
        assignee_id: !open || rnd() < 0.5 ? users[Math.floor(rnd() * users.length)]!.id : null,
        subject,
        kind,
        sentiment: 'negative',
        language: lang,
        situation: 'other',
        is_public: 1,
        mention_count: n,
        opened_at: new Date(openedMs).toISOString(),
        last_mention_at: new Date(lastMs).toISOString(),
        updated_at: new Date(lastMs).toISOString(),
        playbook: 'other',
        team_id: null,
        flags: '[]',
        hold_until: null,
        response_due_at: dueMs === null ? null : new Date(dueMs).toISOString(),
        // The inbox's deadline (the earlier of this and an open call-back; none here): what sort=due reads.
        due_at: dueMs === null ? null : new Date(dueMs).toISOString(),
        response_type: dueMs === null ? null : 'first',
        // Cleared once breached, as the scheduler does when it records the breach (migration 0026).
        due_soon_at: dueMs === null || dueMs <= nowMs ? null : new Date(dueMs - 3_600_000).toISOString(),
        escalated_at: null,
        first_response_at: null,
        first_response_minutes: null,
        ...UNWORKED_CASE,
      });
      // Tags a team put on: a common one (15 %), a rare one (1 %), a very rare one (0.1 %), each on its own draw.
      for (const [tag, share] of TAG_SHARES)
        if (rnd() < share) tags.push({ brand_id: brandId, case_id: caseId, tag, created_at: now, created_by: null });
      for (let k = 0; k < n; k++, j++) {
        const posted = new Date(n === 1 ? lastMs : openedMs + Math.floor(((lastMs - openedMs) * k) / (n - 1))).toISOString();
        const text = k === 0 ? subject : pick(TEXTS[lang]).replace('{n}', String(10_000 + j));
        const id = newId();
        mentions.push({
          id,
          brand_id: brandId,
          channel_id: author.channel_id,
          external_id: `e${j}`,
          author_id: author.id,
          text,
          search_text: searchIndexText(text),
          link: null,
          posted_at: posted,
          received_at: posted,
          is_public: 1,
          in_reply_to: null,
          extra: null,
          case_id: caseId,
          processed_at: posted,
          language: lang,
          sentiment: 'negative',
          kind,
          situation: 'other',
          signals: '[]',
          classification: null,
        });
        const first = weighted(TOPIC_WEIGHTS);
        topics.push({ mention_id: id, brand_id: brandId, topic: first });
        const second = rnd() < 0.3 ? weighted(TOPIC_WEIGHTS) : first;
        if (second !== first) topics.push({ mention_id: id, brand_id: brandId, topic: second });
      }
      caseNo++;
    }
    await insertInBatches(db, [
      ['cases', cases, 500],
      ['mentions', mentions, 500],
      ['mention_topics', topics, 1000],
      ['case_tags', tags, 1000],
    ]);
    if (process.stderr.isTTY || process.env.BENCH_INBOX_PROGRESS)
      process.stderr.write(
        `\r${j.toLocaleString('en')} mentions, ${caseNo.toLocaleString('en')} cases, ${((performance.now() - t0) / 1000).toFixed(0)} s `,
      );
  }
  return { fillS: Number(((performance.now() - t0) / 1000).toFixed(1)), cases: caseNo, users: users.map((u) => u.id) };
}

/**
 * CPU time spent so far by this process and, on PostgreSQL, by the server processes serving its database (their
 * schedstat run time): per page, a figure that the machine's load does not inflate as it does wall time.
 */
async function cpuClock(c: Container): Promise<() => number> {
  const own = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  if (c.database.dialect !== 'postgres') return own;
  // The pool may replace a connection: read which processes serve this database again for each filter.
  const rows = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(c.database.db);
  const pids = rows.rows.map((r) => r.pid);
  const server = () =>
    pids.reduce((sum, pid) => {
      try {
        return sum + Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
      } catch {
        return sum;
      }
    }, 0);
  return () => own() + server();
}

async function timePages(c: Container, brandId: string, users: string[]) {
  const db = c.database.db;
  // Open every pooled connection first, so that the CPU clock sees all the server processes that will serve pages.
  await Promise.all(Array.from({ length: 10 }, () => sql`SELECT pg_sleep(0.05)`.execute(db).catch(() => undefined)));
  const terms = (q: string) => ({ terms: searchTerms(q), authorQuery: q });
  // `deep`: timed from the cursor of that page instead of pages 1 and 2 (keyset paging stays as fast deep down).
  const filters: Array<[string, Partial<CaseQuery> & { deep?: number }]> = [
    ['no filter', {}],
    ['no filter, page 200', { deep: 200 }],
    ['status open, sort=due, page 100', { statuses: OPEN, sort: 'due', deep: 100 }],
    ['status open', { statuses: OPEN }],
    ['status resolved', { statuses: ['resolved'] }],
    ['status open, sort=due', { statuses: OPEN, sort: 'due' }],
    ['sort=due', { sort: 'due' }],
    ['kind trolling', { kinds: ['trolling'] }],
    ['kind black_pr (rare)', { kinds: ['black_pr'] }],
    ['language ro', { languages: ['ro'] }],
    ['language ar', { languages: ['ar'] }],
    ['deadline breached', { deadline: ['breached'], statuses: OPEN }],
    ['deadline due soon', { deadline: ['due_soon'], statuses: OPEN }],
    ['topic delivery', { topics: ['delivery'] }],
    ['topic staff (rare)', { topics: ['staff'] }],
    ['assignee none, open', { assigneeId: null, statuses: OPEN }],
    ...(users[0] ? ([['assignee one agent', { assigneeId: users[0] }]] as Array<[string, Partial<CaseQuery>]>) : []),
    ['search "order" (en)', terms('order')],
    ['search "заказ" (ru)', terms('заказ')],
    ['search "comanda" (ro)', terms('comanda')],
    ['search "الطلب" (ar)', terms('الطلب')],
    ['search "delivered" (en, inflected)', terms('delivered')],
    ['search one order number (rare)', terms('10777')],
    ['open + ru + sort=due', { statuses: OPEN, languages: ['ru'], sort: 'due' }],
    ['open + kind trolling + topic delivery', { statuses: OPEN, kinds: ['trolling'], topics: ['delivery'] }],
    ['open + search "заказ" (ru)', { statuses: OPEN, ...terms('заказ') }],
    ['ro + search "comanda", sort=due', { languages: ['ro'], sort: 'due', ...terms('comanda') }],
    ['tag refund', { tags: ['refund'] }],
    ['tag vip (rare)', { tags: ['vip'] }],
    ['tag legal (very rare)', { tags: ['legal'] }],
    ['open + tag refund, sort=due', { statuses: OPEN, tags: ['refund'], sort: 'due' }],
    ['open + tag vip + search "order"', { statuses: OPEN, tags: ['vip'], ...terms('order') }],
  ];
  const rows = [];
  const only = process.env.BENCH_INBOX_ONLY ? new RegExp(process.env.BENCH_INBOX_ONLY) : null;
  for (const [name, f] of filters) {
    if (only && !only.test(name)) continue;
    const { deep, ...rest } = f;
    let q: CaseQuery = { brandId, limit: 50, ...rest };
    for (let n = 1; deep && n < deep; n++) {
      const next = (await c.cases.list(OPERATOR, q)).nextCursor;
      if (!next) break;
      q = { ...q, cursor: next };
    }
    const times: number[] = [];
    const cpus: number[] = [];
    let page = await c.cases.list(OPERATOR, q);
    const cpu = await cpuClock(c);
    for (let r = 0; r < RUNS + 2; r++) {
      // Every other run reads page 2 (through the cursor), so keyset paging is timed as well.
      const t = performance.now();
      const u = cpu();
      page = await c.cases.list(OPERATOR, !deep && r % 2 && page.nextCursor ? { ...q, cursor: page.nextCursor } : q);
      if (r >= 2) {
        times.push(performance.now() - t);
        cpus.push(cpu() - u);
      }
    }
    const first = await c.cases.list(OPERATOR, q);
    rows.push({
      filter: name,
      total: `${first.total.toLocaleString('en')}${first.totalCapped ? '+' : ''}`,
      'p50 ms': Number(quantile(times, 0.5).toFixed(1)),
      'p99 ms': Number(quantile(times, 0.99).toFixed(1)),
      'cpu p50': Number(quantile(cpus, 0.5).toFixed(1)),
      'cpu p99': Number(quantile(cpus, 0.99).toFixed(1)),
    });
  }
  // What each page also paid before the cap: an exact COUNT(*) joining channels, authors and users.
  const exact: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    await db
      .selectFrom('cases as c')
      .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
      .innerJoin('authors as a', 'a.id', 'c.author_id')
      .leftJoin('users as u', 'u.id', 'c.assignee_id')
      .where('c.brand_id', '=', brandId)
      .where('c.status', 'in', OPEN)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    exact.push(performance.now() - t);
  }
  return { rows, exactCountOpenMs: Number(quantile(exact, 0.5).toFixed(1)) };
}

const keep = () => process.env.BENCH_INBOX_KEEP === '1';

/**
 * The inbox benchmark on SQLite (unless BENCH_INBOX_SQLITE=0) and (when reachable, unless BENCH_INBOX_PG=0)
 * PostgreSQL, printed as one table; `npm run bench` runs it, and so does `npx tsx bench/inbox.bench.ts` alone.
 */
export async function runInboxBench(pgAdmin: string): Promise<void> {
  const total = inboxBenchSize();
  if (!(total > 0)) return;
  console.log(
    `\nInbox pages of 50 over ${total.toLocaleString('en')} mentions (page, capped count and topics; pages 1 and 2; ` +
      `BENCH_INBOX_MENTIONS sets the size, 0 skips; BENCH_INBOX_KEEP=1 keeps and reuses the filled database):`,
  );
  const results: Array<{ label: string; rows: Array<Record<string, unknown>> }> = [];
  const notes: string[] = [];
  const note = (label: string, r: Awaited<ReturnType<typeof benchInbox>>) =>
    notes.push(
      `${label}: ${r.mentions.toLocaleString('en')} mentions in ${r.cases.toLocaleString('en')} cases; ` +
        (r.fillS ? `filled in ${r.fillS} s` : `reused, opened and migrated in ${r.openS} s`) +
        `; the exact COUNT(*) with joins each page made before (status open): ${r.exactCountOpenMs} ms`,
    );
  if (process.env.BENCH_INBOX_SQLITE !== '0') {
    const dir = keep() ? tmpdir() : mkdtempSync(join(tmpdir(), 'defuse-inbox-bench-'));
    const file = join(dir, keep() ? `defuse-inbox-bench-${total}.db` : 'inbox.db');
    try {
      const r = await benchInbox(`sqlite:${file}`, 'sqlite', total);
      results.push({ label: 'sqlite', rows: r.rows });
      note('sqlite', r);
    } finally {
      if (!keep()) rmSync(dir, { recursive: true, force: true });
      else if (existsSync(file)) notes.push(`sqlite database kept: ${file}`);
    }
  }
  if (process.env.BENCH_INBOX_PG !== '0') {
    const admin = new pg.Client({ connectionString: pgAdmin });
    try {
      await admin.connect();
      const name = keep() ? `defuse_inbox_bench_${total}` : `defuse_inbox_bench_${process.pid}`;
      const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
      if (!exists) await admin.query(`CREATE DATABASE ${name}`);
      try {
        const r = await benchInbox(pgAdmin.replace(/\/[^/]*$/, `/${name}`), 'postgres', total);
        results.push({ label: 'postgres', rows: r.rows });
        note('postgres', r);
      } finally {
        if (!keep()) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        else notes.push(`postgres database kept: ${name}`);
      }
    } catch (err) {
      console.log(`PostgreSQL skipped: ${(err as Error).message}`);
    } finally {
      await admin.end().catch(() => undefined);
    }
  }
  // One row per filter, a column pair per database.
  const table = (results[0]?.rows ?? []).map((row, i) => {
    const out: Record<string, unknown> = { filter: row.filter };
    for (const r of results) {
      const x = r.rows[i]!;
      out[`${r.label} total`] = x.total;
      out[`${r.label} p50`] = x['p50 ms'];
      out[`${r.label} p99`] = x['p99 ms'];
      out[`${r.label} cpu p50/p99`] = `${String(x['cpu p50'])} / ${String(x['cpu p99'])}`;
    }
    return out;
  });
  console.table(table);
  console.log('ms of wall time per page (p50, p99) and of CPU time (this process and, on PostgreSQL, its server processes)');
  for (const n of notes) console.log(n);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runInboxBench(process.env.DEFUSE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
}
