/** `defuse classify`: JSON lines through the shipped model (see ../classify-stream.ts for the contract). */
import { createReadStream, createWriteStream } from 'node:fs';
import { loadDefaultClassifier } from '../../adapters/classifier-models.js';
import { classifyStream } from '../classify-stream.js';

export interface ClassifyOptions {
  input?: string;
  output?: string;
  competitors?: string;
}

export async function classify(o: ClassifyOptions): Promise<void> {
  const input = o.input ? createReadStream(o.input) : process.stdin;
  const output = o.output ? createWriteStream(o.output) : process.stdout;
  const competitors = o.competitors?.split(',').map((c) => c.trim()).filter(Boolean);
  const r = await classifyStream(loadDefaultClassifier(), input, output, competitors);
  if (o.output) await new Promise<void>((resolve) => (output as ReturnType<typeof createWriteStream>).end(resolve));
  if (r.failed) process.exitCode = 1;
}
