/**
 * The inbox at scale (BENCH_INBOX_CASES cases, default 100,000; 0 skips):
 * fills a database with cases and their mentions (statuses, kinds, languages,
 * topics, deadlines past, near and none, texts in four languages), then
 * times a page of 50 through the case service — the page, its capped count
 * and its topics, as `GET /api/v1/cases` runs it — per filter and sort,
 * and the exact count with joins the inbox made before the cap. Target: p99 ≤ 50 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Insertable, sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import type { CasesTable, MentionTopicsTable, MentionsTable } from '../src/db/schema.js';
import { loadConfig } from '../src/config/env.js';
import { createContainer } from '../src/container.js';
import { newId } from '../src/domain/ids.js';
import { searchIndexText, searchTerms } from '../src/domain/mentions/search-text.js';
import { KINDS, TOPICS } from '../src/domain/labels.js';
import type { Actor } from '../src/services/access.js';
import type { CaseQuery } from '../src/services/cases/case.service.js';

const OPERATOR: Actor = { type: 'system', name: 'bench' };
const BATCH = 2000;
const RUNS = Number(process.env.BENCH_INBOX_RUNS ?? 40);
const OPEN = ['new', 'waiting', 'in_progress', 'awaiting_approval', 'replied', 'follow_up'];
const STATUSES = [...OPEN, 'resolved', 'resolved', 'resolved', 'closed', 'not_engaging'];
const LANGS = ['en', 'ru', 'ro', 'ar'] as const;
const TEXTS: Record<(typeof LANGS)[number], string[]> = {
  en: ['Order {n} still not delivered, nobody answers', 'The courier lost my parcel {n}', 'Refund for {n} never came back'],
  ru: ['Заказ {n} так и не доставили, поддержка молчит', 'Курьер потерял посылку {n}', 'Деньги за заказ {n} не вернули'],
  ro: ['Comanda {n} nu a ajuns, nimeni nu răspunde', 'Curierul a pierdut coletul {n}', 'Banii pentru comanda {n} nu au venit'],
  ar: ['الطلب {n} لم يصل ولا أحد يرد', 'المندوب أضاع الطرد {n}', 'لم يصلني استرداد المبلغ للطلب {n}'],
};

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

export async function benchInbox(url: string, label: string, total = Number(process.env.BENCH_INBOX_CASES ?? 100_000)) {
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
  const c = await createContainer(config, { logger: pino({ level: 'silent' }), queue: 'sql' });
  try {
    const brand = await c.brands.createBrand(OPERATOR, { slug: 'inbox-bench', name: 'Inbox bench' });
    const db = c.database.db;
    const nowMs = Date.now();
    const now = new Date(nowMs).toISOString();
    const channels = ['twitter', 'facebook', 'email', 'reviews'].map((key) => ({ id: newId(), brand_id: brand.id, key, name: key, created_at: now }));
    await db.insertInto('channels').values(channels).execute();
    const authors = Array.from({ length: 20_000 }, (_, i) => ({
      id: newId(),
      brand_id: brand.id,
      channel_id: channels[i % 4]!.id,
      handle: `author${i}`,
      display_name: `Author ${i}`,
      profile_url: null,
      created_at: now,
    }));
    for (let i = 0; i < authors.length; i += 500)
      await db
        .insertInto('authors')
        .values(authors.slice(i, i + 500))
        .execute();
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const span = 180 * 86_400_000;
    const t0 = performance.now();
    for (let i = 0; i < total; i += BATCH) {
      const n = Math.min(BATCH, total - i);
      const cases: Insertable<CasesTable>[] = [];
      const mentions: Insertable<MentionsTable>[] = [];
      const topics: Insertable<MentionTopicsTable>[] = [];
      for (let k = 0; k < n; k++) {
        const j = i + k;
        const author = authors[j % authors.length]!;
        const posted = new Date(nowMs - Math.floor(rnd() * span)).toISOString();
        const status = pick(STATUSES);
        const open = OPEN.includes(status);
        // Open cases owe a response: some past it (breached), most due within days; done ones owe nothing.
        const dueMs = open && rnd() < 0.9 ? nowMs + Math.floor((rnd() - 0.2) * 5 * 86_400_000) : null;
        const lang = LANGS[j % 4]!;
        const text = pick(TEXTS[lang]).replace('{n}', String(10_000 + j));
        const caseId = newId();
        cases.push({
          id: caseId,
          brand_id: brand.id,
          channel_id: author.channel_id,
          author_id: author.id,
          thread_key: `t${j}`,
          status,
          status_reason: null,
          assignee_id: null,
          subject: text,
          kind: pick(KINDS),
          sentiment: 'negative',
          language: lang,
          situation: 'other',
          is_public: 1,
          mention_count: 1,
          opened_at: posted,
          last_mention_at: posted,
          updated_at: posted,
          playbook: 'other',
          team_id: null,
          flags: '[]',
          hold_until: null,
          response_due_at: dueMs === null ? null : new Date(dueMs).toISOString(),
          // The inbox's deadline (the earlier of this and an open call-back; none here): what sort=due reads.
          due_at: dueMs === null ? null : new Date(dueMs).toISOString(),
          response_type: dueMs === null ? null : 'first',
          due_soon_at: dueMs === null ? null : new Date(dueMs - 3_600_000).toISOString(),
          escalated_at: null,
          first_response_at: null,
          first_response_minutes: null,
          replies_need_approval: 0,
          fix_ref: null,
          fix_shipped_at: null,
          follow_up_state: null,
          follow_up_at: null,
          follow_up_reason: null,
          snoozed_until: null,
        });
        const id = newId();
        mentions.push({
          id,
          brand_id: brand.id,
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
          kind: cases.at(-1)!.kind!,
          situation: 'other',
          signals: '[]',
          classification: null,
        });
        topics.push({ mention_id: id, brand_id: brand.id, topic: pick(TOPICS) });
      }
      await db.transaction().execute(async (trx) => {
        for (let k = 0; k < n; k += 500)
          await trx
            .insertInto('cases')
            .values(cases.slice(k, k + 500))
            .execute();
        for (let k = 0; k < n; k += 500)
          await trx
            .insertInto('mentions')
            .values(mentions.slice(k, k + 500))
            .execute();
        for (let k = 0; k < topics.length; k += 1000)
          await trx
            .insertInto('mention_topics')
            .values(topics.slice(k, k + 1000))
            .execute();
      });
    }
    const fillS = (performance.now() - t0) / 1000;
    await sql`ANALYZE`.execute(db);

    const terms = (q: string) => ({ terms: searchTerms(q), authorQuery: q });
    const filters: Array<[string, Partial<CaseQuery>]> = [
      ['no filter', {}],
      ['status open', { statuses: OPEN }],
      ['status open, sort=due', { statuses: OPEN, sort: 'due' }],
      ['sort=due', { sort: 'due' }],
      ['kind', { kinds: ['trolling'] }],
      ['language ro', { languages: ['ro'] }],
      ['deadline breached', { deadline: ['breached'], statuses: OPEN }],
      ['topic delivery', { topics: ['delivery'] }],
      ['assignee none', { assigneeId: null, statuses: OPEN }],
      ['search "order" (en)', terms('order')],
      ['search "заказ" (ru)', terms('заказ')],
      ['search "comanda" (ro)', terms('comanda')],
      ['search "الطلب" (ar)', terms('الطلب')],
      ['open + ru + sort=due', { statuses: OPEN, languages: ['ru'], sort: 'due' }],
    ];
    const rows = [];
    for (const [name, f] of filters) {
      const q: CaseQuery = { brandId: brand.id, limit: 50, ...f };
      const times: number[] = [];
      let page = await c.cases.list(OPERATOR, q);
      for (let r = 0; r < RUNS + 2; r++) {
        // Every other run reads page 2 (through the cursor), so keyset paging is timed as well.
        const t = performance.now();
        page = await c.cases.list(OPERATOR, r % 2 && page.nextCursor ? { ...q, cursor: page.nextCursor } : q);
        if (r >= 2) times.push(performance.now() - t);
      }
      rows.push({
        database: label,
        filter: name,
        total: `${page.total.toLocaleString('en')}${page.totalCapped ? '+' : ''}`,
        'p50 ms': Number(quantile(times, 0.5).toFixed(1)),
        'p99 ms': Number(quantile(times, 0.99).toFixed(1)),
      });
    }
    // What each page also paid before the cap: an exact COUNT(*) joining channels, authors and users.
    const exact: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      await db
        .selectFrom('cases as c')
        .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
        .innerJoin('authors as a', 'a.id', 'c.author_id')
        .leftJoin('users as u', 'u.id', 'c.assignee_id')
        .where('c.brand_id', '=', brand.id)
        .where('c.status', 'in', OPEN)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      exact.push(performance.now() - t);
    }
    return { fillS: Number(fillS.toFixed(1)), rows, exactCountOpenMs: Number(quantile(exact, 0.5).toFixed(1)) };
  } finally {
    await c.close();
  }
}

/**
 * The inbox benchmark on SQLite and (when reachable, unless BENCH_INBOX_PG=0)
 * PostgreSQL, printed as a table; `npm run bench` runs it, and so does
 * `npx tsx bench/inbox.bench.ts` alone.
 */
