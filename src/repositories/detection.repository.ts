/** Storage for campaign detection (MinHash band keys, campaigns) and systemic alerts. */
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { CampaignRow, DefuseDatabase, MentionSignaturesTable, SystemicAlertRow } from '../db/schema.js';
import type { BatchWrites } from './batch-writes.js';
import { encodeJson, parseJson } from './json.js';
import { type Camel, camelKeys, snakeKeys } from './mapping.js';
import { bandKeys, decodeSignature } from '../domain/reports/near-duplicates.js';

/** A coordinated campaign: near-identical posts from different authors, its size and time span. */
export type Campaign = Camel<CampaignRow>;
/** A mention's MinHash signature (comma-separated), indexed for the campaign search. */
export type MentionSignature = Camel<MentionSignaturesTable>;
/** The mentions of a campaign and their cases. */
export interface CampaignLink {
  mentionId: string;
  caseId: string | null;
  authorId: string;
  postedAt: string;
}

/** Candidates read per band key (the newest in the window); bounds the detector's work per mention. */
export const CANDIDATES_PER_KEY = 8;

/** An example mention shown with a systemic alert. */
export interface AlertExample {
  id: string;
  text: string;
  case_id: string | null;
  posted_at: string;
}

/** A topic risen well above its weekly baseline. */
export interface SystemicAlert {
  id: string;
  brandId: string;
  /** What rose: "topic:delivery". */
  series: string;
  windowStart: string;
  observed: number;
  /** The baseline's expectation, to two decimals. */
  expected: number;
  /** To three significant digits. */
  pValue: number;
  examples: AlertExample[];
  createdAt: string;
}

const toAlert = (a: SystemicAlertRow): SystemicAlert => ({
  id: a.id,
  brandId: a.brand_id,
  series: a.series,
  windowStart: a.window_start,
  observed: a.observed,
  expected: Number(a.expected),
  pValue: Number(a.p_value),
  examples: parseJson<AlertExample[]>(a.examples, [], 'systemic_alerts.examples'),
  createdAt: a.created_at,
});

export const toCampaign = (r: CampaignRow): Campaign => ({ ...camelKeys(r), size: Number(r.size), authors: Number(r.authors) });

const candidatesSqlCache = new Map<string, string>();
const bandsSqlCache = new Map<string, string>();

/**
 * The candidates statement for `n` band keys: per key, its newest `perKey` band rows in the window; their signatures.
 * `indexing` (PostgreSQL): the mention's signature and band rows are inserted by the same statement, in CTEs before
 * it (parameters $1–$6: mention, brand, author, time, signature, the keys as an array). The candidates are read in
 * the statement's snapshot, which does not hold those rows — nor would the read find them: it leaves the mention out.
 */
function candidatesSql(dialect: Dialect, n: number, indexing = false): string {
  const cacheKey = `${dialect}:${n}:${indexing}`;
  let text = candidatesSqlCache.get(cacheKey);
  if (text) return text;
  let p = indexing ? 6 : 0;
  const param = () => (dialect === 'postgres' ? `$${++p}` : '?');
  const perKey = Array.from(
    { length: n },
    () =>
      `select "k"."mention_id" from (select "mention_id" from "mention_bands" where "brand_id" = ${param()} and "band_key" = ${param()} ` +
      `and "posted_at" >= ${param()} and "posted_at" <= ${param()} and "mention_id" != ${param()} order by "posted_at" desc limit ${param()}) as "k"`,
  );
  text =
    (indexing
      ? `with "sig" as (insert into "mention_signatures" ("mention_id", "brand_id", "author_id", "posted_at", "signature") ` +
        `values ($1, $2, $3, $4, $5) on conflict ("mention_id") do nothing returning "mention_id", "brand_id", "posted_at"), ` +
        `"bands" as (insert into "mention_bands" ("brand_id", "band_key", "mention_id", "posted_at") ` +
        `select "sig"."brand_id", "k"."key", "sig"."mention_id", "sig"."posted_at" from "sig" cross join unnest($6::text[]) with ordinality as "k"("key", "i") ` +
        `order by "k"."i" on conflict do nothing) `
      : '') +
    `select "s"."mention_id", "s"."author_id", "s"."posted_at", "s"."signature" from "mention_signatures" as "s" ` +
    // `union all`: the `in` takes each id once anyway (a `union` sorted the 16 lists to merge them: ~20 % of the read).
    `where "s"."mention_id" in (${perKey.join(' union all ')})`;
  candidatesSqlCache.set(cacheKey, text);
  return text;
}

