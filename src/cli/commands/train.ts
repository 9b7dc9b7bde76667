/** `defuse train --brand B`: retrain the brand's classifier layer from its corrections now. */
import { ExitError } from '../exit-error.js';
import { OPERATOR, brandIdOf, withContainer } from './shared.js';

export interface TrainOptions {
  brand: string;
  json?: boolean;
}

export async function trainBrand(o: TrainOptions): Promise<void> {
  await withContainer(
    async (c) => {
      const r = await c.brandModels.train(OPERATOR, await brandIdOf(c, o.brand));
      if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      if (!r.trained) throw new ExitError(1, `not trained: ${r.reason}; nothing changed`);
      if (!o.json) {
        const a = r.agreement!;
        console.log(`brand layer v${r.version} trained on ${r.corrections} corrections and ${r.confirmations} confirmed answers in ${r.ms} ms`);
        console.log(
          `  on the corrected mentions, kind as the team said: shipped model ${a.base.kind}, with the layer ${a.layer.kind}; sentiment: ${a.base.sentiment} → ${a.layer.sentiment}`,
        );
        console.log('  running desks pick it up with their next batch (no restart)');
      }
    },
    { classifier: true },
  );
}
