/**
 * The storage seen by services: one set of repositories over a connection,
 * and `transaction(fn)` to run several of them atomically (a change and the
 * event recording it commit together, or not at all).
 */
import { type Kysely, sql } from 'kysely';
import type { Database, Dialect } from '../db/database.js';
import type { DefuseDatabase } from '../db/schema.js';
import { AccountLinkRepository } from './account-link.repository.js';
import { AuditRepository } from './audit.repository.js';
import { BrandRepository } from './brand.repository.js';
import { CaseRepository } from './case.repository.js';
import { ConnectionRepository } from './connection.repository.js';
import { MentionRepository } from './mention.repository.js';
import { BreachRepository } from './breach.repository.js';
import { IdeaRepository } from './idea.repository.js';
import { MemberRepository } from './member.repository.js';
import { NotificationRepository } from './notification.repository.js';
import { PlaybookStepRepository } from './playbook-step.repository.js';
import { ReplyRepository } from './reply.repository.js';
import { TagRepository } from './tag.repository.js';
import { TaskRepository } from './task.repository.js';
import { ReportRepository } from './report.repository.js';
import { TeamRepository } from './team.repository.js';
import { CorrectionRepository } from './correction.repository.js';
import { BrandModelRepository } from './brand-model.repository.js';
import { DetectionRepository } from './detection.repository.js';
import { RollupRepository } from './rollup.repository.js';
import { BatchWrites } from './batch-writes.js';
import { SavedViewRepository } from './saved-view.repository.js';
import { SecondOpinionRepository } from './second-opinion.repository.js';
import { SettingsRepository } from './settings.repository.js';
import { SessionRepository } from './session.repository.js';
import { TokenRepository } from './token.repository.js';
import { UserRepository } from './user.repository.js';

export class Repositories {
  readonly brands: BrandRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly tokens: TokenRepository;
  readonly accountLinks: AccountLinkRepository;
  readonly mentions: MentionRepository;
  readonly cases: CaseRepository;
  readonly settings: SettingsRepository;
  readonly replies: ReplyRepository;
  readonly tasks: TaskRepository;
  /** Tags on cases (a team's labels). */
  readonly tags: TagRepository;
  readonly ideas: IdeaRepository;
  readonly teams: TeamRepository;
  readonly members: MemberRepository;
  readonly notifications: NotificationRepository;
  readonly playbookSteps: PlaybookStepRepository;
  readonly breaches: BreachRepository;
  readonly reports: ReportRepository;
  readonly corrections: CorrectionRepository;
  readonly brandModels: BrandModelRepository;
  readonly detection: DetectionRepository;
  readonly rollups: RollupRepository;
  readonly secondOpinions: SecondOpinionRepository;
  readonly audit: AuditRepository;
  readonly savedViews: SavedViewRepository;
  /** Channel connections (RSS feeds, mailboxes, bots) and the items they fetched. */
  readonly connections: ConnectionRepository;

  /** `batch`: a batch transaction's writes held until its commit (see BatchWrites); absent, every write is made at once. */
  constructor(db: Kysely<DefuseDatabase>, dialect: Dialect, batch?: BatchWrites) {
    this.brands = new BrandRepository(db);
    this.users = new UserRepository(db);
    this.sessions = new SessionRepository(db);
    this.tokens = new TokenRepository(db);
    this.accountLinks = new AccountLinkRepository(db);
    this.mentions = new MentionRepository(db, dialect, batch);
    this.cases = new CaseRepository(db, dialect, batch);
    this.settings = new SettingsRepository(db);
    this.replies = new ReplyRepository(db);
    this.tasks = new TaskRepository(db);
    this.tags = new TagRepository(db);
    this.ideas = new IdeaRepository(db);
    this.teams = new TeamRepository(db);
    this.members = new MemberRepository(db);
    this.notifications = new NotificationRepository(db);
    this.playbookSteps = new PlaybookStepRepository(db);
    this.breaches = new BreachRepository(db);
    this.reports = new ReportRepository(db);
    this.corrections = new CorrectionRepository(db);
    this.brandModels = new BrandModelRepository(db);
    this.detection = new DetectionRepository(db, dialect, batch);
    this.rollups = new RollupRepository(db, batch?.rollups);
    this.secondOpinions = new SecondOpinionRepository(db, dialect);
    this.audit = new AuditRepository(db);
    this.savedViews = new SavedViewRepository(db);
    this.connections = new ConnectionRepository(db);
  }
}

