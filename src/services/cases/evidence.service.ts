/**
 * The evidence bundle of a case, for black PR and threats (lawyers, the
 * platform, the police): the case, its whole timeline (every event with who
 * and when), the original texts and links of its mentions, its replies and
 * notes — each item sealed with a SHA-256 of its canonical JSON, and the
 * bundle sealed as a whole (domain/evidence/evidence.ts). As JSON, or as a
 * PDF printed from HTML in which every text is escaped, never rendered.
 */
import { type Clock, iso } from '../../domain/clock.js';
import { EVIDENCE_FORMAT, seal, sealBundle } from '../../domain/evidence/evidence.js';
import { notFound } from '../../errors.js';
import type { Store } from '../../repositories/store.js';
import { type Actor, authorize } from '../access.js';
import type { PdfRenderer } from '../ports.js';
import { inCausalOrder } from '../../domain/cases/timeline-order.js';

export interface EvidenceActor {
  type: string;
  id: string | null;
  /** The person's name for a user; the process for the system; null when unknown. */
  name: string | null;
}

export interface EvidenceBundle {
  format: typeof EVIDENCE_FORMAT;
  generated_at: string;
  generated_by: EvidenceActor;
  hash_algorithm: 'sha256';
  hashing: string;
  case: {
    id: string;
    brand: { id: string; name: string };
    channel: string;
    author: { id: string; handle: string; name: string | null; profile_url: string | null };
    subject: string;
    status: string;
    kind: string | null;
    flags: string[];
    opened_at: string;
    last_mention_at: string;
    mention_count: number;
  };
  timeline: Array<{ id: string; type: string; at: string; actor: EvidenceActor; data: Record<string, unknown>; sha256: string }>;
  mentions: Array<{
    id: string;
    external_id: string;
    channel: string;
    author: { handle: string; name: string | null; profile_url: string | null };
    text: string;
    link: string | null;
    posted_at: string;
    received_at: string;
    public: boolean;
    kind: string | null;
    sentiment: string | null;
    erased: boolean;
    sha256: string;
  }>;
  replies: Array<{
    id: string;
    body: string;
    status: string;
    written_by: EvidenceActor;
    created_at: string;
    sent_at: string | null;
    delivered_at: string | null;
    external_id: string | null;
    sha256: string;
  }>;
  notes: Array<{ id: string; body: string; written_by: EvidenceActor; created_at: string; sha256: string }>;
  bundle_sha256: string;
}

export const HASHING =
  'sha256 (hex) of the canonical JSON (keys sorted at every level, no whitespace, UTF-8) of each item without its sha256 field; bundle_sha256: of the whole bundle without bundle_sha256';

export class EvidenceService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly pdf: PdfRenderer,
  ) {}

  /** The bundle of a case the caller may export (managers, admins): "not found" for another brand's case. */
  async bundle(actor: Actor, caseId: string): Promise<EvidenceBundle> {
    const repos = this.store.repos;
    const c = await repos.cases.findView(caseId);
    if (!c) throw notFound('Case');
    authorize(actor, c.brandId, 'case.evidence');
    const [brand, author, events, mentions, replies, notes] = await Promise.all([
      repos.brands.findById(c.brandId),
      repos.mentions.findAuthor(c.authorId),
      repos.cases.events(caseId),
      repos.mentions.list({ brandId: c.brandId, caseId }, 100_000, undefined, 'asc'),
      repos.replies.forCase(caseId),
      repos.cases.notes(caseId),
    ]);
    const names = new Map<string, string | null>();
    const userIds = new Set<string>([
      ...events.filter((e) => e.actorType === 'user' && e.actorId).map((e) => e.actorId!),
      ...replies.map((r) => r.authorId),
      ...notes.map((n) => n.authorId),
      ...(actor.type === 'user' ? [actor.userId] : []),
    ]);
    for (const id of userIds) names.set(id, (await repos.users.findById(id))?.name ?? null);
    const who = (type: string, id: string | null): EvidenceActor => ({
      type,
      id,
      name: type === 'user' ? (id ? (names.get(id) ?? null) : null) : id,
    });
    const generatedBy =
      actor.type === 'user' ? who('user', actor.userId) : actor.type === 'token' ? who('token', actor.tokenId) : who('system', actor.name);
    return sealBundle({
      format: EVIDENCE_FORMAT,
      generated_at: iso(this.clock.now()),
      generated_by: generatedBy,
      hash_algorithm: 'sha256' as const,
      hashing: HASHING,
      case: {
        id: c.id,
        brand: { id: c.brandId, name: brand?.name ?? '' },
        channel: c.channelKey,
        author: { id: c.authorId, handle: c.authorHandle, name: c.authorDisplayName, profile_url: author?.profileUrl ?? null },
        subject: c.subject,
        status: c.status,
        kind: c.kind,
        flags: c.flags,
        opened_at: c.openedAt,
        last_mention_at: c.lastMentionAt,
        mention_count: c.mentionCount,
      },
      timeline: inCausalOrder(events).map((e) => seal({ id: e.id, type: e.type, at: e.createdAt, actor: who(e.actorType, e.actorId), data: e.data })),
      mentions: mentions.items.map((m) =>
        seal({
          id: m.id,
          external_id: m.externalId,
          channel: m.channelKey,
          author: { handle: m.authorHandle, name: m.authorDisplayName, profile_url: m.authorProfileUrl },
          text: m.text,
          link: m.link,
          posted_at: m.postedAt,
          received_at: m.receivedAt,
          public: m.isPublic,
          kind: m.kind,
          sentiment: m.sentiment,
          erased: m.erasedAt !== null,
        }),
      ),
      replies: replies.map((r) =>
        seal({
          id: r.id,
          body: r.body,
          status: r.status,
          written_by: who('user', r.authorId),
          created_at: r.createdAt,
          sent_at: r.sentAt,
          delivered_at: r.deliveredAt,
          external_id: r.externalId,
        }),
      ),
      notes: notes.map((n) => seal({ id: n.id, body: n.body, written_by: who('user', n.authorId), created_at: n.createdAt })),
    });
  }

  /** The bundle printed to PDF (its hashes included, so the paper copy can be checked against the JSON). */
  async pdfOf(bundle: EvidenceBundle): Promise<Buffer> {
    return this.pdf.render(renderEvidenceHtml(bundle));
  }
}