export class DetectionRepository {
  constructor(
    private readonly db: Kysely<DefuseDatabase>,
    private readonly dialect: Dialect,
    /** In a batch transaction: the cases of mentions it processed are held there until its commit. */
    private readonly batch?: BatchWrites,
  ) {}

  async addSignature(s: MentionSignature, keys: string[]): Promise<void> {
    // Statements compiled once (per number of keys): built with the query builder, the 16 band rows cost more CPU to
    // build and compile than SQLite takes to insert them.
    const pg = this.dialect === 'postgres';
    const p = (i: number) => (pg ? `$${i}` : '?');
    const inserted = await this.db.executeQuery(
      CompiledQuery.raw(
        `insert into "mention_signatures" ("mention_id", "brand_id", "author_id", "posted_at", "signature") values (${[1, 2, 3, 4, 5].map(p).join(', ')}) on conflict ("mention_id") do nothing`,
        [s.mentionId, s.brandId, s.authorId, s.postedAt, s.signature],
      ),
    );
    if (!Number(inserted.numAffectedRows ?? 0) || !keys.length) return;
    const cacheKey = `${this.dialect}:${keys.length}`;
    let text = bandsSqlCache.get(cacheKey);
    if (!text) {
      const rows = keys.map((_, i) => `(${[1, 2, 3, 4].map((j) => p(i * 4 + j)).join(', ')})`);
      text = `insert into "mention_bands" ("brand_id", "band_key", "mention_id", "posted_at") values ${rows.join(', ')} on conflict do nothing`;
      bandsSqlCache.set(cacheKey, text);
    }
    const params: unknown[] = [];
    for (const k of keys) params.push(s.brandId, k, s.mentionId, s.postedAt);
    await this.db.executeQuery(CompiledQuery.raw(text, params));
  }

  /**
   * Mentions of the brand sharing a band with these keys, posted in [since, until], other than `exclude`: at most
   * `perKey` per band key, the newest first, so a popular key (a template many people post) costs the same as a
   * rare one — a near-duplicate shares most of its 16 bands, and a campaign's newest posts are enough to join it.
   */
  async candidates(
    brandId: string,
    keys: string[],
    since: string,
    until: string,
    exclude: string,
    perKey = CANDIDATES_PER_KEY,
  ): Promise<MentionSignature[]> {
    if (!keys.length) return [];
    // The same statement for every mention (one per number of keys, compiled once): built with the query builder it
    // cost ~0.8 ms of CPU per mention to build and compile its 16 subqueries, against ~0.1 ms to run it.
    const params: unknown[] = [];
    for (const key of keys) params.push(brandId, key, since, until, exclude, perKey);
    const { rows } = await this.db.executeQuery<{ mention_id: string; author_id: string; posted_at: string; signature: string }>(
      CompiledQuery.raw(candidatesSql(this.dialect, keys.length), params),
    );
    return rows.map((r) => ({ mentionId: r.mention_id, brandId, authorId: r.author_id, postedAt: r.posted_at, signature: r.signature }));
  }

  /**
   * `addSignature`, then `candidates` of the mention (its id excluded): in one round trip on PostgreSQL (see
   * candidatesSql), two statements or three elsewhere.
   */
  async indexAndFindCandidates(
    s: MentionSignature,
    keys: string[],
    since: string,
    until: string,
    perKey = CANDIDATES_PER_KEY,
  ): Promise<MentionSignature[]> {
    if (this.dialect !== 'postgres' || !keys.length) {
      await this.addSignature(s, keys);
      return this.candidates(s.brandId, keys, since, until, s.mentionId, perKey);
    }
    const params: unknown[] = [s.mentionId, s.brandId, s.authorId, s.postedAt, s.signature, keys];
    for (const key of keys) params.push(s.brandId, key, since, until, s.mentionId, perKey);
    const { rows } = await this.db.executeQuery<{ mention_id: string; author_id: string; posted_at: string; signature: string }>(
      CompiledQuery.raw(candidatesSql(this.dialect, keys.length, true), params),
    );
    return rows.map((r) => ({ mentionId: r.mention_id, brandId: s.brandId, authorId: r.author_id, postedAt: r.posted_at, signature: r.signature }));
  }

  campaignOf(mentionIds: string[]): Promise<{ id: string } | undefined> {
    return this.db.selectFrom('campaign_mentions').select('campaign_id as id').where('mention_id', 'in', mentionIds).limit(1).executeTakeFirst();
  }

