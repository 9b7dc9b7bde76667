/**
 * A quarterly report over many mentions (default 1,000,000: BENCH_REPORT_MENTIONS):
 * fills a database with classified mentions over two quarters (so the previous
 * period has data too), topics and cases, then times building the report and
 * rendering it as HTML. Target: 2 s.
 */
import { type Insertable, sql } from 'kysely';
import pino from 'pino';
import type { CasesTable, MentionTopicsTable, MentionsTable } from '../src/db/schema.js';
import { loadConfig } from '../src/config/env.js';
import { createContainer } from '../src/container.js';
import { newId } from '../src/domain/ids.js';
import { KINDS, SENTIMENTS, SITUATIONS, TOPICS } from '../src/domain/labels.js';
import { renderReportHtml } from '../src/services/reports/report-render.js';
import type { Actor } from '../src/services/access.js';
import { insertInBatches, UNWORKED_CASE } from './fill.js';

const OPERATOR: Actor = { type: 'system', name: 'bench' };
const BATCH = 2000;

export async function benchReport(url: string, label: string, total = Number(process.env.BENCH_REPORT_MENTIONS ?? 1_000_000)) {
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
  const c = await createContainer(config, { logger: pino({ level: 'silent' }), queue: 'sql' });
  try {
    const brand = await c.brands.createBrand(OPERATOR, { slug: 'report-bench', name: 'Report bench' });
    const db = c.database.db;
    const now = new Date().toISOString();
    const channels = ['twitter', 'facebook', 'email', 'reviews'].map((key) => ({ id: newId(), brand_id: brand.id, key, name: key, created_at: now }));
    await db.insertInto('channels').values(channels).execute();
    const authors = Array.from({ length: 5000 }, (_, i) => ({
      id: newId(),
      brand_id: brand.id,
      channel_id: channels[i % 4]!.id,
      handle: `a${i}`,
      display_name: null,
      profile_url: null,
      created_at: now,
    }));
    for (let i = 0; i < authors.length; i += BATCH)
      await db
        .insertInto('authors')
        .values(authors.slice(i, i + BATCH))
        .execute();
    let seed = 1;
    const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
    const start = Date.UTC(2026, 3, 1);
    const span = Date.UTC(2026, 9, 1) - start;
    const t0 = performance.now();
    for (let i = 0; i < total; i += BATCH) {
      const n = Math.min(BATCH, total - i);
      const cases: Insertable<CasesTable>[] = [];
      const mentions: Insertable<MentionsTable>[] = [];
      const topics: Insertable<MentionTopicsTable>[] = [];
      for (let k = 0; k < n; k++) {
        const j = i + k;
        const author = authors[j % authors.length]!;
        const posted = new Date(start + Math.floor(rnd() * span)).toISOString();
        const kind = KINDS[Math.floor(rnd() * KINDS.length)]!;
        const caseId = newId();
        const answered = rnd() < 0.8 ? new Date(Date.parse(posted) + Math.floor(rnd() * 6 * 3_600_000)).toISOString() : null;
        cases.push({
          id: caseId,
          brand_id: brand.id,
          channel_id: author.channel_id,
          author_id: author.id,
          thread_key: `t${j}`,
          status: answered ? 'replied' : 'new',
          status_reason: null,
          assignee_id: null,
          subject: 'x',
          kind,
          sentiment: 'negative',
          language: 'en',
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
          response_due_at: null,
          response_type: null,
          due_soon_at: null,
          escalated_at: null,
          first_response_at: answered,
          first_response_minutes: answered ? Math.round((Date.parse(answered) - Date.parse(posted)) / 60_000) : null,
          ...UNWORKED_CASE,
        });
        const id = newId();
        mentions.push({
          id,
          brand_id: brand.id,
          channel_id: author.channel_id,
          external_id: `e${j}`,
          author_id: author.id,
          text: `mention ${j}`,
          search_text: `mention ${j}`,
          link: null,
          posted_at: posted,
          received_at: posted,
          is_public: 1,
          in_reply_to: null,
          extra: null,
          case_id: caseId,
          processed_at: posted,
          language: ['en', 'ru', 'ro', 'ar'][j % 4]!,
          sentiment: SENTIMENTS[Math.floor(rnd() * 3)]!,
          kind,
          situation: SITUATIONS[Math.floor(rnd() * SITUATIONS.length)]!,
          signals: '[]',
          classification: null,
        });
        topics.push({ mention_id: id, brand_id: brand.id, topic: TOPICS[Math.floor(rnd() * TOPICS.length)]! });
        if (rnd() < 0.3) topics.push({ mention_id: id, brand_id: brand.id, topic: 'delivery' === topics.at(-1)!.topic ? 'price' : 'delivery' });
      }
      // SQLite takes at most 32,766 parameters a statement: rows go in slices of 500.
      await insertInBatches(db, [
        ['cases', cases, 500],
        ['mentions', mentions, 500],
        ['mention_topics', topics, 1000],
      ]);
    }
    await c.store.repos.rollups.rebuild(brand.id); // the pipeline keeps these as it goes; a bulk load rebuilds them
    const fillS = (performance.now() - t0) / 1000;
    if (c.database.dialect === 'postgres') await sql`ANALYZE`.execute(db);
    const runs: number[] = [];
    let quarterMentions = 0;
    for (let r = 0; r < 3; r++) {
      const t1 = performance.now();
      const report = await c.reports.build(OPERATOR, brand.id, '2026-Q3');
      renderReportHtml(report);
      quarterMentions = report.total;
      runs.push(performance.now() - t1);
    }
    return {
      database: label,
      mentions: total,
      'fill s': Number(fillS.toFixed(1)),
      'quarter mentions': quarterMentions,
      'report ms (best of 3)': Math.round(Math.min(...runs)),
      'report ms (first)': Math.round(runs[0]!),
    };
  } finally {
    await c.close();
  }
}
