import { type Kysely, type Selectable, sql } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { AuthorsTable, ChannelsTable, DefuseDatabase, MentionRow } from '../db/schema.js';
import type { Classification } from '../domain/classification/classifier.js';
import type { SecondOpinionAnswer } from '../domain/classification/second-opinion.js';
import type { Signal } from '../domain/labels.js';
import type { BatchWrites } from './batch-writes.js';
import { mentionMatches } from './full-text.js';
import { encodeJson, parseJson } from './json.js';
import { type Camel, camelKeys } from './mapping.js';
import { type Cursor, encodeCursor, type Page } from './pagination.js';

/** A brand's channel (a network, a review site, an inbox). */
export type Channel = Camel<Selectable<ChannelsTable>>;
/** Someone who wrote on a channel. */
export type Author = Camel<Omit<Selectable<AuthorsTable>, 'erased_at'>> & {
  /** When the author's data was erased (absent on a new author). */
  erasedAt?: string | null;
};

/** The second opinion's reading, kept in the mention's stored classification beside the model's. */
export interface StoredSecondOpinion extends SecondOpinionAnswer {
  model: string;
  at: string;
  /** The shipped model's reading it was asked about. */
  from: { kind: string | null; sentiment: string | null; situation: string | null };
  /** The kind differs from the model's. */
  changed: boolean;
  /** The case followed it (false when a person had corrected the case, or this mention does not set its kind). */
  applied: boolean;
}

/**
 * The classification stored with a mention: what the classifier answered when
 * the pipeline processed it (older rows may lack fields), and the second
 * opinion once one was given.
 */
export type StoredClassification = Partial<Classification> & { second_opinion?: StoredSecondOpinion };

/** A stored mention: its extra fields, signals and classification decoded, `isPublic` a boolean. */
export interface Mention extends Omit<Camel<MentionRow>, 'isPublic' | 'extra' | 'signals' | 'classification' | 'history'> {
  isPublic: boolean;
  /** Imported as history (`defuse import --history`): its case is filed without a deadline. */
  history: boolean;
  /** The source's own fields, as sent. */
  extra: Record<string, unknown> | null;
  /** Empty until processed. */
  signals: Signal[];
  /** null until processed. */
  classification: StoredClassification | null;
}

/** What processing stores on a mention. */
export type MentionProcessing = Pick<Mention, Exclude<ProcessingFields, 'classification'>> & {
  classification: Classification;
};

const toMention = (r: MentionRow): Mention => ({
  ...camelKeys(r),
  isPublic: r.is_public === 1,
  history: r.history === 1,
  extra: parseJson<Record<string, unknown> | null>(r.extra, null, 'mentions.extra'),
  signals: parseJson<Signal[]>(r.signals, [], 'mentions.signals'),
  classification: parseJson<StoredClassification | null>(r.classification, null, 'mentions.classification'),
});

/** What processing fills in later. */
type ProcessingFields = 'caseId' | 'processedAt' | 'language' | 'sentiment' | 'kind' | 'situation' | 'signals' | 'classification';
/** A mention as accepted, before processing (classification, its case). */
export type NewMention = Omit<Mention, ProcessingFields | 'erasedAt' | 'history'> & { history?: boolean };

function toNewRow(m: NewMention): MentionRow {
  return {
    id: m.id,
    brand_id: m.brandId,
    channel_id: m.channelId,
    external_id: m.externalId,
    author_id: m.authorId,
    text: m.text,
    search_text: m.searchText,
    link: m.link,
    posted_at: m.postedAt,
    received_at: m.receivedAt,
    is_public: m.isPublic ? 1 : 0,
    in_reply_to: m.inReplyTo,
    extra: m.extra ? encodeJson(m.extra) : null,
    case_id: null,
    processed_at: null,
    language: null,
    sentiment: null,
    kind: null,
    situation: null,
    signals: null,
    classification: null,
    erased_at: null,
    history: m.history ? 1 : 0,
  };
}

const toChannelRow = (c: Channel): Selectable<ChannelsTable> => ({
  id: c.id,
  brand_id: c.brandId,
  key: c.key,
  name: c.name,
  created_at: c.createdAt,
});
const toAuthorRow = (a: Author): Selectable<AuthorsTable> => ({
  id: a.id,
  brand_id: a.brandId,
  channel_id: a.channelId,
  handle: a.handle,
  display_name: a.displayName,
  profile_url: a.profileUrl,
  created_at: a.createdAt,
  erased_at: a.erasedAt ?? null,
});

