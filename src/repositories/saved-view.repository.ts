/** Saved views: each person's own inbox filters per brand. */
import type { Kysely } from 'kysely';
import type { DefuseDatabase } from '../db/schema.js';
import type { SavedViewFilter } from '../domain/cases/saved-view.js';
import { encodeJson, parseJson } from './json.js';

export interface SavedView {
  id: string;
  userId: string;
  brandId: string;
  name: string;
  filter: SavedViewFilter;
  createdAt: string;
}

export class SavedViewRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  /** Adds the view; false when this person already has one of that name for the brand. */
  async add(v: SavedView): Promise<boolean> {
    const r = await this.db
      .insertInto('saved_views')
      .values({ id: v.id, user_id: v.userId, brand_id: v.brandId, name: v.name, filter: encodeJson(v.filter), created_at: v.createdAt })
      .onConflict((oc) => oc.columns(['user_id', 'brand_id', 'name']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async list(userId: string, brandId: string): Promise<SavedView[]> {
    const rows = await this.db
      .selectFrom('saved_views')
      .selectAll()
      .where('user_id', '=', userId)
      .where('brand_id', '=', brandId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      brandId: r.brand_id,
      name: r.name,
      filter: parseJson<SavedViewFilter>(r.filter, {}, 'saved_views.filter'),
      createdAt: r.created_at,
    }));
  }

  async count(userId: string, brandId: string): Promise<number> {
    const r = await this.db
      .selectFrom('saved_views')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('user_id', '=', userId)
      .where('brand_id', '=', brandId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Deletes one of this person's views; false when they have none with that id. */
  async remove(userId: string, id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('saved_views').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
