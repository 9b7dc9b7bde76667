/** `defuse brand add` and `defuse brand list`. */
import { ExitError } from '../exit-error.js';
import { OPERATOR, withContainer } from './shared.js';

/**
 * Creates a brand with an admin who can work in it at once: `--owner`, or
 * else the installation's first administrator (the one the first start
 * created), so a brand made from the CLI never sits there without anyone.
 */
export async function addBrand(o: { slug: string; name: string; owner?: string }): Promise<void> {
  if (!/^[a-z0-9][a-z0-9-]{1,49}$/.test(o.slug)) throw new ExitError(2, '--slug must be 2-50 characters: lowercase letters, digits, -');
  await withContainer(async (c) => {
    const owner = o.owner ? await c.store.repos.users.findByEmail(o.owner.trim().toLowerCase()) : (await c.store.repos.users.listAdmins())[0];
    if (o.owner && !owner) throw new ExitError(2, `no user ${o.owner} for --owner (see \`defuse user list\`)`);
    const b = await c.brands.createBrand(OPERATOR, { slug: o.slug, name: o.name });
    if (owner) await c.brands.setMember(OPERATOR, b.id, { userId: owner.id, role: 'admin' });
    console.log(`brand ${b.slug} created (id ${b.id})`);
    if (owner) console.log(`${owner.email} is its admin (invite the team: \`defuse user invite --brand ${b.slug} --email … --role …\`)`);
    else console.log(`no one is in it yet: \`defuse user add --brand ${b.slug} --role admin …\` or \`defuse user invite --brand ${b.slug} …\``);
  });
}

export async function listBrands(): Promise<void> {
  await withContainer(async (c) => {
    const brands = await c.brands.listBrands(OPERATOR);
    if (!brands.length) {
      console.log('no brands yet (add one with `defuse brand add --slug … --name …`)');
      return;
    }
    // A header row names the tab-separated columns, as in `defuse channel list`.
    console.log(['slug', 'id', 'name'].join('\t'));
    for (const b of brands) console.log(`${b.slug}\t${b.id}\t${b.name}`);
  });
}