export interface MentionFilter {
  brandId: string;
  caseId?: string;
  authorId?: string;
  kinds?: string[];
  sentiments?: string[];
  situations?: string[];
  topics?: string[];
  channelIds?: string[];
  languages?: string[];
  terms?: string[];
  from?: string;
  to?: string;
}

/** A mention with the names the desk shows: channel, author, topics. */
export interface MentionView extends Mention {
  channelKey: string;
  authorHandle: string;
  authorDisplayName: string | null;
  authorProfileUrl: string | null;
  topics: string[];
}

type ViewRow = MentionRow & { channel_key: string; author_handle: string; author_display_name: string | null; author_profile_url: string | null };

const toView = (r: ViewRow, topics: string[]): MentionView => ({
  ...toMention(r),
  channelKey: r.channel_key,
  authorHandle: r.author_handle,
  authorDisplayName: r.author_display_name,
  authorProfileUrl: r.author_profile_url,
  topics,
});

const INSERT_CHUNK = 200;

export class MentionRepository {
  constructor(
    private readonly db: Kysely<DefuseDatabase>,
    private readonly dialect: Dialect,
    /** In a batch transaction: topics are kept there and written before its commit. */
    private readonly batch?: BatchWrites,
  ) {}

  /** Finds or creates the brand's channels with these keys; returns key → row. */
  async ensureChannels(brandId: string, keys: string[], make: (key: string) => Channel): Promise<Map<string, Channel>> {
    const unique = [...new Set(keys)].sort(); // a fixed lock order, as for authors
    if (unique.length > 0) {
      await this.db
        .insertInto('channels')
        .values(unique.map((k) => toChannelRow(make(k))))
        .onConflict((oc) => oc.columns(['brand_id', 'key']).doNothing())
        .execute();
    }
    const rows = unique.length
      ? await this.db.selectFrom('channels').selectAll().where('brand_id', '=', brandId).where('key', 'in', unique).execute()
      : [];
    return new Map(rows.map((r) => [r.key, camelKeys(r)]));
  }

  async findChannel(id: string): Promise<Channel | undefined> {
    const r = await this.db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
    return r && camelKeys(r);
  }

  async listChannels(brandId: string): Promise<Channel[]> {
    const rows = await this.db.selectFrom('channels').selectAll().where('brand_id', '=', brandId).orderBy('key').execute();
    return rows.map((r) => camelKeys(r));
  }

  /**
   * Finds or creates authors by (channel, handle), filling in a display name
   * or profile link that was missing before; returns `channelId\nhandle` → row.
   */
  async ensureAuthors(brandId: string, wanted: Author[]): Promise<Map<string, Author>> {
    const key = (channelId: string, handle: string) => `${channelId}\n${handle}`;
    const unique = new Map(wanted.map((a) => [key(a.channelId, a.handle), toAuthorRow(a)]));
    // In one fixed order: two ingest calls at once with new authors in common (PostgreSQL) otherwise take the
    // unique index's row locks in opposite orders and deadlock (seen with a realistic stream: HTTP 500s).
    const list = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
    for (let i = 0; i < list.length; i += INSERT_CHUNK) {
      await this.db
        .insertInto('authors')
        .values(list.slice(i, i + INSERT_CHUNK))
        .onConflict((oc) => oc.columns(['brand_id', 'channel_id', 'handle']).doNothing())
        .execute();
    }
    const out = new Map<string, Selectable<AuthorsTable>>();
    const byChannel = new Map<string, string[]>();
    for (const a of list) byChannel.set(a.channel_id, [...(byChannel.get(a.channel_id) ?? []), a.handle]);
    for (const [channelId, handles] of byChannel) {
      for (let i = 0; i < handles.length; i += INSERT_CHUNK) {
        const rows = await this.db
          .selectFrom('authors')
          .selectAll()
          .where('brand_id', '=', brandId)
          .where('channel_id', '=', channelId)
          .where('handle', 'in', handles.slice(i, i + INSERT_CHUNK))
          .execute();
        for (const r of rows) out.set(key(r.channel_id, r.handle), r);
      }
    }
    for (const wanted of list) {
      const have = out.get(key(wanted.channel_id, wanted.handle));
      if (!have) continue;
      const display = have.display_name ?? wanted.display_name;
      const profile = have.profile_url ?? wanted.profile_url;
      if (display !== have.display_name || profile !== have.profile_url) {
        await this.db.updateTable('authors').set({ display_name: display, profile_url: profile }).where('id', '=', have.id).execute();
        have.display_name = display;
        have.profile_url = profile;
      }
    }
    return new Map([...out].map(([k, r]) => [k, camelKeys(r)]));
  }

