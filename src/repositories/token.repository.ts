import type { Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, DefuseDatabase } from '../db/schema.js';
import { type Camel, camelKeys } from './mapping.js';

/** A brand API token (its hash, never the secret). */
export type ApiToken = Camel<Selectable<ApiTokensTable>>;

const toRow = (t: ApiToken): Selectable<ApiTokensTable> => ({
  id: t.id,
  brand_id: t.brandId,
  name: t.name,
  token_hash: t.tokenHash,
  prefix: t.prefix,
  created_by: t.createdBy,
  created_at: t.createdAt,
  last_used_at: t.lastUsedAt,
  revoked_at: t.revokedAt,
});

/** Brand API tokens, stored by the SHA-256 of the secret. */
export class TokenRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async create(t: ApiToken): Promise<void> {
    await this.db.insertInto('api_tokens').values(toRow(t)).execute();
  }

  async findActiveByHash(hash: string): Promise<ApiToken | undefined> {
    const r = await this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
    return r && camelKeys(r);
  }

  async findById(id: string): Promise<ApiToken | undefined> {
    const r = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return r && camelKeys(r);
  }

  async listForBrand(brandId: string): Promise<ApiToken[]> {
    const rows = await this.db.selectFrom('api_tokens').selectAll().where('brand_id', '=', brandId).orderBy('created_at', 'desc').execute();
    return rows.map((r) => camelKeys(r));
  }

  async touch(id: string, atIso: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: atIso }).where('id', '=', id).execute();
  }

  /** Revokes the live tokens a person created (in one brand, if given); returns how many. */
  async revokeCreatedBy(userId: string, atIso: string, brandId?: string): Promise<number> {
    let q = this.db.updateTable('api_tokens').set({ revoked_at: atIso }).where('created_by', '=', userId).where('revoked_at', 'is', null);
    if (brandId) q = q.where('brand_id', '=', brandId);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async revoke(id: string, atIso: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ revoked_at: atIso }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }
}