  async createCampaign(c: Campaign): Promise<void> {
    await this.db.insertInto('campaigns').values(snakeKeys(c)).execute();
  }

  async updateCampaign(id: string, changes: Partial<Omit<Campaign, 'id'>>): Promise<void> {
    await this.db.updateTable('campaigns').set(snakeKeys(changes)).where('id', '=', id).execute();
  }

  /** Links the mentions (and their cases) to the campaign; returns the newly linked ones (with their authors). */
  async linkMentions(campaignId: string, mentionIds: string[]): Promise<CampaignLink[]> {
    if (!mentionIds.length) return [];
    const already = new Set(
      (
        await this.db
          .selectFrom('campaign_mentions')
          .select('mention_id')
          .where('campaign_id', '=', campaignId)
          .where('mention_id', 'in', mentionIds)
          .execute()
      ).map((r) => r.mention_id),
    );
    const fresh = mentionIds.filter((id) => !already.has(id));
    if (!fresh.length) return [];
    const rows = (await this.db.selectFrom('mentions').select(['id', 'case_id', 'author_id', 'posted_at']).where('id', 'in', fresh).execute()).map(
      (r) => ({ ...r, case_id: this.batch?.pendingMention(r.id)?.case_id ?? r.case_id }),
    );
    await this.db
      .insertInto('campaign_mentions')
      .values(rows.map((r) => ({ campaign_id: campaignId, mention_id: r.id, case_id: r.case_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    return rows.map((r) => ({ mentionId: r.id, caseId: r.case_id, authorId: r.author_id, postedAt: r.posted_at }));
  }

  /** How many of these authors have no mention in the campaign other than `except` (read through each author's mentions). */
  async newAuthors(campaignId: string, authorIds: string[], except: string[]): Promise<number> {
    const distinct = [...new Set(authorIds)];
    if (!distinct.length) return 0;
    let q = this.db
      .selectFrom('mentions as m')
      .innerJoin('campaign_mentions as cm', (j) => j.onRef('cm.mention_id', '=', 'm.id').on('cm.campaign_id', '=', campaignId))
      .select('m.author_id')
      .distinct()
      .where('m.author_id', 'in', distinct);
    if (except.length) q = q.where('m.id', 'not in', except);
    const known = new Set((await q.execute()).map((r) => r.author_id));
    return distinct.filter((a) => !known.has(a)).length;
  }

  /** The campaign's figures recounted from its mentions (the stored ones are running totals). */
  async campaignStats(campaignId: string): Promise<Pick<Campaign, 'size' | 'authors' | 'firstAt' | 'lastAt'>> {
    const r = await this.db
      .selectFrom('campaign_mentions as cm')
      .innerJoin('mentions as m', 'm.id', 'cm.mention_id')
      .select((eb) => [
        eb.fn.countAll<number>().as('size'),
        eb.fn.count<number>('m.author_id').distinct().as('authors'),
        eb.fn.min('m.posted_at').as('first_at'),
        eb.fn.max('m.posted_at').as('last_at'),
      ])
      .where('cm.campaign_id', '=', campaignId)
      .executeTakeFirstOrThrow();
    return { size: Number(r.size), authors: Number(r.authors), firstAt: String(r.first_at), lastAt: String(r.last_at) };
  }

  /**
   * The campaign as stored, locked for the rest of the transaction (FOR UPDATE on PostgreSQL; SQLite's write
   * transaction already excludes others), so its running totals are read and raised by one worker at a time.
   */
  async lockCampaign(campaignId: string): Promise<Campaign | undefined> {
    let q = this.db.selectFrom('campaigns').selectAll().where('id', '=', campaignId);
    if (this.dialect === 'postgres') q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r && toCampaign(r);
  }

  async campaignsOfCase(caseId: string): Promise<Campaign[]> {
    const rows = await this.db
      .selectFrom('campaign_mentions as cm')
      .innerJoin('campaigns as c', 'c.id', 'cm.campaign_id')
      .selectAll('c')
      .distinct()
      .where('cm.case_id', '=', caseId)
      .execute();
    return rows.map(toCampaign);
  }

  async campaigns(brandId: string, since: string): Promise<Campaign[]> {
    const rows = await this.db
      .selectFrom('campaigns')
      .selectAll()
      .where('brand_id', '=', brandId)
      .where('last_at', '>=', since)
      .orderBy('last_at', 'desc')
      .execute();
    return rows.map(toCampaign);
  }

  async hourlyTopicCounts(brandId: string, from: string, to: string) {
    const hour = sql<string>`substr(m.posted_at, 1, 13)`;
    const rows = await this.db
      .selectFrom('mention_topics as t')
      .innerJoin('mentions as m', 'm.id', 't.mention_id')
      .select([hour.as('hour'), 't.topic', (eb) => eb.fn.countAll<number>().as('n')])
      .where('t.brand_id', '=', brandId)
      .where('m.posted_at', '>=', from)
      .where('m.posted_at', '<', to)
      .groupBy([hour, 't.topic'])
      .execute();
    return rows.map((r) => ({ hour: r.hour, topic: r.topic, n: Number(r.n) }));
  }

  async recentAlert(brandId: string, series: string, since: string): Promise<boolean> {
    return Boolean(
      await this.db
        .selectFrom('systemic_alerts')
        .select('id')
        .where('brand_id', '=', brandId)
        .where('series', '=', series)
        .where('created_at', '>=', since)
        .executeTakeFirst(),
    );
  }

  examples(brandId: string, topic: string, since: string, limit: number) {
    return this.db
      .selectFrom('mention_topics as t')
      .innerJoin('mentions as m', 'm.id', 't.mention_id')
      .select(['m.id', 'm.text', 'm.case_id', 'm.posted_at'])
      .where('t.brand_id', '=', brandId)
      .where('t.topic', '=', topic)
      .where('m.posted_at', '>=', since)
      .orderBy('m.posted_at', 'desc')
      .limit(limit)
      .execute();
  }

  async addAlert(a: SystemicAlert): Promise<void> {
    await this.db
      .insertInto('systemic_alerts')
      .values({
        id: a.id,
        brand_id: a.brandId,
        series: a.series,
        window_start: a.windowStart,
        observed: a.observed,
        expected: a.expected.toFixed(2),
        p_value: a.pValue.toExponential(2),
        examples: encodeJson(a.examples),
        created_at: a.createdAt,
      })
      .execute();
  }

  /**
   * Erasure of mentions in what detection kept of them: their MinHash
   * signatures and band keys go, the sample of a campaign they belong to and
   * their text among a systemic alert's examples read `text`. Campaign sizes
   * and alert counts stay.
   */
  async eraseMentions(brandId: string, ids: string[], text: string): Promise<void> {
    if (!ids.length) return;
    const wanted = new Set(ids);
    for (let i = 0; i < ids.length; i += 200) {
      const chunk = ids.slice(i, i + 200);
      // A mention's band rows are found by its band keys (the index is (brand, key, time, mention)): read from its
      // signature before that goes.
      const signed = await this.db
        .selectFrom('mention_signatures')
        .select(['mention_id', 'signature'])
        .where('brand_id', '=', brandId)
        .where('mention_id', 'in', chunk)
        .execute();
      for (const s of signed)
        await this.db
          .deleteFrom('mention_bands')
          .where('brand_id', '=', brandId)
          .where('band_key', 'in', bandKeys(decodeSignature(s.signature)))
          .where('mention_id', '=', s.mention_id)
          .execute();
      await this.db.deleteFrom('mention_signatures').where('mention_id', 'in', chunk).execute();
      await this.db
        .updateTable('campaigns')
        .set({ sample: text })
        .where('id', 'in', (eb) => eb.selectFrom('campaign_mentions').select('campaign_id').where('mention_id', 'in', chunk))
        .execute();
      await this.db.updateTable('second_opinions').set({ detail: null }).where('mention_id', 'in', chunk).execute();
    }
    const alerts = await this.db.selectFrom('systemic_alerts').select(['id', 'examples']).where('brand_id', '=', brandId).execute();
    for (const a of alerts) {
      const examples = parseJson<AlertExample[]>(a.examples, [], 'systemic_alerts.examples');
      if (!examples.some((e) => wanted.has(e.id))) continue;
      const changed = examples.map((e) => (wanted.has(e.id) ? { ...e, text } : e));
      await this.db
        .updateTable('systemic_alerts')
        .set({ examples: encodeJson(changed) })
        .where('id', '=', a.id)
        .execute();
    }
  }

  async alerts(brandId: string, since: string): Promise<SystemicAlert[]> {
    const rows = await this.db
      .selectFrom('systemic_alerts')
      .selectAll()
      .where('brand_id', '=', brandId)
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toAlert);
  }
}