  /**
   * Inserts mentions, skipping any whose (brand, channel, external id) is
   * already stored. Returns the ids of the rows inserted now.
   */
  async insertNew(mentions: NewMention[]): Promise<Set<string>> {
    const rows = mentions.map(toNewRow);
    const inserted = new Set<string>();
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const got = await this.db
        .insertInto('mentions')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .onConflict((oc) => oc.columns(['brand_id', 'channel_id', 'external_id']).doNothing())
        .returning('id')
        .execute();
      for (const r of got) inserted.add(r.id);
    }
    return inserted;
  }

  /** The stored ids of mentions by (channel, external id) in a brand: `channelId\nexternalId` → id. */
  async idsByExternal(brandId: string, pairs: { channelId: string; externalId: string }[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const byChannel = new Map<string, string[]>();
    for (const p of pairs) byChannel.set(p.channelId, [...(byChannel.get(p.channelId) ?? []), p.externalId]);
    for (const [channelId, ids] of byChannel) {
      for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
        const rows = await this.db
          .selectFrom('mentions')
          .select(['id', 'external_id'])
          .where('brand_id', '=', brandId)
          .where('channel_id', '=', channelId)
          .where('external_id', 'in', ids.slice(i, i + INSERT_CHUNK))
          .execute();
        for (const r of rows) out.set(`${channelId}\n${r.external_id}`, r.id);
      }
    }
    return out;
  }

  async findById(id: string): Promise<Mention | undefined> {
    const r = await this.db.selectFrom('mentions').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toMention(this.held(r));
  }

  /**
   * The mention, locked for processing until the transaction ends (PostgreSQL: `FOR UPDATE`, which waits for
   * another transaction holding it and then returns the row as that one committed it; SQLite: the whole database
   * is already locked by the transaction's `BEGIN IMMEDIATE`). Call inside a transaction.
   */
  async claimForProcessing(id: string): Promise<Mention | undefined> {
    let q = this.db.selectFrom('mentions').selectAll().where('id', '=', id);
    if (this.dialect === 'postgres') q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r && toMention(this.held(r));
  }

  /**
   * `claimTryingAuthor` for several mentions in one statement, those another transaction holds left out: their
   * answer is absent from the map, and the caller claims them one by one (`claimTryingAuthor`, which waits for that
   * transaction and sees its commit). PostgreSQL: `FOR UPDATE SKIP LOCKED`, then each unprocessed mention's author lock
   * is tried (authors in `busyAuthors` are not tried); the row locks and author locks taken are held until the
   * transaction ends, as the one-by-one claim's. SQLite: the transaction already holds the database; a plain read.
   */
  async claimChunk(ids: readonly string[], busyAuthors: ReadonlySet<string>): Promise<Map<string, { mention: Mention; authorLocked: boolean }>> {
    const out = new Map<string, { mention: Mention; authorLocked: boolean }>();
    if (!ids.length) return out;
    if (this.dialect !== 'postgres') {
      const rows = await this.db
        .selectFrom('mentions')
        .selectAll()
        .where('id', 'in', [...ids])
        .execute();
      for (const r of rows) out.set(r.id, { mention: toMention(this.held(r)), authorLocked: !busyAuthors.has(r.author_id) });
      return out;
    }
    const { rows } = await sql<MentionRow & { author_locked: boolean | null }>`WITH m AS MATERIALIZED (
        SELECT * FROM mentions WHERE id = ANY(${[...ids]}::text[]) FOR UPDATE SKIP LOCKED)
      SELECT m.*, CASE WHEN m.processed_at IS NULL AND NOT (m.author_id = ANY(${[...busyAuthors]}::text[]))
        THEN pg_try_advisory_xact_lock(hashtext(m.author_id)) END AS author_locked FROM m`.execute(this.db);
    for (const { author_locked, ...row } of rows) out.set(row.id, { mention: toMention(this.held(row)), authorLocked: author_locked === true });
    return out;
  }

  /**
   * The claim (`claimForProcessing`) and, for an unprocessed mention whose author is not in `busyAuthors`, the
   * author's lock if no other transaction holds it (`CaseRepository.tryLockAuthor`, the same key) — in one round
   * trip on PostgreSQL: the row is locked first (a materialised CTE), then the lock is tried on the row as it was
   * committed. SQLite has one writer at a time: the author is always free there.
   */
  async claimTryingAuthor(id: string, busyAuthors: ReadonlySet<string>): Promise<{ mention: Mention; authorLocked: boolean } | undefined> {
    if (this.dialect !== 'postgres') {
      const mention = await this.claimForProcessing(id);
      return mention && { mention, authorLocked: !busyAuthors.has(mention.authorId) };
    }
    const { rows } = await sql<
      MentionRow & { author_locked: boolean | null }
    >`WITH m AS MATERIALIZED (SELECT * FROM mentions WHERE id = ${id} FOR UPDATE)
      SELECT m.*, CASE WHEN m.processed_at IS NULL AND NOT (m.author_id = ANY(${[...busyAuthors]}::text[]))
        THEN pg_try_advisory_xact_lock(hashtext(m.author_id)) END AS author_locked FROM m`.execute(this.db);
    const row = rows[0];
    if (!row) return undefined;
    const { author_locked, ...mention } = row;
    return { mention: toMention(this.held(mention)), authorLocked: author_locked === true };
  }

  async findByExternal(brandId: string, channelId: string, externalId: string): Promise<Mention | undefined> {
    const r = await this.db
      .selectFrom('mentions')
      .selectAll()
      .where('brand_id', '=', brandId)
      .where('channel_id', '=', channelId)
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return r && toMention(this.held(r));
  }

  /**
   * Stores what processing found. The mention is unprocessed (claimed by the pipeline), so it has no topics yet: they
   * are added (in a batch transaction, before its commit).
   */
  /**
   * Stores what processing found. In a batch transaction, with `at` (where a reply finds the mention), it is held in
   * the batch and written before its commit (BatchWrites): this repository's reads of the mention see it meanwhile.
   */
  async saveProcessing(
    id: string,
    p: MentionProcessing,
    brandId: string,
    topics: string[],
    at?: { channelId: string; externalId: string },
  ): Promise<void> {
    const update = {
      case_id: p.caseId!,
      processed_at: p.processedAt!,
      language: p.language,
      sentiment: p.sentiment,
      kind: p.kind,
      situation: p.situation,
      signals: encodeJson(p.signals),
      classification: encodeJson(p.classification),
    };
    if (this.batch && at && update.case_id && update.processed_at) this.batch.holdMention(id, { brandId, ...at }, update);
    else await this.db.updateTable('mentions').set(update).where('id', '=', id).execute();
    if (!topics.length) return;
    const rows = topics.map((topic) => ({ mention_id: id, brand_id: brandId, topic }));
    if (this.batch) return this.batch.addTopics(rows);
    await this.db.insertInto('mention_topics').values(rows).execute();
  }

  /** The row with what this batch's processing holds for it (not yet written) laid over it. */
  private held<R extends MentionRow>(r: R): R {
    const update = this.batch?.pendingMention(r.id);
    return update ? { ...r, ...update } : r;
  }

  /** Replaces the mention's stored classification (the second opinion adds its reading beside the model's). */
  async saveClassification(id: string, classification: StoredClassification): Promise<void> {
    await this.db
      .updateTable('mentions')
      .set({ classification: encodeJson(classification) })
      .where('id', '=', id)
      .execute();
  }

  /** Ids of mentions accepted before `beforeIso` and never processed: the sweeper's work list. */
  async unprocessedIds(beforeIso: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('mentions')
      .select('id')
      .where('processed_at', 'is', null)
      .where('received_at', '<', beforeIso)
      .orderBy('received_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  private filtered(f: MentionFilter) {
    let q = this.db
      .selectFrom('mentions as m')
      .innerJoin('channels as ch', 'ch.id', 'm.channel_id')
      .innerJoin('authors as a', 'a.id', 'm.author_id')
      .where('m.brand_id', '=', f.brandId);
    if (f.caseId) q = q.where('m.case_id', '=', f.caseId);
    if (f.authorId) q = q.where('m.author_id', '=', f.authorId);
    if (f.kinds?.length) q = q.where('m.kind', 'in', f.kinds);
    if (f.sentiments?.length) q = q.where('m.sentiment', 'in', f.sentiments);
    if (f.situations?.length) q = q.where('m.situation', 'in', f.situations);
    if (f.languages?.length) q = q.where('m.language', 'in', f.languages);
    if (f.channelIds?.length) q = q.where('m.channel_id', 'in', f.channelIds);
    if (f.from) q = q.where('m.posted_at', '>=', f.from);
    if (f.to) q = q.where('m.posted_at', '<', f.to);
    if (f.topics?.length) {
      const topics = f.topics;
      q = q.where((eb) =>
        eb.exists(
          eb.selectFrom('mention_topics as mt').select(sql.lit(1).as('one')).whereRef('mt.mention_id', '=', 'm.id').where('mt.topic', 'in', topics),
        ),
      );
    }
    if (f.terms?.length) q = q.where(mentionMatches(this.dialect, 'm', f.terms));
    return q;
  }

  async count(f: MentionFilter): Promise<number> {
    const r = await this.filtered(f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Newest first, keyset-paginated on (posted_at, id); `order: 'asc'` for a case's conversation. */
  async list(f: MentionFilter, limit: number, cursor?: Cursor, order: 'asc' | 'desc' = 'desc'): Promise<Page<MentionView>> {
    // In a batch, a listing (by case, say) must see the mentions it processed: what it holds is written first.
    await this.batch?.flushMentions(this.db);
    let q = this.filtered(f)
      .selectAll('m')
      .select(['ch.key as channel_key', 'a.handle as author_handle', 'a.display_name as author_display_name', 'a.profile_url as author_profile_url']);
    if (cursor) {
      const op = order === 'desc' ? '<' : '>';
      q = q.where((eb) => eb.or([eb('m.posted_at', op, cursor.at), eb.and([eb('m.posted_at', '=', cursor.at), eb('m.id', op, cursor.id)])]));
    }
    const rows = await q
      .orderBy('m.posted_at', order)
      .orderBy('m.id', order)
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const topics = await this.topicsOf(page.map((r) => r.id));
    const items = page.map((r) => toView(r, topics.get(r.id) ?? []));
    const last = page.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.posted_at, id: last.id }) : null };
  }

  async findView(id: string): Promise<MentionView | undefined> {
    const row = await this.db
      .selectFrom('mentions as m')
      .innerJoin('channels as ch', 'ch.id', 'm.channel_id')
      .innerJoin('authors as a', 'a.id', 'm.author_id')
      .selectAll('m')
      .select(['ch.key as channel_key', 'a.handle as author_handle', 'a.display_name as author_display_name', 'a.profile_url as author_profile_url'])
      .where('m.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return toView(row, (await this.topicsOf([id])).get(id) ?? []);
  }

  async findAuthor(id: string): Promise<Author | undefined> {
    const r = await this.db.selectFrom('authors').selectAll().where('id', '=', id).executeTakeFirst();
    return r && camelKeys(r);
  }

  /** The author with their channel's key. */
  async findAuthorWithChannel(id: string): Promise<(Author & { channelKey: string }) | undefined> {
    const r = await this.db
      .selectFrom('authors as a')
      .innerJoin('channels as ch', 'ch.id', 'a.channel_id')
      .selectAll('a')
      .select('ch.key as channel_key')
      .where('a.id', '=', id)
      .executeTakeFirst();
    if (!r) return undefined;
    const { channel_key, ...rest } = r;
    return { ...camelKeys(rest), channelKey: channel_key };
  }

  /** How many mentions the author wrote, and the sentiment and kind of the latest processed one. */
  async authorActivity(id: string): Promise<{ mentions: number; lastSentiment: string | null; lastKind: string | null; lastAt: string | null }> {
    const count = await this.db
      .selectFrom('mentions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('author_id', '=', id)
      .executeTakeFirstOrThrow();
    const last = await this.db
      .selectFrom('mentions')
      .select(['sentiment', 'kind', 'posted_at'])
      .where('author_id', '=', id)
      .where('processed_at', 'is not', null)
      .orderBy('posted_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return { mentions: Number(count.n), lastSentiment: last?.sentiment ?? null, lastKind: last?.kind ?? null, lastAt: last?.posted_at ?? null };
  }

  /** A brand's authors with this handle, on one channel or on all, with each one's channel key. */
  async authorsByHandle(brandId: string, handle: string, channelId?: string): Promise<Array<Author & { channelKey: string }>> {
    let q = this.db
      .selectFrom('authors as a')
      .innerJoin('channels as ch', 'ch.id', 'a.channel_id')
      .selectAll('a')
      .select('ch.key as channel_key')
      .where('a.brand_id', '=', brandId)
      .where('a.handle', '=', handle);
    if (channelId) q = q.where('a.channel_id', '=', channelId);
    const rows = await q.orderBy('ch.key').execute();
    return rows.map(({ channel_key, ...r }) => ({ ...camelKeys(r), channelKey: channel_key }));
  }

  /** Erasure: the author's handle becomes `pseudonym`, their name and profile link go. */
  async eraseAuthor(id: string, pseudonym: string, at: string): Promise<void> {
    await this.db
      .updateTable('authors')
      .set({ handle: pseudonym, display_name: null, profile_url: null, erased_at: at })
      .where('id', '=', id)
      .execute();
  }

  /** A brand's authors not yet erased none of whose mentions keeps its text (the brand's retention erases them). */
  async authorsWithoutText(brandId: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('authors as a')
      .select('a.id')
      .where('a.brand_id', '=', brandId)
      .where('a.erased_at', 'is', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('mentions as m').select(sql.lit(1).as('one')).whereRef('m.author_id', '=', 'a.id').where('m.erased_at', 'is', null),
          ),
        ),
      )
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** The texts and cases of these mentions (before they are erased: what else quoted them). */
  async textsOf(ids: string[]): Promise<Array<{ id: string; text: string; caseId: string | null }>> {
    if (!ids.length) return [];
    const rows = await this.db.selectFrom('mentions').select(['id', 'text', 'case_id']).where('id', 'in', ids).execute();
    return rows.map((r) => ({ id: r.id, text: r.text, caseId: r.case_id }));
  }

  /** Ids of a brand's mentions posted before `before` whose text is not erased yet, oldest first. */
  async unerasedBefore(brandId: string, before: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('mentions')
      .select('id')
      .where('brand_id', '=', brandId)
      .where('posted_at', '<', before)
      .where('erased_at', 'is', null)
      .orderBy('posted_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Erasure of mentions: text replaced by `text`, link and extra fields gone,
   * the phrases the classifier (or the second opinion) quoted as reasons gone,
   * out of the full-text index; labels, times, ids and the dedup key (channel,
   * external id) stay, so counts hold and a re-sent mention stays a duplicate.
   * Returns how many were erased now.
   */
  async erase(ids: string[], text: string, at: string): Promise<number> {
    let erased = 0;
    for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
      const chunk = ids.slice(i, i + INSERT_CHUNK);
      const rows = await this.db
        .selectFrom('mentions')
        .select(['id', 'classification'])
        .where('id', 'in', chunk)
        .where('erased_at', 'is', null)
        .execute();
      if (!rows.length) continue;
      const todo = rows.map((r) => r.id);
      if (this.dialect === 'sqlite') {
        // The index is external-content: its entry must be deleted with the text it was made from, then made again empty.
        await sql`INSERT INTO mentions_fts(mentions_fts, rowid, search_text) SELECT 'delete', rowid, search_text FROM mentions WHERE id IN (${sql.join(todo)})`.execute(
          this.db,
        );
      }
      await this.db.updateTable('mentions').set({ text, search_text: '', link: null, extra: null, erased_at: at }).where('id', 'in', todo).execute();
      if (this.dialect === 'sqlite') {
        await sql`INSERT INTO mentions_fts(rowid, search_text) SELECT rowid, search_text FROM mentions WHERE id IN (${sql.join(todo)})`.execute(
          this.db,
        );
      }
      for (const r of rows) {
        const cls = parseJson<StoredClassification | null>(r.classification, null, 'mentions.classification');
        if (!cls) continue;
        // The reasons quote the text: in English and as codes, they go with it.
        const scrubbed: StoredClassification = { ...cls, reasons: [], ...(cls.reasonCodes ? { reasonCodes: [] } : {}) };
        if (cls.second_opinion) scrubbed.second_opinion = { ...cls.second_opinion, reasons: [] };
        await this.db
          .updateTable('mentions')
          .set({ classification: encodeJson(scrubbed) })
          .where('id', '=', r.id)
          .execute();
      }
      erased += todo.length;
    }
    return erased;
  }

  async topicsOf(ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!ids.length) return out;
    const rows = await this.db.selectFrom('mention_topics').select(['mention_id', 'topic']).where('mention_id', 'in', ids).execute();
    for (const r of rows) out.set(r.mention_id, [...(out.get(r.mention_id) ?? []), r.topic]);
    return out;
  }
}
