/**
 * Versioned migrations. Each entry is applied once, in order, and recorded by
 * Kysely's migrator in `kysely_migration`; a migration may take the dialect
 * for the few statements that must differ.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Database, Dialect } from './database.js';
import * as initial from './migrations/0001-initial.js';
import * as reaction from './migrations/0002-reaction.js';
import * as replyDelivery from './migrations/0003-reply-delivery.js';
import * as corrections from './migrations/0004-corrections.js';
import * as snooze from './migrations/0005-snooze.js';
import * as detection from './migrations/0006-detection.js';
import * as reportDeliveries from './migrations/0007-report-deliveries.js';
import * as rollups from './migrations/0008-rollups.js';
import * as caseRollups from './migrations/0009-case-rollups.js';
import * as secondOpinions from './migrations/0010-second-opinions.js';
import * as brandModels from './migrations/0011-brand-models.js';
import * as signInFailures from './migrations/0012-sign-in-failures.js';
import * as dataRequests from './migrations/0013-data-requests.js';
import * as people from './migrations/0014-people.js';
import * as detectionIndexes from './migrations/0015-detection-indexes.js';
import * as stemmedSearch from './migrations/0016-stemmed-search.js';
import * as inboxIndexes from './migrations/0017-inbox-indexes.js';
import * as history from './migrations/0018-history.js';
import * as channelConnections from './migrations/0019-channel-connections.js';
import * as savedViews from './migrations/0021-saved-views.js';
import * as goingPrivate from './migrations/0020-going-private.js';
import * as replyLinks from './migrations/0022-reply-links.js';
import * as inboxFilterIndexes from './migrations/0023-inbox-filter-indexes.js';
import * as ideaPrompts from './migrations/0025-idea-prompts.js';
import * as breachedOutOfDueSoon from './migrations/0026-breached-out-of-due-soon.js';
import * as mentionBandsOneIndex from './migrations/0027-mention-bands-one-index.js';
import * as dueSoonKeys from './migrations/0028-due-soon-keys.js';
import * as caseTags from './migrations/0029-case-tags.js';
import * as temporaryPasswords from './migrations/0030-temporary-passwords.js';

type DialectMigration = { up(db: Kysely<unknown>, dialect: Dialect): Promise<void> };

const MIGRATIONS: Record<string, DialectMigration> = {
  '0001-initial': initial,
  '0002-reaction': reaction,
  '0003-reply-delivery': replyDelivery,
  '0004-corrections': corrections,
  '0005-snooze': snooze,
  '0006-detection': detection,
  '0007-report-deliveries': reportDeliveries,
  '0008-rollups': rollups,
  '0009-case-rollups': caseRollups,
  '0010-second-opinions': secondOpinions,
  '0011-brand-models': brandModels,
  '0012-sign-in-failures': signInFailures,
  '0013-data-requests': dataRequests,
  '0014-people': people,
  '0015-detection-indexes': detectionIndexes,
  '0016-stemmed-search': stemmedSearch,
  '0017-inbox-indexes': inboxIndexes,
  '0018-history': history,
  '0019-channel-connections': channelConnections,
  '0021-saved-views': savedViews,
  '0020-going-private': goingPrivate,
  '0022-reply-links': replyLinks,
  '0023-inbox-filter-indexes': inboxFilterIndexes,
  '0025-idea-prompts': ideaPrompts,
  '0026-breached-out-of-due-soon': breachedOutOfDueSoon,
  '0027-mention-bands-one-index': mentionBandsOneIndex,
  '0028-due-soon-keys': dueSoonKeys,
  '0029-case-tags': caseTags,
  '0030-temporary-passwords': temporaryPasswords,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(MIGRATIONS)) {
      out[name] = { up: (db) => m.up(db, this.dialect) };
    }
    return Promise.resolve(out);
  }
}

/** The names of every migration this version knows, oldest first (a restored database must have no other). */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

/**
 * Brings the schema up to date; returns the names of the migrations applied now. Migrations written side by side
 * land in any order (a database may have run 0014 before 0013 arrives), so a missing one is applied whatever its
 * number: each migration is independent of those numbered after it.
 */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({ db: database.db, provider: new StaticProvider(database.dialect), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(typeof error === 'string' ? error : JSON.stringify(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
