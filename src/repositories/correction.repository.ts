import type { Kysely } from 'kysely';
import type { CorrectionRow, DefuseDatabase } from '../db/schema.js';

export class CorrectionRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async add(row: CorrectionRow): Promise<void> {
    await this.db.insertInto('classification_corrections').values(row).execute();
  }

  withText(brandId: string) {
    return this.db
      .selectFrom('classification_corrections as k')
      .innerJoin('mentions as m', 'm.id', 'k.mention_id')
      .select(['k.kind', 'k.sentiment', 'k.situation', 'k.topics', 'k.original', 'k.created_at', 'm.text', 'm.language'])
      .where('k.brand_id', '=', brandId)
      .orderBy('k.created_at')
      .execute();
  }
}
