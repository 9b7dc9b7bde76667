/**
 * People and accounts: one-time links (invitations to a brand, password
 * resets), stored only as the SHA-256 of their secret; when each person last
 * signed in; a membership a brand admin deactivated (the person stays listed,
 * without access to that brand).
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('account_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('brand_id', 'text')
    .addColumn('role', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('account_links_brand').on('account_links').columns(['brand_id', 'purpose']).execute();
  await db.schema.createIndex('account_links_email').on('account_links').columns(['email', 'purpose']).execute();
  await db.schema.alterTable('users').addColumn('last_sign_in_at', 'text').execute();
  await db.schema.alterTable('memberships').addColumn('deactivated_at', 'text').execute();
}
