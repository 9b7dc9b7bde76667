/** The audit trail of data requests: exports, erasures and retention runs, with who and when. */
import type { Kysely, Selectable } from 'kysely';
import type { AuditEventsTable, DefuseDatabase } from '../db/schema.js';
import { encodeJson, parseJson } from './json.js';
import { type Camel, camelKeys } from './mapping.js';

/** One entry of the audit trail, its data decoded. */
export type AuditEvent = Omit<Camel<Selectable<AuditEventsTable>>, 'data'> & { data: Record<string, unknown> };

export class AuditRepository {
  constructor(private readonly db: Kysely<DefuseDatabase>) {}

  async add(e: AuditEvent): Promise<void> {
    await this.db
      .insertInto('audit_events')
      .values({
        id: e.id,
        brand_id: e.brandId,
        type: e.type,
        actor_type: e.actorType,
        actor_id: e.actorId,
        data: encodeJson(e.data),
        created_at: e.createdAt,
      })
      .execute();
  }

  /** A brand's audit trail, newest first. */
  async list(brandId: string, limit: number): Promise<AuditEvent[]> {
    const rows = await this.db
      .selectFrom('audit_events')
      .selectAll()
      .where('brand_id', '=', brandId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...camelKeys(r), data: parseJson<Record<string, unknown>>(r.data, {}, 'audit_events.data') }));
  }
}
