/**
 * Going private (issue 14): a reply's visibility (public, or a private
 * message to the customer) and the pair it belongs to (the short public
 * answer and the private message written together); call-back tasks on a
 * case; and the case's inbox deadline `due_at` — the earlier of the response
 * deadline and the earliest open call-back — which the inbox sorts on.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('replies')
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('public'))
    .execute();
  await db.schema.alterTable('replies').addColumn('pair_id', 'text').execute();
  await db.schema
    .createTable('case_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('note', 'text')
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('done_at', 'text')
    .addColumn('done_by', 'text')
    .addColumn('notified_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_tasks_case').on('case_tasks').columns(['case_id', 'created_at']).execute();
  await db.schema.createIndex('case_tasks_due').on('case_tasks').columns(['done_at', 'notified_at', 'due_at']).execute();
  await db.schema.alterTable('cases').addColumn('task_due_at', 'text').execute();
  await db.schema.alterTable('cases').addColumn('due_at', 'text').execute();
  await sql`UPDATE cases SET due_at = response_due_at`.execute(db);
  await db.schema.createIndex('cases_brand_deadline').on('cases').columns(['brand_id', 'due_at', 'id']).execute();
  await db.schema.createIndex('cases_brand_status_deadline').on('cases').columns(['brand_id', 'status', 'due_at', 'id']).execute();
}
