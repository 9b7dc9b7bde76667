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
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const error = (data as { error?: { message?: string; field?: string } } | null)?.error;
    throw new ApiError(res.status, error?.message ?? res.statusText, error?.field);
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
