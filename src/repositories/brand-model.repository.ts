/** Storage of each brand's classifier layer and of what it learns from. */
import { type Kysely, sql } from 'kysely';
import type { BrandModelRow, DefuseDatabase } from '../db/schema.js';

export interface TrainingCorrection {
  mention_id: string;
  text: string;
  kind: string | null;
  sentiment: string | null;
  situation: string | null;
  original: string;
  created_at: string;
}

export class BrandModelRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  /** The stored layer's version, or undefined when the brand has none: the cheap check before each batch. */
  async version(brandId: string): Promise<number | undefined> {
    const r = await this.db.selectFrom('brand_models').select('version').where('brand_id', '=', brandId).executeTakeFirst();
    return r ? Number(r.version) : undefined;
  }

  async find(brandId: string): Promise<BrandModelRow | undefined> {
    const r = await this.db.selectFrom('brand_models').selectAll().where('brand_id', '=', brandId).executeTakeFirst();
    return r ? { ...r, version: Number(r.version), corrections: Number(r.corrections), examples: Number(r.examples) } : undefined;
  }

  /** Stores a newly trained layer as the next version; returns that version. */
  async save(row: Omit<BrandModelRow, 'version'>): Promise<number> {
    await this.db
      .insertInto('brand_models')
      .values({ ...row, version: 1 })
      .onConflict((oc) =>
        oc.column('brand_id').doUpdateSet({
          version: sql`brand_models.version + 1`,
          model: row.model,
          corrections: row.corrections,
          examples: row.examples,
          summary: row.summary,
          trained_at: row.trained_at,
        }),
      )
      .execute();
    return (await this.version(row.brand_id))!;
  }

  async remove(brandId: string): Promise<void> {
    await this.db.deleteFrom('brand_models').where('brand_id', '=', brandId).execute();
  }

  async correctionCount(brandId: string): Promise<number> {
    const r = await this.db
      .selectFrom('classification_corrections')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('brand_id', '=', brandId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** The brand's most recent corrections with their mention's text, newest first. */
  corrections(brandId: string, limit: number): Promise<TrainingCorrection[]> {
    return this.db
      .selectFrom('classification_corrections as k')
      .innerJoin('mentions as m', 'm.id', 'k.mention_id')
      .select(['k.mention_id', 'm.text', 'k.kind', 'k.sentiment', 'k.situation', 'k.original', 'k.created_at'])
      .where('k.brand_id', '=', brandId)
      .orderBy('k.created_at', 'desc')
      .orderBy('k.id', 'desc')
      .limit(limit)
      .execute();
  }

  /**
   * Mentions the team acted on (their case was answered) without correcting
   * the desk's answer: weak evidence that the answer was right, so a layer
   * learned from corrections alone does not conclude the shared model is
   * always wrong. Newest first.
   */
  confirmations(
    brandId: string,
    limit: number,
  ): Promise<{ text: string; kind: string | null; sentiment: string | null; situation: string | null }[]> {
    return this.db
      .selectFrom('mentions as m')
      .innerJoin('cases as c', 'c.id', 'm.case_id')
      .select(['m.text', 'm.kind', 'm.sentiment', 'm.situation'])
      .where('m.brand_id', '=', brandId)
      .where('c.first_response_at', 'is not', null)
      .where('m.kind', 'is not', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('classification_corrections as k').select('k.id').whereRef('k.mention_id', '=', 'm.id'))))
      .orderBy('m.posted_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(limit)
      .execute();
  }
}
