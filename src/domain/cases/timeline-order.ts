/**
 * A case's events in cause-before-effect order. A mention's classification is
 * what the desk's automatic steps (playbook, cool-down hold, not engaging,
 * flags, routing) follow from, so its `classified` event belongs right after
 * the event that brought the mention in (`case_opened` or `mention_added`,
 * and the `reopened` that goes with it) — which is where the pipeline records
 * it now. Cases processed before that have it stored after the steps it caused,
 * in the same transaction (same time, later id); their order is fixed here,
 * when read, rather than by rewriting stored ids or times (an evidence export
 * seals both, so a migration could not change them safely).
 *
 * Likewise an act and what it changed on the case: a reply going out ("Reply
 * sent") marks the case replied and schedules the follow-up check, and
 * bringing a case back to work moves it out of "not engaging"; the writer
 * records those effects first, in the same transaction, so the act is moved up
 * before them when read.
 */

export interface OrderedEvent {
  type: string;
  createdAt: string;
  data: Record<string, unknown>;
}

const BRINGS_IN = new Set(['case_opened', 'mention_added']);

/** For an act, the effects recorded just before it (same moment) that it caused. */
const EFFECTS: Record<string, (e: OrderedEvent) => boolean> = {
  reply_sent: (e) => (e.type === 'status_changed' && e.data.to === 'replied') || e.type === 'follow_up_scheduled',
  brought_back: (e) => e.type === 'status_changed' && e.data.from === 'not_engaging',
};

/**
 * The events (oldest first, as stored) with each `classified` moved up next to its mention's arrival, and each
 * act before the effects stored just ahead of it; a new array.
 */
export function inCausalOrder<E extends OrderedEvent>(events: readonly E[]): E[] {
  const out = [...events];
  for (let i = 0; i < out.length; i++) {
    const e = out[i]!;
    const causedBy = EFFECTS[e.type];
    if (!causedBy) continue;
    let at = i;
    while (at > 0 && out[at - 1]!.createdAt === e.createdAt && causedBy(out[at - 1]!)) at--;
    if (at === i) continue;
    out.splice(i, 1);
    out.splice(at, 0, e);
  }
  for (let i = 0; i < out.length; i++) {
    const e = out[i]!;
    if (e.type !== 'classified' || e.data.mention_id === undefined) continue;
    const mentionId = e.data.mention_id;
    // The mention's arrival in the same transaction (same moment) before it.
    let anchor = -1;
    for (let j = i - 1; j >= 0 && out[j]!.createdAt === e.createdAt; j--) {
      if (BRINGS_IN.has(out[j]!.type) && out[j]!.data.mention_id === mentionId) {
        anchor = j;
        break;
      }
    }
    if (anchor < 0) continue;
    let at = anchor + 1;
    if (out[at]?.type === 'reopened' && out[at]!.data.mention_id === mentionId) at++;
    if (at >= i) continue;
    out.splice(i, 1);
    out.splice(at, 0, e);
  }
  return out;
}
