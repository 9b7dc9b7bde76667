/** Storage of each brand's classifier layer and of what it learns from. */
import { type Kysely, sql } from 'kysely';
import type { BrandModelRow, DefuseDatabase } from '../db/schema.js';
import { type BrandLayer, parseBrandLayer } from '../domain/classification/brand-layer.js';
import type { OriginalLabels } from './correction.repository.js';
import { encodeJson, parseJson } from './json.js';

/** A correction as training sees it: the person's labels, the model's before, and the mention's text. */
export interface TrainingCorrection {
  mentionId: string;
  text: string;
  kind: string | null;
  sentiment: string | null;
  situation: string | null;
  original: OriginalLabels;
  createdAt: string;
}

/** A brand's stored layer, decoded and checked (parseBrandLayer), with what it was trained on. */
export interface BrandModel {
  brandId: string;
  version: number;
  model: BrandLayer;
  /** How many corrections the brand had when this was trained (the next retraining counts from here). */
  corrections: number;
  examples: number;
  /** What the training reported (counts, agreement, time). */
  summary: Record<string, unknown>;
  trainedAt: string;
}

/** A stored layer whose text does not load (corrupt JSON, not a brand layer, heads not matching the labels) throws. */
const toModel = (r: BrandModelRow): BrandModel => ({
  brandId: r.brand_id,
  version: Number(r.version),
  model: parseBrandLayer(r.model),
  corrections: Number(r.corrections),
  examples: Number(r.examples),
  summary: parseJson<Record<string, unknown>>(r.summary, {}, 'brand_models.summary'),
  trainedAt: r.trained_at,
});

export class BrandModelRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  /** The stored layer's version, or undefined when the brand has none: the cheap check before each batch. */
  async version(brandId: string): Promise<number | undefined> {
    const r = await this.db.selectFrom('brand_models').select('version').where('brand_id', '=', brandId).executeTakeFirst();
    return r ? Number(r.version) : undefined;
  }

  /** The stored layer; throws when it does not load (see toModel). */
  async find(brandId: string): Promise<BrandModel | undefined> {
    const r = await this.db.selectFrom('brand_models').selectAll().where('brand_id', '=', brandId).executeTakeFirst();
    return r && toModel(r);
  }

  /** How many corrections the stored layer was trained on (0 when there is none); reads no model. */
  async trainedOn(brandId: string): Promise<number> {
    const r = await this.db.selectFrom('brand_models').select('corrections').where('brand_id', '=', brandId).executeTakeFirst();
    return Number(r?.corrections ?? 0);
  }

  /** Stores a newly trained layer as the next version; returns that version. */
  async save(m: Omit<BrandModel, 'version'>): Promise<number> {
    const row = {
      brand_id: m.brandId,
      model: encodeJson(m.model),
      corrections: m.corrections,
      examples: m.examples,
      summary: encodeJson(m.summary),
      trained_at: m.trainedAt,
    };
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
  async corrections(brandId: string, limit: number): Promise<TrainingCorrection[]> {
    const rows = await this.db
      .selectFrom('classification_corrections as k')
      .innerJoin('mentions as m', 'm.id', 'k.mention_id')
      .select(['k.mention_id', 'm.text', 'k.kind', 'k.sentiment', 'k.situation', 'k.original', 'k.created_at'])
      .where('k.brand_id', '=', brandId)
      .orderBy('k.created_at', 'desc')
      .orderBy('k.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      mentionId: r.mention_id,
      text: r.text,
      kind: r.kind,
      sentiment: r.sentiment,
      situation: r.situation,
      original: parseJson<OriginalLabels>(r.original, {}, 'classification_corrections.original'),
      createdAt: r.created_at,
    }));
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
