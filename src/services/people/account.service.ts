/**
 * People's accounts: invitations to a brand by e-mail, changing and resetting
 * passwords, deactivating and reactivating people. Every link is a one-time
 * random secret stored only as its SHA-256: an invitation lasts 7 days, a
 * reset 24 hours; using one ends it (and a newer one ends the older ones).
 *
 * A deactivated account loses every session and the API tokens its person
 * created at once, and cannot sign in; a deactivated membership keeps the
 * person listed but takes that brand away (tokens they made for it too).
 */
import type { Logger } from 'pino';
import { type Role, ROLES } from '../../domain/access/permissions.js';
import { type Clock, iso } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { AppError, conflict, notFound, validationError } from '../../errors.js';
import type { AccountLink, AccountLinkPurpose } from '../../repositories/account-link.repository.js';
import type { Store } from '../../repositories/store.js';
import type { User } from '../../repositories/user.repository.js';
import { type Actor, authorize, requireAdmin } from '../access.js';
import type { AuthService } from '../auth.service.js';
import { mayManagePerson } from '../brand.service.js';
import { hashPassword } from '../passwords.js';
import type { Mailer } from '../ports.js';
import { randomSecret, sha256 } from '../secrets.js';
import type { WaitingApprovals } from '../replies/waiting-approvals.js';

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;
export const RESET_TTL_MS = 24 * 3600_000;
export const MIN_PASSWORD_LENGTH = 12;

/** A link made for someone: `link` is null when it went out by e-mail (then only its recipient has it). */
export interface IssuedLink {
  id: string;
  email: string;
  link: string | null;
  mailed: boolean;
  expiresAt: string;
}

export interface InvitationListing {
  id: string;
  email: string;
  role: string;
  createdAt: string;
  expiresAt: string;
}

export interface InvitationPreview {
  email: string;
  brandName: string;
  role: string;
  /** The address already has an account: joining takes its current password, not a new one. */
  accountExists: boolean;
  expiresAt: string;
}

/** Signed in after using a link: the session's cookie value and where to land. */
export interface LinkSignIn {
  token: string;
  userId: string;
  brandId: string | null;
}

const linkInvalid = () => new AppError(400, 'link_invalid', 'This link is not valid any more: it was used, replaced or has expired', 'token');

function assertPassword(password: string, field: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw validationError(`must be at least ${MIN_PASSWORD_LENGTH} characters`, field, {
      problem: 'too_short',
      params: { min: MIN_PASSWORD_LENGTH },
    });
}

