/** `defuse user add`: create a user, optionally a member of a brand; a generated password is printed once. */
import type { Role } from '../../domain/access/permissions.js';
import { generatePassword } from '../../services/secrets.js';
import { OPERATOR, brandIdOf, withContainer } from './shared.js';

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
    const u = await c.brands.createUser(OPERATOR, { email: o.email, name: o.name, password, isAdmin: o.admin });
    if (o.brand) await c.brands.setMember(OPERATOR, await brandIdOf(c, o.brand), { userId: u.id, role: o.role });
    console.log(`user ${u.email} created (id ${u.id})${o.brand ? `, ${o.role} in ${o.brand}` : ''}`);
    if (!o.password) console.log(`password: ${password}   (shown once)`);
  });
}
