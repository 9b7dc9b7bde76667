/**
 * The one typed configuration of Defuse, read from environment variables and
 * validated at boot. `loadConfig` throws a {@link ConfigError} listing every
 * problem at once, so an operator fixes them in one go.
 */
import { dirname, join } from 'node:path';
import { z } from 'zod';

const boolFromEnv = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every variable Defuse reads, with its default. The README's table mirrors this list. */
export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/defuse.db')
    .refine((v) => /^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(v), {
      message: 'must start with sqlite: (file path or :memory:) or postgres://',
    }),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** The same as LOG_LEVEL (and wins over it); either one set makes operator commands log too. */
  DEFUSE_LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  /** Where people reach the desk: the start of the links in invitations and password resets. */
  DEFUSE_PUBLIC_URL: z.url().optional(),
  DEFUSE_ADMIN_EMAIL: z.email().optional(),
  DEFUSE_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  DEFUSE_THREAD_WINDOW_HOURS: positiveInt(72),
  /** The inbox counts its cases up to this many; beyond, `total` is this figure with `total_capped: true`. */
  DEFUSE_INBOX_COUNT_CAP: positiveInt(1_000),
  DEFUSE_SESSION_TTL_HOURS: positiveInt(24 * 7),
  DEFUSE_COOKIE_SECURE: boolFromEnv.default(false),
  DEFUSE_LOGIN_MAX_PER_MINUTE: positiveInt(10),
  DEFUSE_JOB_POLL_MS: positiveInt(500),
  DEFUSE_JOB_CONCURRENCY: positiveInt(2),
  /** `defuse serve` runs its jobs in a worker thread of its own (false: on the server's own thread). */
  DEFUSE_WORKER_THREAD: boolFromEnv.default(true),
  /** Mentions processed in one transaction, at most. */
  DEFUSE_PROCESS_BATCH: positiveInt(100),
  /** A processing transaction commits once its mentions took this long (the SQLite write lock is not held longer). */
  DEFUSE_PROCESS_BATCH_MS: positiveInt(50),
  /** How often each worker queues the sweep for stored mentions never processed. */
  DEFUSE_SWEEP_INTERVAL_MS: positiveInt(60_000),
  /** How long a stored mention may wait for processing before the sweep queues it again. */
  DEFUSE_SWEEP_AFTER_MS: positiveInt(10 * 60_000),
  DEFUSE_MAX_BODY_BYTES: positiveInt(8 * 1024 * 1024),
  DEFUSE_TRUST_PROXY: boolFromEnv.default(false),
  /** A bearer token for `GET /metrics`; without it, only this machine (loopback) may read them. */
  /** `defuse worker` serves its own `GET /metrics` on this port (on HOST) when set. */
  DEFUSE_WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  DEFUSE_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Outgoing e-mail for replies on e-mail channels: smtp://user:pass@host:port (smtps:// for TLS). */
  DEFUSE_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL')
    .optional(),
  DEFUSE_SMTP_FROM: z.string().min(3).optional(),
  /** An OpenAI-compatible chat endpoint for drafting (off unless set), e.g. http://127.0.0.1:11434/v1 */
  DEFUSE_LLM_BASE_URL: z.url().optional(),
  DEFUSE_LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  DEFUSE_LLM_API_KEY: z.string().min(1).optional(),
  DEFUSE_LLM_TIMEOUT_MS: positiveInt(15_000),
  /** How often the live inbox's event stream looks for changed cases. */
  DEFUSE_EVENTS_POLL_MS: positiveInt(2000),
  /** The installation key for channel secrets at rest: 32 random bytes in base64 (`openssl rand -base64 32`). */
  /** Fetch mailboxes as soon as mail arrives (IMAP IDLE) between the poll rounds. */
  DEFUSE_MAIL_IDLE: boolFromEnv.default(true),
  DEFUSE_SECRET_KEY: z
    .string()
    .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v.trim()) && Buffer.from(v.trim(), 'base64').length === 32, {
      message: 'must be 32 bytes in base64 (make one with: openssl rand -base64 32)',
    })
    .optional(),
  /** Where the key file (`secret.key`) is kept when DEFUSE_SECRET_KEY is unset; default: beside the SQLite file, else ./data. */
  DEFUSE_DATA_DIR: z.string().min(1).optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export type DatabaseConfig = { dialect: 'sqlite'; filename: string } | { dialect: 'postgres'; connectionString: string };

