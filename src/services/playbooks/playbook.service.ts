/**
 * Playbooks per brand (defaults, or the brand's own) and a case's progress
 * through its playbook: the current step, each step done by whom and when,
 * and a manager switching a case to another situation's playbook.
 */
import { type Clock, iso } from '../../domain/clock.js';
import { DEFAULT_PLAYBOOKS, RETENTION_STEP } from '../../domain/playbooks/default-playbooks.js';
import {
  isPlaybookKey,
  type Playbook,
  PLAYBOOK_KEYS,
  type PlaybookKey,
  playbookKeyFor,
  type PlaybookProgress,
  type PlaybookStep,
  playbookProgress,
  stepsForCase,
} from '../../domain/playbooks/playbook.js';
import { conflict, notFound, validationError } from '../../errors.js';
import type { Store } from '../../repositories/store.js';
import { type Actor, actorRef, authorize } from '../access.js';
import { type BrandSettings, brandSettings } from '../brand-settings.js';
import { CaseWriter } from '../cases/case-writer.js';
import type { CaseService } from '../cases/case.service.js';
import type { ReactionPlanner } from '../cases/reaction-planner.js';
import { type Notifier, Outbox } from '../people/notifier.js';

export function playbookFor(settings: BrandSettings, situation: PlaybookKey): Playbook {
  const own = settings.playbooks[situation];
  return { situation, steps: own ?? DEFAULT_PLAYBOOKS[situation], isDefault: !own };
}

export class PlaybookService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly cases: CaseService,
    private readonly planner: ReactionPlanner,
    private readonly notifier: Notifier,
  ) {}

  private async settings(brandId: string): Promise<BrandSettings> {
    const brand = await this.store.repos.brands.findById(brandId);
    if (!brand) throw notFound('Brand');
    return brandSettings(brand.settings);
  }

  async list(actor: Actor, brandId: string): Promise<Playbook[]> {
    authorize(actor, brandId, 'case.read');
    const s = await this.settings(brandId);
    return PLAYBOOK_KEYS.map((key) => playbookFor(s, key));
  }

  /** Replaces a situation's playbook for this brand (steps validated at the edge). */
  async put(actor: Actor, brandId: string, situation: PlaybookKey, steps: PlaybookStep[]): Promise<Playbook> {
    authorize(actor, brandId, 'policy.manage');
    const s = await this.settings(brandId);
    const next = { ...s, playbooks: { ...s.playbooks, [situation]: steps } };
    await this.store.repos.brands.updateSettings(brandId, next);
    return playbookFor(next, situation);
  }

  /** Back to the default playbook for this situation. */
  async reset(actor: Actor, brandId: string, situation: PlaybookKey): Promise<Playbook> {
    authorize(actor, brandId, 'policy.manage');
    const s = await this.settings(brandId);
    const playbooks = { ...s.playbooks };
    delete playbooks[situation];
    const next = { ...s, playbooks };
    await this.store.repos.brands.updateSettings(brandId, next);
    return playbookFor(next, situation);
  }

  async progress(actor: Actor, caseId: string): Promise<PlaybookProgress> {
    const c = await this.cases.load(actor, caseId, 'case.read');
    const situation = isPlaybookKey(c.playbook ?? '') ? (c.playbook as PlaybookKey) : playbookKeyFor(c);
    const playbook = playbookFor(await this.settings(c.brandId), situation);
    // A customer who says they are leaving gets a retention step in whatever playbook the case follows.
    const steps = stepsForCase(playbook, c.flags, RETENTION_STEP);
    return playbookProgress({ ...playbook, steps }, await this.store.repos.playbookSteps.forCase(c.id, situation));
  }

  async completeStep(actor: Actor, caseId: string, stepKey: string): Promise<PlaybookProgress> {
    const c = await this.cases.load(actor, caseId, 'case.update');
    const current = await this.progress(actor, caseId);
    const step = current.steps.find((s) => s.key === stepKey);
    if (!step) throw validationError(`no step "${stepKey}" in the ${current.situation} playbook`, 'step');
    if (step.done) throw conflict('this step is already done', 'step');
    const now = this.clock.now();
    await this.store.transaction(async (r) => {
      await r.playbookSteps.add({
        caseId: c.id,
        brandId: c.brandId,
        playbook: current.situation,
        stepKey,
        doneBy: actorRef(actor).actor_id,
        doneAt: iso(now),
      });
      const w = new CaseWriter(r, now);
      await w.record(c, 'step_done', actor, { playbook: current.situation, step: stepKey });
      await w.touch(c);
    });
    return this.progress(actor, caseId);
  }

  /**
   * A manager puts the case on another playbook (the classifier's choice was wrong, or the case changed): it is
   * planned again for it (approval, escalation: ReactionPlanner.replanForPlaybook), recorded in the timeline.
   */
  async switchPlaybook(actor: Actor, caseId: string, situation: PlaybookKey): Promise<PlaybookProgress> {
    const c = await this.cases.load(actor, caseId, 'policy.manage');
    if (c.playbook === situation) throw conflict(`the case already follows the ${situation} playbook`, 'situation');
    const now = this.clock.now();
    const outbox = new Outbox();
    await this.store.transaction(async (r) => {
      const fresh = (await r.cases.lockById(c.id))!;
      if (fresh.playbook !== c.playbook) throw conflict('the case changed meanwhile; reload and try again');
      const [mention] = (await r.mentions.list({ brandId: c.brandId, caseId: c.id }, 1, undefined, 'asc')).items;
      if (!mention) throw conflict('the case has no mention to plan from');
      const settings = brandSettings((await r.brands.findById(c.brandId))?.settings);
      const channelKey = (await r.mentions.findChannel(c.channelId))?.key ?? '';
      await this.planner.replanForPlaybook(r, fresh, situation, actor, { mention, channelKey, settings, outbox, now });
    });
    await this.notifier.flush(outbox, (brandId) => this.settings(brandId));
    return this.progress(actor, caseId);
  }
}
