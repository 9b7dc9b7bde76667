/** `defuse corrections`: people's corrections of the classifier as JSON lines, for retraining. */
import { OPERATOR, brandIdOf, withContainer } from './shared.js';

export async function exportCorrections(o: { brand: string }): Promise<void> {
  await withContainer(async (c) => {
    const rows = await c.corrections.export(OPERATOR, await brandIdOf(c, o.brand));
    for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
    console.error(`${rows.length} corrections`);
  });
}
