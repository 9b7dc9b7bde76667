import {
  CompiledQuery,
  type Expression,
  type ExpressionBuilder,
  expressionBuilder,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type Selectable,
  type SelectQueryBuilder,
  sql,
  type SqlBool,
} from 'kysely';
import type { Dialect } from '../db/database.js';
import type { CaseFlag } from '../domain/reaction/kind-policy.js';
import type { CaseEventRow, CaseRow, CasesTable, CaseUpdate, DefuseDatabase, NotesTable } from '../db/schema.js';
import type { BatchWrites } from './batch-writes.js';
import { mentionRowMatches } from './full-text.js';
import { encodeJson, parseJson } from './json.js';
import { type Camel, camelKeys, snakeKeys } from './mapping.js';
import { type Cursor, encodeCursor, type Page } from './pagination.js';

/** One entry of a case's audit trail, its data decoded. */
export type CaseEvent = Omit<Camel<CaseEventRow>, 'data'> & { data: Record<string, unknown> };

const toEvent = (r: CaseEventRow): CaseEvent => ({ ...camelKeys(r), data: parseJson<Record<string, unknown>>(r.data, {}, 'case_events.data') });

/** A LIKE pattern's literal text: its wildcards and the escape character escaped with a backslash. */
const likeEscape = (text: string): string => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * The author aliased `a` matches a search as typed: the handle starts with it, or the name contains it. SQLite
 * first narrows to the rows its trigram table finds (LIKE there folds case in every script, ignores the escapes
 * and needs three characters, so the exact test follows); PostgreSQL's lower() LIKE is served by pg_trgm indexes.
 */
function authorMatches(dialect: Dialect, query: string): RawBuilder<SqlBool> {
  const who = likeEscape(query);
  const lower = who.toLowerCase();
  if (dialect === 'postgres') {
    return sql<SqlBool>`(lower(a.handle) LIKE ${`${lower}%`} ESCAPE '\\' OR lower(a.display_name) LIKE ${`%${lower}%`} ESCAPE '\\')`;
  }
  // SQLite's lower() folds Latin letters only: a Cyrillic or Greek name also matches as typed.
  const exact = sql<SqlBool>`(lower(a.handle) LIKE ${`${lower}%`} ESCAPE '\\' OR lower(a.display_name) LIKE ${`%${lower}%`} ESCAPE '\\'
    OR a.display_name LIKE ${`%${who}%`} ESCAPE '\\')`;
  if ([...query].length < 3) return exact;
  return sql<SqlBool>`(a.rowid IN (SELECT rowid FROM authors_trigram WHERE handle LIKE ${`${query}%`}
    UNION SELECT rowid FROM authors_trigram WHERE display_name LIKE ${`%${query}%`}) AND ${exact})`;
}

/**
 * How many cases a page with topics or a search walks at most, in the inbox's order, when their indexes hold
 * too many matches to read: a page that has not filled by then ends early, its cursor where the walk stopped.
 */
export const INBOX_WALK = 2000;

/** A query's scope where the case is aliased `c`. */
type CaseScope = DefuseDatabase & { c: CasesTable };
type CaseExpressions = ExpressionBuilder<CaseScope, 'c'>;
/** A filter, optionally narrowed to known case ids (the matches `matching` found). */
type InboxFilter = CaseFilter & { ids?: string[] };
/** Cases after `cursor` in an inbox order (`tail`: those without a deadline, by id); all of them without one. */
function afterCursor(eb: CaseExpressions, order: 'recent' | 'due' | 'tail', cursor: Cursor | undefined): Expression<SqlBool> {
  if (!cursor) return sql<SqlBool>`1 = 1`;
  if (order === 'tail') return eb('c.id', '>', cursor.id);
  // The bound on the sort key alone (`<=` / `>=`) is what an index can start a range from; the OR after it, which
  // breaks ties by id, is not: without the bound both databases walked the order's index from its start, testing
  // every newer case (6 ms for a page three days deep at a million cases, growing with the depth; 0.2 ms with it).
  if (order === 'recent')
    return eb.and([
      eb('c.last_mention_at', '<=', cursor.at),
      eb.or([eb('c.last_mention_at', '<', cursor.at), eb.and([eb('c.last_mention_at', '=', cursor.at), eb('c.id', '<', cursor.id)])]),
    ]);
  return eb.and([
    eb('c.due_at', '>=', cursor.at),
    eb.or([eb('c.due_at', '>', cursor.at), eb.and([eb('c.due_at', '=', cursor.at), eb('c.id', '>', cursor.id)])]),
  ]);
}

/**
 * The cases up to and including `end` in one of the inbox's orders (the complement of `afterCursor(end)`), with the
 * same index-usable bound on the sort key: given only "not after the end", SQLite tested every case past the end too
 * when a walk did not fill its page (613,000 index entries, 70 ms, for a tag on 1 % of a million cases).
 */
function upToEnd(eb: CaseExpressions, order: 'recent' | 'due' | 'tail', end: Cursor): Expression<SqlBool> {
  if (order === 'tail') return eb('c.id', '<=', end.id);
  if (order === 'recent')
    return eb.and([eb('c.last_mention_at', '>=', end.at), eb.or([eb('c.last_mention_at', '>', end.at), eb('c.id', '>=', end.id)])]);
  return eb.and([eb('c.due_at', '<=', end.at), eb.or([eb('c.due_at', '<', end.at), eb('c.id', '<=', end.id)])]);
}

/** The filter needs other tables than cases: topics, full-text terms, the author, tags. */
const onOtherTables = (f: CaseFilter): boolean => Boolean(f.topics?.length || f.terms?.length || f.authorQuery || f.tags?.length);

/** "Due soon" alone among the deadline states: those cases are read from the due-soon index first (see `inbox`). */
const onlyDueSoon = (f: CaseFilter): boolean => f.deadline?.length === 1 && f.deadline[0] === 'due_soon' && Boolean(f.now);

/** At most this many due-soon cases are read that way; with more, the page walks the inbox as for any filter. */
export const DUE_SOON_READ = 5000;

/** What a case is ordered by in the inbox. */
interface CaseKey {
  id: string;
  last_mention_at: string;
  due_at: string | null;
}
/** Those columns of the case aliased `c`. */
const CASE_KEY = ['c.id', 'c.last_mention_at', 'c.due_at'] as const;

