/**
 * A person overrules an automatic decision: a case the troll policy silenced
 * by itself is brought back to work with one click — status "in progress", a
 * normal first-response deadline from now, recorded in the timeline — and,
 * when the person names the right kind, the model's mistake is stored as a
 * correction for retraining.
 */
import type { Clock } from '../../domain/clock.js';
import type { Kind } from '../../domain/labels.js';
import { conflict } from '../../errors.js';
import type { Store } from '../../repositories/store.js';
import type { Actor } from '../access.js';
import type { CorrectionService } from '../correction.service.js';
import { type Notifier, Outbox } from '../people/notifier.js';
import { brandSettings } from '../brand-settings.js';
import { type CaseDetail, type CaseService, firstResponseDeadline } from './case.service.js';
import { CaseWriter } from './case-writer.js';

export const BROUGHT_BACK_REASON = 'brought back to work: a person overruled "not engaging"';

export class ReviewService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly cases: CaseService,
    private readonly corrections: CorrectionService,
    private readonly notifier: Notifier,
  ) {}

  /** Brings a "not engaging" case back to work; `kind`, when it differs from the model's, is stored as a correction. */
  async bringBack(actor: Actor, id: string, kind?: Kind): Promise<CaseDetail> {
    const c = await this.cases.load(actor, id, 'case.update');
    if (c.status !== 'not_engaging') throw conflict(`only a case that is not engaged can be brought back (this one is ${c.status})`, 'status');
    const settings = await this.cases.settingsOf(c.brandId);
    const now = this.clock.now();
    const outbox = new Outbox();
    await this.store.transaction(async (r) => {
      const fresh = (await r.cases.findById(id))!;
      if (fresh.status !== 'not_engaging') throw conflict('the case changed meanwhile; reload and try again');
      const events = await r.cases.events(id);
      const auto = [...events].reverse().find((e) => e.type === 'automatic_action' && e.data.action === 'not_engaging');
      const autoData = auto ? auto.data : null;
      const mentionId = typeof autoData?.mention_id === 'string' ? autoData.mention_id : undefined;
      const mention = mentionId
        ? await r.mentions.findById(mentionId)
        : (await r.mentions.list({ brandId: c.brandId, caseId: id }, 1, undefined, 'asc')).items[0];
      const w = new CaseWriter(r, now);
      await w.move(fresh, 'in_progress', BROUGHT_BACK_REASON, actor);
      const channelKey = (await r.cases.findView(id))?.channelKey ?? '';
      const deadline = fresh.firstResponseAt
        ? null
        : firstResponseDeadline(settings, channelKey, { kind: kind ?? fresh.kind, isPublic: fresh.isPublic }, now);
      if (deadline) await w.setDeadline(fresh, deadline);
      await w.record(fresh, 'brought_back', actor, {
        from_reason: fresh.statusReason,
        automatic: autoData,
        kind: kind ?? null,
        mention_id: mention?.id ?? null,
      });
      if (kind && mention && kind !== mention.kind) await this.corrections.correctIn(r, actor, mention, { kind }, now, outbox, { replan: false });
    });
    await this.notifier.flush(outbox, async (brandId) => brandSettings((await this.store.repos.brands.findById(brandId))?.settings));
    return this.cases.get(actor, id);
  }
}