/** How transactionEach is running an item. */
export interface EachRun {
  /** The item's place in the batch (0 for the first). */
  index: number;
  /** Under a savepoint of its own (the second run, after an item failed): a failure rolls back this item alone. */
  isolated: boolean;
}

/** An item's error in transactionEach's first run: ends the transaction, to be run again item by item. */
class ItemFailed extends Error {
  constructor(readonly error: unknown) {
    super('an item of the batch failed');
  }
}

export class Store {
  readonly repos: Repositories;
  constructor(readonly database: Database) {
    this.repos = new Repositories(database.db, database.dialect);
  }

  get dialect(): Dialect {
    return this.database.dialect;
  }

  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.database.db.transaction().execute((trx) => fn(new Repositories(trx, this.database.dialect)));
  }

  /**
   * Runs `fn` for each item in ONE transaction: an item that throws is rolled back alone (its writes and what it left
   * in the buffer) and returned with its error; the others commit together. Daily counts are added up across the
   * batch, and case events and mention topics kept, and all are written in one statement (PostgreSQL) or a few before the commit
   * (BatchWrites). One commit for many mentions instead of one each: the pipeline's batch mode.
   *
   * Items are first run without a savepoint each (a savepoint is a round trip an item on PostgreSQL, and most batches
   * have no failure): the first item that throws rolls the whole transaction back, and the batch is run again from
   * its first item with a savepoint per item (`isolated`), so that only the failing item is left out. `onRestart` is
   * told before that second run, to forget what the first one produced. The items must be safe to run again: all an
   * item does is in the transaction, or kept by the caller until the commit.
   */
  async transactionEach<I>(
    items: readonly I[],
    fn: (repos: Repositories, item: I, run: EachRun) => Promise<void>,
    /** Asked after each item: true ends the batch there (the rest is left for the caller's next batch). */
    enough: () => boolean = () => false,
    onRestart: () => void = () => undefined,
  ): Promise<{ taken: number; failures: Map<I, unknown> }> {
    try {
      return await this.runEach(items, fn, enough, false);
    } catch (err) {
      if (!(err instanceof ItemFailed)) throw err;
      onRestart();
      return this.runEach(items, fn, enough, true);
    }
  }

  private runEach<I>(
    items: readonly I[],
    fn: (repos: Repositories, item: I, run: EachRun) => Promise<void>,
    enough: () => boolean,
    isolated: boolean,
  ): Promise<{ taken: number; failures: Map<I, unknown> }> {
    return this.database.db.transaction().execute(async (trx) => {
      const buffer = new BatchWrites();
      const repos = new Repositories(trx, this.database.dialect, buffer);
      const failures = new Map<I, unknown>();
      // PostgreSQL takes statements without parameters several to a query: an item's savepoint is made with the
      // release of the one before (one round trip an item instead of two), and the last one is released by the commit.
      const together = this.database.dialect === 'postgres';
      let previous = false;
      let taken = 0;
      for (const item of items) {
        const run: EachRun = { index: taken, isolated };
        if (!isolated) {
          try {
            await fn(repos, item, run);
          } catch (err) {
            throw new ItemFailed(err);
          }
        } else {
          const mark = buffer.mark();
          await sql.raw(previous ? 'release savepoint each_item; savepoint each_item' : 'savepoint each_item').execute(trx);
          previous = together;
          try {
            await fn(repos, item, run);
            if (!together) await sql`release savepoint each_item`.execute(trx);
          } catch (err) {
            await sql`rollback to savepoint each_item`.execute(trx);
            if (!together) await sql`release savepoint each_item`.execute(trx);
            buffer.rollbackTo(mark);
            failures.set(item, err);
          }
        }
        taken++;
        if (enough()) break;
      }
      await buffer.flush(trx, this.database.dialect);
      return { taken, failures };
    });
  }

  /** True when the database answers a trivial query; for /readyz. */
  async ping(): Promise<boolean> {
    try {
      await this.database.db.selectFrom('brands').select('id').limit(1).execute();
      return true;
    } catch {
      return false;
    }
  }
}
