/**
 * Every background job Defuse runs, with its payload. The registry refuses to
 * start unless each name here has exactly one handler.
 */
export const JOB_NAMES = [
  'mention.process',
  'mention.sweep',
  'reaction.tick',
  'webhook.deliver',
  'reply.deliver',
  'reports.detect',
  'reports.scheduled',
  'classification.second_opinion',
  'brand.train',
  'cases.daily_list',
  'cases.replan_deadlines',
  'sessions.cleanup',
  'mail.send',
  'data.retention',
  'channels.poll',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface JobPayloads {
  /** Classify and thread these mentions (idempotent: processed ones are skipped). */
  'mention.process': { mentionIds: string[] };
  /** Re-enqueue mentions that were accepted but never processed (e.g. after a crash). */
  'mention.sweep': Record<string, never>;
  /** Escalate what is due soon, record breaches, end cool-downs, send scheduled replies, raise follow-up checks. */
  'reaction.tick': Record<string, never>;
  /** POST one event to a brand's webhook (retried with backoff). */
  'webhook.deliver': { url: string; secret?: string; event: string; body: Record<string, unknown> };
  /** Hand a reply to its channel adapter (webhook, SMTP); retried with backoff, then marked failed. */
  'reply.deliver': { replyId: string };
  /** Look for topics rising above their weekly baseline (systemic problems). */
  'reports.detect': Record<string, never>;
  /** E-mail the reports of months and quarters that ended to the brands that asked for them. */
  'reports.scheduled': Record<string, never>;
  /** Ask the brand's language model for a second reading of a mention the desk would not act on by itself. */
  'classification.second_opinion': { mentionId: string };
  /** Retrain a brand's classifier layer from its corrections (queued after every N corrections). */
  'brand.train': { brandId: string };
  /** Tell each brand's managers, once a day, what the desk decided by itself (silenced, held, escalated). */
  'cases.daily_list': Record<string, never>;
  /** The brand's response policy changed: plan the open cases' owed first answers again by it. */
  'cases.replan_deadlines': { brandId: string };
  /** Delete expired sessions and stale counts of failed sign-ins (hourly). */
  'sessions.cleanup': Record<string, never>;
  /** E-mail a brand's contact (legal, for black PR and threats, with the evidence); needs the installation's SMTP. */
  'mail.send': { brandId: string; caseId: string | null; to: string[]; subject: string; text: string };
  /** Erase mentions older than each brand's retention period, their cases and authors left without text (hourly). */
  'data.retention': Record<string, never>;
  /** Fetch every channel connection that is due (every minute): new items become mentions. */
  'channels.poll': Record<string, never>;
}

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
  /** At most one job with this key waiting to run at a time. */
  singletonKey?: string;
  /** pg-boss only: a singleton key is unique within time slots of this many seconds (default 30). */
  singletonSeconds?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/** Exponential backoff before retry number `attempt` (1-based): 2s, 4s, 8s … capped at 10 minutes. */
export function retryDelayMs(attempt: number): number {
  return Math.min(2 ** attempt * 1000, 10 * 60 * 1000);
}
