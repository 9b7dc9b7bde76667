/**
 * People's data (GDPR-style requests) per author: export everything Defuse
 * holds about them, and erase it — texts, names, handles, links and extra
 * fields replaced, while counts, kinds, times and report figures stay — with
 * an entry on the audit trail. A brand's retention setting runs the same
 * erasure on mentions older than its period (`applyRetention`, a job).
 */
import type { Logger } from 'pino';
import { type Clock, iso } from '../../domain/clock.js';
import { ERASED, pseudonymOf, retentionCutoff } from '../../domain/data/erasure.js';
import { newId } from '../../domain/ids.js';
import { notFound, validationError } from '../../errors.js';
import type { Author } from '../../repositories/mention.repository.js';
import type { Repositories, Store } from '../../repositories/store.js';
import { type Actor, actorRef, authorize } from '../access.js';
import { brandSettings } from '../brand-settings.js';
import { CaseWriter } from '../cases/case-writer.js';

export const AUTHOR_EXPORT_FORMAT = 'defuse-author-export/1';

/** Everything held about one author, as the export file gives it. */
export interface AuthorExport {
  format: typeof AUTHOR_EXPORT_FORMAT;
  generated_at: string;
  brand: { id: string; slug: string; name: string };
  author: {
    id: string;
    channel: string;
    handle: string;
    display_name: string | null;
    profile_url: string | null;
    first_seen_at: string;
    erased_at: string | null;
  };
  mentions: Array<{
    id: string;
    external_id: string;
    channel: string;
    text: string;
    link: string | null;
    posted_at: string;
    received_at: string;
    public: boolean;
    in_reply_to: string | null;
    extra: Record<string, unknown> | null;
    case_id: string | null;
    erased_at: string | null;
    classification: {
      language: string | null;
      sentiment: string | null;
      kind: string | null;
      situation: string | null;
      topics: string[];
      signals: string[];
      confidence: { sentiment: number; kind: number } | null;
      reasons: string[];
      classifier: string | null;
      second_opinion: { kind: string; sentiment: string; situation: string; reasons: string[]; model: string; at: string } | null;
    } | null;
    corrections: Array<{ kind: string | null; sentiment: string | null; situation: string | null; topics: string[] | null; at: string }>;
  }>;
  cases: Array<{
    id: string;
    subject: string;
    status: string;
    status_reason: string | null;
    kind: string | null;
    sentiment: string | null;
    situation: string | null;
    flags: string[];
    /** The team's tags on the case. */
    tags: string[];
    opened_at: string;
    last_mention_at: string;
    mention_count: number;
    erased_at: string | null;
    replies: Array<{ id: string; body: string; status: string; created_at: string; sent_at: string | null; delivered_at: string | null }>;
    notes: Array<{ id: string; body: string; created_at: string }>;
  }>;
}

/** What an erasure did. */
export interface ErasureResult {
  author_id: string;
  /** The handle the author has now. */
  pseudonym: string;
  mentions: number;
  cases: number;
  replies: number;
  notes: number;
  erased_at: string;
}

/** What one run of the retention job erased, per brand. */
export interface RetentionRun {
  brandId: string;
  before: string;
  mentions: number;
  cases: number;
  authors: number;
}

/** Mentions erased per transaction by the retention job (a long run never holds the database for long). */
const RETENTION_BATCH = 500;