export async function runInboxBench(pgAdmin: string): Promise<void> {
  const total = Number(process.env.BENCH_INBOX_CASES ?? 100_000);
  if (!(total > 0)) return;
  console.log(
    `\nInbox pages of 50 over ${total.toLocaleString('en')} cases (page, capped count and topics; pages 1 and 2; BENCH_INBOX_CASES sets the size, 0 skips):`,
  );
  const rows: Array<Record<string, unknown>> = [];
  const notes: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'defuse-inbox-bench-'));
  try {
    const r = await benchInbox(`sqlite:${join(dir, 'inbox.db')}`, 'sqlite', total);
    rows.push(...r.rows);
    notes.push(`sqlite: filled in ${r.fillS} s; the exact COUNT(*) with joins each page made before (status open): ${r.exactCountOpenMs} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (process.env.BENCH_INBOX_PG !== '0') {
    const admin = new pg.Client({ connectionString: pgAdmin });
    try {
      await admin.connect();
      const name = `defuse_inbox_bench_${process.pid}`;
      await admin.query(`CREATE DATABASE ${name}`);
      try {
        const r = await benchInbox(pgAdmin.replace(/\/[^/]*$/, `/${name}`), 'postgres', total);
        rows.push(...r.rows);
        notes.push(`postgres: filled in ${r.fillS} s; the exact COUNT(*) with joins each page made before (status open): ${r.exactCountOpenMs} ms`);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    } catch (err) {
      console.log(`PostgreSQL skipped: ${(err as Error).message}`);
    } finally {
      await admin.end().catch(() => undefined);
    }
  }
  console.table(rows);
  for (const n of notes) console.log(n);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runInboxBench(process.env.DEFUSE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
}
