/**
 * `defuse user …`: create people, add them to brands, invite, reset a
 * password, deactivate and reactivate. A generated password and every
 * one-time link are printed once.
 */
import type { Role } from '../../domain/access/permissions.js';
import { generatePassword } from '../../services/secrets.js';
import { ExitError } from '../exit-error.js';
import { OPERATOR, brandIdOf, withContainer } from './shared.js';
import type { Container } from '../../container.js';

export interface UserAddOptions {
  email: string;
  name: string;
  password?: string;
  admin: boolean;
  brand?: string;
  role: Role;
}

export async function addUser(o: UserAddOptions): Promise<void> {
  await withContainer(async (c) => {
    const password = o.password ?? generatePassword();
    const u = await c.brands.createUser(OPERATOR, { email: o.email, name: o.name, password, isAdmin: o.admin, passwordTemporary: !o.password });
    if (o.brand) await c.brands.setMember(OPERATOR, await brandIdOf(c, o.brand), { userId: u.id, role: o.role });
    console.log(`user ${u.email} created (id ${u.id})${o.brand ? `, ${o.role} in ${o.brand}` : ''}`);
    if (!o.password) console.log(`password: ${password}   (shown once)`);
  });
}

async function userOf(c: Container, email: string) {
  const user = await c.store.repos.users.findByEmail(email.trim().toLowerCase());
  if (!user) throw new ExitError(2, `no user ${email} (create one with \`defuse user add\`, or invite with \`defuse user invite\`)`);
  return user;
}

/** `defuse user add-to-brand`: an existing user joins a brand with a role (or changes role there). */
export async function addToBrand(o: { email: string; brand: string; role: Role }): Promise<void> {
  await withContainer(async (c) => {
    const user = await userOf(c, o.email);
    await c.brands.setMember(OPERATOR, await brandIdOf(c, o.brand), { userId: user.id, role: o.role });
    console.log(`${user.email} is ${o.role} in ${o.brand}`);
  });
}

/** `defuse user invite`: a one-time invitation link (e-mailed with SMTP, else printed to pass on). */
export async function invite(o: { email: string; brand: string; role: Role }): Promise<void> {
  await withContainer(async (c) => {
    const issued = await c.accounts.invite(OPERATOR, await brandIdOf(c, o.brand), { email: o.email, role: o.role });
    if (issued.mailed) console.log(`invitation e-mailed to ${issued.email} (valid until ${issued.expiresAt})`);
    else
      console.log(
        `invitation for ${issued.email}, ${o.role} in ${o.brand}: pass this link on (works once, until ${issued.expiresAt}):\n${issued.link}`,
      );
  });
}

/** `defuse user reset-password`: a one-time link to set a new password, printed (and e-mailed too with SMTP). */
export async function resetPassword(o: { email: string }): Promise<void> {
  await withContainer(async (c) => {
    const issued = await c.accounts.issueResetByEmail(OPERATOR, o.email);
    console.log(
      `password reset for ${issued.email}${issued.mailed ? ' (also e-mailed)' : ''}: works once, until ${issued.expiresAt}:\n${issued.link}`,
    );
  });
}

/** `defuse user deactivate` / `reactivate`: the account cannot sign in; its sessions and the tokens it created end at once. */
export async function setActive(o: { email: string }, active: boolean): Promise<void> {
  await withContainer(async (c) => {
    const user = await userOf(c, o.email);
    if (active) await c.accounts.reactivateUser(OPERATOR, user.id);
    else await c.accounts.deactivateUser(OPERATOR, user.id);
    console.log(
      active ? `${user.email} reactivated: they can sign in again` : `${user.email} deactivated: signed out everywhere, their API tokens revoked`,
    );
  });
}

/** `defuse user list`: everyone, with their brands and roles. */
export async function listUsers(): Promise<void> {
  await withContainer(async (c) => {
    const brands = new Map((await c.store.repos.brands.listAll()).map((b) => [b.id, b.slug]));
    const users = await c.store.repos.users.listAll();
    if (!users.length) {
      console.log('no users yet (`defuse serve` creates the first administrator; `defuse user add` adds one)');
      return;
    }
    console.log(['email', 'name', 'admin', 'status', 'brands'].join('\t'));
    for (const u of users) {
      const ms = await c.store.repos.users.membershipsOf(u.id, { includeDeactivated: true });
      const roles = ms.map((m) => `${brands.get(m.brandId) ?? m.brandId}:${m.role}${m.deactivatedAt ? ' (deactivated)' : ''}`).join(', ');
      console.log([u.email, u.name, u.isAdmin ? 'installation admin' : '', u.disabled ? 'DEACTIVATED' : 'active', roles || '—'].join('\t'));
    }
  });
}
