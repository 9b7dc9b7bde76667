import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DefuseDatabase } from '../db/schema.js';

/** Installation-wide key/value settings. */
export class SettingsRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async get(key: string): Promise<string | undefined> {
    const r = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return r?.value;
  }

  /**
   * A random secret created on first use and kept, so every process of the
   * installation (and the next start) shares it.
   */
  async secret(key: string): Promise<string> {
    await this.db
      .insertInto('settings')
      .values({ key, value: randomBytes(32).toString('base64url') })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return (await this.get(key))!;
  }
}
