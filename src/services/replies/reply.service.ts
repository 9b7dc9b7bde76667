/**
 * The reply studio's service: writing a reply (checked by the reply checker
 * in the case's language), the policy gates before it goes out (troll limit,
 * review, cool-down), approval with edits or sending back, confirming a reply
 * posted by hand, and retrying a failed delivery. Every step is in the
 * case's timeline.
 */
import { type Clock, iso } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { checkTrollReply } from '../../domain/reaction/kind-policy.js';
import { approvalReason } from '../../domain/reaction/routing.js';
import { type CheckLanguage, checkReplyFull, type Finding, isCheckLanguage } from '../../domain/replies/reply-checker.js';

import { conflict, forbidden, notFound, validationError } from '../../errors.js';
import type { Reply } from '../../repositories/reply.repository.js';
import type { Repositories, Store } from '../../repositories/store.js';
import { type Actor, actorRef } from '../access.js';
import type { BrandSettings } from '../brand-settings.js';
import { CaseWriter } from '../cases/case-writer.js';
import type { CaseService } from '../cases/case.service.js';
import { type Notifier, Outbox } from '../people/notifier.js';
import { markReplySent, releaseReply } from './reply-flow.js';
import { APPROVAL_REQUESTED, approvalNoticeData, reviewerIds } from './waiting-approvals.js';
import type { ReplyPublishing } from './reply-channel.js';
import { publicGoingPrivateReply } from '../../domain/replies/going-private.js';
import type { CaseTask } from '../../repositories/task.repository.js';
import { buildCallBack, type NewCallBack } from '../cases/task.service.js';
import type { Case } from '../../repositories/case.repository.js';

export interface NewReply {
  body: string;
  /** true: the responder has posted it on the channel by hand. */
  sent?: boolean;
  /** true: send it through the channel's delivery (or ready it for posting by hand). */
  send?: boolean;
  /** The reply's language, if not the case's. */
  lang?: string;
  /** Send even though the checker found problems (they stay recorded on the reply). */
  acknowledgeFindings?: boolean;
  /** Why it goes out despite the checker's errors (required then); kept in the case's timeline with the rules. */
  overrideReason?: string;
}

/** Going private: the short public reply (default: the template), the private message, a call-back. */
export interface GoPrivateInput {
  publicBody?: string;
  privateBody?: string;
  call?: NewCallBack;
  lang?: string;
  acknowledgeFindings?: boolean;
  overrideReason?: string;
}

export interface GoPrivateResult {
  public: Reply | null;
  private: Reply | null;
  task: CaseTask | null;
}

/** A reply sent past the checker's errors: the rules it overrode and the responder's reason. */
interface CheckerOverride {
  rules: string[];
  reason: string;
}

const actorId = (a: Actor): string | null => actorRef(a).actor_id;

type Gate = { type: 'approval'; reason: string } | { type: 'hold'; until: string } | { type: 'release' };

/** A reply still in the responder's hands: a saved draft, or one a reviewer sent back. */
const EDITABLE: readonly string[] = ['draft', 'rejected'];

/** A new draft reply on the case, not yet checked against a gate or sent anywhere. */
function newDraft(
  c: Case,
  authorId: string,
  body: string,
  now: Date,
  findings: Finding[],
  visibility: 'public' | 'private',
  pairId: string | null,
): Reply {
  return {
    id: newId(),
    brandId: c.brandId,
    caseId: c.id,
    authorId,
    body,
    status: 'draft',
    createdAt: iso(now),
    sentAt: null,
    sendAt: null,
    approvalReason: null,
    reviewedBy: null,
    reviewedAt: null,
    reviewNote: null,
    deliveryChannel: null,
    deliveryStatus: null,
    deliveryAttempts: 0,
    deliveryError: null,
    deliveredAt: null,
    externalId: null,
    externalLink: null,
    checkedFindings: findings,
    visibility,
    pairId,
  };
}

