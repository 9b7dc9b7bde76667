/** Reading mentions: the searchable list behind the inbox and reports, and one mention. */
import { notFound } from '../errors.js';
import type { MentionFilter, MentionView } from '../repositories/mention.repository.js';
import { decodeCursor, type Page } from '../repositories/pagination.js';
import type { Store } from '../repositories/store.js';
import { type Actor, authorize } from './access.js';
import { checkDateOrder } from './date-range.js';

export interface MentionQuery extends MentionFilter {
  limit: number;
  cursor?: string;
}

export class MentionService {
  constructor(private readonly store: Store) {}

  async list(actor: Actor, q: MentionQuery): Promise<Page<MentionView> & { total: number }> {
    authorize(actor, q.brandId, 'mention.read');
    checkDateOrder(q.from, q.to);
    const { limit, cursor, ...filter } = q;
    const [page, total] = await Promise.all([
      this.store.repos.mentions.list(filter, limit, decodeCursor(cursor)),
      this.store.repos.mentions.count(filter),
    ]);
    return { ...page, total };
  }

  /** Channel keys to ids for filtering; an unknown key matches nothing rather than everything. */
  async channelIdsFor(brandId: string, keys: string[]): Promise<string[]> {
    const channels = await this.store.repos.mentions.listChannels(brandId);
    const ids = channels.filter((c) => keys.includes(c.key)).map((c) => c.id);
    return ids.length ? ids : ['-'];
  }

  async get(actor: Actor, id: string): Promise<MentionView> {
    const m = await this.store.repos.mentions.findView(id);
    if (!m) throw notFound('Mention');
    authorize(actor, m.brandId, 'mention.read');
    return m;
  }
}