const esc = (s: string | number | null): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const actorText = (a: EvidenceActor) => (a.name && a.name !== a.id ? `${a.name} (${a.type} ${a.id ?? ''})` : `${a.type} ${a.id ?? ''}`);

/** The bundle as a self-contained page: every text escaped (a mention's text is data, never markup). */
export function renderEvidenceHtml(b: EvidenceBundle): string {
  const c = b.case;
  const hash = (h: string) => `<div class="hash">sha256 ${esc(h)}</div>`;
  const section = (title: string, body: string) => `<h2>${esc(title)}</h2>${body || '<p class="muted">none</p>'}`;
  const mentions = b.mentions
    .map(
      (
        m,
      ) => `<div class="item"><div class="meta">${esc(m.posted_at)} · ${esc(m.channel)} · ${esc(m.author.handle)}${m.author.name ? ` (${esc(m.author.name)})` : ''} · external id ${esc(m.external_id)}${m.link ? ` · ${esc(m.link)}` : ''}</div>
<blockquote>${esc(m.text)}</blockquote>${hash(m.sha256)}</div>`,
    )
    .join('\n');
  const replies = b.replies
    .map(
      (
        r,
      ) => `<div class="item"><div class="meta">${esc(r.created_at)} · ${esc(actorText(r.written_by))} · ${esc(r.status)}${r.sent_at ? ` · sent ${esc(r.sent_at)}` : ''}</div>
<blockquote>${esc(r.body)}</blockquote>${hash(r.sha256)}</div>`,
    )
    .join('\n');
  const notes = b.notes
    .map(
      (n) =>
        `<div class="item"><div class="meta">${esc(n.created_at)} · ${esc(actorText(n.written_by))}</div><blockquote>${esc(n.body)}</blockquote>${hash(n.sha256)}</div>`,
    )
    .join('\n');
  const timeline = b.timeline.length
    ? `<table><thead><tr><th>When (UTC)</th><th>What</th><th>Who</th><th>Details</th><th>sha256</th></tr></thead><tbody>${b.timeline
        .map(
          (e) =>
            `<tr><td>${esc(e.at)}</td><td>${esc(e.type)}</td><td>${esc(actorText(e.actor))}</td><td class="data">${esc(
              Object.entries(e.data)
                .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : (JSON.stringify(v) ?? '')}`)
                .join('; '),
            )}</td><td class="hash">${esc(e.sha256)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Evidence: case ${esc(c.id)}</title>
<style>
body{font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;color:#1c2430;margin:24px;font-size:12px}
h1{font-size:20px;margin:0}h2{font-size:15px;margin:22px 0 6px;border-bottom:1px solid #e3e6ea;padding-bottom:3px}
.muted,.meta{color:#667085}.item{margin:8px 0;break-inside:avoid}
blockquote{margin:4px 0;padding:4px 8px;border-left:3px solid #c0362c;background:#fafafa;white-space:pre-wrap;overflow-wrap:anywhere}
.hash{font-family:"DejaVu Sans Mono",monospace;font-size:9px;color:#667085;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #e3e6ea;padding:3px 5px;text-align:left;vertical-align:top}th{background:#f6f7f9}
td.data{overflow-wrap:anywhere;white-space:pre-wrap}
</style></head><body>
<h1>Evidence: ${esc(c.subject)}</h1>
<p class="muted">${esc(c.brand.name)} · case ${esc(c.id)} · ${esc(c.channel)} · author ${esc(c.author.handle)}${c.author.name ? ` (${esc(c.author.name)})` : ''}${
    c.author.profile_url ? ` · ${esc(c.author.profile_url)}` : ''
  }<br>status ${esc(c.status)} · kind ${esc(c.kind ?? '—')} · flags ${esc(c.flags.join(', ') || '—')} · opened ${esc(c.opened_at)} · ${c.mention_count} mention(s)</p>
<p class="muted">Generated ${esc(b.generated_at)} by ${esc(actorText(b.generated_by))}. ${esc(b.hashing)}.</p>
<p><b>Bundle sha256:</b> <span class="hash">${esc(b.bundle_sha256)}</span></p>
${section('Mentions (original texts)', mentions)}
${section('Replies', replies)}
${section('Internal notes', notes)}
${section('Timeline', timeline)}
</body></html>`;
}
