/**
 * Sign-in, sessions and API-token authentication. Session cookies and tokens
 * are random secrets; only their SHA-256 is stored.
 */
import type { Role } from '../domain/access/permissions.js';
import { type Clock, iso } from '../domain/clock.js';
import { nextFailureCount, waitAfterFailures } from '../domain/access/sign-in-limit.js';
import { tooManyRequests, unauthorized } from '../errors.js';
import type { Store } from '../repositories/store.js';
import type { User } from '../repositories/user.repository.js';
import type { Actor } from './access.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { randomSecret, sha256 } from './secrets.js';

export const API_TOKEN_PREFIX = 'dfs_';

export interface SessionActor {
  actor: Extract<Actor, { type: 'user' }>;
  sessionId: string;
  user: { id: string; email: string; name: string; isAdmin: boolean; passwordTemporary: boolean };
}

export class AuthService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly sessionTtlHours: number,
  ) {}

  /**
   * Checks the password and opens a session; returns the cookie value. An
   * account that failed too often in a row waits (sign-in-limit.ts) whether
   * or not the address has an account, so the answer tells nothing about it.
   */
  async login(email: string, password: string): Promise<{ token: string; userId: string }> {
    const user = await this.checkPassword(email, password);
    return this.openSession(user.id);
  }

  /**
   * The active account with this e-mail and password, counted against the
   * per-account limit like a sign-in (so no other form that asks for a
   * password — joining a brand, changing it — lets anyone guess faster).
   */
  async checkPassword(email: string, password: string): Promise<User> {
    const key = email.trim().toLowerCase();
    const sessions = this.store.repos.sessions;
    const now = this.clock.now();
    const counted = await sessions.signInFailures(key);
    if (counted?.lockedUntil && counted.lockedUntil > iso(now)) {
      const minutes = Math.ceil((new Date(counted.lockedUntil).getTime() - now.getTime()) / 60_000);
      throw tooManyRequests(`Too many failed sign-ins for this account: try again in ${minutes} minute(s)`);
    }
    const user = await this.store.repos.users.findByEmail(key);
    const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyPassword(await decoyHash(), password);
    if (!user || !ok || user.disabled) {
      const failures = nextFailureCount(counted, now);
      const wait = waitAfterFailures(failures);
      await sessions.saveSignInFailures({ email: key, failures, lastAt: iso(now), lockedUntil: wait ? iso(new Date(now.getTime() + wait)) : null });
      throw unauthorized('E-mail or password is wrong');
    }
    if (counted) await sessions.clearSignInFailures(key);
    return user;
  }

  /** Opens a session for a person who proved who they are (password, or a one-time link); records the sign-in. */
  async openSession(userId: string): Promise<{ token: string; userId: string }> {
    const now = this.clock.now();
    const token = randomSecret();
    await this.store.repos.sessions.create({
      id: sha256(token),
      userId,
      createdAt: iso(now),
      expiresAt: iso(new Date(now.getTime() + this.sessionTtlHours * 3600_000)),
    });
    await this.store.repos.users.recordSignIn(userId, iso(now));
    return { token, userId };
  }

  /** Removes expired sessions, stale failure counts and one-time links 30 days past their end (the `sessions.cleanup` job, hourly). */
  async cleanup(): Promise<{ sessions: number; failureCounts: number; links: number }> {
    const now = this.clock.now();
    return {
      sessions: await this.store.repos.sessions.deleteExpired(iso(now)),
      failureCounts: await this.store.repos.sessions.deleteStaleSignInFailures(iso(new Date(now.getTime() - 24 * 3600_000))),
      links: await this.store.repos.accountLinks.deleteExpired(iso(new Date(now.getTime() - 30 * 24 * 3600_000))),
    };
  }

  async logout(token: string): Promise<void> {
    await this.store.repos.sessions.delete(sha256(token));
  }

  /** The user behind a session cookie, with their role in each brand; undefined if invalid or expired. */
  async resolveSession(token: string): Promise<SessionActor | undefined> {
    const sessionId = sha256(token);
    const session = await this.store.repos.sessions.findById(sessionId);
    if (!session || session.expiresAt <= iso(this.clock.now())) return undefined;
    const user = await this.store.repos.users.findById(session.userId);
    if (!user || user.disabled) return undefined;
    return {
      sessionId,
      ...(await this.actorFor(user.id, user.isAdmin)),
      user: { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, passwordTemporary: user.passwordTemporary ?? false },
    };
  }

  async actorFor(userId: string, isAdmin: boolean): Promise<{ actor: Extract<Actor, { type: 'user' }> }> {
    const memberships = await this.store.repos.users.membershipsOf(userId);
    const roles = new Map(memberships.map((m) => [m.brandId, m.role as Role]));
    return { actor: { type: 'user', userId, isAdmin, roles } };
  }

  /** The brand behind an API token; undefined if unknown or revoked. */
  async resolveToken(token: string): Promise<Extract<Actor, { type: 'token' }> | undefined> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
    const row = await this.store.repos.tokens.findActiveByHash(sha256(token));
    if (!row) return undefined;
    const now = iso(this.clock.now());
    // Record use at most once a minute, not on every request of a burst.
    if (!row.lastUsedAt || row.lastUsedAt < iso(new Date(this.clock.now().getTime() - 60_000))) {
      await this.store.repos.tokens.touch(row.id, now);
    }
    return { type: 'token', tokenId: row.id, brandId: row.brandId };
  }
}
