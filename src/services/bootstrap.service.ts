/**
 * First start: when the database has no user yet, create the first admin
 * (from DEFUSE_ADMIN_EMAIL / DEFUSE_ADMIN_PASSWORD, or a generated one-time
 * password shown once) and a first brand they administer.
 */
import { type Clock, iso } from '../domain/clock.js';
import { newId } from '../domain/ids.js';
import type { Store } from '../repositories/store.js';
import { hashPassword } from './passwords.js';
import { generatePassword } from './secrets.js';

export interface BootstrapResult {
  created: boolean;
  email?: string;
  /** Set only when the password was generated here: shown once, never stored in clear. */
  generatedPassword?: string;
  brandSlug?: string;
}

export async function ensureFirstAdmin(store: Store, clock: Clock, admin: { email?: string; password?: string }): Promise<BootstrapResult> {
  if ((await store.repos.users.count()) > 0) return { created: false };
  const email = (admin.email ?? 'admin@defuse.local').toLowerCase();
  const generatedPassword = admin.password ? undefined : generatePassword();
  const password = admin.password ?? generatedPassword!;
  const now = iso(clock.now());
  const userId = newId();
  const passwordHash = await hashPassword(password);
  const brandSlug = 'default';
  await store.transaction(async (r) => {
    await r.users.create({
      id: userId,
      email,
      name: 'Administrator',
      passwordHash,
      isAdmin: true,
      disabled: false,
      createdAt: now,
      passwordTemporary: Boolean(generatedPassword),
    });
    let brand = await r.brands.findBySlug(brandSlug);
    if (!brand) {
      brand = { id: newId(), slug: brandSlug, name: 'Default brand', settings: {}, createdAt: now };
      await r.brands.create(brand);
    }
    await r.users.upsertMembership({ userId, brandId: brand.id, role: 'admin', createdAt: now });
  });
  return { created: true, email, generatedPassword, brandSlug };
}
