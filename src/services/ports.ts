/**
 * What services need from the outside world, as interfaces: the container
 * (src/container.ts) hands services the concrete adapters (src/adapters), so
 * no service imports one, and tests may hand in their own.
 */

/** An e-mail to send. */
export interface OutgoingMail {
  to: string | { name: string; address: string } | string[];
  subject: string;
  text: string;
  /** Answer in this thread (a Message-ID, with its angle brackets). */
  inReplyTo?: string;
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; content: string | Buffer; contentType: string }>;
}

/** Sends e-mail from the installation's sender address (DEFUSE_SMTP_FROM). */
export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string | null }>;
}

/** Prints a self-contained HTML page to PDF. */
export interface PdfRenderer {
  render(html: string): Promise<Buffer>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Per-call choices; omitted ones take the drafts' defaults (temperature 0.3, 400 tokens, free text). */
export interface LlmCallOptions {
  temperature?: number;
  maxTokens?: number;
  /** e.g. `{ type: 'json_schema', json_schema: {...} }`; servers that do not know it may answer 400. */
  responseFormat?: Record<string, unknown>;
}

/** The endpoint answered with an HTTP error status (a timeout is a `TimeoutError` instead). */
export class LlmHttpError extends Error {
  constructor(readonly status: number) {
    super(`the language model answered ${status}`);
    this.name = 'LlmHttpError';
  }
}

/** A language model (an OpenAI-compatible chat endpoint); throws on failure or timeout. */
export interface LlmClient {
  complete(messages: ChatMessage[], options?: LlmCallOptions): Promise<string>;
}

/** A client bound to one endpoint and model, with what callers may show or log of it (never the key). */
export interface LlmConnection {
  client: LlmClient;
  baseUrl: string;
  model: string;
  timeoutMs: number;
}

/**
 * Clients for the endpoint a caller names: the installation's
 * (DEFUSE_LLM_BASE_URL, with DEFUSE_LLM_API_KEY) when `baseUrl` is omitted —
 * null if none is configured — or another one (a brand's own), which is never
 * sent the installation's API key. `model` omitted means DEFUSE_LLM_MODEL.
 */
export type LlmClientFactory = (target: { baseUrl?: string; model?: string }) => LlmConnection | null;

/**
 * Counters for the operators' monitoring (`/metrics`): the services report what they did, the adapter
 * (src/adapters/metrics) keeps the figures. Nothing about a brand or a person is passed.
 */
export interface ProcessingMetrics {
  /** One ingest call stored `created` new mentions and recognised `duplicates`. */
  mentionsIngested(created: number, duplicates: number): void;
  /** One mention went through processing: `processed`, `skipped` (already processed) or `failed`; wall time in seconds. */
  mentionProcessed(outcome: 'processed' | 'skipped' | 'failed', seconds: number): void;
}

/**
 * Which cases changed, told as soon as the change commits, so the live inbox (`GET /events`) pushes it at once
 * instead of waiting for its next poll. Across the threads of one process (the job worker thread and the HTTP
 * server); other processes are still seen by the events route's poll (and, on PostgreSQL, LISTEN/NOTIFY).
 */
export interface CaseChangeFeed {
  casesChanged(changes: { brandId: string; caseIds: string[] }[]): void;
  /** Calls `listener` for each brand's changes told by any thread of this process; returns the unsubscribe. */
  subscribe(listener: (change: { brandId: string; caseIds: string[] }) => void): () => void;
}

/**
 * Encrypts small secrets (a channel's password or token) with the installation key for storage; `open` throws when
 * the text was changed or sealed with another key.
 */
export interface SecretBox {
  seal(value: Record<string, unknown>): string;
  open(sealed: string): Record<string, unknown>;
}