/** One of an author's cases, as the author panel lists it. */
export interface AuthorCase {
  id: string;
  status: string;
  kind: string | null;
  subject: string;
  openedAt: string;
  lastMentionAt: string;
  /** Its texts were erased. */
  erased: boolean;
}

export interface Case extends Omit<Camel<CaseRow>, 'flags' | 'isPublic' | 'repliesNeedApproval' | 'erasedAt' | 'taskDueAt' | 'dueAt'> {
  /** When the case's texts were erased (absent on a new case). */
  erasedAt?: string | null;
  /** The earliest due time of its open call-back tasks (absent on a new case). */
  taskDueAt?: string | null;
  /** The inbox's deadline: the earlier of `responseDueAt` and `taskDueAt`; the repository keeps it (never set it directly). */
  dueAt?: string | null;
  flags: CaseFlag[];
  isPublic: boolean;
  repliesNeedApproval: boolean;
}
/** Fields of a case to change. */
export type CaseChanges = Partial<Omit<Case, 'id'>>;

/** A case with the names the desk shows: channel, author, assignee, team. */
export interface CaseView extends Case {
  channelKey: string;
  authorHandle: string;
  authorDisplayName: string | null;
  assigneeName: string | null;
  /** The name of the team the case is with (null without one). */
  teamName: string | null;
}

/** plainUpdate's statements, by dialect, returning and columns. */
const plainUpdateSql = new Map<string, string>();

const toCase = (r: CaseRow): Case => ({
  ...camelKeys(r),
  flags: parseJson<CaseFlag[]>(r.flags, [], 'cases.flags'),
  isPublic: r.is_public === 1,
  repliesNeedApproval: r.replies_need_approval === 1,
});

const toView = (
  r: CaseRow & {
    channel_key: string;
    author_handle: string;
    author_display_name: string | null;
    assignee_name: string | null;
    team_name: string | null;
  },
): CaseView => ({
  ...toCase(r),
  channelKey: r.channel_key,
  authorHandle: r.author_handle,
  authorDisplayName: r.author_display_name,
  assigneeName: r.assignee_name,
  teamName: r.team_name,
});

/** The earlier of two ISO instants, either may be missing. */
export const earlierOf = (a: string | null | undefined, b: string | null | undefined): string | null => (a && b ? (a < b ? a : b) : (a ?? b ?? null));

function toRow(c: CaseChanges): CaseUpdate {
  const { flags, isPublic, repliesNeedApproval, dueAt: _derived, ...rest } = c;
  return {
    ...snakeKeys(rest),
    ...(flags !== undefined ? { flags: encodeJson(flags) } : {}),
    ...(isPublic !== undefined ? { is_public: isPublic ? 1 : 0 } : {}),
    ...(repliesNeedApproval !== undefined ? { replies_need_approval: repliesNeedApproval ? 1 : 0 } : {}),
  };
}
/** An internal note on a case. */
export type Note = Camel<Selectable<NotesTable>>;

/** The inbox's orders: most recent activity first, or the soonest response deadline first. */
export type CaseSort = 'recent' | 'due';

export interface CaseFilter {
  brandId: string;
  statuses?: string[];
  kinds?: string[];
  sentiments?: string[];
  topics?: string[];
  channelIds?: string[];
  languages?: string[];
  /** A user id, or null for unassigned cases. */
  assigneeId?: string | null;
  terms?: string[];
  /** The search as typed: a case also matches when its author's handle starts with it or their name contains it. */
  authorQuery?: string;
  from?: string;
  to?: string;
  /** Deadline states now (`none`: nothing owed); needs `now`. */
  deadline?: Array<'ok' | 'due_soon' | 'breached' | 'none'>;
  now?: string;
  /** Cases carrying any of these flags (threat, legal_threat, black_pr, insult). */
  flags?: string[];
  /** Cases with one of these teams (none match when empty), or null for cases with no team. */
  teamIds?: string[] | null;
  /** Cases carrying any of these tags (normalised, domain/cases/tags.ts). */
  tags?: string[];
}

/** Cases (`c`) with the names the desk shows: the channel's key, the author, the assignee's and the team's names. */
function withViewNames(q: SelectQueryBuilder<DefuseDatabase & { c: CasesTable }, 'c', object>) {
  return q
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .innerJoin('authors as a', 'a.id', 'c.author_id')
    .leftJoin('users as u', 'u.id', 'c.assignee_id')
    .leftJoin('teams as tm', 'tm.id', 'c.team_id')
    .selectAll('c')
    .select([
      'ch.key as channel_key',
      'a.handle as author_handle',
      'a.display_name as author_display_name',
      'u.name as assignee_name',
      'tm.name as team_name',
    ]);
}

export class CaseRepository {
  constructor(
    private readonly db: Kysely<DefuseDatabase>,
    private readonly dialect: Dialect,
    /** In a batch transaction: events are kept there and written before its commit. */
    private readonly batch?: BatchWrites,
  ) {}

  async create(c: Case): Promise<void> {
    await this.db
      .insertInto('cases')
      .values({ ...toRow(c), id: c.id, due_at: earlierOf(c.responseDueAt, c.taskDueAt) } as Insertable<CasesTable>)
      .execute();
  }

  async findById(id: string): Promise<Case | undefined> {
    const r = await this.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toCase(r);
  }

  /** The case, locked until the transaction ends (PostgreSQL `FOR UPDATE`; SQLite's transactions hold the write lock). */
  async lockById(id: string): Promise<Case | undefined> {
    let q = this.db.selectFrom('cases').selectAll().where('id', '=', id);
    if (this.dialect === 'postgres') q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r && toCase(r);
  }

  /** Changes the row; when the response deadline or the call-back due time changes, `due_at` follows in the same statement. */
  async update(id: string, changes: CaseChanges): Promise<void> {
    const plain = this.plainUpdate(id, changes, false);
    if (plain) await this.db.executeQuery(plain);
    else await this.updateQuery(id, changes).execute();
  }

  /** `update`, answering the row as it is after the change (in the same statement). */
  async updateReturning(id: string, changes: CaseChanges): Promise<Case | undefined> {
    const plain = this.plainUpdate(id, changes, true);
    const r = plain ? (await this.db.executeQuery<CaseRow>(plain)).rows[0] : await this.updateQuery(id, changes).returningAll().executeTakeFirst();
    return r && toCase(r);
  }

