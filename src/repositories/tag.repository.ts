/** Case tags: a team's labels on cases (migration 0029), one row per tag on a case, the tag normalised. */
import { type Kysely, sql } from 'kysely';
import type { DefuseDatabase } from '../db/schema.js';

/** A tag put on a case. */
export interface CaseTag {
  brandId: string;
  caseId: string;
  tag: string;
  createdAt: string;
  /** The person who put it on; null for an API token or the system. */
  createdBy: string | null;
}

/** One of a brand's tags and how many cases carry it. */
export interface TagCount {
  tag: string;
  count: number;
}

export class TagRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  /** Puts the tags on (one already there stays as it was); returns how many were new. */
  async add(tags: readonly CaseTag[]): Promise<number> {
    if (!tags.length) return 0;
    const r = await this.db
      .insertInto('case_tags')
      .values(tags.map((t) => ({ brand_id: t.brandId, case_id: t.caseId, tag: t.tag, created_at: t.createdAt, created_by: t.createdBy })))
      .onConflict((oc) => oc.columns(['case_id', 'tag']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  }

  /** Takes these tags off the case; returns how many it carried. */
  async remove(caseId: string, tags: readonly string[]): Promise<number> {
    if (!tags.length) return 0;
    const r = await this.db.deleteFrom('case_tags').where('case_id', '=', caseId).where('tag', 'in', tags).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** The case's tags, in alphabetical order (by code point, the same on both databases). */
  async ofCase(caseId: string): Promise<string[]> {
    return (await this.ofCases([caseId])).get(caseId) ?? [];
  }

  /** The tags of each of these cases (one query, by the primary key), each case's in alphabetical order. */
  async ofCases(caseIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!caseIds.length) return out;
    const rows = await this.db
      .selectFrom('case_tags')
      .select(['case_id', 'tag'])
      .where('case_id', 'in', [...new Set(caseIds)])
      .execute();
    for (const r of rows) out.set(r.case_id, [...(out.get(r.case_id) ?? []), r.tag]);
    for (const tags of out.values()) tags.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return out;
  }

  /**
   * The brand's tags with how many cases carry each, the most used first (then alphabetically), at most `limit`;
   * with `prefix`, only those starting with it. Read from the (brand_id, tag, case_id) index alone.
   */
  async ofBrand(brandId: string, limit: number, prefix?: string): Promise<TagCount[]> {
    let q = this.db
      .selectFrom('case_tags')
      .select(['tag', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('brand_id', '=', brandId);
    // substr, not LIKE: a tag may hold % or _, and the comparison is exact in every script on both databases.
    if (prefix) q = q.where(sql<string>`substr(tag, 1, ${[...prefix].length})`, '=', prefix);
    const rows = await q.groupBy('tag').execute();
    return rows
      .map((r) => ({ tag: r.tag, count: Number(r.n) }))
      .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0))
      .slice(0, limit);
  }
}
