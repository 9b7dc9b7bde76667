/** The desk's client for the Defuse API: same origin, session cookie, CSRF token on writes. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
export const setCsrfToken = (t: string) => {
  csrfToken = t;
};

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(`/api/v1${path}`, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, data?.error?.message ?? res.statusText, data?.error?.field);
  return data as T;
}

export interface Brand {
  id: string;
  slug: string;
  name: string;
  role?: string | null;
}
export interface Me {
  user: { id: string; email: string; name: string; isAdmin?: boolean };
  brands: Brand[];
  csrf_token: string;
}
export interface Deadline {
  due_at: string;
  type: string;
  state: 'ok' | 'due_soon' | 'breached';
  minutes_left: number;
  escalated: boolean;
}
export interface CaseItem {
  id: string;
  channel: string;
  author: { handle: string; name: string | null };
  status: string;
  status_reason: string | null;
  assignee: { id: string; name: string | null } | null;
  subject: string;
  kind: string | null;
  sentiment: string | null;
  language: string | null;
  situation: string | null;
  topics: string[];
  public: boolean;
  mention_count: number;
  last_mention_at: string;
  playbook: string | null;
  flags: string[];
  deadline: Deadline | null;
  cooldown_until: string | null;
  fix: { ref: string; shipped_at: string | null } | null;
  follow_up: { state: string; at: string | null; reason: string | null } | null;
  replies_need_approval: boolean;
  snoozed_until: string | null;
}
export interface Finding {
  rule: string;
  severity: 'error' | 'warning';
  span: [number, number] | null;
  quote: string;
  explanation: string;
  suggestion: string;
}
export interface Reply {
  id: string;
  author_id: string;
  body: string;
  status: string;
  created_at: string;
  sent_at: string | null;
  send_at: string | null;
  approval: { reason: string | null; reviewed_by: string | null; note: string | null } | null;
  delivery: { channel: string; status: string; attempts: number; error: string | null } | null;
  findings: Finding[];
}
export interface Mention {
  id: string;
  channel: string;
  author: { handle: string; name: string | null; url: string | null };
  text: string;
  link: string | null;
  created_at: string;
  classification: {
    language: string;
    sentiment: string;
    kind: string;
    situation: string;
    topics: string[];
    signals: string[];
    confidence: { sentiment: number; kind: number } | null;
    reasons: string[];
    /** A language model's second reading, when the brand turned it on and the mention was unsure. */
    second_opinion?: { kind: string; sentiment: string; situation: string; reasons: string[]; from: { kind: string | null }; changed: boolean; applied: boolean } | null;
  } | null;
}
export interface TimelineItem {
  id: string;
  type: string;
  actor: { type: string; id: string | null };
  data: Record<string, unknown>;
  at: string;
  mention?: Mention;
  reply?: Reply;
  note?: { id: string; body: string; author_id: string };
}
export interface PlaybookStep {
  key: string;
  title: Record<string, string>;
  guidance: Record<string, string>;
  done: boolean;
  doneBy: string | null;
  doneAt: string | null;
}
export interface Playbook {
  situation: string;
  steps: PlaybookStep[];
  currentStep: string | null;
}
