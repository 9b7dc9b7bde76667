/**
 * A brand changed its response policy (time zone, business hours, targets): the open cases still owed their first
 * answer on a running deadline are planned again by the new policy, counted from when the case opened (or its
 * cool-down ended), as a corrected kind's deadline is. Without it a case kept the old policy's due moment: a new
 * user set Europe/Bucharest and a 1-hour target and saw older cases "due 12:00 · 3h 0m of business time left".
 * Cases already breached keep their breach; answered cases owe nothing new. Runs as a job, a page per transaction.
 */
import type { Logger } from 'pino';
import { type Clock, iso } from '../../domain/clock.js';
import { KINDS, type Kind } from '../../domain/labels.js';
import { dueAt, dueSoonAt, targetMinutes } from '../../domain/reaction/response-policy.js';
import type { Store } from '../../repositories/store.js';
import { brandSettings } from '../brand-settings.js';
import { CaseWriter } from './case-writer.js';

const PAGE = 200;
const SYSTEM = { type: 'system', name: 'response-policy' } as const;

export class DeadlineReplanService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Plans the brand's owed first answers again; returns how many cases got a new due moment. */
  async replanBrand(brandId: string): Promise<number> {
    const brand = await this.store.repos.brands.findById(brandId);
    if (!brand) return 0;
    const policy = brandSettings(brand.settings).responsePolicy;
    let after = '';
    let changed = 0;
    for (;;) {
      const now = this.clock.now();
      const page = await this.store.repos.cases.owedFirstAnswer(brandId, iso(now), after, PAGE);
      if (!page.length) break;
      after = page[page.length - 1]!.id;
      changed += await this.store.transaction(async (r) => {
        let n = 0;
        const w = new CaseWriter(r, now);
        for (const c of page) {
          const fresh = await r.cases.lockById(c.id);
          // Answered or moved on since the page was read: nothing to plan.
          if (!fresh || fresh.firstResponseAt || fresh.responseType !== 'first' || !fresh.responseDueAt) continue;
          const kind: Kind = KINDS.find((k) => k === fresh.kind) ?? 'neutral';
          const minutes = targetMinutes(policy, { channel: c.channelKey, kind, isPublic: fresh.isPublic }, 'first');
          const from = new Date(fresh.holdUntil && fresh.holdUntil > fresh.openedAt ? fresh.holdUntil : fresh.openedAt);
          const due = minutes === null ? null : dueAt(policy, from, minutes);
          if (due && iso(due) === fresh.responseDueAt) continue;
          await w.setDeadline(fresh, due ? { type: 'first', dueAt: due, dueSoonAt: dueSoonAt(policy, due, from) } : null);
          await w.record(fresh, 'deadline_replanned', SYSTEM, {
            reason: 'response_policy_changed',
            due_at: { from: fresh.responseDueAt, to: due ? iso(due) : null },
          });
          n++;
        }
        return n;
      });
      if (page.length < PAGE) break;
    }
    if (changed) this.logger.info({ brandId, changed }, 'deadlines planned again for the new response policy');
    return changed;
  }
}
