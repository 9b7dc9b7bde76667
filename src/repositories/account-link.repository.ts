import type { Kysely, Selectable } from 'kysely';
import type { AccountLinksTable, DefuseDatabase } from '../db/schema.js';
import { type Camel, camelKeys, snakeKeys } from './mapping.js';

export type AccountLinkPurpose = 'invite' | 'reset';

/** A one-time link (invitation to a brand or password reset), by the SHA-256 of its secret. */
export type AccountLink = Omit<Camel<Selectable<AccountLinksTable>>, 'purpose'> & { purpose: AccountLinkPurpose };

const toLink = (r: Selectable<AccountLinksTable>): AccountLink => ({ ...camelKeys(r), purpose: r.purpose as AccountLinkPurpose });

export class AccountLinkRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async create(l: AccountLink): Promise<void> {
    await this.db.insertInto('account_links').values(snakeKeys(l)).execute();
  }

  async findByHash(hash: string): Promise<AccountLink | undefined> {
    const r = await this.db.selectFrom('account_links').selectAll().where('token_hash', '=', hash).executeTakeFirst();
    return r && toLink(r);
  }

  async findById(id: string): Promise<AccountLink | undefined> {
    const r = await this.db.selectFrom('account_links').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toLink(r);
  }

  /** Marks the link used unless it already was: true for the one caller that used it. */
  async use(id: string, atIso: string): Promise<boolean> {
    const r = await this.db.updateTable('account_links').set({ used_at: atIso }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Ends every unused link of this purpose for an address (a newer one replaces them, or the account was closed). */
  async expireFor(email: string, purpose: AccountLinkPurpose, atIso: string, brandId?: string): Promise<void> {
    let q = this.db
      .updateTable('account_links')
      .set({ used_at: atIso })
      .where('email', '=', email)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null);
    if (brandId) q = q.where('brand_id', '=', brandId);
    await q.execute();
  }

  /** Deletes links that expired before `beforeIso`; returns how many. */
  async deleteExpired(beforeIso: string): Promise<number> {
    const r = await this.db.deleteFrom('account_links').where('expires_at', '<', beforeIso).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** A brand's invitations not used yet and not expired, newest first. */
  async pendingInvitations(brandId: string, nowIso: string): Promise<AccountLink[]> {
    const rows = await this.db
      .selectFrom('account_links')
      .selectAll()
      .where('brand_id', '=', brandId)
      .where('purpose', '=', 'invite')
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toLink);
  }
}