export interface AppConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  logLevel: Env['LOG_LEVEL'];
  /** Whether LOG_LEVEL or DEFUSE_LOG_LEVEL was set: operator commands log only then (or with --verbose). */
  logLevelSet: boolean;
  /** The desk's address as people reach it, without a trailing slash (links in invitations and resets). */
  publicUrl: string;
  admin: { email?: string; password?: string };
  threadWindowHours: number;
  /** The inbox counts its cases exactly up to this many, then answers "this many or more". */
  inboxCountCap: number;
  sessionTtlHours: number;
  cookieSecure: boolean;
  loginMaxPerMinute: number;
  jobs: { pollMs: number; concurrency: number; sweepIntervalMs: number; sweepAfterMs: number; batchSize: number; batchMs: number; thread: boolean };
  maxBodyBytes: number;
  trustProxy: boolean;
  /** When set, `GET /metrics` needs `Authorization: Bearer <token>`; when not, it answers loopback callers only. */
  metricsToken: string | undefined;
  /** When set, `defuse worker` serves `GET /metrics` (same guard) on this port. */
  workerMetricsPort: number | undefined;
  smtp: { url?: string; from?: string };
  llm: { baseUrl?: string; model: string; apiKey?: string; timeoutMs: number };
  eventsPollMs: number;
  /** Channel secrets at rest: the key itself (DEFUSE_SECRET_KEY), or the key file created once when it is unset. */
  secrets: { key?: string; keyFile: string };
  /** `watch`: hold IMAP IDLE on mailboxes in the worker (DEFUSE_MAIL_IDLE). */
  channels: { watch: boolean };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses `DATABASE_URL` into a dialect and its connection details. */
export function parseDatabaseUrl(url: string): DatabaseConfig {
  if (url.startsWith('sqlite:')) {
    const filename = url.slice('sqlite:'.length).replace(/^\/\//, '');
    return { dialect: 'sqlite', filename: filename || './data/defuse.db' };
  }
  return { dialect: 'postgres', connectionString: url };
}

/** The installation's data directory: the SQLite file's, else ./data (PostgreSQL, or an in-memory SQLite). */
export function dataDirOf(db: DatabaseConfig): string {
  if (db.dialect === 'sqlite' && db.filename !== ':memory:') return dirname(db.filename);
  return './data';
}

/** Reads and validates the environment; throws ConfigError with every problem found. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.shape)) {
    const value = source[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const parsed = EnvSchema.safeParse(picked);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    database: parseDatabaseUrl(env.DATABASE_URL),
    logLevel: env.DEFUSE_LOG_LEVEL ?? env.LOG_LEVEL,
    logLevelSet: picked.LOG_LEVEL !== undefined || picked.DEFUSE_LOG_LEVEL !== undefined,
    publicUrl: (env.DEFUSE_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    admin: { email: env.DEFUSE_ADMIN_EMAIL, password: env.DEFUSE_ADMIN_PASSWORD },
    threadWindowHours: env.DEFUSE_THREAD_WINDOW_HOURS,
    inboxCountCap: env.DEFUSE_INBOX_COUNT_CAP,
    sessionTtlHours: env.DEFUSE_SESSION_TTL_HOURS,
    cookieSecure: env.DEFUSE_COOKIE_SECURE,
    loginMaxPerMinute: env.DEFUSE_LOGIN_MAX_PER_MINUTE,
    jobs: {
      pollMs: env.DEFUSE_JOB_POLL_MS,
      concurrency: env.DEFUSE_JOB_CONCURRENCY,
      sweepIntervalMs: env.DEFUSE_SWEEP_INTERVAL_MS,
      sweepAfterMs: env.DEFUSE_SWEEP_AFTER_MS,
      batchSize: env.DEFUSE_PROCESS_BATCH,
      batchMs: env.DEFUSE_PROCESS_BATCH_MS,
      thread: env.DEFUSE_WORKER_THREAD,
    },
    maxBodyBytes: env.DEFUSE_MAX_BODY_BYTES,
    trustProxy: env.DEFUSE_TRUST_PROXY,
    metricsToken: env.DEFUSE_METRICS_TOKEN,
    workerMetricsPort: env.DEFUSE_WORKER_METRICS_PORT,
    smtp: { url: env.DEFUSE_SMTP_URL, from: env.DEFUSE_SMTP_FROM },
    llm: { baseUrl: env.DEFUSE_LLM_BASE_URL, model: env.DEFUSE_LLM_MODEL, apiKey: env.DEFUSE_LLM_API_KEY, timeoutMs: env.DEFUSE_LLM_TIMEOUT_MS },
    eventsPollMs: env.DEFUSE_EVENTS_POLL_MS,
    secrets: {
      key: env.DEFUSE_SECRET_KEY?.trim(),
      keyFile: join(env.DEFUSE_DATA_DIR ?? dataDirOf(parseDatabaseUrl(env.DATABASE_URL)), 'secret.key'),
    },
    channels: { watch: env.DEFUSE_MAIL_IDLE },
  };
}
