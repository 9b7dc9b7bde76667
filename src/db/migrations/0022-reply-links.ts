/**
 * Replies published through a channel connector (issue 14, part 4): where the
 * published reply can be read on the channel (a status URL, a wall comment),
 * beside the channel's id of it (`external_id`, there since 0003).
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('replies').addColumn('external_link', 'text').execute();
}