  /**
   * An update that sets columns to values (no deadline to derive), as a statement whose text is built once per set of
   * columns: the pipeline makes the same few for every mention, and the query builder's building and compiling cost
   * more CPU than SQLite's running them. Undefined when the deadline is derived (updateQuery).
   */
  private plainUpdate(id: string, changes: CaseChanges, returning: boolean): CompiledQuery | undefined {
    if ('responseDueAt' in changes || 'taskDueAt' in changes) return undefined;
    const row = toRow(changes) as Record<string, unknown>;
    const columns = Object.keys(row).filter((k) => row[k] !== undefined);
    if (!columns.length) return undefined;
    const key = `${this.dialect}:${returning}:${columns.join(',')}`;
    let text = plainUpdateSql.get(key);
    if (!text) {
      const p = (i: number) => (this.dialect === 'postgres' ? `$${i}` : '?');
      text =
        `update "cases" set ${columns.map((c, i) => `"${c}" = ${p(i + 1)}`).join(', ')} where "id" = ${p(columns.length + 1)}` +
        (returning ? ' returning *' : '');
      if (plainUpdateSql.size < 1000) plainUpdateSql.set(key, text);
    }
    return CompiledQuery.raw(text, [...columns.map((c) => row[c]), id]);
  }

  private updateQuery(id: string, changes: CaseChanges) {
    const row = toRow(changes);
    if ('responseDueAt' in changes || 'taskDueAt' in changes) {
      const r = 'responseDueAt' in changes ? sql<string | null>`CAST(${changes.responseDueAt ?? null} AS TEXT)` : sql.ref('response_due_at');
      const t = 'taskDueAt' in changes ? sql<string | null>`CAST(${changes.taskDueAt ?? null} AS TEXT)` : sql.ref('task_due_at');
      const dueAt = sql<string | null>`CASE WHEN ${t} IS NULL THEN ${r} WHEN ${r} IS NULL THEN ${t} WHEN ${t} < ${r} THEN ${t} ELSE ${r} END`;
      return this.db
        .updateTable('cases')
        .set({ ...row, due_at: dueAt })
        .where('id', '=', id);
    }
    return this.db.updateTable('cases').set(row).where('id', '=', id);
  }

  /**
   * Serialises work on one author's conversations for the rest of the
   * transaction, so two workers threading that author's mentions at once
   * cannot both open a case. SQLite already runs one writer at a time.
   */
  async lockAuthor(authorId: string): Promise<void> {
    if (this.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtext(${authorId}))`.execute(this.db);
  }

  /**
   * The author's lock if no other transaction holds it (true), else false at once (PostgreSQL; SQLite: always true):
   * a worker sets a busy author aside instead of waiting behind another worker's whole batch.
   */
  async tryLockAuthor(authorId: string): Promise<boolean> {
    // The same key as lockAuthor and MentionRepository.claimTryingAuthor (which takes it with the mention's claim).
    if (this.dialect !== 'postgres') return true;
    const { rows } = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(hashtext(${authorId})) AS ok`.execute(this.db);
    return rows[0]?.ok === true;
  }

  /**
   * The author's most recently active case on a channel; `lock`: locked until the transaction ends, as `lockById`
   * (the pipeline, which joins it more often than not).
   */
  async latestForAuthor(brandId: string, channelId: string, authorId: string, o: { lock?: boolean } = {}): Promise<Case | undefined> {
    // Compiled once (run for most mentions the pipeline processes).
    const pg = this.dialect === 'postgres';
    const text = pg
      ? `select * from "cases" where "brand_id" = $1 and "channel_id" = $2 and "author_id" = $3 order by "last_mention_at" desc limit 1${o.lock ? ' for update' : ''}`
      : 'select * from "cases" where "brand_id" = ? and "channel_id" = ? and "author_id" = ? order by "last_mention_at" desc limit 1';
    const r = (await this.db.executeQuery<CaseRow>(CompiledQuery.raw(text, [brandId, channelId, authorId]))).rows[0];
    return r && toCase(r);
  }

  /** The case of the brand's mention with this external id on the channel (the message a reply answers), if it has one. */
  async ofMentionExternal(brandId: string, channelId: string, externalId: string): Promise<Case | undefined> {
    // A mention processed in this batch: its case is held in the batch until the commit (BatchWrites).
    const held = this.batch?.caseOfExternal(brandId, channelId, externalId);
    if (held) return this.findById(held);
    const r = await this.db
      .selectFrom('mentions as m')
      .innerJoin('cases as c', 'c.id', 'm.case_id')
      .selectAll('c')
      .where('m.brand_id', '=', brandId)
      .where('m.channel_id', '=', channelId)
      .where('m.external_id', '=', externalId)
      .executeTakeFirst();
    return r && toCase(r);
  }

  async addEvent(e: CaseEvent): Promise<void> {
    const row = { ...snakeKeys(e), data: encodeJson(e.data) };
    if (this.batch) return this.batch.addEvent(row);
    await this.db.insertInto('case_events').values(row).execute();
  }

