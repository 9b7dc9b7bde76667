import type { Kysely } from 'kysely';
import type { BrandRow, DefuseDatabase } from '../db/schema.js';
import { encodeJson, parseJson } from './json.js';

/** A brand; `settings` is the stored settings object, decoded but not yet validated (see services/brand-settings.ts). */
export interface Brand {
  id: string;
  slug: string;
  name: string;
  settings: unknown;
  createdAt: string;
}

const toBrand = (r: BrandRow): Brand => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  settings: parseJson<unknown>(r.settings, {}, 'brands.settings'),
  createdAt: r.created_at,
});

export class BrandRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async create(b: Brand): Promise<void> {
    await this.db
      .insertInto('brands')
      .values({ id: b.id, slug: b.slug, name: b.name, settings: encodeJson(b.settings), created_at: b.createdAt })
      .execute();
  }

  async findById(id: string): Promise<Brand | undefined> {
    const r = await this.db.selectFrom('brands').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toBrand(r);
  }

  async findBySlug(slug: string): Promise<Brand | undefined> {
    const r = await this.db.selectFrom('brands').selectAll().where('slug', '=', slug).executeTakeFirst();
    return r && toBrand(r);
  }

  /** A brand by id or slug: CLI and API callers may use either. */
  async findByRef(ref: string): Promise<Brand | undefined> {
    return (await this.findById(ref)) ?? (await this.findBySlug(ref));
  }

  async updateSettings(id: string, settings: unknown): Promise<void> {
    await this.db
      .updateTable('brands')
      .set({ settings: encodeJson(settings) })
      .where('id', '=', id)
      .execute();
  }

  async listAll(): Promise<Brand[]> {
    return (await this.db.selectFrom('brands').selectAll().orderBy('name').execute()).map(toBrand);
  }

  async listByIds(ids: string[]): Promise<Brand[]> {
    if (ids.length === 0) return [];
    return (await this.db.selectFrom('brands').selectAll().where('id', 'in', ids).orderBy('name').execute()).map(toBrand);
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('brands')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