export class AccountService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly auth: AuthService,
    private readonly mailer: Mailer | null,
    private readonly publicUrl: string,
    private readonly logger: Logger,
    /** Tells people who gain approval rights of the replies already waiting for approval. */
    private readonly waitingApprovals: WaitingApprovals | null = null,
  ) {}

  /** Whether links can go out by e-mail (SMTP configured). */
  get canMail(): boolean {
    return this.mailer !== null;
  }

  /**
   * Invites an address to a brand with a role. The answer is the same whether
   * or not the address has an account; with SMTP the link is e-mailed (and not
   * shown), without it the link is returned to be passed on.
   */
  async invite(actor: Actor, brandId: string, input: { email: string; role: Role }): Promise<IssuedLink> {
    authorize(actor, brandId, 'member.manage');
    if (!ROLES.includes(input.role))
      throw validationError(`must be one of ${ROLES.join(', ')}`, 'role', { problem: 'not_one_of', params: { values: ROLES.join(', ') } });
    const brand = await this.store.repos.brands.findById(brandId);
    if (!brand) throw notFound('Brand');
    const email = input.email.trim().toLowerCase();
    const existing = await this.store.repos.users.findByEmail(email);
    if (existing && (await this.store.repos.users.findMembership(existing.id, brandId, { includeDeactivated: true }))) {
      throw conflict(`${email} is already a member of this brand`, 'email', { problem: 'already_member', params: { email } });
    }
    const now = this.clock.now();
    const secret = randomSecret();
    const link: AccountLink = {
      id: newId(),
      purpose: 'invite',
      tokenHash: sha256(secret),
      email,
      userId: null,
      brandId,
      role: input.role,
      createdBy: actor.type === 'user' ? actor.userId : null,
      createdAt: iso(now),
      expiresAt: iso(new Date(now.getTime() + INVITATION_TTL_MS)),
      usedAt: null,
    };
    await this.store.transaction(async (r) => {
      await r.accountLinks.expireFor(email, 'invite', link.createdAt, brandId);
      await r.accountLinks.create(link);
    });
    const url = `${this.publicUrl}/welcome#${secret}`;
    const mailed = await this.mail(email, `You are invited to ${brand.name} on Defuse`, [
      `You have been invited to work on ${brand.name} in Defuse as ${input.role}.`,
      '',
      `Open this link within 7 days to set your password and sign in (it works once):`,
      url,
      '',
      'If you did not expect this, ignore this message.',
    ]);
    return { id: link.id, email, link: mailed ? null : url, mailed, expiresAt: link.expiresAt };
  }

  async listInvitations(actor: Actor, brandId: string): Promise<InvitationListing[]> {
    authorize(actor, brandId, 'member.read');
    const rows = await this.store.repos.accountLinks.pendingInvitations(brandId, iso(this.clock.now()));
    return rows.map((l) => ({ id: l.id, email: l.email, role: l.role ?? 'responder', createdAt: l.createdAt, expiresAt: l.expiresAt }));
  }

  async cancelInvitation(actor: Actor, invitationId: string): Promise<void> {
    const link = await this.store.repos.accountLinks.findById(invitationId);
    if (!link || link.purpose !== 'invite' || !link.brandId) throw notFound('Invitation');
    authorize(actor, link.brandId, 'member.manage');
    if (!(await this.store.repos.accountLinks.use(link.id, iso(this.clock.now())))) throw notFound('Invitation');
  }

  /** What an invitation link is for, so its page can greet the invitee. */
  async previewInvitation(secret: string): Promise<InvitationPreview> {
    const link = await this.liveLink(secret, 'invite');
    const brand = link.brandId ? await this.store.repos.brands.findById(link.brandId) : undefined;
    if (!brand) throw linkInvalid();
    const user = await this.store.repos.users.findByEmail(link.email);
    return { email: link.email, brandName: brand.name, role: link.role ?? 'responder', accountExists: Boolean(user), expiresAt: link.expiresAt };
  }

  /**
   * Uses an invitation: a new address gets an account with the password
   * chosen here; an existing account joins with its current password (an
   * invitation never changes one). Signs the person in on that brand.
   */
  async acceptInvitation(secret: string, input: { name?: string; password: string }): Promise<LinkSignIn> {
    const link = await this.liveLink(secret, 'invite');
    const brandId = link.brandId;
    if (!brandId || !(await this.store.repos.brands.findById(brandId))) throw linkInvalid();
    const existing = await this.store.repos.users.findByEmail(link.email);
    const now = iso(this.clock.now());
    let userId: string;
    if (existing) {
      if (existing.disabled) throw linkInvalid();
      await this.passwordOf(
        existing.email,
        input.password,
        'password',
        'this address has an account: enter its current password',
        'account_password',
      );
      userId = existing.id;
    } else {
      assertPassword(input.password, 'password');
      userId = newId();
    }
    const passwordHash = existing ? null : await hashPassword(input.password);
    await this.store.transaction(async (r) => {
      if (!(await r.accountLinks.use(link.id, now))) throw linkInvalid();
      if (passwordHash) {
        if (await r.users.findByEmail(link.email)) throw linkInvalid();
        const name = input.name?.trim() || link.email.split('@')[0]!;
        await r.users.create({ id: userId, email: link.email, name, passwordHash, isAdmin: false, disabled: false, createdAt: now });
      }
      await r.users.upsertMembership({ userId, brandId, role: link.role ?? 'responder', createdAt: now });
      await this.waitingApprovals?.tell(r, brandId, [userId], this.clock.now());
    });
    const { token } = await this.auth.openSession(userId);
    return { token, userId, brandId };
  }

  /** A signed-in person changes their own password; their other sessions end. */
  async changePassword(actor: Actor, sessionId: string, input: { currentPassword: string; newPassword: string }): Promise<void> {
    if (actor.type !== 'user') throw validationError('only a signed-in person has a password');
    const user = await this.store.repos.users.findById(actor.userId);
    if (!user) throw notFound('User');
    await this.passwordOf(user.email, input.currentPassword, 'current_password', 'is not your current password', 'wrong_password');
    assertPassword(input.newPassword, 'new_password');
    if (input.newPassword === input.currentPassword)
      throw validationError('must differ from the current password', 'new_password', { problem: 'same_password' });
    await this.store.repos.users.setPassword(user.id, await hashPassword(input.newPassword));
    await this.store.repos.sessions.deleteForUser(user.id, sessionId);
    await this.store.repos.accountLinks.expireFor(user.email, 'reset', iso(this.clock.now()));
  }

  /**
   * An administrator's reset link for a person: installation admins for
   * anyone, a brand admin for a person of this brand who belongs to no brand
   * they do not administer (so nobody takes over an account that reaches
   * further than they do). Returned to be passed on, and e-mailed too when
   * SMTP is configured.
   */
  async issueReset(actor: Actor, brandId: string, userId: string): Promise<IssuedLink> {
    authorize(actor, brandId, 'member.manage');
    const user = await this.store.repos.users.findById(userId);
    const membership = user && (await this.store.repos.users.findMembership(user.id, brandId, { includeDeactivated: true }));
    if (!user || !membership || !(await this.mayReset(actor, user))) throw notFound('Member');
    if (user.disabled) throw conflict('this account is deactivated: reactivate it first', 'user_id');
    return this.createReset(user, actor.type === 'user' ? actor.userId : null);
  }

  /** `defuse user reset-password`: a reset link for anyone, printed. */
  async issueResetByEmail(actor: Actor, email: string): Promise<IssuedLink> {
    requireAdmin(actor);
    const user = await this.store.repos.users.findByEmail(email.trim().toLowerCase());
    if (!user) throw notFound('User');
    if (user.disabled) throw conflict('this account is deactivated: reactivate it first', 'email');
    return this.createReset(user, actor.type === 'user' ? actor.userId : null);
  }

  /**
   * "Forgot password": with SMTP, a reset link goes to the address if it has
   * an active account. The caller learns nothing either way: the answer and
   * its timing are the same (the e-mail is sent after answering).
   */
  async forgotPassword(email: string): Promise<{ mail: boolean }> {
    if (!this.mailer) return { mail: false };
    const user = await this.store.repos.users.findByEmail(email.trim().toLowerCase());
    if (user && !user.disabled) {
      void this.createReset(user, null).catch((err: unknown) => this.logger.error({ err }, 'could not send a password reset'));
    }
    return { mail: true };
  }

  /** Uses a reset link: sets the new password, ends every session of the account, and signs in. */
  async resetPassword(secret: string, password: string): Promise<LinkSignIn> {
    const link = await this.liveLink(secret, 'reset');
    const user = link.userId ? await this.store.repos.users.findById(link.userId) : undefined;
    if (!user || user.disabled) throw linkInvalid();
    assertPassword(password, 'password');
    const hash = await hashPassword(password);
    const now = iso(this.clock.now());
    await this.store.transaction(async (r) => {
      if (!(await r.accountLinks.use(link.id, now))) throw linkInvalid();
      await r.users.setPassword(user.id, hash);
      await r.sessions.deleteForUser(user.id);
      await r.sessions.clearSignInFailures(user.email);
    });
    const { token } = await this.auth.openSession(user.id);
    return { token, userId: user.id, brandId: null };
  }

  /** Installation admins: the account can no longer sign in; its sessions and the API tokens it created end now. */
  async deactivateUser(actor: Actor, userId: string): Promise<void> {
    requireAdmin(actor);
    const user = await this.store.repos.users.findById(userId);
    if (!user) throw notFound('User');
    if (actor.type === 'user' && actor.userId === user.id) throw validationError('you cannot deactivate yourself', 'user_id');
    const now = iso(this.clock.now());
    await this.store.transaction(async (r) => {
      await r.users.setDisabled(user.id, true);
      await r.sessions.deleteForUser(user.id);
      await r.tokens.revokeCreatedBy(user.id, now);
      await r.accountLinks.expireFor(user.email, 'reset', now);
    });
  }

  async reactivateUser(actor: Actor, userId: string): Promise<void> {
    requireAdmin(actor);
    const user = await this.store.repos.users.findById(userId);
    if (!user) throw notFound('User');
    const now = this.clock.now();
    await this.store.transaction(async (r) => {
      await r.users.setDisabled(user.id, false);
      for (const m of await r.users.membershipsOf(user.id)) await this.waitingApprovals?.tell(r, m.brandId, [user.id], now);
    });
  }

  async findUserByEmail(actor: Actor, email: string): Promise<User> {
    requireAdmin(actor);
    const user = await this.store.repos.users.findByEmail(email.trim().toLowerCase());
    if (!user) throw notFound('User');
    return user;
  }

  /** Brand admins (and installation admins): the person keeps their account but loses this brand, and the tokens they made for it. */
  async deactivateMember(actor: Actor, brandId: string, userId: string): Promise<void> {
    authorize(actor, brandId, 'member.manage');
    const user = await this.store.repos.users.findById(userId);
    if (!user || !(await mayManagePerson(this.store, actor, user))) throw notFound('Member');
    if (actor.type === 'user' && actor.userId === user.id) throw validationError('you cannot deactivate yourself', 'user_id');
    const now = iso(this.clock.now());
    await this.store.transaction(async (r) => {
      if (!(await r.users.findMembership(user.id, brandId, { includeDeactivated: true }))) throw notFound('Member');
      await r.users.setMembershipDeactivated(user.id, brandId, now);
      await r.tokens.revokeCreatedBy(user.id, now, brandId);
    });
  }

  async reactivateMember(actor: Actor, brandId: string, userId: string): Promise<void> {
    authorize(actor, brandId, 'member.manage');
    const user = await this.store.repos.users.findById(userId);
    if (!user || !(await mayManagePerson(this.store, actor, user, { includeDeactivated: true }))) throw notFound('Member');
    const now = this.clock.now();
    await this.store.transaction(async (r) => {
      if (!(await r.users.setMembershipDeactivated(user.id, brandId, null))) throw notFound('Member');
      await this.waitingApprovals?.tell(r, brandId, [user.id], now);
    });
  }

  /** Checks an account's password as sign-in does (the same per-account limit); a wrong one is a 400 naming the field. */
  private async passwordOf(email: string, password: string, field: string, message: string, problem: string): Promise<void> {
    try {
      await this.auth.checkPassword(email, password);
    } catch (err) {
      if (err instanceof AppError && err.status === 401) throw validationError(message, field, { problem });
      throw err;
    }
  }

  private async mayReset(actor: Actor, target: User): Promise<boolean> {
    if (actor.type === 'system' || (actor.type === 'user' && actor.isAdmin)) return true;
    if (actor.type !== 'user' || target.isAdmin) return false;
    const memberships = await this.store.repos.users.membershipsOf(target.id, { includeDeactivated: true });
    return memberships.length > 0 && memberships.every((m) => actor.roles.get(m.brandId) === 'admin');
  }

  private async createReset(user: User, createdBy: string | null): Promise<IssuedLink> {
    const now = this.clock.now();
    const secret = randomSecret();
    const link: AccountLink = {
      id: newId(),
      purpose: 'reset',
      tokenHash: sha256(secret),
      email: user.email,
      userId: user.id,
      brandId: null,
      role: null,
      createdBy,
      createdAt: iso(now),
      expiresAt: iso(new Date(now.getTime() + RESET_TTL_MS)),
      usedAt: null,
    };
    await this.store.transaction(async (r) => {
      await r.accountLinks.expireFor(user.email, 'reset', link.createdAt);
      await r.accountLinks.create(link);
    });
    const url = `${this.publicUrl}/reset-password#${secret}`;
    const mailed = await this.mail(user.email, 'Set a new Defuse password', [
      'Someone (you, or an administrator) asked for a new password for your Defuse account.',
      '',
      'Open this link within 24 hours to choose a new one (it works once; signing in elsewhere ends):',
      url,
      '',
      'If you did not ask for it, ignore this message: your password stays as it is.',
    ]);
    return { id: link.id, email: user.email, link: url, mailed, expiresAt: link.expiresAt };
  }

  /** The unused, unexpired link behind a secret; the same error for unknown, used and expired ones. */
  private async liveLink(secret: string, purpose: AccountLinkPurpose): Promise<AccountLink> {
    const link = await this.store.repos.accountLinks.findByHash(sha256(secret));
    if (!link || link.purpose !== purpose || link.usedAt || link.expiresAt <= iso(this.clock.now())) throw linkInvalid();
    return link;
  }

  /** Sends the mail if SMTP is configured; false when it is not or sending failed (then the link is shown instead). */
  private async mail(to: string, subject: string, lines: string[]): Promise<boolean> {
    if (!this.mailer) return false;
    try {
      await this.mailer.send({ to, subject, text: lines.join('\n') });
      return true;
    } catch (err) {
      this.logger.warn({ err }, 'could not e-mail a link: it is shown to the administrator instead');
      return false;
    }
  }
}
