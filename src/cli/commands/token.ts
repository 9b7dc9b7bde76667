/** `defuse token create`: a brand API token for sending mentions, printed once. */
import { OPERATOR, brandIdOf, withContainer } from './shared.js';

export async function createToken(o: { brand: string; name: string }): Promise<void> {
  await withContainer(async (c) => {
    const { token: secret } = await c.brands.createToken(OPERATOR, await brandIdOf(c, o.brand), o.name);
    console.log(secret);
  });
}
