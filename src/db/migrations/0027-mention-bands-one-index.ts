/**
 * The campaign detector's band rows in one B-tree (issue 17): every mention adds 16 of them, and each went into the
 * table, its primary key (brand, key, mention) and the candidate index (brand, key, time, mention), which holds the
 * same rows in the order the candidates are read. The candidate index's columns are now the primary key, and on
 * SQLite the table is WITHOUT ROWID, so the rows live in that order and nowhere else.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`create table mention_bands_one (
      brand_id text not null,
      band_key text not null,
      posted_at text not null,
      mention_id text not null references mentions (id) on delete cascade,
      constraint mention_bands_pk primary key (brand_id, band_key, posted_at, mention_id)
    ) without rowid`.execute(db);
    await sql`insert into mention_bands_one (brand_id, band_key, posted_at, mention_id)
      select brand_id, band_key, posted_at, mention_id from mention_bands`.execute(db);
    await sql`drop table mention_bands`.execute(db);
    await sql`alter table mention_bands_one rename to mention_bands`.execute(db);
    return;
  }
  await sql`alter table mention_bands drop constraint mention_bands_pk`.execute(db);
  await sql`drop index mention_bands_key_time`.execute(db);
  await sql`alter table mention_bands add constraint mention_bands_pk primary key (brand_id, band_key, posted_at, mention_id)`.execute(db);
}
