import type { Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, DefuseDatabase } from '../db/schema.js';

export type ApiTokenRow = Selectable<ApiTokensTable>;

/** Brand API tokens, stored by the SHA-256 of the secret. */
export class TokenRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async create(row: ApiTokenRow): Promise<void> {
    await this.db.insertInto('api_tokens').values(row).execute();
  }

  findActiveByHash(hash: string): Promise<ApiTokenRow | undefined> {
    return this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
  }

  findById(id: string): Promise<ApiTokenRow | undefined> {
    return this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listForBrand(brandId: string): Promise<ApiTokenRow[]> {
    return this.db.selectFrom('api_tokens').selectAll().where('brand_id', '=', brandId).orderBy('created_at', 'desc').execute();
  }

  async touch(id: string, atIso: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: atIso }).where('id', '=', id).execute();
  }

  async revoke(id: string, atIso: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ revoked_at: atIso }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }
}