export class ReplyService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly cases: CaseService,
    private readonly notifier: Notifier,
    /** Which connections publish replies (the channel service); absent: every channel is answered by hand or its setting. */
    private readonly publishing?: ReplyPublishing,
  ) {}

  /** The checker's findings for a text on a case (language and kind from the case unless given). */
  async check(actor: Actor, caseId: string, body: string, lang?: string): Promise<{ lang: CheckLanguage; findings: Finding[] }> {
    const c = await this.cases.load(actor, caseId, 'case.read');
    return this.checkOn(c, body, lang);
  }

  /** Checked in the reply's own language (detected unless the responder gave it), against the case's kind and its latest mention. */
  private async checkOn(c: Case, body: string, lang?: string): Promise<{ lang: CheckLanguage; findings: Finding[] }> {
    const sent = await this.store.repos.replies.countOutgoing(c.id);
    const latest = (await this.store.repos.mentions.list({ brandId: c.brandId, caseId: c.id }, 1, undefined, 'desc')).items[0];
    const r = checkReplyFull(body, {
      lang: isCheckLanguage(lang) ? lang : null,
      kind: c.kind,
      sentiment: c.sentiment,
      firstReply: !c.firstResponseAt && sent === 0,
      mentionText: latest?.text ?? null,
    });
    return { lang: r.lang, findings: r.findings };
  }

  async add(actor: Actor, caseId: string, input: NewReply): Promise<Reply> {
    const c = await this.cases.load(actor, caseId, 'reply.write');
    if (actor.type !== 'user') throw validationError('replies are written by people', 'actor');
    const going = Boolean(input.sent || input.send);
    if (going && c.status === 'awaiting_approval') throw conflict('a reply on this case is awaiting approval');
    const { findings } = await this.checkOn(c, input.body, input.lang);
    const override = going ? this.assertChecked(findings, input.acknowledgeFindings, input.overrideReason) : null;
    const now = this.clock.now();
    const settings = await this.cases.settingsOf(c.brandId);
    // A reply on a private conversation (e-mail, a direct message) is private.
    const reply = newDraft(c, actor.userId, input.body, now, findings, c.isPublic ? 'public' : 'private', null);
    const outbox = new Outbox();
    await this.store.transaction(async (r) => {
      await r.replies.add(reply);
      const gate = going ? await this.gate(r, c, reply, actor, settings, now) : null;
      const status = !gate ? 'draft' : gate.type === 'approval' ? 'pending_approval' : gate.type === 'hold' ? 'scheduled' : 'released';
      await new CaseWriter(r, now).record(c, 'reply_added', actor, { reply_id: reply.id, status, findings: findings.map((f) => f.rule) });
      if (override) await this.recordOverride(r, c, [reply.id], actor, override, now);
      if (gate) await this.dispatch(r, c, reply, actor, gate, { now, settings, outbox, postedByHand: Boolean(input.sent && !input.send) });
      else await new CaseWriter(r, now).touch(c);
    });
    await this.notifier.flush(outbox, (b) => this.cases.settingsOf(b));
    return (await this.store.repos.replies.find(reply.id))!;
  }

  /**
   * Going private, as the playbooks advise for personal data, billing or a
   * heated exchange: a short public reply in the thread (by default the
   * template in the case's language: "we have written to you privately" or
   * "we will call you at…") and the private message with the full text,
   * and/or a call-back task. Both replies are checked and go through review
   * and the cool-down together, as one pair.
   */
  async goPrivate(actor: Actor, caseId: string, input: GoPrivateInput): Promise<GoPrivateResult> {
    const c = await this.cases.load(actor, caseId, 'reply.write');
    if (actor.type !== 'user') throw validationError('replies are written by people', 'actor');
    if (!input.privateBody && !input.call) throw validationError('give the private message, or a call-back', 'private_body');
    if (c.status === 'awaiting_approval') throw conflict('a reply on this case is awaiting approval');
    if (input.call && ['resolved', 'closed'].includes(c.status))
      throw conflict(`a ${c.status} case takes no new call-back; reopen it first`, 'status');
    const settings = await this.cases.settingsOf(c.brandId);
    const lang: CheckLanguage = isCheckLanguage(input.lang) ? input.lang : isCheckLanguage(c.language) ? c.language : 'en';
    // On a conversation that is private already there is no public thread to answer in.
    const publicBody = !c.isPublic
      ? null
      : input.publicBody?.trim() ||
        publicGoingPrivateReply(
          lang,
          input.privateBody ? 'message' : 'call',
          input.call ? { when: input.call.dueAt, timeZone: settings.responsePolicy.calendar.timeZone } : undefined,
        );
    if (!c.isPublic && input.publicBody?.trim())
      throw validationError('this conversation is private already: there is no public thread to answer in', 'public_body');
    const checked = {
      public: publicBody !== null ? (await this.checkOn(c, publicBody, input.lang)).findings : [],
      private: input.privateBody ? (await this.checkOn(c, input.privateBody, input.lang)).findings : [],
    };
    const override = this.assertChecked([...checked.public, ...checked.private], input.acknowledgeFindings, input.overrideReason);
    const now = this.clock.now();
    const base = (body: string, visibility: 'public' | 'private', findings: Finding[], pairId: string | null): Reply =>
      newDraft(c, actor.userId, body, now, findings, visibility, pairId);
    const pub = publicBody !== null ? base(publicBody, 'public', checked.public, null) : null;
    const pairId = pub && input.privateBody ? pub.id : null;
    if (pub) pub.pairId = pairId;
    const priv = input.privateBody ? base(input.privateBody.trim(), 'private', checked.private, pairId) : null;
    const replies = [pub, priv].filter((x): x is Reply => x !== null);
    const outbox = new Outbox();
    const task = await this.store.transaction(async (r) => {
      const w = new CaseWriter(r, now);
      let t: CaseTask | null = null;
      if (input.call) {
        t = await buildCallBack(r, c, actor, input.call, now);
        await w.addTask(c, t, actor);
      }
      if (!replies.length) return t;
      for (const rp of replies) await r.replies.add(rp);
      const gate = await this.gate(r, c, replies[0]!, actor, settings, now);
      for (const rp of replies) {
        const status = gate.type === 'approval' ? 'pending_approval' : gate.type === 'hold' ? 'scheduled' : 'released';
        await w.record(c, 'reply_added', actor, {
          reply_id: rp.id,
          status,
          findings: rp.checkedFindings.map((f) => f.rule),
          visibility: rp.visibility,
          pair_id: rp.pairId,
          going_private: input.call ? 'call' : 'message',
        });
      }
      if (override)
        await this.recordOverride(
          r,
          c,
          replies.map((x) => x.id),
          actor,
          override,
          now,
        );
      if (gate.type === 'approval') {
        // One decision for the pair: the case awaits approval once, the reviewers are told once.
        for (const rp of replies) await r.replies.update(rp.id, { status: 'pending_approval', approvalReason: gate.reason, sendAt: null });
        await w.move(c, 'awaiting_approval', gate.reason, actor);
        for (const rp of replies) await w.record(c, 'reply_submitted', actor, { reply_id: rp.id, reason: gate.reason });
        const reviewers = await this.reviewersFor(r, c.brandId, settings, actor.userId);
        await this.notifier.notify(
          r,
          {
            brandId: c.brandId,
            userIds: reviewers,
            type: APPROVAL_REQUESTED,
            caseId: c.id,
            data: approvalNoticeData(replies, gate.reason),
          },
          now,
        );
      } else {
        for (const rp of replies) {
          const current = (await r.cases.findById(c.id))!;
          await this.dispatch(r, current, rp, actor, gate, { now, settings, outbox, postedByHand: false });
        }
      }
      return t;
    });
    await this.notifier.flush(outbox, (b) => this.cases.settingsOf(b));
    const find = async (x: Reply | null) => (x ? ((await this.store.repos.replies.find(x.id)) ?? null) : null);
    return { public: await find(pub), private: await find(priv), task: task ? ((await this.store.repos.tasks.find(task.id)) ?? null) : null };
  }

  /**
   * Refuses a reply going out with errors the responder has not acknowledged, or has acknowledged without saying
   * why. Returns the override to record (the rules and the reason), or null when there were no errors.
   */
  private assertChecked(findings: Finding[], acknowledged: boolean | undefined, reason: string | undefined): CheckerOverride | null {
    const rules = [...new Set(findings.filter((f) => f.severity === 'error').map((f) => f.rule))];
    if (!rules.length) return null;
    if (!acknowledged) throw conflict(`the reply checker found: ${rules.join(', ')}. Fix the reply, or send it with acknowledge_findings`, 'body');
    const why = reason?.trim() ?? '';
    if (!why)
      throw validationError(
        `say in a few words why this reply goes out despite the reply checker (${rules.join(', ')}): the reason is kept in the case's timeline`,
        'override_reason',
      );
    return { rules, reason: why };
  }

  /** The case's timeline keeps who sent which replies past the checker, over which rules, and why. */
  private async recordOverride(r: Repositories, c: Case, replyIds: string[], actor: Actor, o: CheckerOverride, now: Date): Promise<void> {
    await new CaseWriter(r, now).record(c, 'checker_overridden', actor, {
      reply_id: replyIds[0],
      ...(replyIds.length > 1 ? { reply_ids: replyIds } : {}),
      rules: o.rules,
      reason: o.reason,
    });
  }

  /**
   * A reply (new, or a saved draft) is on its way: the policy gates in order —
   * the troll limit, review (awaiting approval), the cool-down (held until
   * it ends) — or it is released at once. Inside the caller's transaction.
   */
  private async gate(r: Repositories, c: Case, reply: Reply, actor: Actor & { type: 'user' }, settings: BrandSettings, now: Date): Promise<Gate> {
    const troll = checkTrollReply({ kind: c.kind, isPublic: c.isPublic, body: reply.body, publicRepliesSent: await r.replies.countOutgoing(c.id) });
    if (!troll.ok) throw conflict(troll.reason, 'body');
    const membership = await r.users.findMembership(actor.userId, c.brandId);
    const reason = approvalReason(settings.routing.review, {
      caseKind: c.kind,
      caseNeedsApproval: c.repliesNeedApproval,
      authorIsNew: membership?.isNew ?? false,
    });
    if (reason) return { type: 'approval', reason };
    if (c.holdUntil && c.holdUntil > iso(now)) return { type: 'hold', until: c.holdUntil };
    return { type: 'release' };
  }

  private async dispatch(
    r: Repositories,
    c: Case,
    reply: Reply,
    actor: Actor & { type: 'user' },
    gate: Gate,
    ctx: { now: Date; settings: BrandSettings; outbox: Outbox; postedByHand: boolean },
  ): Promise<void> {
    const { now, settings } = ctx;
    const w = new CaseWriter(r, now);
    if (gate.type === 'approval') {
      const reason = gate.reason;
      await r.replies.update(reply.id, { status: 'pending_approval', approvalReason: reason, sendAt: null });
      await w.move(c, 'awaiting_approval', reason, actor);
      await w.record(c, 'reply_submitted', actor, { reply_id: reply.id, reason });
      const reviewers = await this.reviewersFor(r, c.brandId, settings, actor.userId);
      await this.notifier.notify(
        r,
        { brandId: c.brandId, userIds: reviewers, type: APPROVAL_REQUESTED, caseId: c.id, data: approvalNoticeData([reply], reason) },
        now,
      );
    } else if (gate.type === 'hold') {
      await r.replies.update(reply.id, { status: 'scheduled', sendAt: gate.until });
      await w.touch(c);
      await w.record(c, 'reply_scheduled', actor, { reply_id: reply.id, send_at: gate.until, why: 'cool-down' });
    } else {
      await releaseReply(r, c, reply, {
        actor,
        now,
        settings,
        outbox: ctx.outbox,
        notifier: this.notifier,
        publishing: this.publishing,
        postedByHand: ctx.postedByHand,
      });
    }
  }

  /** A saved draft (or a reply sent back by a reviewer) is edited: checked again, the change in the timeline. */
  async edit(actor: Actor, replyId: string, input: { body: string; lang?: string }): Promise<Reply> {
    const { reply, c } = await this.loadEditable(actor, replyId);
    const body = input.body.trim();
    if (body === reply.body.trim()) return reply;
    const { findings } = await this.checkOn(c, body, input.lang);
    const now = this.clock.now();
    await this.store.transaction(async (r) => {
      const fresh = await r.replies.find(replyId);
      if (!fresh || !EDITABLE.includes(fresh.status)) throw conflict('this reply is no longer a draft');
      await r.replies.update(reply.id, { body, checkedFindings: findings });
      const w = new CaseWriter(r, now);
      await w.record(c, 'reply_edited', actor, { reply_id: reply.id, before: reply.body, after: body });
      await w.touch(c);
    });
    return (await this.store.repos.replies.find(replyId))!;
  }

  /** A saved draft goes out (optionally edited first): checked again, then the same gates as a new reply. */
  async sendDraft(
    actor: Actor,
    replyId: string,
    input: { body?: string; lang?: string; sent?: boolean; send?: boolean; acknowledgeFindings?: boolean; overrideReason?: string },
  ): Promise<Reply> {
    if (input.body !== undefined) await this.edit(actor, replyId, { body: input.body, lang: input.lang });
    const { reply, c } = await this.loadEditable(actor, replyId);
    if (actor.type !== 'user') throw validationError('replies are sent by people', 'actor');
    if (c.status === 'awaiting_approval') throw conflict('a reply on this case is awaiting approval');
    const { findings } = await this.checkOn(c, reply.body, input.lang);
    const override = this.assertChecked(findings, input.acknowledgeFindings, input.overrideReason);
    const now = this.clock.now();
    const settings = await this.cases.settingsOf(c.brandId);
    const outbox = new Outbox();
    await this.store.transaction(async (r) => {
      const fresh = await r.replies.find(replyId);
      if (!fresh || !EDITABLE.includes(fresh.status)) throw conflict('this reply is no longer a draft');
      await r.replies.update(reply.id, { status: 'draft', checkedFindings: findings });
      const current = (await r.cases.findById(c.id))!;
      const draft = { ...fresh, status: 'draft', checkedFindings: findings };
      const gate = await this.gate(r, current, draft, actor, settings, now);
      if (override) await this.recordOverride(r, current, [reply.id], actor, override, now);
      await this.dispatch(r, current, draft, actor, gate, {
        now,
        settings,
        outbox,
        postedByHand: Boolean(input.sent && !input.send),
      });
    });
    await this.notifier.flush(outbox, (b) => this.cases.settingsOf(b));
    return (await this.store.repos.replies.find(replyId))!;
  }

  /** A reply held for the cool-down is called back: it goes back to being a draft and is not sent. */
  async cancelScheduled(actor: Actor, replyId: string): Promise<Reply> {
    const reply = await this.store.repos.replies.find(replyId);
    if (!reply) throw notFound('Reply');
    const c = await this.cases.load(actor, reply.caseId, 'reply.write');
    if (reply.status !== 'scheduled') throw conflict('only a reply held for a cool-down can be cancelled', 'status');
    const now = this.clock.now();
    await this.store.transaction(async (r) => {
      const fresh = await r.replies.find(replyId);
      if (fresh?.status !== 'scheduled') throw conflict('this reply is no longer held: it has gone out or was cancelled');
      await r.replies.update(reply.id, { status: 'draft', sendAt: null });
      const w = new CaseWriter(r, now);
      await w.record(c, 'reply_cancelled', actor, { reply_id: reply.id, send_at: fresh.sendAt });
      await w.touch(c);
    });
    return (await this.store.repos.replies.find(replyId))!;
  }

  private async loadEditable(actor: Actor, replyId: string): Promise<{ reply: Reply; c: Case }> {
    const reply = await this.store.repos.replies.find(replyId);
    if (!reply) throw notFound('Reply');
    const c = await this.cases.load(actor, reply.caseId, 'reply.write');
    if (!EDITABLE.includes(reply.status)) throw conflict(`a ${reply.status.replace('_', ' ')} reply cannot be edited; only a draft can`, 'status');
    return { reply, c };
  }

  /** Approves a reply awaiting review (someone other than its author), optionally edited first; then it goes out. */
  async approve(actor: Actor, replyId: string, input: { note?: string | null; body?: string }): Promise<Reply> {
    const { reply, c, settings } = await this.loadPendingReply(actor, replyId);
    const now = this.clock.now();
    const outbox = new Outbox();
    const note = input.note?.trim() || null;
    const edited = input.body !== undefined && input.body.trim() !== reply.body.trim() ? input.body.trim() : null;
    // Checked before the transaction: on SQLite a query outside it would wait for it to end.
    const editedFindings = edited ? (await this.checkOn(c, edited)).findings : null;
    await this.store.transaction(async (r) => {
      const fresh = await r.replies.find(replyId);
      if (fresh?.status !== 'pending_approval') throw conflict('this reply is no longer awaiting approval');
      const w = new CaseWriter(r, now);
      let body = reply.body;
      if (edited) {
        body = edited;
        await r.replies.update(reply.id, { body, checkedFindings: editedFindings ?? [] });
        await w.record(c, 'reply_edited', actor, { reply_id: reply.id, before: reply.body, after: body });
      }
      await r.replies.update(reply.id, { reviewedBy: actorId(actor), reviewedAt: iso(now), reviewNote: note, status: 'approved' });
      await w.record(c, 'reply_approved', actor, { reply_id: reply.id, note, edited: body !== reply.body });
      // Going private: while the other reply of the pair still awaits review, the case keeps awaiting it.
      const partnerPending = (await this.partnerOf(r, reply))?.status === 'pending_approval';
      if (!partnerPending) await w.move(c, 'in_progress', null, actor);
      const approved = { ...reply, body, status: 'approved' };
      const current = partnerPending ? c : { ...c, status: 'in_progress' };
      if (c.holdUntil && c.holdUntil > iso(now)) {
        await r.replies.update(reply.id, { status: 'scheduled', sendAt: c.holdUntil });
        await w.record(c, 'reply_scheduled', actor, { reply_id: reply.id, send_at: c.holdUntil, why: 'cool-down' });
      } else {
        await releaseReply(r, current, approved, {
          actor,
          now,
          settings,
          outbox,
          notifier: this.notifier,
          publishing: this.publishing,
          postedByHand: false,
        });
      }
      await this.notifier.notify(
        r,
        { brandId: c.brandId, userIds: [reply.authorId], type: 'reply.approved', caseId: c.id, data: { reply_id: reply.id, note } },
        now,
      );
    });
    await this.notifier.flush(outbox, (b) => this.cases.settingsOf(b));
    return (await this.store.repos.replies.find(replyId))!;
  }

  /** Sends a reply back to its author with the reviewer's note; the case returns to work. */
  async reject(actor: Actor, replyId: string, note: string): Promise<Reply> {
    if (!note.trim()) throw validationError('say what to change', 'note');
    const { reply, c } = await this.loadPendingReply(actor, replyId);
    const now = this.clock.now();
    await this.store.transaction(async (r) => {
      const fresh = await r.replies.find(replyId);
      if (fresh?.status !== 'pending_approval') throw conflict('this reply is no longer awaiting approval');
      await r.replies.update(reply.id, { status: 'rejected', reviewedBy: actorId(actor), reviewedAt: iso(now), reviewNote: note.trim() });
      const w = new CaseWriter(r, now);
      await w.record(c, 'reply_rejected', actor, { reply_id: reply.id, note: note.trim() });
      // Going private: the pair is one decision, so its other reply goes back with it.
      const partner = await this.partnerOf(r, reply);
      if (partner?.status === 'pending_approval') {
        await r.replies.update(partner.id, { status: 'rejected', reviewedBy: actorId(actor), reviewedAt: iso(now), reviewNote: note.trim() });
        await w.record(c, 'reply_rejected', actor, { reply_id: partner.id, note: note.trim(), with: reply.id });
      }
      await w.move(c, 'in_progress', null, actor);
      await this.notifier.notify(
        r,
        { brandId: c.brandId, userIds: [reply.authorId], type: 'reply.rejected', caseId: c.id, data: { reply_id: reply.id, note: note.trim() } },
        now,
      );
    });
    return (await this.store.repos.replies.find(replyId))!;
  }

  /** The responder posted a "ready" reply on the channel by hand. */
  async confirmPosted(actor: Actor, replyId: string, externalId?: string | null): Promise<Reply> {
    const reply = await this.store.repos.replies.find(replyId);
    if (!reply) throw notFound('Reply');
    const c = await this.cases.load(actor, reply.caseId, 'reply.write');
    if (reply.status !== 'ready') throw conflict('only a reply ready to post by hand can be confirmed as posted');
    const now = this.clock.now();
    const settings = await this.cases.settingsOf(c.brandId);
    await this.store.transaction(async (r) => {
      const fresh = (await r.replies.find(replyId))!;
      if (fresh.status !== 'ready') throw conflict('this reply is no longer waiting to be posted');
      await markReplySent(r, (await r.cases.findById(c.id))!, fresh, {
        actor,
        now,
        settings,
        deliveryChannel: 'manual',
        externalId: externalId?.trim() || null,
      });
    });
    return (await this.store.repos.replies.find(replyId))!;
  }

  /** Tries a failed delivery again. */
  async retry(actor: Actor, replyId: string): Promise<Reply> {
    const reply = await this.store.repos.replies.find(replyId);
    if (!reply) throw notFound('Reply');
    const c = await this.cases.load(actor, reply.caseId, 'reply.write');
    if (reply.status !== 'failed') throw conflict('only a failed reply can be retried');
    const now = this.clock.now();
    const outbox = new Outbox();
    await this.store.transaction(async (r) => {
      await r.replies.update(reply.id, { status: 'sending', deliveryStatus: 'pending', deliveryAttempts: 0, deliveryError: null });
      await new CaseWriter(r, now).record(c, 'reply_queued', actor, { reply_id: reply.id, retry: true });
      outbox.deliver(reply.id);
    });
    await this.notifier.flush(outbox, (b) => this.cases.settingsOf(b));
    return (await this.store.repos.replies.find(replyId))!;
  }

  async listForCase(actor: Actor, caseId: string): Promise<Reply[]> {
    await this.cases.load(actor, caseId, 'case.read');
    return this.store.repos.replies.forCase(caseId);
  }

  private async loadPendingReply(actor: Actor, replyId: string) {
    const reply = await this.store.repos.replies.find(replyId);
    if (!reply) throw notFound('Reply');
    const c = await this.cases.load(actor, reply.caseId, 'reply.approve');
    if (reply.status !== 'pending_approval') throw conflict('this reply is not awaiting approval');
    if (actor.type === 'user' && actor.userId === reply.authorId) throw conflict('a reply is approved by someone other than its author');
    const settings = await this.cases.settingsOf(c.brandId);
    const named = settings.routing.review.reviewerIds;
    if (
      actor.type === 'user' &&
      named.length &&
      !named.includes(actor.userId) &&
      actor.roles.get(c.brandId) !== 'manager' &&
      actor.roles.get(c.brandId) !== 'admin'
    ) {
      throw forbidden('only the brand’s named reviewers (or a manager) may approve replies');
    }
    return { reply, c, settings };
  }

  /** The other reply of a going-private pair. */
  private async partnerOf(r: Repositories, reply: Reply): Promise<Reply | undefined> {
    if (!reply.pairId) return undefined;
    return (await r.replies.forCase(reply.caseId)).find((x) => x.pairId === reply.pairId && x.id !== reply.id);
  }

  /** Named reviewers, or every member who may approve; never the author. */
  private async reviewersFor(r: Repositories, brandId: string, settings: BrandSettings, authorId: string): Promise<string[]> {
    return (await reviewerIds(r, brandId, settings)).filter((u) => u !== authorId);
  }
}
