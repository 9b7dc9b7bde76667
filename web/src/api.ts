/** The desk's client for the Defuse API: same origin, session cookie, CSRF token on writes. */

/** An error as the API sends it: `{"error": {…}}`. */
export interface ErrorBody {
  id?: string;
  message?: string;
  field?: string;
  problem?: string;
  params?: Record<string, string | number>;
}

/** How a refusal reads: the whole line, and the problem alone (for beside its field, where its label already is). */
export interface ErrorWords {
  message: string;
  detail: string;
}

/** The server's English line, and the same without the field's name in front. */
export function englishWords(body: ErrorBody, fallback: string): ErrorWords {
  const message = body.message ?? fallback;
  return { message, detail: body.field && message.startsWith(`${body.field}: `) ? message.slice(body.field.length + 2) : message };
}

let errorWords: (body: ErrorBody, fallback: string) => ErrorWords = englishWords;
/** How the desk words errors in its language (api-errors.ts, set up by main.tsx); the server's English until then. */
export const wordErrorsWith = (words: typeof errorWords) => {
  errorWords = words;
};

/**
 * A refused call. `message` is in the desk's language when the server named the problem (see api-errors.ts),
 * `detail` the same without the field's name (for beside the field), `english` the server's own line.
 */
export class ApiError extends Error {
  readonly detail: string;
  readonly english: string;
  readonly id: string | undefined;
  readonly problem: string | undefined;
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    more: { detail?: string; english?: string; id?: string; problem?: string } = {},
  ) {
    super(message);
    this.detail = more.detail ?? message;
    this.english = more.english ?? message;
    this.id = more.id;
    this.problem = more.problem;
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
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const error = (data as { error?: ErrorBody } | null)?.error ?? {};
    const words = errorWords(error, res.statusText);
    throw new ApiError(res.status, words.message, error.field, {
      detail: words.detail,
      english: error.message ?? res.statusText,
      id: error.id,
      problem: error.problem,
    });
  }
  return data as T;
}

/*
 * The API's answers, typed from the server's own response schemas
 * (src/http/contract): a server change that breaks the desk fails
 * `tsc -p web` in `npm test`. Type imports only: nothing of the server is
 * bundled.
 */
export type {
  AuthorContext,
  Brand,
  BrandModelStatus,
  BrandModelTraining,
  Campaign,
  Colleague,
  Case as CaseItem,
  CreatedToken,
  DailyListItem,
  Dashboard,
  Deadline,
  Finding,
  Idea,
  Invitation,
  InvitationPreview,
  IssuedLink,
  Me,
  Member,
  Mention,
  Notification,
  PlaybookProgress as Playbook,
  PlaybookStep,
  Reply,
  Report,
  SecondOpinionUsage,
  SystemicAlert,
  TagCount,
  Task,
  Team,
  Token,
  TimelineEntry as TimelineItem,
} from '../../src/http/contract/index.js';
