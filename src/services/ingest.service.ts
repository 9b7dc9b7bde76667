/**
 * Accepting mentions. A batch is stored in one transaction before the caller
 * is answered; a mention already stored under the same (brand, channel,
 * external id) is reported as a duplicate and left as it was — mentions are
 * evidence and are never overwritten. Processing (classification, threading)
 * is queued after the commit; the sweeper catches anything a crash left behind.
 */
import { type Clock, iso } from '../domain/clock.js';
import { newId } from '../domain/ids.js';
import type { MentionInput } from '../domain/mentions/mention-input.js';
import { searchIndexText } from '../domain/mentions/search-text.js';
import type { NewMention } from '../repositories/mention.repository.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Repositories, Store } from '../repositories/store.js';
import { type Actor, authorize } from './access.js';
import type { Logger } from 'pino';
import type { ProcessingMetrics } from './ports.js';

export interface IngestItemResult {
  index: number;
  id: string;
  channel: string;
  external_id: string;
  status: 'created' | 'duplicate';
}

export interface IngestResult {
  created: number;
  duplicates: number;
  items: IngestItemResult[];
}

export class IngestService {
  constructor(
    private readonly store: Store,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly metrics?: ProcessingMetrics,
  ) {}

  /** `history`: the mentions are filed as history when processed (an import of old rows). */
  async ingest(actor: Actor, brandId: string, inputs: MentionInput[], o: { history?: boolean } = {}): Promise<IngestResult> {
    authorize(actor, brandId, 'mention.ingest');
    const now = this.clock.now();
    const nowIso = iso(now);

    const people = async (r: Repositories) => {
      const channels = await r.mentions.ensureChannels(
        brandId,
        inputs.map((m) => m.channel),
        (key) => ({ id: newId(), brandId, key, name: key, createdAt: nowIso }),
      );
      const channelOf = (m: MentionInput) => channels.get(m.channel)!;
      // A mention stored before is a duplicate and touches nothing: not even its author (whose handle and names
      // may have been erased since — a re-sent mention must not bring them back).
      const stored = await r.mentions.idsByExternal(
        brandId,
        inputs.map((m) => ({ channelId: channelOf(m).id, externalId: m.external_id })),
      );
      const fresh = inputs.filter((m) => !stored.has(`${channelOf(m).id}\n${m.external_id}`));
      const authors = await r.mentions.ensureAuthors(
        brandId,
        fresh.map((m) => ({
          id: newId(),
          brandId,
          channelId: channelOf(m).id,
          handle: m.author.handle,
          displayName: m.author.name ?? null,
          profileUrl: m.author.url ?? null,
          createdAt: nowIso,
        })),
      );
      return { channelOf, fresh, authors };
    };
    // PostgreSQL: the channels and authors are committed in a short transaction of their own before the mentions. A
    // new author's row stays locked until its transaction ends, and another ingest call with the same new author
    // waits for it (ON CONFLICT): for this one statement, not for all of the mentions' insert. Should the mentions'
    // transaction fail, the authors stay (found again by the retry). SQLite has one writer at a time: one transaction.
    const early = this.store.dialect === 'postgres' ? await this.store.transaction(people) : undefined;

    const { items, createdIds } = await this.store.transaction(async (r) => {
      const { channelOf, fresh, authors } = early ?? (await people(r));

      // The same (channel, external id) twice in one batch is stored once.
      const rows: NewMention[] = [];
      const seen = new Set<string>();
      for (const m of fresh) {
        const channel = channelOf(m);
        const key = `${channel.id}\n${m.external_id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        rows.push({
          id: newId(),
          brandId,
          channelId: channel.id,
          externalId: m.external_id,
          authorId: authors.get(`${channel.id}\n${m.author.handle}`)!.id,
          text: m.text,
          searchText: searchIndexText(m.text),
          link: m.link ?? null,
          postedAt: m.created_at ? iso(new Date(m.created_at)) : nowIso,
          receivedAt: nowIso,
          isPublic: Boolean(m.public),
          inReplyTo: m.in_reply_to ?? null,
          extra: m.extra ?? null,
          history: o.history === true,
        });
      }
      const inserted = await r.mentions.insertNew(rows);
      const ids = await r.mentions.idsByExternal(
        brandId,
        inputs.map((m) => ({ channelId: channelOf(m).id, externalId: m.external_id })),
      );
      const firstIndex = new Map<string, number>();
      const items = inputs.map((m, index): IngestItemResult => {
        const key = `${channelOf(m).id}\n${m.external_id}`;
        const id = ids.get(key)!;
        const first = firstIndex.get(key);
        if (first === undefined) firstIndex.set(key, index);
        const created = inserted.has(id) && first === undefined;
        return { index, id, channel: m.channel, external_id: m.external_id, status: created ? 'created' : 'duplicate' };
      });
      return { items, createdIds: [...inserted] };
    });

    if (createdIds.length > 0) {
      try {
        await this.queue.enqueue('mention.process', { mentionIds: createdIds });
      } catch (err) {
        // Stored is what matters; the sweeper will queue them again.
        this.logger.error({ err, count: createdIds.length }, 'could not queue mention processing; the sweeper will retry');
      }
    }
    const created = items.filter((i) => i.status === 'created').length;
    this.metrics?.mentionsIngested(created, items.length - created);
    return { created, duplicates: items.length - created, items };
  }
}
