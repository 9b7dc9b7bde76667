/**
 * Brands (workspaces), their members and roles, users, channels and API
 * tokens: the administration side of the desk.
 */
import { isDeepStrictEqual } from 'node:util';
import { type Permission, type Role, ROLES, roleCan } from '../domain/access/permissions.js';
import { type Clock, iso } from '../domain/clock.js';
import { newId } from '../domain/ids.js';
import { conflict, notFound, validationError } from '../errors.js';
import type { Brand } from '../repositories/brand.repository.js';
import type { Store } from '../repositories/store.js';
import type { ApiToken } from '../repositories/token.repository.js';
import type { User } from '../repositories/user.repository.js';
import { type Actor, authorize, permissionsOn, requireAdmin } from './access.js';
import { API_TOKEN_PREFIX } from './auth.service.js';
import { hashPassword } from './passwords.js';
import { type BrandSettings, brandSettings, keepStoredSecrets, type SettingsChange } from './brand-settings.js';
import { randomSecret, sha256 } from './secrets.js';
import { reviewerIds, type WaitingApprovals } from './replies/waiting-approvals.js';

/**
 * Who a brand admin may add, re-role, remove or deactivate: people they
 * already work with (members of a brand they administer), never an
 * installation admin. Anyone else answers the same "not found" as an unknown
 * address, so the form cannot be used to learn who has an account or to pull
 * in the installation's users. Installation admins (and the CLI) may manage
 * anyone.
 */
export async function mayManagePerson(
  store: Store,
  actor: Actor,
  target: { id: string; isAdmin: boolean },
  options: { includeDeactivated?: boolean } = {},
): Promise<boolean> {
  if (actor.type === 'system' || (actor.type === 'user' && actor.isAdmin)) return true;
  if (actor.type !== 'user' || target.isAdmin) return false;
  const administered = new Set([...actor.roles].filter(([, role]) => role === 'admin').map(([brand]) => brand));
  return (await store.repos.users.membershipsOf(target.id, options)).some((m) => administered.has(m.brandId));
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  isAdmin?: boolean;
  /** A generated password handed over: its holder is asked to choose their own. */
  passwordTemporary?: boolean;
}

