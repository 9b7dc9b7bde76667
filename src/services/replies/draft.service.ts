/**
 * Drafts a reply for a case: from the brand's template for the case's
 * situation and current playbook step, in the customer's language, with the
 * case's facts filled in. With a language model configured, the model drafts
 * from the same context (the customer's messages, the playbook step and its
 * guidance, the template draft); its output always goes through the checker,
 * and any failure or timeout falls back to the template.
 */
import type { Logger } from 'pino';
import type { IdeaOutcome } from '../../domain/cases/follow-through.js';
import { publicGoingPrivateReply } from '../../domain/replies/going-private.js';
import { type Facts, findOrderReference, formatDate, pickTemplate, renderTemplate } from '../../domain/replies/draft-templates.js';
import { type CheckLanguage, checkReply, type Finding, isCheckLanguage, RULES } from '../../domain/replies/reply-checker.js';
import { localize } from '../../domain/playbooks/playbook.js';
import type { PlaybookKey } from '../../domain/playbooks/playbook.js';
import type { Store } from '../../repositories/store.js';
import type { Actor } from '../access.js';
import type { ChatMessage, LlmClient } from '../ports.js';
import type { CaseService } from '../cases/case.service.js';
import type { PlaybookService } from '../playbooks/playbook.service.js';

export interface DraftRequest {
  step?: string;
  lang?: string;
  /** Facts the responder adds: an order reference, a date (YYYY-MM-DD or text). */
  facts?: { order?: string; date?: string };
  engine?: 'template' | 'llm';
  /** The short public reply of going private, from the domain's template: for a private message, or a call at `callAt`. */
  goingPrivate?: 'message' | 'call';
  callAt?: string;
  /** Tell the customer what became of their idea: the idea playbook's answer for that outcome, whatever the case's playbook. */
  ideaOutcome?: IdeaOutcome;
}

export interface Draft {
  text: string;
  lang: CheckLanguage;
  situation: PlaybookKey;
  step: string | null;
  engine: 'template' | 'llm';
  /** Why the language model was not used, when it was asked for. */
  fallback: string | null;
  findings: Finding[];
}

const LANGUAGE_NAMES: Record<CheckLanguage, string> = { en: 'English', ru: 'Russian', ro: 'Romanian', ar: 'Arabic' };

/** What the language model is told when the reply tells the customer what became of their idea. */
const IDEA_OUTCOME_BRIEF: Record<IdeaOutcome, string> = {
  done: 'The customer suggested an idea and the team has now done it: thank them for it and tell them it is live.',
  declined:
    'The customer suggested an idea and the team decided not to do it: thank them, say so plainly and honestly, without a promise you cannot keep, and keep the door open.',
};

export class DraftService {
  constructor(
    private readonly store: Store,
    private readonly cases: CaseService,
    private readonly playbooks: PlaybookService,
    /** The language model, when one is configured. */
    private readonly llm: LlmClient | null,
    private readonly logger: Logger,
  ) {}

  get llmEnabled(): boolean {
    return this.llm !== null;
  }

