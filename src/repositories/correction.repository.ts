/** People's corrections of the classifier: labelled examples for retraining. */
import type { Kysely } from 'kysely';
import type { CorrectionRow, DefuseDatabase } from '../db/schema.js';
import { encodeJson, parseJson } from './json.js';

/** What the classifier said before a person corrected it. */
export interface OriginalLabels {
  kind?: string | null;
  sentiment?: string | null;
  situation?: string | null;
  language?: string | null;
}

export interface ClassificationCorrection {
  id: string;
  brandId: string;
  mentionId: string;
  userId: string;
  kind: string | null;
  sentiment: string | null;
  situation: string | null;
  /** null when the topics were not corrected. */
  topics: string[] | null;
  original: OriginalLabels;
  createdAt: string;
}

export class CorrectionRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async add(k: ClassificationCorrection): Promise<void> {
    const row: CorrectionRow = {
      id: k.id,
      brand_id: k.brandId,
      mention_id: k.mentionId,
      user_id: k.userId,
      kind: k.kind,
      sentiment: k.sentiment,
      situation: k.situation,
      topics: k.topics ? encodeJson(k.topics) : null,
      original: encodeJson(k.original),
      created_at: k.createdAt,
    };
    await this.db.insertInto('classification_corrections').values(row).execute();
  }

  /** The corrections of these mentions, oldest first. */
  async ofMentions(mentionIds: string[]): Promise<ClassificationCorrection[]> {
    if (!mentionIds.length) return [];
    const rows = await this.db
      .selectFrom('classification_corrections')
      .selectAll()
      .where('mention_id', 'in', mentionIds)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      brandId: r.brand_id,
      mentionId: r.mention_id,
      userId: r.user_id,
      kind: r.kind,
      sentiment: r.sentiment,
      situation: r.situation,
      topics: r.topics ? parseJson<string[]>(r.topics, [], 'classification_corrections.topics') : null,
      original: parseJson<OriginalLabels>(r.original, {}, 'classification_corrections.original'),
      createdAt: r.created_at,
    }));
  }

  /** The brand's corrections with the mention's text and language, oldest first. */
  async withText(brandId: string) {
    const rows = await this.db
      .selectFrom('classification_corrections as k')
      .innerJoin('mentions as m', 'm.id', 'k.mention_id')
      .select(['k.kind', 'k.sentiment', 'k.situation', 'k.topics', 'k.original', 'k.created_at', 'm.text', 'm.language'])
      .where('k.brand_id', '=', brandId)
      // An erased text teaches nothing (and must not be trained on).
      .where('m.erased_at', 'is', null)
      .orderBy('k.created_at')
      .execute();
    return rows.map((r) => ({
      kind: r.kind,
      sentiment: r.sentiment,
      situation: r.situation,
      topics: r.topics ? parseJson<string[]>(r.topics, [], 'classification_corrections.topics') : null,
      original: parseJson<OriginalLabels>(r.original, {}, 'classification_corrections.original'),
      createdAt: r.created_at,
      text: r.text,
      language: r.language,
    }));
  }
}
