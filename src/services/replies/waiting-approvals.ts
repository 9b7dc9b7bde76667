/**
 * Who is told that a reply waits for approval, and telling someone who gains
 * approval rights on a brand (added with a role that may approve, re-roled to
 * one, named a reviewer, their membership or account reactivated, an
 * invitation accepted) of the replies already waiting there. They get the
 * same `reply.approval_requested` notification a reviewer gets when a reply is
 * submitted: one per waiting case (a going-private pair counts once), never a
 * second one for a reply they were already told of, so a role changed back and
 * forth tells nobody twice.
 */
import { PERMISSIONS, type Role } from '../../domain/access/permissions.js';
import type { Reply } from '../../repositories/reply.repository.js';
import type { Repositories } from '../../repositories/store.js';
import { type BrandSettings, brandSettings } from '../brand-settings.js';
import type { Notifier } from '../people/notifier.js';

export const APPROVAL_REQUESTED = 'reply.approval_requested';

const APPROVER_ROLES = [...(PERMISSIONS['reply.approve'] as readonly Role[])];

/** The brand's named reviewers, or else every active member who may approve. */
export async function reviewerIds(r: Repositories, brandId: string, settings: BrandSettings): Promise<string[]> {
  const named = settings.routing.review.reviewerIds;
  if (!named.length) return r.members.idsWithRoles(brandId, APPROVER_ROLES);
  // A named reviewer who has since lost the role (or the brand) is not told any more.
  const active = new Set(await r.members.idsWithRoles(brandId, APPROVER_ROLES));
  return named.filter((u) => active.has(u));
}

/** What an approval notification carries: the first reply of the case's waiting ones, all of them, and why. */
export function approvalNoticeData(replies: readonly Reply[], reason: string | null): Record<string, unknown> {
  return { reply_id: replies[0]!.id, reply_ids: replies.map((x) => x.id), reason };
}

export class WaitingApprovals {
  constructor(private readonly notifier: Notifier) {}

  /**
   * Tells each of `userIds` who may now be told of approvals on the brand of
   * every case whose replies wait for approval there, except their own replies
   * and those they were already told of. Inside the caller's transaction;
   * returns how many notifications it wrote.
   */
  async tell(r: Repositories, brandId: string, userIds: readonly string[], now: Date): Promise<number> {
    if (!userIds.length) return 0;
    const waiting = await r.replies.pendingApprovalIn(brandId);
    if (!waiting.length) return 0;
    const brand = await r.brands.findById(brandId);
    if (!brand) return 0;
    const reviewers = new Set(await reviewerIds(r, brandId, brandSettings(brand.settings)));
    const byCase = new Map<string, Reply[]>();
    for (const reply of waiting) byCase.set(reply.caseId, [...(byCase.get(reply.caseId) ?? []), reply]);
    let told = 0;
    for (const userId of new Set(userIds)) {
      if (!reviewers.has(userId)) continue;
      const known = new Set(
        (await r.notifications.ofUserAbout(userId, APPROVAL_REQUESTED, [...byCase.keys()])).flatMap((n) => [
          ...(typeof n.data.reply_id === 'string' ? [n.data.reply_id] : []),
          ...(Array.isArray(n.data.reply_ids) ? n.data.reply_ids.filter((x): x is string => typeof x === 'string') : []),
        ]),
      );
      for (const [caseId, replies] of byCase) {
        // Nobody approves their own reply; a reply already told of is not told again.
        if (replies.some((x) => x.authorId === userId || known.has(x.id))) continue;
        await this.notifier.notify(
          r,
          { brandId, userIds: [userId], type: APPROVAL_REQUESTED, caseId, data: approvalNoticeData(replies, replies[0]!.approvalReason) },
          now,
        );
        told++;
      }
    }
    return told;
  }
}
