/**
 * Table types for Kysely. The same shapes hold on SQLite and PostgreSQL:
 * ids are text (UUIDv7, time-ordered), times are ISO-8601 UTC text (they sort
 * as text), booleans are integers 0/1 and JSON is text, so one query code
 * serves both dialects.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface BrandsTable {
  id: string;
  slug: string;
  name: string;
  settings: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  /** 1: a password handed over (generated), to be replaced by one the person chooses. */
  password_temporary: Generated<number>;
  is_admin: number;
  disabled: number;
  created_at: string;
  last_sign_in_at: string | null;
}

export interface MembershipsTable {
  user_id: string;
  brand_id: string;
  role: string;
  created_at: string;
  available: Generated<number>;
  is_new: Generated<number>;
  last_assigned_at: string | null;
  /** Set when a brand admin deactivated this membership: listed, but no access to the brand. */
  deactivated_at: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface SignInFailuresTable {
  email: string;
  failures: number;
  last_at: string;
  locked_until: string | null;
}

/** A one-time link: an invitation to a brand or a password reset (the SHA-256 of its secret, never the secret). */
export interface AccountLinksTable {
  id: string;
  purpose: string;
  token_hash: string;
  email: string;
  user_id: string | null;
  brand_id: string | null;
  role: string | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ApiTokensTable {
  id: string;
  brand_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ChannelsTable {
  id: string;
  brand_id: string;
  key: string;
  name: string;
  created_at: string;
}

/** A brand's connection to a channel (migration 0019): config, sealed secrets, listening query, cursor, health. */
export interface ChannelConnectionsTable {
  id: string;
  brand_id: string;
  channel_id: string;
  type: string;
  name: string;
  /** JSON, no secrets. */
  config: string;
  /** AES-256-GCM ciphertext (src/adapters/crypto/secret-box.ts), or null. */
  secrets: string | null;
  /** JSON listening query, or null. */
  query: string | null;
  status: string;
  cursor: string | null;
  last_polled_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  failures: Generated<number>;
  next_poll_at: string | null;
  /** 0/1: the current failing spell was notified. */
  error_notified: Generated<number>;
  lag_seconds: number | null;
  claimed_until: string | null;
  hook_secret_hash: string | null;
  created_at: string;
  updated_at: string;
}

/** The newest items fetched by each connection (at most 500 kept): the listening preview's material. */
export interface ChannelItemsTable {
  id: string;
  connection_id: string;
  brand_id: string;
  external_id: string;
  text: string;
  author_handle: string;
  link: string | null;
  created_at: string | null;
  fetched_at: string;
  /** 0/1: the item passed the connection's listening query (and became a mention). */
  matched: number;
}

export interface AuthorsTable {
  id: string;
  brand_id: string;
  channel_id: string;
  handle: string;
  display_name: string | null;
  profile_url: string | null;
  created_at: string;
  /** Set when the author's data was erased (handle and names replaced by a pseudonym). */
  erased_at: Generated<string | null>;
}

export interface MentionsTable {
  id: string;
  brand_id: string;
  channel_id: string;
  external_id: string;
  author_id: string;
  text: string;
  search_text: string;
  link: string | null;
  posted_at: string;
  received_at: string;
  is_public: number;
  in_reply_to: string | null;
  extra: string | null;
  case_id: string | null;
  processed_at: string | null;
  language: string | null;
  sentiment: string | null;
  kind: string | null;
  situation: string | null;
  signals: string | null;
  classification: string | null;
  /** Set when the text, link and extra fields were erased (a data request or the brand's retention). */
  erased_at: Generated<string | null>;
  /** 1 when imported as history (`defuse import --history`): filed without a deadline. */
  history: Generated<number>;
}

export interface MentionTopicsTable {
  mention_id: string;
  brand_id: string;
  topic: string;
}

export interface CasesTable {
  id: string;
  brand_id: string;
  channel_id: string;
  author_id: string;
  thread_key: string;
  status: string;
  status_reason: string | null;
  assignee_id: string | null;
  subject: string;
  kind: string | null;
  sentiment: string | null;
  language: string | null;
  situation: string | null;
  is_public: number;
  mention_count: number;
  opened_at: string;
  last_mention_at: string;
  updated_at: string;
  /** The situation whose playbook the case follows. */
  playbook: string | null;
  team_id: string | null;
  /** JSON array of CaseFlag. */
  flags: string;
  /** Impulsive: no reply goes out before this (cool-down). */
  hold_until: string | null;
  /** The response the team owes now, and by when ('first' or 'next'). */
  response_due_at: string | null;
  response_type: string | null;
  /** When the current deadline becomes "due soon" (the manager is told then). */
  due_soon_at: string | null;
  escalated_at: string | null;
  first_response_at: string | null;
  replies_need_approval: number;
  fix_ref: string | null;
  fix_shipped_at: string | null;
  follow_up_state: string | null;
  follow_up_at: string | null;
  follow_up_reason: string | null;
  /** A snoozed case waits until then, then goes back to work. */
  snoozed_until: string | null;
  /** Minutes from the case opening to the first reply, once replied. */
  first_response_minutes: number | null;
  /** Set when the case's texts (subject, replies, notes) were erased. */
  erased_at: Generated<string | null>;
  /** The earliest due time of the case's open call-back tasks. */
  task_due_at: Generated<string | null>;
  /** The inbox's deadline: the earlier of response_due_at and task_due_at (kept by the case repository). */
  due_at: Generated<string | null>;
}

export interface CaseEventsTable {
  id: string;
  brand_id: string;
  case_id: string;
  type: string;
  actor_type: string;
  actor_id: string | null;
  data: string;
  created_at: string;
}

export interface RepliesTable {
  id: string;
  brand_id: string;
  case_id: string;
  author_id: string;
  body: string;
  status: string;
  created_at: string;
  sent_at: string | null;
  /** A scheduled reply goes out then (after a cool-down). */
  send_at: string | null;
  approval_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_note: string | null;
  /** manual, webhook, email, or connector:<type> (published through the channel's connector). */
  delivery_channel: string | null;
  /** awaiting_manual, pending, delivered, failed. */
  delivery_status: string | null;
  delivery_attempts: Generated<number>;
  delivery_error: string | null;
  delivered_at: string | null;
  external_id: string | null;
  /** JSON: the checker's findings when the reply was written. */
  checked_findings: string | null;
  /** public: an answer in the thread; private: a private message to the customer (always so by e-mail). */
  visibility: Generated<string>;
  /** Going private: the pair's id (the public reply's id), on both replies of the pair. */
  pair_id: Generated<string | null>;
  /** Where the published reply can be read on the channel, when the connector said (migration 0022). */
  external_link: Generated<string | null>;
}

/** A tag on a case (migration 0029): normalised text, see domain/cases/tags.ts. */
export interface CaseTagsTable {
  brand_id: string;
  case_id: string;
  tag: string;
  created_at: string;
  /** The person who put it on; null for an API token or the system. */
  created_by: string | null;
}

/** A task on a case: a call-back promised to the customer (kind 'call_back'). */
export interface CaseTasksTable {
  id: string;
  brand_id: string;
  case_id: string;
  kind: string;
  phone: string | null;
  note: string | null;
  due_at: string;
  assignee_id: string | null;
  created_by: string | null;
  done_at: string | null;
  done_by: string | null;
  /** When the "it is due" notification went out (once). */
  notified_at: string | null;
  created_at: string;
}

export interface NotesTable {
  id: string;
  brand_id: string;
  case_id: string;
  author_id: string;
  body: string;
  created_at: string;
}

export interface JobsTable {
  id: string;
  name: string;
  payload: string;
  status: string;
  run_at: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  locked_until: string | null;
  singleton_key: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface TeamsTable {
  id: string;
  brand_id: string;
  name: string;
  created_at: string;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  brand_id: string;
}

export interface CaseStepsTable {
  case_id: string;
  brand_id: string;
  playbook: string;
  step_key: string;
  done_by: string | null;
  done_at: string;
}

export interface NotificationsTable {
  id: string;
  brand_id: string;
  user_id: string;
  type: string;
  case_id: string | null;
  data: string;
  created_at: string;
  read_at: string | null;
}

export interface DeadlineBreachesTable {
  id: string;
  brand_id: string;
  case_id: string;
  response_type: string;
  channel_id: string;
  kind: string | null;
  due_at: string;
  breached_at: string;
  responded_at: string | null;
}

export interface SavedViewsTable {
  id: string;
  user_id: string;
  brand_id: string;
  name: string;
  /** JSON: the inbox filter (domain/cases/saved-view.ts). */
  filter: string;
  created_at: string;
}

export interface IdeasTable {
  id: string;
  brand_id: string;
  case_id: string;
  mention_id: string | null;
  summary: string;
  status: string;
  status_note: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  answered_at: string | null;
  /** The outcome (declined, done) an open "tell the customer" prompt is about; null when none is open. */
  tell_prompt: string | null;
  /** The last outcome a prompt was raised for: each is raised once. */
  prompted_status: string | null;
}

export interface ClassificationCorrectionsTable {
  id: string;
  brand_id: string;
  mention_id: string;
  user_id: string;
  kind: string | null;
  sentiment: string | null;
  situation: string | null;
  /** JSON array, or null when not corrected. */
  topics: string | null;
  /** JSON: the classifier's labels before the correction. */
  original: string;
  created_at: string;
}

/** One call (or skip) of the second-opinion model; see migration 0010. */
export interface SecondOpinionsTable {
  id: string;
  brand_id: string;
  mention_id: string;
  requested_at: string;
  /** scheduled (a reserved later slot) | pending | agreed | changed | invalid | timeout | error | capped */
  outcome: string;
  model: string | null;
  latency_ms: number | null;
  /** Why an answer was refused or a call failed. */
  detail: string | null;
}

export interface MentionSignaturesTable {
  mention_id: string;
  brand_id: string;
  author_id: string;
  posted_at: string;
  /** MinHash signature, comma-separated. */
  signature: string;
}

export interface MentionBandsTable {
  brand_id: string;
  band_key: string;
  mention_id: string;
  posted_at: string;
}

export interface CampaignsTable {
  id: string;
  brand_id: string;
  sample: string;
  size: number;
  authors: number;
  first_at: string;
  last_at: string;
  created_at: string;
}

export interface CampaignMentionsTable {
  campaign_id: string;
  mention_id: string;
  case_id: string | null;
}

export interface SystemicAlertsTable {
  id: string;
  brand_id: string;
  /** What rose: "topic:delivery". */
  series: string;
  window_start: string;
  observed: number;
  expected: string;
  p_value: string;
  /** JSON: example mentions {id, text}. */
  examples: string;
  created_at: string;
}

export interface ReportDeliveriesTable {
  brand_id: string;
  period: string;
  recipients: string;
  sent_at: string;
}

export interface MentionDailyTable {
  brand_id: string;
  day: string;
  channel_id: string;
  kind: string;
  sentiment: string;
  language: string;
  n: number;
}

export interface TopicDailyTable {
  brand_id: string;
  day: string;
  kind: string;
  topic: string;
  n: number;
}

export interface CaseDailyTable {
  brand_id: string;
  day: string;
  cases: number;
  answered: number;
}

export interface ResponseDailyTable {
  brand_id: string;
  day: string;
  minutes: number;
  n: number;
}

/** A brand's classifier layer learned from its corrections (domain/classification/brand-layer.ts), as JSON. */
export interface BrandModelsTable {
  brand_id: string;
  version: number;
  model: string;
  /** How many corrections the brand had when this was trained (the next retraining counts from here). */
  corrections: number;
  examples: number;
  summary: string;
  trained_at: string;
}

/** The audit trail of data requests (exports, erasures, retention runs); see migration 0013. */
export interface AuditEventsTable {
  id: string;
  brand_id: string;
  type: string;
  actor_type: string;
  actor_id: string | null;
  data: string;
  created_at: string;
}

export interface DefuseDatabase {
  account_links: AccountLinksTable;
  audit_events: AuditEventsTable;
  brand_models: BrandModelsTable;
  case_daily: CaseDailyTable;
  response_daily: ResponseDailyTable;
  mention_daily: MentionDailyTable;
  topic_daily: TopicDailyTable;
  report_deliveries: ReportDeliveriesTable;
  mention_signatures: MentionSignaturesTable;
  mention_bands: MentionBandsTable;
  campaigns: CampaignsTable;
  campaign_mentions: CampaignMentionsTable;
  systemic_alerts: SystemicAlertsTable;
  classification_corrections: ClassificationCorrectionsTable;
  second_opinions: SecondOpinionsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  case_steps: CaseStepsTable;
  notifications: NotificationsTable;
  deadline_breaches: DeadlineBreachesTable;
  ideas: IdeasTable;
  saved_views: SavedViewsTable;
  settings: SettingsTable;
  brands: BrandsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  sign_in_failures: SignInFailuresTable;
  api_tokens: ApiTokensTable;
  channels: ChannelsTable;
  channel_connections: ChannelConnectionsTable;
  channel_items: ChannelItemsTable;
  authors: AuthorsTable;
  mentions: MentionsTable;
  mention_topics: MentionTopicsTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  replies: RepliesTable;
  case_tasks: CaseTasksTable;
  case_tags: CaseTagsTable;
  notes: NotesTable;
  jobs: JobsTable;
}

export type MentionRow = Selectable<MentionsTable>;
export type NewMentionRow = Insertable<MentionsTable>;
export type CaseRow = Selectable<CasesTable>;
export type CaseUpdate = Updateable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
export type UserRow = Selectable<UsersTable>;
export type BrandRow = Selectable<BrandsTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type IdeaRow = Selectable<IdeasTable>;
export type SavedViewRow = Selectable<SavedViewsTable>;
export type TeamRow = Selectable<TeamsTable>;
export type BreachRow = Selectable<DeadlineBreachesTable>;
export type CorrectionRow = Selectable<ClassificationCorrectionsTable>;
export type BrandModelRow = Selectable<BrandModelsTable>;
export type CampaignRow = Selectable<CampaignsTable>;
export type SystemicAlertRow = Selectable<SystemicAlertsTable>;