  async events(caseId: string): Promise<CaseEvent[]> {
    const rows = await this.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toEvent);
  }

  /** A brand's case events of one type recorded in [from, to), oldest first, with each case's subject. */
  async eventsBetween(brandId: string, type: string, from: string, to: string): Promise<Array<CaseEvent & { subject: string }>> {
    const rows = await this.db
      .selectFrom('case_events as e')
      .innerJoin('cases as c', 'c.id', 'e.case_id')
      .selectAll('e')
      .select('c.subject')
      .where('e.brand_id', '=', brandId)
      .where('e.type', '=', type)
      .where('e.created_at', '>=', from)
      .where('e.created_at', '<', to)
      .orderBy('e.created_at')
      .orderBy('e.id')
      .execute();
    return rows.map(({ subject, ...r }) => ({ ...toEvent(r), subject }));
  }

  async addNote(note: Note): Promise<void> {
    await this.db.insertInto('notes').values(snakeKeys(note)).execute();
  }

  /**
   * Rewrites the data of the case's events through `scrub` (erasure: people's words taken out, codes and counts
   * kept); returns how many changed. Called by the case writer only.
   */
  async scrubEvents(caseId: string, scrub: (data: Record<string, unknown>) => Record<string, unknown>): Promise<number> {
    let changed = 0;
    for (const e of await this.events(caseId)) {
      const data = encodeJson(scrub(e.data));
      if (data === encodeJson(e.data)) continue;
      await this.db.updateTable('case_events').set({ data }).where('id', '=', e.id).execute();
      changed++;
    }
    return changed;
  }

  /** Replaces the body of every note on the case; returns how many. Called by the case writer only. */
  async replaceNoteBodies(caseId: string, body: string): Promise<number> {
    const r = await this.db.updateTable('notes').set({ body }).where('case_id', '=', caseId).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** The author's cases, oldest first. */
  async ofAuthor(authorId: string): Promise<Case[]> {
    const rows = await this.db.selectFrom('cases').selectAll().where('author_id', '=', authorId).orderBy('opened_at').orderBy('id').execute();
    return rows.map(toCase);
  }

  /** The author's cases other than `exceptId`, newest opened first, at most `limit`. */
  async otherCasesOfAuthor(authorId: string, exceptId: string, limit: number): Promise<AuthorCase[]> {
    const rows = await this.db
      .selectFrom('cases')
      .select(['id', 'status', 'kind', 'subject', 'opened_at', 'last_mention_at', 'erased_at'])
      .where('author_id', '=', authorId)
      .where('id', '!=', exceptId)
      .orderBy('opened_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      kind: r.kind,
      subject: r.subject,
      openedAt: r.opened_at,
      lastMentionAt: r.last_mention_at,
      erased: r.erased_at !== null,
    }));
  }

  /** How many cases the author has. */
  async countOfAuthor(authorId: string): Promise<number> {
    const r = await this.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('author_id', '=', authorId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** A brand's cases not yet erased whose last mention came before `before` (the brand's retention). */
  async idleBefore(brandId: string, before: string, limit: number): Promise<Case[]> {
    const rows = await this.db
      .selectFrom('cases')
      .selectAll()
      .where('brand_id', '=', brandId)
      .where('last_mention_at', '<', before)
      .where('erased_at', 'is', null)
      .orderBy('last_mention_at')
      .limit(limit)
      .execute();
    return rows.map(toCase);
  }

  /** The cases with this team. */
  async withTeam(teamId: string): Promise<Case[]> {
    const rows = await this.db.selectFrom('cases').selectAll().where('team_id', '=', teamId).execute();
    return rows.map(toCase);
  }

  async notes(caseId: string): Promise<Note[]> {
    const rows = await this.db.selectFrom('notes').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
    return rows.map((r) => camelKeys(r));
  }

  /**
   * The conditions of a filter on the case aliased `c`, for any query that has it in scope. Topics and full-text
   * terms are tested per case (a lookup through the case's mentions), so a query walking cases in the inbox's
   * order stops once its page is full; `matching` asks their indexes instead when the matches are few.
   */
  private conditions(eb: CaseExpressions, f: InboxFilter): Expression<SqlBool> {
    return eb.and(this.conditionList(eb, f));
  }

  /** The filter's conditions one by one, the brand's first: a filter of one condition tests nothing but the brand. */
  private conditionList(eb: CaseExpressions, f: InboxFilter): Array<Expression<SqlBool>> {
    const all: Array<Expression<SqlBool>> = [eb('c.brand_id', '=', f.brandId)];
    if (f.ids) all.push(f.ids.length ? eb('c.id', 'in', f.ids) : sql<SqlBool>`1 = 0`);
    if (f.statuses?.length) all.push(eb('c.status', 'in', f.statuses));
    if (f.kinds?.length) all.push(eb('c.kind', 'in', f.kinds));
    if (f.sentiments?.length) all.push(eb('c.sentiment', 'in', f.sentiments));
    if (f.languages?.length) all.push(eb('c.language', 'in', f.languages));
    if (f.channelIds?.length) all.push(eb('c.channel_id', 'in', f.channelIds));
    if (f.assigneeId !== undefined) all.push(f.assigneeId === null ? eb('c.assignee_id', 'is', null) : eb('c.assignee_id', '=', f.assigneeId));
    if (f.teamIds !== undefined) {
      const teams = f.teamIds;
      all.push(teams === null ? eb('c.team_id', 'is', null) : teams.length ? eb('c.team_id', 'in', teams) : sql<SqlBool>`1 = 0`);
    }
    if (f.flags?.length) all.push(eb.or(f.flags.map((flag) => eb('c.flags', 'like', `%"${flag.replace(/[^a-z_]/g, '')}"%`))));
    if (f.deadline?.length && f.now) {
      const now = f.now;
      all.push(
        eb.or(
          f.deadline.map((st) =>
            st === 'none'
              ? eb('c.response_due_at', 'is', null)
              : st === 'breached'
                ? eb('c.response_due_at', '<=', now)
                : st === 'due_soon'
                  ? eb.and([eb('c.response_due_at', '>', now), eb('c.due_soon_at', '<=', now)])
                  : eb.and([eb('c.response_due_at', '>', now), eb('c.due_soon_at', '>', now)]),
          ),
        ),
      );
    }
    if (f.from) all.push(eb('c.last_mention_at', '>=', f.from));
    if (f.to) all.push(eb('c.last_mention_at', '<', f.to));
    if (f.topics?.length) {
      all.push(
        eb.exists(
          eb
            .selectFrom('mentions as tm')
            .innerJoin('mention_topics as mt', 'mt.mention_id', 'tm.id')
            .select(sql.lit(1).as('one'))
            .whereRef('tm.case_id', '=', 'c.id')
            .where('mt.topic', 'in', f.topics),
        ),
      );
    }
    if (f.tags?.length) {
      // One lookup in the case's tags by the primary key (case_id, tag) per case.
      all.push(
        eb.exists(eb.selectFrom('case_tags as ct').select(sql.lit(1).as('one')).whereRef('ct.case_id', '=', 'c.id').where('ct.tag', 'in', f.tags)),
      );
    }
    if (f.terms?.length || f.authorQuery) {
      const terms = f.terms ?? [];
      all.push(
        eb.or([
          ...(terms.length
            ? [
                eb.exists(
                  eb
                    .selectFrom('mentions as sm')
                    .select(sql.lit(1).as('one'))
                    .whereRef('sm.case_id', '=', 'c.id')
                    .where(mentionRowMatches(this.dialect, 'sm', terms))
                    // Tested per case, through the case's mentions: under OR, PostgreSQL otherwise hashed every
                    // mention holding the terms first (40,000 for "order" at 300,000 mentions: 894 ms a page, 18 ms
                    // with this). OFFSET 0 keeps it from turning the EXISTS into that hashed subplan.
                    .$if(this.dialect === 'postgres', (q) => q.offset(0)),
                ),
              ]
            : []),
          ...(f.authorQuery
            ? [
                eb.exists(
                  eb
                    .selectFrom('authors as a')
                    .select(sql.lit(1).as('one'))
                    .whereRef('a.id', '=', 'c.author_id')
                    .where(authorMatches(this.dialect, f.authorQuery)),
                ),
              ]
            : []),
        ]),
      );
    }
    return all;
  }

  /** The filter's conditions on the case aliased `c`, for a query that joins it to another table. */
  private on(f: InboxFilter): Expression<SqlBool> {
    return this.conditions(expressionBuilder<CaseScope, 'c'>(), f);
  }

  /** The cases matching a filter, without joins: a page adds the names it shows, a count needs none. */
  private filtered(f: InboxFilter) {
    return this.db.selectFrom('cases as c').where(this.on(f));
  }

  async count(f: CaseFilter): Promise<number> {
    const r = await this.filtered(f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /**
   * How many cases match, reading at most `cap + 1` of them (no joins): exact
   * up to `cap`, otherwise `cap` with `capped` set ("1,000+").
   */
  async countUpTo(f: CaseFilter, cap: number): Promise<{ total: number; capped: boolean }> {
    if (onOtherTables(f)) {
      const m = await this.matching(f, cap);
      return { total: Math.min(m.count, cap), capped: !m.complete || m.count > cap };
    }
    let probe = this.filtered(f).select(sql.lit(1).as('one'));
    // "Due soon" cases have the latest due_soon_at gone by: read backwards from now, through (brand, due_soon_at,
    // response_due_at, …; migration 0028), the probe meets them first instead of every breached case before them (1.7 s → 25 ms).
    if (f.deadline?.length === 1 && f.deadline[0] === 'due_soon') probe = probe.orderBy('c.due_soon_at', 'desc');
    const matching = probe.limit(cap + 1).as('matching');
    const r = await this.db
      .selectFrom(matching)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const n = Number(r.n);
    return n > cap ? { total: cap, capped: true } : { total: n, capped: false };
  }

  /**
   * The cases matching a filter with topics or a search, found from the other tables' indexes (topics by
   * (brand_id, topic), terms by the full-text index, the author among the brand's authors). Each source is read
   * for at most `cap + 1` rows, then the cases of those rows are tested against the rest of the filter:
   * `complete` when every source ended within that, and then `keys` are all the matching cases (their sort
   * keys); otherwise `count` of them were found (at least that many match) and `keys` may be fewer. So this
   * reads about `cap` rows however many match. When the rest of the filter tests nothing but the brand, a
   * source's rows already name matching cases: their rows are read only when the source ended within the cap
   * (the page is then read from their keys), not for a count alone (1,001 case rows read for nothing for every
   * common word or topic: 770 cases, 3,100 buffers, 5 ms of a page of "order" on PostgreSQL at a million).
   */
  async matching(f: CaseFilter, cap: number): Promise<{ keys: CaseKey[]; count: number; complete: boolean }> {
    const budget = cap + 1;
    const { topics, terms, authorQuery, tags, ...rest } = f;
    // The matching cases: their keys, or null where they were not read (a source cut short, counted only).
    const found = new Map<string, CaseKey | null>();
    let complete = true;
    // One row per source row (a case may repeat), with its sort keys and whether it passes the rest of the filter.
    const take = (rows: Array<CaseKey & { ok: number | string | boolean }>) => {
      for (const r of rows) if (Number(r.ok)) found.set(r.id, { id: r.id, last_mention_at: r.last_mention_at, due_at: r.due_at });
      if (rows.length >= budget) complete = false;
    };
    // With tags, the cases carrying them are the one source and everything else is tested on those cases; else a
    // search's sources (its words, its author) are tested for the topics, or the topics are the source.
    const others: InboxFilter = tags?.length ? { ...rest, topics, terms, authorQuery } : terms?.length || authorQuery ? { ...rest, topics } : rest;
    const onBrandOnly = this.conditionList(expressionBuilder<CaseScope, 'c'>(), others).length === 1;
    // One source's cases (a case may repeat, a mention not yet threaded has none) when nothing else is tested.
    const takeCases = async (rows: Array<{ case_id: string | null }>) => {
      const ids = [...new Set(rows.map((r) => r.case_id).filter((id): id is string => id !== null))];
      if (rows.length >= budget) {
        complete = false;
        for (const id of ids) if (!found.has(id)) found.set(id, null);
        return;
      }
      if (!ids.length) return;
      const keys = await this.db.selectFrom('cases as c').select(CASE_KEY).where('c.brand_id', '=', f.brandId).where('c.id', 'in', ids).execute();
      for (const k of keys) found.set(k.id, k);
    };
    const ok = sql<number>`CASE WHEN ${this.on(others)} THEN 1 ELSE 0 END`.as('ok');
    // The sources are independent: asked at the same time (on PostgreSQL, a round trip fewer for a search).
    const sources: Array<Promise<void>> = [];
    if (tags?.length) {
      // The (brand_id, tag, case_id) index alone (migration 0029): a case with two of the tags comes twice. Then those
      // cases by their ids, tested against the rest: joined to the cases instead, PostgreSQL hashed the whole cases
      // table for the 1,001 ids (a sequential scan, 45 ms at 61,000 cases) where 1,001 lookups by key take 2.
      // One tag: read in the index's order, so a capped count ("558+") is of the same cases on every page and both
      // databases (PostgreSQL otherwise scanned the table when one tag was most of it, from wherever it liked).
      const hits = this.db
        .selectFrom('case_tags as tg')
        .select('tg.case_id')
        .where('tg.brand_id', '=', f.brandId)
        .where('tg.tag', 'in', tags)
        .$if(tags.length === 1, (q) => q.orderBy('tg.case_id'))
        .limit(budget);
      const tested = async (rows: Array<{ case_id: string }>) => {
        const ids = [...new Set(rows.map((r) => r.case_id))];
        if (!ids.length) return;
        const keys = await this.db
          .selectFrom('cases as c')
          .select([...CASE_KEY, ok])
          .where('c.id', 'in', ids)
          .execute();
        for (const r of keys) if (Number(r.ok)) found.set(r.id, { id: r.id, last_mention_at: r.last_mention_at, due_at: r.due_at });
        if (rows.length >= budget) complete = false;
      };
      sources.push(onBrandOnly ? hits.execute().then(takeCases) : hits.execute().then(tested));
    } else if (terms?.length) {
      const hits = this.mentionsWithTerms(f.brandId, terms).limit(budget);
      sources.push(
        onBrandOnly
          ? hits.execute().then(takeCases)
          : this.db
              .selectFrom(hits.as('hit'))
              .innerJoin('cases as c', 'c.id', 'hit.case_id')
              .select([...CASE_KEY, ok])
              .execute()
              .then(take),
      );
    }
    if (authorQuery && !tags?.length) {
      const authors = this.db
        .selectFrom('authors as a')
        .select('a.id as author_id')
        .where('a.brand_id', '=', f.brandId)
        .where(authorMatches(this.dialect, authorQuery))
        .limit(budget)
        .as('who');
      sources.push(
        this.db
          .selectFrom(authors)
          .innerJoin('cases as c', 'c.author_id', 'who.author_id')
          .select([...CASE_KEY, ok])
          .limit(budget)
          .execute()
          .then(take),
      );
    }
    if (!tags?.length && !terms?.length && !authorQuery && topics?.length) {
      const hits = this.db
        .selectFrom('mention_topics as mt')
        .select('mt.mention_id')
        .where('mt.brand_id', '=', f.brandId)
        .where('mt.topic', 'in', topics)
        .limit(budget)
        .as('hit');
      const mentions = this.db.selectFrom(hits).innerJoin('mentions as tm', 'tm.id', 'hit.mention_id');
      sources.push(
        onBrandOnly
          ? mentions.select('tm.case_id').execute().then(takeCases)
          : mentions
              .innerJoin('cases as c', 'c.id', 'tm.case_id')
              .select([...CASE_KEY, ok])
              .execute()
              .then(take),
      );
    }
    await Promise.all(sources);
    const keys = [...found.values()].filter((k): k is CaseKey => k !== null);
    return { keys, count: found.size, complete };
  }

  /**
   * Up to `max` cases matching a "due soon" filter (their sort keys), read backwards from now through the due-soon
   * index, which holds the status and the keys too (migration 0028): the index alone, no case row.
   */
  private dueSoonKeys(f: CaseFilter, max: number): Promise<CaseKey[]> {
    return this.filtered(f).select(CASE_KEY).orderBy('c.due_soon_at', 'desc').limit(max).execute();
  }

  /** The brand's mentions holding every term, as the full-text index yields them (SQLite's FTS5 streams them). */
  private mentionsWithTerms(brandId: string, terms: string[]) {
    if (this.dialect === 'sqlite') {
      const match = terms.map((t) => `"${t}"*`).join(' AND ');
      return this.db
        .selectFrom(sql<{ rowid: number }>`mentions_fts`.as('fts'))
        .innerJoin('mentions as sm', (j) => j.on(sql<SqlBool>`sm.rowid = fts.rowid`))
        .select('sm.case_id')
        .where(sql<SqlBool>`fts.mentions_fts MATCH ${match}`)
        .where('sm.brand_id', '=', brandId);
    }
    return this.db
      .selectFrom('mentions as sm')
      .select('sm.case_id')
      .where('sm.brand_id', '=', brandId)
      .where(mentionRowMatches(this.dialect, 'sm', terms));
  }

  /** A page's rows: the filter's cases with the names the desk shows. */
  private withNames(f: InboxFilter) {
    return withViewNames(this.filtered(f));
  }

  /**
   * A page of the inbox and how many cases match (exact up to `cap`, else `cap` and `capped`), as the desk asks
   * for both. With topics or a search, the matches are first looked up in those tables' indexes (`matching`):
   * when they end within `cap`, the page is read from those cases alone, so a rare word or topic costs no walk
   * over the inbox; when there are more, the page walks the inbox in its order, testing each case, and stops
   * once full — quickly, as matches are then common.
   */
  async inbox(
    f: CaseFilter,
    limit: number,
    cap: number,
    cursor?: Cursor,
    sort: CaseSort = 'recent',
  ): Promise<{ page: Page<CaseView>; total: number; capped: boolean }> {
    if (!onOtherTables(f) && onlyDueSoon(f)) {
      // The due-soon cases are few (due within the hour or so) but scattered through the inbox's order (0.4 % of
      // a million: a page walked some 12,000 cases). Breached cases leave the index (migration 0026), so its range
      // backwards from now is about the due-soon cases alone: read their sort keys, then the page from those.
      const keys = await this.dueSoonKeys(f, DUE_SOON_READ + 1);
      if (keys.length <= DUE_SOON_READ) {
        const page = await this.pageOfKeys(f.brandId, keys, limit, cursor, sort);
        return { page, total: Math.min(keys.length, cap), capped: keys.length > cap };
      }
    }
    if (!onOtherTables(f)) {
      const [page, count] = await Promise.all([this.list(f, limit, cursor, sort), this.countUpTo(f, cap)]);
      return { page, ...count };
    }
    const found = await this.matching(f, cap);
    const page = found.complete
      ? await this.pageOfKeys(f.brandId, found.keys, limit, cursor, sort)
      : await this.list(f, limit, cursor, sort, INBOX_WALK);
    return { page, total: Math.min(found.count, cap), capped: !found.complete || found.count > cap };
  }

  /**
   * The page of these cases (their sort keys) in the inbox's order after the cursor, as `list` orders and pages
   * them, sorted here; then the page's rows. Given `c.id IN (…)` with the order and a limit, PostgreSQL walked the
   * order's index testing each case against the list (12,000 cases for a page of 769 due soon: 36 ms instead of 7).
   */
  private async pageOfKeys(brandId: string, keys: CaseKey[], limit: number, cursor: Cursor | undefined, sort: CaseSort): Promise<Page<CaseView>> {
    const after = (k: CaseKey): boolean => {
      if (!cursor) return true;
      if (sort === 'recent') return k.last_mention_at < cursor.at || (k.last_mention_at === cursor.at && k.id < cursor.id);
      if (cursor.at === '') return k.due_at === null && k.id > cursor.id; // in the tail of cases without a deadline
      return k.due_at === null || k.due_at > cursor.at || (k.due_at === cursor.at && k.id > cursor.id);
    };
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const order =
      sort === 'recent'
        ? (a: CaseKey, b: CaseKey) => cmp(b.last_mention_at, a.last_mention_at) || cmp(b.id, a.id)
        : (a: CaseKey, b: CaseKey) =>
            a.due_at === null || b.due_at === null
              ? (a.due_at === null ? 1 : 0) - (b.due_at === null ? 1 : 0) || cmp(a.id, b.id)
              : cmp(a.due_at, b.due_at) || cmp(a.id, b.id);
    const next = keys
      .filter(after)
      .sort(order)
      .slice(0, limit + 1);
    const shown = next.slice(0, limit).map((k) => k.id);
    const rows = shown.length ? await this.withNames({ brandId, ids: shown }).execute() : [];
    const views = new Map(rows.map((r) => [r.id, toView(r)]));
    const items = shown.map((id) => views.get(id)).filter((v): v is CaseView => v !== undefined);
    const last = items.at(-1);
    if (next.length <= limit || !last) return { items, nextCursor: null };
    return {
      items,
      nextCursor: encodeCursor(sort === 'due' ? { at: last.dueAt ?? '', id: last.id, sort: 'due' } : { at: last.lastMentionAt, id: last.id }),
    };
  }

  /**
   * The inbox, keyset-paginated. `recent`: most recent activity first, on
   * (last_mention_at, id). `due`: the soonest deadline first — the response
   * deadline or an open call-back, whichever is earlier (`due_at`), so the
   * breached ones lead — ties by id, then the cases with no deadline by id.
   */
  async list(f: InboxFilter, limit: number, cursor?: Cursor, sort: CaseSort = 'recent', walk?: number): Promise<Page<CaseView>> {
    if (sort === 'due') return this.listByDue(f, limit, cursor, walk);
    const { rows, end } = await this.inOrder(f, 'recent', cursor, limit + 1, walk);
    const items = rows.slice(0, limit).map(toView);
    const last = items.at(-1);
    if (rows.length > limit && last) return { items, nextCursor: encodeCursor({ at: last.lastMentionAt, id: last.id }) };
    // The walk ended before the page filled: the next page walks on from where this one stopped.
    return { items, nextCursor: end ? encodeCursor(end) : null };
  }

  /**
   * Soonest deadline first, in two index-ordered runs so that both dialects
   * agree on where the cases without a deadline go (after all the others):
   * the cursor's `at` is the last due moment served, or '' once in that tail.
   */
  private async listByDue(f: InboxFilter, limit: number, cursor?: Cursor, walk?: number): Promise<Page<CaseView>> {
    const inTail = cursor?.at === '';
    const rows: Array<Parameters<typeof toView>[0]> = [];
    let end: Cursor | undefined;
    if (!inTail) {
      const due = await this.inOrder(f, 'due', cursor, limit + 1, walk);
      rows.push(...due.rows);
      end = due.end;
    }
    if (rows.length <= limit && !end) {
      const tail = await this.inOrder(f, 'tail', inTail ? cursor : undefined, limit + 1 - rows.length, walk);
      rows.push(...tail.rows);
      end = tail.end;
    }
    const items = rows.slice(0, limit).map(toView);
    const last = items.at(-1);
    if (rows.length > limit && last) return { items, nextCursor: encodeCursor({ at: last.dueAt ?? '', id: last.id, sort: 'due' }) };
    return { items, nextCursor: end ? encodeCursor({ ...end, sort: 'due' }) : null };
  }

  /**
   * Up to `n` of the filter's cases after the cursor in one of the inbox's orders (`tail`: those without a
   * deadline, by id), with the names the desk shows. With `walk`, at most that many cases are tested, and `end`
   * is the walk's last case (undefined when fewer remain): the page stops there if it has not filled.
   *
   * The walk's cases are tested in order, so the page stops once full. SQLite is asked for the range between
   * the cursor and `end` and walks it through the order's index. PostgreSQL reads the walk's cases as a
   * subquery in that order with a LIMIT, so it needs no `end` and both are asked at once: given the range, it
   * misjudged how many cases it holds (2 for 2,000 at a million, the latest activity being denser than its
   * statistics say) and tested all of them before sorting them (70–130 ms for a second page of a rare topic;
   * 10 ms in order). SQLite, given the subquery, sorts the whole walk instead.
   */
  private async inOrder(f: InboxFilter, order: 'recent' | 'due' | 'tail', cursor: Cursor | undefined, n: number, walk?: number) {
    const ofOrder = <Q extends SelectQueryBuilder<CaseScope, 'c', object>>(q: Q): Q =>
      (order === 'due' ? q.where('c.due_at', 'is not', null) : order === 'tail' ? q.where('c.due_at', 'is', null) : q) as Q;
    const sorted = <Q extends SelectQueryBuilder<CaseScope, 'c', object>>(q: Q): Q =>
      (order === 'recent'
        ? q.orderBy('c.last_mention_at', 'desc').orderBy('c.id', 'desc')
        : order === 'due'
          ? q.orderBy('c.due_at').orderBy('c.id')
          : q.orderBy('c.id')) as Q;
    const ending = walk ? this.walkEnd(f.brandId, order, cursor, walk) : Promise.resolve(undefined);
    let q = ofOrder(this.withNames(f)).where((eb) => afterCursor(eb, order, cursor));
    if (walk && this.dialect === 'postgres') {
      const w = sorted(ofOrder(this.db.selectFrom('cases as c').selectAll('c')))
        .where('c.brand_id', '=', f.brandId)
        .where((eb) => afterCursor(eb, order, cursor))
        .limit(walk);
      q = withViewNames(this.db.selectFrom(w.as('c')) as unknown as SelectQueryBuilder<CaseScope, 'c', object>).where(this.on(f));
    } else if (walk) {
      const known = await ending;
      if (known) q = q.where((eb) => upToEnd(eb, order, known));
    }
    const [rows, end] = await Promise.all([sorted(q).limit(n).execute(), ending]);
    return { rows, end };
  }

  /**
   * Where a walk of `walk` cases from the cursor ends, in one of the inbox's orders (`tail`: the cases without a
   * deadline, by id), read from the order's index alone; undefined when fewer cases remain.
   */
  private async walkEnd(brandId: string, order: 'recent' | 'due' | 'tail', cursor: Cursor | undefined, walk: number): Promise<Cursor | undefined> {
    let q = this.db
      .selectFrom('cases as c')
      .where('c.brand_id', '=', brandId)
      .where((eb) => afterCursor(eb, order, cursor));
    q =
      order === 'recent'
        ? q.orderBy('c.last_mention_at', 'desc').orderBy('c.id', 'desc')
        : order === 'due'
          ? q.where('c.due_at', 'is not', null).orderBy('c.due_at').orderBy('c.id')
          : q.where('c.due_at', 'is', null).orderBy('c.id');
    const r = await q
      .select([order === 'recent' ? 'c.last_mention_at as at' : order === 'due' ? 'c.due_at as at' : 'c.id as at', 'c.id'])
      .limit(1)
      .offset(walk - 1)
      .executeTakeFirst();
    return r ? { at: order === 'tail' ? '' : (r.at ?? ''), id: r.id } : undefined;
  }

  /** The topics of each case's mentions, for a page of cases (one query). */
  async topicsOf(caseIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!caseIds.length) return out;
    const rows = await this.db
      .selectFrom('mention_topics as t')
      .innerJoin('mentions as m', 'm.id', 't.mention_id')
      .select(['m.case_id', 't.topic'])
      .distinct()
      .where('m.case_id', 'in', caseIds)
      .execute();
    for (const r of rows) if (r.case_id) out.set(r.case_id, [...(out.get(r.case_id) ?? []), r.topic].sort());
    return out;
  }

  /**
   * Open cases of a brand still owed their first answer on a running deadline (due after `now`), in id order after
   * `afterId`, with their channel's key: the cases a changed response policy plans again.
   */
  async owedFirstAnswer(brandId: string, now: string, afterId: string, limit: number): Promise<Array<Case & { channelKey: string }>> {
    const rows = await this.db
      .selectFrom('cases as c')
      .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
      .selectAll('c')
      .select('ch.key as channel_key')
      .where('c.brand_id', '=', brandId)
      .where('c.status', 'in', ['new', 'waiting', 'in_progress'])
      .where('c.first_response_at', 'is', null)
      .where('c.response_type', '=', 'first')
      .where('c.response_due_at', '>', now)
      .where('c.id', '>', afterId)
      .orderBy('c.id')
      .limit(limit)
      .execute();
    return rows.map(({ channel_key, ...r }) => ({ ...toCase(r), channelKey: channel_key }));
  }

  /** For notifications: each case's subject and its author's name (or handle), in one query. */
  async headlinesOf(caseIds: string[]): Promise<Map<string, { subject: string; author: string }>> {
    const out = new Map<string, { subject: string; author: string }>();
    if (!caseIds.length) return out;
    const rows = await this.db
      .selectFrom('cases as c')
      .leftJoin('authors as a', 'a.id', 'c.author_id')
      .select(['c.id', 'c.subject', 'a.display_name', 'a.handle'])
      .where('c.id', 'in', caseIds)
      .execute();
    for (const r of rows) out.set(r.id, { subject: r.subject, author: r.display_name || r.handle || '' });
    return out;
  }

  /** Cases of a brand changed at or after `since`, oldest change first (for the live inbox). */
  async changedSince(brandId: string, since: string, limit: number): Promise<Array<{ id: string; updatedAt: string }>> {
    const rows = await this.db
      .selectFrom('cases')
      .select(['id', 'updated_at'])
      .where('brand_id', '=', brandId)
      .where('updated_at', '>=', since)
      .orderBy('updated_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, updatedAt: r.updated_at }));
  }

  async findView(id: string): Promise<CaseView | undefined> {
    const r = await withViewNames(this.db.selectFrom('cases as c')).where('c.id', '=', id).executeTakeFirst();
    return r && toView(r);
  }

  // The due moments the scheduler acts on

  /** Cases whose deadline turns "due soon" and whose managers are not told yet. */
  async dueSoon(now: string, limit: number): Promise<Case[]> {
    const rows = await this.db
      .selectFrom('cases')
      .selectAll()
      .where('due_soon_at', '<=', now)
      .where('escalated_at', 'is', null)
      .where('response_due_at', 'is not', null)
      .orderBy('due_soon_at')
      .limit(limit)
      .execute();
    return rows.map(toCase);
  }

  /** Cases past their deadline whose breach is not recorded yet. */
  async breached(now: string, limit: number): Promise<Case[]> {
    const rows = await this.db
      .selectFrom('cases as c')
      .selectAll('c')
      .where('c.response_due_at', '<=', now)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('deadline_breaches as b')
              .select('b.id')
              .whereRef('b.case_id', '=', 'c.id')
              .whereRef('b.due_at', '=', 'c.response_due_at')
              .whereRef('b.response_type', '=', 'c.response_type'),
          ),
        ),
      )
      .orderBy('c.response_due_at')
      .limit(limit)
      .execute();
    return rows.map(toCase);
  }

  async cooledDown(now: string, limit: number): Promise<Case[]> {
    const rows = await this.db.selectFrom('cases').selectAll().where('hold_until', '<=', now).orderBy('hold_until').limit(limit).execute();
    return rows.map(toCase);
  }

  async snoozeEnded(now: string, limit: number): Promise<Case[]> {
    const rows = await this.db.selectFrom('cases').selectAll().where('snoozed_until', '<=', now).orderBy('snoozed_until').limit(limit).execute();
    return rows.map(toCase);
  }

  async followUpDue(now: string, limit: number): Promise<Case[]> {
    const rows = await this.db
      .selectFrom('cases')
      .selectAll()
      .where('follow_up_state', '=', 'scheduled')
      .where('follow_up_at', '<=', now)
      .orderBy('follow_up_at')
      .limit(limit)
      .execute();
    return rows.map(toCase);
  }
}