export class BrandService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Told after a save that changed the response policy (the container queues the deadlines' re-planning). */
    private readonly onResponsePolicyChanged: (brandId: string) => Promise<void> = () => Promise.resolve(),
    /** Tells people who gain approval rights of the replies already waiting for approval. */
    private readonly waitingApprovals: WaitingApprovals | null = null,
  ) {}

  async createBrand(actor: Actor, input: { slug: string; name: string }): Promise<Brand> {
    requireAdmin(actor);
    if (await this.store.repos.brands.findBySlug(input.slug)) throw conflict(`a brand with slug "${input.slug}" exists`, 'slug');
    const brand: Brand = { id: newId(), slug: input.slug, name: input.name, settings: {}, createdAt: iso(this.clock.now()) };
    await this.store.transaction(async (r) => {
      await r.brands.create(brand);
      if (actor.type === 'user') {
        await r.users.upsertMembership({ userId: actor.userId, brandId: brand.id, role: 'admin', createdAt: brand.createdAt });
      }
    });
    return brand;
  }

  /** The brands the caller belongs to (every brand for an installation admin), with what a user may do on each. */
  async listBrands(actor: Actor): Promise<(Brand & { role: Role | null; permissions?: Permission[] })[]> {
    if (actor.type === 'token') {
      const b = await this.store.repos.brands.findById(actor.brandId);
      return b ? [{ ...b, role: null }] : [];
    }
    if (actor.type === 'system') return (await this.store.repos.brands.listAll()).map((b) => ({ ...b, role: null }));
    const brands = actor.isAdmin ? await this.store.repos.brands.listAll() : await this.store.repos.brands.listByIds([...actor.roles.keys()]);
    return brands.map((b) => ({ ...b, role: actor.roles.get(b.id) ?? null, permissions: permissionsOn(actor, b.id) }));
  }

  async getBrand(actor: Actor, ref: string): Promise<Brand> {
    const brand = await this.store.repos.brands.findByRef(ref);
    if (!brand) throw notFound('Brand');
    authorize(actor, brand.id, 'brand.read');
    return brand;
  }

  /** Resolves a brand given by id or slug, for callers that must not see a brand they don't belong to. */
  async resolveBrandId(ref: string): Promise<string> {
    const brand = await this.store.repos.brands.findByRef(ref);
    if (!brand) throw notFound('Brand');
    return brand.id;
  }

  async getSettings(actor: Actor, brandId: string): Promise<BrandSettings> {
    const brand = await this.store.repos.brands.findById(brandId);
    if (!brand) throw notFound('Brand');
    authorize(actor, brandId, 'brand.read');
    return brandSettings(brand.settings);
  }

  /** Changes the given settings, keeping the rest (and the stored secrets of webhooks sent back without them). */
  async updateSettings(actor: Actor, brandId: string, changes: SettingsChange): Promise<BrandSettings> {
    authorize(actor, brandId, 'policy.manage');
    const brand = await this.store.repos.brands.findById(brandId);
    if (!brand) throw notFound('Brand');
    const stored = brandSettings(brand.settings);
    const next = { ...stored, ...changes, ...keepStoredSecrets(stored, changes) } as BrandSettings;
    await this.assertReferences(brandId, next);
    const now = this.clock.now();
    await this.store.transaction(async (r) => {
      await r.brands.updateSettings(brandId, next);
      // Newly named reviewers (or, with the names cleared, everyone who may approve) hear of what already waits.
      if (this.waitingApprovals && !isDeepStrictEqual(next.routing.review.reviewerIds, stored.routing.review.reviewerIds)) {
        await this.waitingApprovals.tell(r, brandId, await reviewerIds(r, brandId, next), now);
      }
    });
    if (!isDeepStrictEqual(next.responsePolicy, stored.responsePolicy)) await this.onResponsePolicyChanged(brandId);
    return next;
  }

  /** Every person and team the settings name must belong to this brand. */
  private async assertReferences(brandId: string, s: BrandSettings): Promise<void> {
    const listed = await this.store.repos.users.listMembers(brandId);
    const members = new Set(listed.map((m) => m.id));
    const teams = new Set((await this.store.repos.teams.list(brandId)).map((t) => t.id));
    s.routing.rules.forEach((rule, i) => {
      if (rule.teamId && !teams.has(rule.teamId))
        throw validationError(`no team ${rule.teamId} in this brand`, `routing.rules.${i}.teamId`, {
          problem: 'unknown_team',
          params: { id: rule.teamId },
        });
      if (rule.userId && !members.has(rule.userId))
        throw validationError(`${rule.userId} is not a member of this brand`, `routing.rules.${i}.userId`, {
          problem: 'not_member',
          params: { id: rule.userId },
        });
    });
    const people: Array<[string[], string]> = [
      [s.routing.review.reviewerIds, 'routing.review.reviewerIds'],
      [s.escalation.legalUserIds, 'escalation.legalUserIds'],
    ];
    for (const [list, field] of people) {
      const stranger = list.find((u) => !members.has(u));
      if (stranger) throw validationError(`${stranger} is not a member of this brand`, field, { problem: 'not_member', params: { id: stranger } });
    }
    // A named reviewer must be able to approve: a responder named there would hold every reply nobody may release.
    const approvers = new Set(listed.filter((m) => roleCan(m.role as Role, 'reply.approve')).map((m) => m.id));
    const notApprover = s.routing.review.reviewerIds.find((u) => !approvers.has(u));
    if (notApprover)
      throw validationError(`${notApprover} may not approve replies (their role is not admin, manager or reviewer)`, 'routing.review.reviewerIds', {
        problem: 'not_approver',
        params: { id: notApprover },
      });
  }

  async createUser(actor: Actor, input: NewUser) {
    requireAdmin(actor);
    const email = input.email.trim().toLowerCase();
    if (await this.store.repos.users.findByEmail(email)) throw conflict(`a user with e-mail ${email} exists`, 'email');
    if (input.password.length < 12)
      throw validationError('must be at least 12 characters', 'password', { problem: 'too_short', params: { min: 12 } });
    const user: User = {
      id: newId(),
      email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
      isAdmin: input.isAdmin ?? false,
      disabled: false,
      passwordTemporary: input.passwordTemporary ?? false,
      createdAt: iso(this.clock.now()),
      lastSignInAt: null,
    };
    await this.store.repos.users.create(user);
    return user;
  }

  async listMembers(actor: Actor, brandId: string) {
    authorize(actor, brandId, 'member.read');
    return this.store.repos.users.listMembers(brandId);
  }

  async setMember(actor: Actor, brandId: string, input: { userId?: string; email?: string; role: Role }) {
    authorize(actor, brandId, 'member.manage');
    if (!ROLES.includes(input.role))
      throw validationError(`must be one of ${ROLES.join(', ')}`, 'role', { problem: 'not_one_of', params: { values: ROLES.join(', ') } });
    const user = input.userId
      ? await this.store.repos.users.findById(input.userId)
      : input.email
        ? await this.store.repos.users.findByEmail(input.email)
        : undefined;
    if (!user || !(await mayManagePerson(this.store, actor, user))) throw notFound('User');
    const now = this.clock.now();
    await this.store.transaction(async (r) => {
      await r.users.upsertMembership({ userId: user.id, brandId, role: input.role, createdAt: iso(now) });
      await this.waitingApprovals?.tell(r, brandId, [user.id], now);
    });
    return { userId: user.id, role: input.role };
  }

  async removeMember(actor: Actor, brandId: string, userId: string): Promise<void> {
    authorize(actor, brandId, 'member.manage');
    const user = await this.store.repos.users.findById(userId);
    if (!user || !(await mayManagePerson(this.store, actor, user))) throw notFound('Member');
    if ((await this.store.repos.users.removeMembership(userId, brandId)) === 0) throw notFound('Member');
  }

  async listChannels(actor: Actor, brandId: string) {
    authorize(actor, brandId, 'brand.read');
    return this.store.repos.mentions.listChannels(brandId);
  }

  /** Creates a brand API token; the secret is returned once and stored only hashed. */
  async createToken(actor: Actor, brandId: string, name: string) {
    authorize(actor, brandId, 'token.manage');
    const secret = `${API_TOKEN_PREFIX}${randomSecret(32)}`;
    const row: ApiToken = {
      id: newId(),
      brandId,
      name,
      tokenHash: sha256(secret),
      prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6),
      createdBy: actor.type === 'user' ? actor.userId : null,
      createdAt: iso(this.clock.now()),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.store.repos.tokens.create(row);
    return { token: secret, row };
  }

  async listTokens(actor: Actor, brandId: string) {
    authorize(actor, brandId, 'token.manage');
    return this.store.repos.tokens.listForBrand(brandId);
  }

  async revokeToken(actor: Actor, tokenId: string): Promise<void> {
    const row = await this.store.repos.tokens.findById(tokenId);
    if (!row) throw notFound('Token');
    authorize(actor, row.brandId, 'token.manage');
    await this.store.repos.tokens.revoke(tokenId, iso(this.clock.now()));
  }
}