export class PersonalDataService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** The author, if the caller may manage the brand's people's data; "not found" for another brand's. */
  private async authorOf(actor: Actor, brandId: string, authorId: string): Promise<Author> {
    authorize(actor, brandId, 'data.manage');
    const author = await this.store.repos.mentions.findAuthor(authorId);
    if (!author || author.brandId !== brandId) throw notFound('Author');
    return author;
  }

  /** The brand's authors with this handle (on one channel when given): for the CLI's --handle. */
  async findAuthors(actor: Actor, brandId: string, handle: string, channelKey?: string): Promise<Array<Author & { channelKey: string }>> {
    authorize(actor, brandId, 'data.manage');
    let channelId: string | undefined;
    if (channelKey) {
      const channel = (await this.store.repos.mentions.listChannels(brandId)).find((c) => c.key === channelKey);
      if (!channel) throw validationError(`no channel "${channelKey}" in this brand`, 'channel');
      channelId = channel.id;
    }
    return this.store.repos.mentions.authorsByHandle(brandId, handle, channelId);
  }

  /** Everything held about the author: their record, mentions (texts, links, dates, classification), cases, replies and notes. */
  async export(actor: Actor, brandId: string, authorId: string): Promise<AuthorExport> {
    const author = await this.authorOf(actor, brandId, authorId);
    const repos = this.store.repos;
    const brand = (await repos.brands.findById(brandId))!;
    const channel = await repos.mentions.findChannel(author.channelId);
    const mentions = (await repos.mentions.list({ brandId, authorId }, 100_000, undefined, 'asc')).items;
    const corrections = await repos.corrections.ofMentions(mentions.map((m) => m.id));
    const cases = await repos.cases.ofAuthor(authorId);
    const generatedAt = iso(this.clock.now());
    const doc: AuthorExport = {
      format: AUTHOR_EXPORT_FORMAT,
      generated_at: generatedAt,
      brand: { id: brand.id, slug: brand.slug, name: brand.name },
      author: {
        id: author.id,
        channel: channel?.key ?? '',
        handle: author.handle,
        display_name: author.displayName,
        profile_url: author.profileUrl,
        first_seen_at: author.createdAt,
        erased_at: author.erasedAt ?? null,
      },
      mentions: mentions.map((m) => {
        const cls = m.classification;
        const so = cls?.second_opinion;
        return {
          id: m.id,
          external_id: m.externalId,
          channel: m.channelKey,
          text: m.text,
          link: m.link,
          posted_at: m.postedAt,
          received_at: m.receivedAt,
          public: m.isPublic,
          in_reply_to: m.inReplyTo,
          extra: m.extra,
          case_id: m.caseId,
          erased_at: m.erasedAt,
          classification: m.processedAt
            ? {
                language: m.language,
                sentiment: m.sentiment,
                kind: m.kind,
                situation: m.situation,
                topics: m.topics,
                signals: m.signals,
                confidence: cls?.confidence ?? null,
                reasons: cls?.reasons ?? [],
                classifier: cls?.classifier ?? null,
                second_opinion: so ? { kind: so.kind, sentiment: so.sentiment, situation: so.situation, reasons: so.reasons, model: so.model, at: so.at } : null,
              }
            : null,
          corrections: corrections
            .filter((k) => k.mentionId === m.id)
            .map((k) => ({ kind: k.kind, sentiment: k.sentiment, situation: k.situation, topics: k.topics, at: k.createdAt })),
        };
      }),
      cases: [],
    };
    const tags = await repos.tags.ofCases(cases.map((c) => c.id));
    for (const c of cases) {
      const [replies, notes] = await Promise.all([repos.replies.forCase(c.id), repos.cases.notes(c.id)]);
      doc.cases.push({
        id: c.id,
        subject: c.subject,
        status: c.status,
        status_reason: c.statusReason,
        kind: c.kind,
        sentiment: c.sentiment,
        situation: c.situation,
        flags: c.flags,
        tags: tags.get(c.id) ?? [],
        opened_at: c.openedAt,
        last_mention_at: c.lastMentionAt,
        mention_count: c.mentionCount,
        erased_at: c.erasedAt ?? null,
        replies: replies.map((r) => ({ id: r.id, body: r.body, status: r.status, created_at: r.createdAt, sent_at: r.sentAt, delivered_at: r.deliveredAt })),
        notes: notes.map((n) => ({ id: n.id, body: n.body, created_at: n.createdAt })),
      });
    }
    await this.audit(repos, actor, brandId, 'author.exported', { author_id: author.id, mentions: doc.mentions.length, cases: doc.cases.length });
    return doc;
  }

  /**
   * Erases the author: their handle becomes a stable pseudonym, their name and
   * profile link go; their mentions' texts, links and extra fields, their
   * cases' subjects, the replies sent to them and the notes on their cases
   * read "[erased]"; the full-text index forgets them. Kinds, counts and times
   * stay. One transaction; an audit event records who, when and how many.
   */
  async erase(actor: Actor, brandId: string, authorId: string): Promise<ErasureResult> {
    const author = await this.authorOf(actor, brandId, authorId);
    const now = this.clock.now();
    const at = iso(now);
    const pseudonym = pseudonymOf(author.id);
    return this.store.transaction(async (r) => {
      const mentionIds = (await r.mentions.list({ brandId, authorId }, 100_000, undefined, 'asc')).items.map((m) => m.id);
      const mentions = await r.mentions.erase(mentionIds, ERASED, at);
      await r.detection.eraseMentions(brandId, mentionIds, ERASED);
      const writer = new CaseWriter(r, now);
      let replies = 0;
      let notes = 0;
      const cases = await r.cases.ofAuthor(authorId);
      for (const c of cases) {
        const n = await writer.eraseContent(c, actor, 'request');
        replies += n.replies;
        notes += n.notes;
      }
      await r.mentions.eraseAuthor(author.id, pseudonym, at);
      // The channels' fetched items (the listening preview's copies) of this handle go too.
      await r.connections.eraseItemsByAuthor(brandId, [author.handle]);
      const result: ErasureResult = { author_id: author.id, pseudonym, mentions, cases: cases.length, replies, notes, erased_at: at };
      await this.audit(r, actor, brandId, 'author.erased', { ...result });
      return result;
    });
  }

  /** The brand's audit trail of data requests, newest first. */
  async auditTrail(actor: Actor, brandId: string, limit = 100) {
    authorize(actor, brandId, 'data.manage');
    return this.store.repos.audit.list(brandId, limit);
  }

  /**
   * The retention job: in every brand with a retention period, erases mentions
   * posted before it (in batches), the cases whose last mention is that old,
   * and the authors left with no text; records what it did on the audit trail.
   */
  async applyRetention(): Promise<RetentionRun[]> {
    const runs: RetentionRun[] = [];
    const now = this.clock.now();
    const system: Actor = { type: 'system', name: 'retention' };
    for (const brand of await this.store.repos.brands.listAll()) {
      const days = brandSettings(brand.settings).retention.days;
      if (!days) continue;
      const before = iso(retentionCutoff(now, days));
      const run: RetentionRun = { brandId: brand.id, before, mentions: 0, cases: 0, authors: 0 };
      for (;;) {
        const ids = await this.store.repos.mentions.unerasedBefore(brand.id, before, RETENTION_BATCH);
        if (!ids.length) break;
        run.mentions += await this.store.transaction(async (r) => {
          const texts = await r.mentions.textsOf(ids);
          const n = await r.mentions.erase(ids, ERASED, iso(now));
          await r.detection.eraseMentions(brand.id, ids, ERASED);
          await r.ideas.replaceSummaryOfMentions(ids, ERASED);
          // Cases still at work keep no quote of what was erased (their subject is their first mention's text).
          const writer = new CaseWriter(r, now);
          for (const caseId of new Set(texts.map((t) => t.caseId).filter((id): id is string => id !== null))) {
            const c = await r.cases.findById(caseId);
            if (c && !c.erasedAt) await writer.eraseQuotes(c, texts.filter((t) => t.caseId === caseId).map((t) => t.text), system);
          }
          return n;
        });
      }
      await this.store.repos.connections.eraseItemsBefore(brand.id, before);
      for (;;) {
        const cases = await this.store.repos.cases.idleBefore(brand.id, before, 100);
        if (!cases.length) break;
        await this.store.transaction(async (r) => {
          const writer = new CaseWriter(r, now);
          for (const c of cases) await writer.eraseContent(c, system, 'retention');
        });
        run.cases += cases.length;
      }
      for (;;) {
        const authors = await this.store.repos.mentions.authorsWithoutText(brand.id, RETENTION_BATCH);
        if (!authors.length) break;
        await this.store.transaction(async (r) => {
          for (const id of authors) await r.mentions.eraseAuthor(id, pseudonymOf(id), iso(now));
        });
        run.authors += authors.length;
      }
      if (run.mentions || run.cases || run.authors) {
        await this.audit(this.store.repos, system, brand.id, 'retention.applied', {
          days,
          before,
          mentions: run.mentions,
          cases: run.cases,
          authors: run.authors,
        });
        this.logger.info(run, 'retention: erased old mentions');
      }
      runs.push(run);
    }
    return runs;
  }

  private async audit(r: Repositories, actor: Actor, brandId: string, type: string, data: Record<string, unknown>): Promise<void> {
    const who = actorRef(actor);
    await r.audit.add({ id: newId(), brandId, type, actorType: who.actor_type, actorId: who.actor_id, data, createdAt: iso(this.clock.now()) });
  }
}
