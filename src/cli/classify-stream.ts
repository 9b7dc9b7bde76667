/**
 * The `defuse classify` contract: JSON lines in (`{"id","text","lang"?,"channel"?}`),
 * JSON lines out (`{"id","lang","sentiment","kind","situation","topics","signals",
 * "confidence","review","reasons"}`), `review` true when the desk would not act on the
 * kind automatically (its calibrated confidence is below the automatic-action threshold).
 * A bad line yields `{"id","error"}` and the run goes on.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { automaticAction } from '../domain/classification/automatic-action.js';
import type { Classifier } from '../domain/classification/classifier.js';

export async function classifyStream(
  classifier: Classifier,
  input: Readable,
  output: Writable,
  competitors?: string[],
): Promise<{ ok: number; failed: number }> {
  let ok = 0;
  let failed = 0;
  let lineNo = 0;
  // Lines are written in batches (one write per line costs more than classifying a short mention): at about
  // 64 kB, and whenever the input makes us wait, so a slow producer still sees every answer promptly.
  let pending: string[] = [];
  let pendingLength = 0;
  let scheduled = false;
  const flush = () =>
    new Promise<void>((resolve) => {
      const chunk = pending.join('');
      pending = [];
      pendingLength = 0;
      if (!chunk || output.write(chunk)) resolve();
      else output.once('drain', resolve);
    });
  const write = async (obj: unknown) => {
    const line = `${JSON.stringify(obj)}\n`;
    pending.push(line);
    pendingLength += line.length;
    if (pendingLength >= 65_536) await flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        void flush();
      });
    }
  };
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (!line.trim()) continue;
    let rec: Record<string, unknown>;
    try {
      const v: unknown = JSON.parse(line);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
      rec = v as Record<string, unknown>;
    } catch {
      failed++;
      await write({ id: null, error: `line ${lineNo}: not a valid JSON object` });
      continue;
    }
    const id = rec.id === undefined ? null : (rec.id as unknown);
    if (typeof rec.text !== 'string' || !rec.text.trim()) {
      failed++;
      await write({ id, error: 'no text' });
      continue;
    }
    const c = classifier.classify({
      text: rec.text,
      lang: typeof rec.lang === 'string' ? rec.lang : undefined,
      channel: typeof rec.channel === 'string' ? rec.channel : undefined,
      competitors,
    });
    ok++;
    await write({
      id,
      lang: c.language,
      sentiment: c.sentiment,
      kind: c.kind,
      situation: c.situation,
      topics: c.topics,
      signals: c.signals,
      confidence: c.confidence,
      review: automaticAction(c).review,
      reasons: c.reasons,
    });
  }
  await flush();
  return { ok, failed };
}
