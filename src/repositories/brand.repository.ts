import type { Kysely } from 'kysely';
import type { BrandRow, DefuseDatabase } from '../db/schema.js';

export class BrandRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async create(row: BrandRow): Promise<void> {
    await this.db.insertInto('brands').values(row).execute();
  }

  findById(id: string): Promise<BrandRow | undefined> {
    return this.db.selectFrom('brands').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findBySlug(slug: string): Promise<BrandRow | undefined> {
    return this.db.selectFrom('brands').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  /** A brand by id or slug: CLI and API callers may use either. */
  async findByRef(ref: string): Promise<BrandRow | undefined> {
    return (await this.findById(ref)) ?? (await this.findBySlug(ref));
  }

  async updateSettings(id: string, settings: string): Promise<void> {
    await this.db.updateTable('brands').set({ settings }).where('id', '=', id).execute();
  }

  listAll(): Promise<BrandRow[]> {
    return this.db.selectFrom('brands').selectAll().orderBy('name').execute();
  }

  listByIds(ids: string[]): Promise<BrandRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('brands').selectAll().where('id', 'in', ids).orderBy('name').execute();
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('brands').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