  async draft(actor: Actor, caseId: string, req: DraftRequest): Promise<Draft> {
    const c = await this.cases.load(actor, caseId, 'reply.write');
    const progress = await this.playbooks.progress(actor, caseId);
    const step = req.ideaOutcome ? `answer_${req.ideaOutcome}` : (req.step ?? progress.currentStep);
    const lang: CheckLanguage = isCheckLanguage(req.lang) ? req.lang : isCheckLanguage(c.language) ? c.language : 'en';
    const settings = await this.cases.settingsOf(c.brandId);
    const view = (await this.store.repos.cases.findView(c.id))!;
    const mentions = (await this.store.repos.mentions.list({ brandId: c.brandId, caseId: c.id }, 20, undefined, 'asc')).items;
    const brand = await this.store.repos.brands.findById(c.brandId);
    const agent = actor.type === 'user' ? (await this.store.repos.users.findById(actor.userId))?.name : undefined;
    const dateFact = req.facts?.date ?? c.fixShippedAt ?? undefined;
    const facts: Facts = {
      name: firstName(view.authorDisplayName) ?? view.authorHandle.replace(/^@/, ''),
      order: req.facts?.order ?? findOrderReference(mentions.map((m) => m.text)) ?? undefined,
      date: dateFact
        ? /^\d{4}-\d{2}-\d{2}/.test(dateFact)
          ? formatDate(new Date(dateFact), lang, settings.responsePolicy.calendar.timeZone)
          : dateFact
        : undefined,
      agent,
      brand: brand?.name,
    };
    const situation: PlaybookKey = req.ideaOutcome ? 'idea' : progress.situation;
    if (req.goingPrivate) {
      const callAt =
        req.goingPrivate === 'call' && req.callAt ? { when: new Date(req.callAt), timeZone: settings.responsePolicy.calendar.timeZone } : undefined;
      const text = publicGoingPrivateReply(lang, req.goingPrivate, callAt);
      const ctxGp = { kind: c.kind, sentiment: c.sentiment, firstReply: !c.firstResponseAt, mentionText: mentions.at(-1)?.text ?? null };
      return { lang, situation, step, text, engine: 'template', fallback: null, findings: checkReply(text, lang, ctxGp) };
    }
    const template = pickTemplate(situation, step, lang, settings.replyTemplates);
    const fromTemplate = template ? renderTemplate(template, facts) : '';
    const ctx = { kind: c.kind, sentiment: c.sentiment, firstReply: !c.firstResponseAt, mentionText: mentions.at(-1)?.text ?? null };
    const base: Omit<Draft, 'text' | 'findings' | 'engine' | 'fallback'> = { lang, situation, step };

    const wantLlm = req.engine === 'llm' || (req.engine === undefined && this.llmEnabled);
    if (wantLlm) {
      if (!this.llm) {
        return {
          ...base,
          text: fromTemplate,
          engine: 'template',
          fallback: 'no language model is configured',
          findings: checkReply(fromTemplate, lang, ctx),
        };
      }
      const stepInfo = progress.steps.find((s) => s.key === step);
      const messages: ChatMessage[] = [
        {
          role: 'system',
          content: [
            `You write one reply for a company's support team to a customer, in ${LANGUAGE_NAMES[lang]}, in a calm, human voice.`,
            'Rules: start with thanks and an apology in your own words; calm first, specifics second; answer on substance with facts and a date or a wait;',
            'never use stock phrases, never blame the customer, never ask them to delete or edit their post, no jokes, no sarcasm, no bare links instead of an answer.',
            stepInfo ? `Current playbook step: ${localize(stepInfo.title, lang)} — ${localize(stepInfo.guidance, lang)}` : '',
            req.ideaOutcome ? IDEA_OUTCOME_BRIEF[req.ideaOutcome] : '',
            `Avoid: ${Object.values(RULES)
              .map((r) => r.explanation)
              .join(' ')}`,
            'Answer with the reply text only.',
          ]
            .filter(Boolean)
            .join('\n'),
        },
        {
          role: 'user',
          content: [
            `Customer (${facts.name ?? 'unknown'}) wrote:`,
            ...mentions.slice(-5).map((m) => `- ${m.text.slice(0, 1000)}`),
            facts.order ? `Order/ticket: ${facts.order}` : '',
            facts.date ? `Date to give: ${facts.date}` : '',
            `A draft to improve on: ${fromTemplate}`,
          ]
            .filter(Boolean)
            .join('\n'),
        },
      ];
      try {
        const text = await this.llm.complete(messages);
        return { ...base, text, engine: 'llm', fallback: null, findings: checkReply(text, lang, ctx) };
      } catch (err) {
        const reason = (err as Error).name === 'TimeoutError' ? 'the language model timed out' : (err as Error).message;
        this.logger.warn({ caseId, reason }, 'drafting with the language model failed; using the template');
        return { ...base, text: fromTemplate, engine: 'template', fallback: reason, findings: checkReply(fromTemplate, lang, ctx) };
      }
    }
    return { ...base, text: fromTemplate, engine: 'template', fallback: null, findings: checkReply(fromTemplate, lang, ctx) };
  }
}

function firstName(display: string | null): string | undefined {
  const first = display?.trim().split(/\s+/)[0];
  return first || undefined;
}
