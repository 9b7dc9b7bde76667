/**
 * Telling an idea's author the outcome (issue 16): when an idea is declined
 * or done, the case page prompts once to tell the customer. `tell_prompt` is
 * the outcome an open prompt is about (null when none is open); `prompted_status`
 * the last outcome a prompt was raised for, so it is raised once.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('ideas').addColumn('tell_prompt', 'text').execute();
  await db.schema.alterTable('ideas').addColumn('prompted_status', 'text').execute();
}
