/**
 * A whole Defuse over a fresh test database: the container with a manual
 * clock and the SQL job runner (stepped by hand), the HTTP server for
 * `inject`, and helpers to sign in and run jobs.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { loadConfig } from '../../src/config/env.js';
import { type Container, createContainer } from '../../src/container.js';
import { openDatabase } from '../../src/db/database.js';
import type { Role } from '../../src/domain/access/permissions.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { Classifier } from '../../src/domain/classification/classifier.js';
import type { SqlJobQueue } from '../../src/jobs/sql-job-queue.js';
import { buildServer } from '../../src/http/server.js';
import type { Actor } from '../../src/services/access.js';
import type { Mailer } from '../../src/services/ports.js';
import { createTestDatabase, type TestDatabase, type TestDialect } from './databases.js';

export const OPERATOR: Actor = { type: 'system', name: 'test' };
export const PASSWORD = 'correct-horse-battery';

export interface SignedIn {
  userId: string;
  cookie: string;
  csrf: string;
  /** Headers for a cookie-authenticated write. */
  headers: Record<string, string>;
}

export interface Harness {
  dialect: TestDialect;
  db: TestDatabase;
  container: Container;
  app: FastifyInstance & { registeredRoutes: { method: string; url: string; auth: string }[] };
  clock: ManualClock;
  /** Runs every due job; returns how many ran. */
  runJobs(): Promise<number>;
  createBrand(slug: string): Promise<string>;
  createUser(email: string, brandId: string | null, role?: Role): Promise<string>;
  login(email: string, password?: string): Promise<SignedIn>;
  createToken(brandId: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(
  dialect: TestDialect,
  env: Record<string, string> = {},
  classifier?: Classifier,
  options: HarnessOptions = {},
): Promise<Harness> {
  const db = await createTestDatabase(dialect);
  return openHarness(dialect, db, env, new ManualClock(), classifier, options);
}

/** What a test may hand the container instead of the real adapters. */
export interface HarnessOptions {
  /** A mailer standing in for SMTP (e.g. one that records what it sends); none by default. */
  mailer?: Mailer | null;
  /** The monotonic milliseconds batches are timed with (see ContainerOptions.stopwatch). */
  stopwatch?: () => number;
}

/** Opens Defuse over an existing test database (e.g. again, after a simulated restart). */
export async function openHarness(
  dialect: TestDialect,
  db: TestDatabase,
  env: Record<string, string> = {},
  clock = new ManualClock(),
  classifier?: Classifier,
  options: HarnessOptions = {},
): Promise<Harness> {
  const config = loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', ...env });
  const container = await createContainer(config, {
    clock,
    classifier,
    database: openDatabase(db.config),
    logger: pino({ level: 'silent' }),
    queue: 'sql',
    ...(options.mailer !== undefined ? { mailer: options.mailer } : {}),
    ...(options.stopwatch ? { stopwatch: options.stopwatch } : {}),
  });
  const queue = container.queue as SqlJobQueue;
  queue.useRegistry(container.jobRegistry());
  const app = await buildServer(container);
  await app.ready();

  const h: Harness = {
    dialect,
    db,
    container,
    app,
    clock,
    runJobs: () => queue.runDue(4),
    async createBrand(slug) {
      const b = await container.brands.createBrand(OPERATOR, { slug, name: `Brand ${slug}` });
      // The fixtures are dated around 2026-01-05 while the tests' clocks run to the end of 2026: keep them live work
      // rather than history (test/history.test.ts opens its brand with the default horizon and tests it).
      await container.brands.updateSettings(OPERATOR, b.id, { historyHorizonDays: 36_500 });
      return b.id;
    },
    async createUser(email, brandId, role = 'responder') {
      const u = await container.brands.createUser(OPERATOR, { email, name: email.split('@')[0]!, password: PASSWORD });
      if (brandId) await container.brands.setMember(OPERATOR, brandId, { userId: u.id, role });
      return u.id;
    },
    async login(email, password = PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      const cookie = cookieHeader(res);
      const body = res.json<{ user: { id: string }; csrf_token: string }>();
      return { userId: body.user.id, cookie, csrf: body.csrf_token, headers: { cookie, 'x-csrf-token': body.csrf_token } };
    },
    async createToken(brandId) {
      return (await container.brands.createToken(OPERATOR, brandId, 'test')).token;
    },
    async close() {
      await app.close();
      await container.close();
    },
  };
  return h;
}

/** The cookies a response set, as a Cookie request header. */
export function cookieHeader(res: LightMyRequestResponse): string {
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
