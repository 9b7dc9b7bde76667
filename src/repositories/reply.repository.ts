/** Replies to customers: written, reviewed, scheduled, delivered. */
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { DefuseDatabase, RepliesTable } from '../db/schema.js';
import type { Finding } from '../domain/replies/reply-checker.js';
import { encodeJson, parseJson } from './json.js';
import { type Camel, camelKeys, snakeKeys } from './mapping.js';

type ReplyRow = Selectable<RepliesTable>;

/** A reply: the checker's findings (recorded when it was written) decoded. */
export interface Reply extends Omit<Camel<ReplyRow>, 'checkedFindings'> {
  checkedFindings: Finding[];
}
/** Fields of a reply to change. */
export type ReplyChanges = Partial<Omit<Reply, 'id'>>;

const toReply = (r: ReplyRow): Reply => ({
  ...camelKeys(r),
  checkedFindings: parseJson<Finding[]>(r.checked_findings, [], 'replies.checked_findings'),
});

function toRow(c: ReplyChanges): Updateable<RepliesTable> {
  const { checkedFindings, ...rest } = c;
  return { ...snakeKeys(rest), ...(checkedFindings !== undefined ? { checked_findings: encodeJson(checkedFindings) } : {}) };
}

export class ReplyRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async add(reply: Reply): Promise<void> {
    await this.db
      .insertInto('replies')
      .values({ ...toRow(reply), id: reply.id } as ReplyRow)
      .execute();
  }

  async forCase(caseId: string): Promise<Reply[]> {
    const rows = await this.db.selectFrom('replies').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
    return rows.map(toReply);
  }

  /** Erasure: every reply on the case reads `body`, with no review note, error or findings left; returns how many. */
  async replaceBodies(caseId: string, body: string): Promise<number> {
    const r = await this.db
      .updateTable('replies')
      .set({ body, review_note: null, delivery_error: null, checked_findings: encodeJson([]) })
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** The brand's replies awaiting approval, oldest first (who gains approval rights is told of them). */
  async pendingApprovalIn(brandId: string): Promise<Reply[]> {
    const rows = await this.db
      .selectFrom('replies')
      .selectAll()
      .where('brand_id', '=', brandId)
      .where('status', '=', 'pending_approval')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toReply);
  }

  async find(id: string): Promise<Reply | undefined> {
    const r = await this.db.selectFrom('replies').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toReply(r);
  }

  async update(id: string, changes: ReplyChanges): Promise<void> {
    await this.db.updateTable('replies').set(toRow(changes)).where('id', '=', id).execute();
  }

  /** Replies sent or on their way out (awaiting approval, scheduled, ready to post, being delivered): drafts, rejected and failed ones do not count. */
  async countOutgoing(caseId: string): Promise<number> {
    const r = await this.db
      .selectFrom('replies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', caseId)
      .where('status', 'in', ['sent', 'scheduled', 'pending_approval', 'approved', 'ready', 'sending'])
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Scheduled replies whose time has come. */
  async due(now: string, limit: number): Promise<Reply[]> {
    const rows = await this.db
      .selectFrom('replies')
      .selectAll()
      .where('status', '=', 'scheduled')
      .where('send_at', '<=', now)
      .orderBy('send_at')
      .limit(limit)
      .execute();
    return rows.map(toReply);
  }
}
