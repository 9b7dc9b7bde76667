/**
 * The reaction scheme: playbook progress, deadlines and breaches, cool-downs,
 * flags, teams and routing, reply approval, notifications, follow-through and
 * the idea backlog. Everything a timer depends on is a column, so a restart
 * loses nothing: the scheduler reads the due moments back from here.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

async function addColumns(db: Kysely<unknown>, table: string, columns: Array<[string, 'text' | 'integer', (string | number)?]>) {
  for (const [name, type, def] of columns) {
    await db.schema
      .alterTable(table)
      .addColumn(name, type, (c) => (def === undefined ? c : c.notNull().defaultTo(def)))
      .execute();
  }
}

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await addColumns(db, 'memberships', [
    ['available', 'integer', 1],
    ['is_new', 'integer', 0],
    ['last_assigned_at', 'text'],
  ]);

  await addColumns(db, 'cases', [
    ['playbook', 'text'],
    ['team_id', 'text'],
    ['flags', 'text', '[]'],
    ['hold_until', 'text'],
    ['response_due_at', 'text'],
    ['response_type', 'text'],
    ['due_soon_at', 'text'],
    ['escalated_at', 'text'],
    ['first_response_at', 'text'],
    ['replies_need_approval', 'integer', 0],
    ['fix_ref', 'text'],
    ['fix_shipped_at', 'text'],
    ['follow_up_state', 'text'],
    ['follow_up_at', 'text'],
    ['follow_up_reason', 'text'],
  ]);
  await db.schema.createIndex('cases_due').on('cases').columns(['response_due_at']).execute();
  await db.schema.createIndex('cases_due_soon').on('cases').columns(['due_soon_at']).execute();
  await db.schema.createIndex('cases_hold').on('cases').columns(['hold_until']).execute();
  await db.schema.createIndex('cases_follow_up').on('cases').columns(['follow_up_at']).execute();
  await db.schema.createIndex('cases_assignee').on('cases').columns(['brand_id', 'assignee_id', 'status']).execute();

  await addColumns(db, 'replies', [
    ['send_at', 'text'],
    ['approval_reason', 'text'],
    ['reviewed_by', 'text'],
    ['reviewed_at', 'text'],
    ['review_note', 'text'],
  ]);
  await db.schema.createIndex('replies_send_at').on('replies').columns(['status', 'send_at']).execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('teams_brand_name', ['brand_id', 'name'])
    .execute();

  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('case_steps')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('playbook', 'text', (c) => c.notNull())
    .addColumn('step_key', 'text', (c) => c.notNull())
    .addColumn('done_by', 'text')
    .addColumn('done_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_steps_pk', ['case_id', 'playbook', 'step_key'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'read_at', 'created_at']).execute();

  await db.schema
    .createTable('deadline_breaches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('response_type', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('breached_at', 'text', (c) => c.notNull())
    .addColumn('responded_at', 'text')
    .addUniqueConstraint('deadline_breaches_once', ['case_id', 'response_type', 'due_at'])
    .execute();
  await db.schema.createIndex('deadline_breaches_brand').on('deadline_breaches').columns(['brand_id', 'breached_at']).execute();

  await db.schema
    .createTable('ideas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('mention_id', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addUniqueConstraint('ideas_case', ['case_id'])
    .execute();
  await db.schema.createIndex('ideas_brand').on('ideas').columns(['brand_id', 'status', 'created_at']).execute();
}
