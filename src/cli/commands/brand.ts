/** `defuse brand add` and `defuse brand list`. */
import { ExitError } from '../exit-error.js';
import { OPERATOR, withContainer } from './shared.js';

export async function addBrand(o: { slug: string; name: string }): Promise<void> {
  if (!/^[a-z0-9][a-z0-9-]{1,49}$/.test(o.slug)) throw new ExitError(2, '--slug must be 2-50 characters: lowercase letters, digits, -');
  await withContainer(async (c) => {
    const b = await c.brands.createBrand(OPERATOR, { slug: o.slug, name: o.name });
    console.log(`brand ${b.slug} created (id ${b.id})`);
  });
}

export async function listBrands(): Promise<void> {
  await withContainer(async (c) => {
    for (const b of await c.brands.listBrands(OPERATOR)) console.log(`${b.slug}\t${b.id}\t${b.name}`);
  });
}
