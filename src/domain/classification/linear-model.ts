/**
 * A multinomial logistic regression over hashed sparse features: the
 * trained weights (one row of `classes` per feature bucket, int16 with one
 * scale) and the arithmetic to score a vector. Training lives in
 * scripts/training; this only predicts.
 */
import type { FeatureVector } from './features.js';

export interface LinearModel {
  classes: readonly string[];
  /** buckets × classes, row-major. */
  weights: Float32Array;
}

export function predictProba(model: LinearModel, x: FeatureVector): Float32Array {
  const c = model.classes.length;
  const scores = new Float32Array(c);
  const w = model.weights;
  for (let i = 0; i < x.indices.length; i++) {
    const row = x.indices[i]! * c;
    const v = x.values[i]!;
    for (let k = 0; k < c; k++) scores[k] = scores[k]! + w[row + k]! * v;
  }
  return softmaxInPlace(scores);
}

const MAGIC = 0x44464c4d; // "DFLM"

/** Binary form: magic, class count, bucket count, scale, class names (JSON), int16 weights. */
export function encodeModel(model: LinearModel): Buffer {
  let maxAbs = 0;
  for (const v of model.weights) maxAbs = Math.max(maxAbs, Math.abs(v));
  const scale = maxAbs / 32767 || 1;
  const names = Buffer.from(JSON.stringify(model.classes), 'utf8');
  const header = Buffer.alloc(16);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(model.classes.length, 4);
  header.writeUInt32LE(model.weights.length / model.classes.length, 8);
  header.writeFloatLE(scale, 12);
  const nameLen = Buffer.alloc(4);
  nameLen.writeUInt32LE(names.length, 0);
  const q = new Int16Array(model.weights.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.round(model.weights[i]! / scale);
  return Buffer.concat([header, nameLen, names, Buffer.from(q.buffer, q.byteOffset, q.byteLength)]);
}

/**
 * A model as it is stored: int16 weights and one scale. Scoring reads these
 * directly (half the memory of float weights, so fewer cache misses on the
 * random rows a text's hashed features touch), each weight turned into the
 * same float32 that {@link decodeModel} would have stored, so the scores are
 * bit for bit those of {@link predictProba} on the decoded model.
 */
export interface QuantizedLinearModel {
  classes: readonly string[];
  /** Bucket b's weight for class k is q[b × stride + offset + k]. */
  q: Int16Array;
  stride: number;
  offset: number;
  buckets: number;
  scale: number;
}

export function decodeQuantized(buf: Buffer): QuantizedLinearModel {
  if (buf.readUInt32LE(0) !== MAGIC) throw new Error('not a Defuse model file');
  const classCount = buf.readUInt32LE(4);
  const buckets = buf.readUInt32LE(8);
  const scale = buf.readFloatLE(12);
  const nameLen = buf.readUInt32LE(16);
  const classes = JSON.parse(buf.subarray(20, 20 + nameLen).toString('utf8')) as string[];
  if (classes.length !== classCount) throw new Error('model file is corrupt');
  const start = 20 + nameLen;
  const count = buckets * classCount;
  if (buf.length < start + count * 2) throw new Error('model file is corrupt');
  // A copy, aligned for Int16Array (the weights start at an arbitrary byte offset); the file is little-endian, like every platform Node runs on.
  const q = new Int16Array(count);
  new Uint8Array(q.buffer).set(buf.subarray(start, start + count * 2));
  return { classes, q, stride: classCount, offset: 0, buckets, scale };
}

export function decodeModel(buf: Buffer): LinearModel {
  const m = decodeQuantized(buf);
  const c = m.classes.length;
  const weights = new Float32Array(m.buckets * c);
  for (let b = 0; b < m.buckets; b++) for (let k = 0; k < c; k++) weights[b * c + k] = m.q[b * m.stride + m.offset + k]! * m.scale;
  return { classes: m.classes, weights };
}

/**
 * Several models over the same buckets in one table, each bucket's rows side
 * by side and padded to a power of two (sentiment 3 + kind 8 → 16 int16, 32
 * bytes): a feature's weights for every model then sit in one cache line,
 * and {@link predictProbaTogether} reads them in one pass. Same weights, same
 * scores.
 */
export function interleave(models: readonly QuantizedLinearModel[]): QuantizedLinearModel[] {
  const buckets = models[0]?.buckets ?? 0;
  if (models.some((m) => m.buckets !== buckets)) return [...models];
  const width = models.reduce((n, m) => n + m.classes.length, 0);
  let stride = 1;
  while (stride < width) stride *= 2;
  const q = new Int16Array(buckets * stride);
  let offset = 0;
  const out = models.map((m) => {
    const c = m.classes.length;
    for (let b = 0; b < buckets; b++) for (let k = 0; k < c; k++) q[b * stride + offset + k] = m.q[b * m.stride + m.offset + k]!;
    const placed = { ...m, q, stride, offset };
    offset += c;
    return placed;
  });
  return out;
}

/** {@link predictProba} for a stored model, with the same result bit for bit. */
export function predictProbaQuantized(model: QuantizedLinearModel, x: FeatureVector): Float32Array {
  const c = model.classes.length;
  const scores = new Float32Array(c);
  const { q, scale, stride, offset } = model;
  for (let i = 0; i < x.indices.length; i++) {
    const row = x.indices[i]! * stride + offset;
    const v = x.values[i]!;
    for (let k = 0; k < c; k++) scores[k] = scores[k]! + Math.fround(q[row + k]! * scale) * v;
  }
  return softmaxInPlace(scores);
}

/** Features per prefetch pass in {@link predictProbaTogether}: their rows (32 bytes each) stay well inside the L2 cache. */
const PREFETCH_CHUNK = 256;
/** Keeps the prefetch reads from being optimised away. */
export let prefetchSink = 0;

/** {@link predictProbaQuantized} for two models at once: one pass over the features when they share a table (see {@link interleave}). */
export function predictProbaTogether(a: QuantizedLinearModel, b: QuantizedLinearModel, x: FeatureVector): [Float32Array, Float32Array] {
  if (a.q !== b.q) return [predictProbaQuantized(a, x), predictProbaQuantized(b, x)];
  const ca = a.classes.length;
  const cb = b.classes.length;
  const sa = new Float32Array(ca);
  const sb = new Float32Array(cb);
  const { q, stride } = a;
  const oa = a.offset;
  const ob = b.offset;
  const scaleA = a.scale;
  const scaleB = b.scale;
  const { indices, values } = x;
  const n = indices.length;
  let touched = 0;
  for (let start = 0; start < n; start += PREFETCH_CHUNK) {
    const end = Math.min(n, start + PREFETCH_CHUNK);
    // The rows are random places in a table larger than the CPU caches. Reading one weight of each
    // row first, in a loop whose loads do not wait on each other, lets the memory fetch many rows
    // at once; the sums below then find them in the cache. The sums keep their order (bit-identical).
    for (let i = start; i < end; i++) touched = (touched + q[indices[i]! * stride]!) | 0;
    if (ca === 3 && cb === 8 && oa === 0 && ob === 3) {
      sum3and8(q, stride, scaleA, scaleB, indices, values, start, end, sa, sb);
      continue;
    }
    for (let i = start; i < end; i++) {
      const row = indices[i]! * stride;
      const v = values[i]!;
      for (let k = 0; k < ca; k++) sa[k] = sa[k]! + Math.fround(q[row + oa + k]! * scaleA) * v;
      for (let k = 0; k < cb; k++) sb[k] = sb[k]! + Math.fround(q[row + ob + k]! * scaleB) * v;
    }
  }
  prefetchSink = touched;
  return [softmaxInPlace(sa), softmaxInPlace(sb)];
}

function softmaxInPlace(scores: Float32Array): Float32Array {
  const c = scores.length;
  let max = -Infinity;
  for (let k = 0; k < c; k++) if (scores[k]! > max) max = scores[k]!;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    scores[k] = Math.exp(scores[k]! - max);
    sum += scores[k]!;
  }
  for (let k = 0; k < c; k++) scores[k] = scores[k]! / sum;
  return scores;
}

/**
 * The loop of {@link predictProbaTogether} unrolled for the shipped shape
 * (3 sentiment classes, then 8 kinds): the running sums live in locals,
 * each rounded to float32 after every step exactly as a Float32Array
 * element would be, so the result is the same bit for bit.
 */
function sum3and8(
  q: Int16Array,
  stride: number,
  scaleA: number,
  scaleB: number,
  indices: Uint32Array,
  values: Float32Array,
  start: number,
  end: number,
  sa: Float32Array,
  sb: Float32Array,
): void {
  const f = Math.fround;
  let a0 = sa[0]!,
    a1 = sa[1]!,
    a2 = sa[2]!;
  let b0 = sb[0]!,
    b1 = sb[1]!,
    b2 = sb[2]!,
    b3 = sb[3]!,
    b4 = sb[4]!,
    b5 = sb[5]!,
    b6 = sb[6]!,
    b7 = sb[7]!;
  for (let i = start; i < end; i++) {
    const r = indices[i]! * stride;
    const v = values[i]!;
    a0 = f(a0 + f(q[r]! * scaleA) * v);
    a1 = f(a1 + f(q[r + 1]! * scaleA) * v);
    a2 = f(a2 + f(q[r + 2]! * scaleA) * v);
    b0 = f(b0 + f(q[r + 3]! * scaleB) * v);
    b1 = f(b1 + f(q[r + 4]! * scaleB) * v);
    b2 = f(b2 + f(q[r + 5]! * scaleB) * v);
    b3 = f(b3 + f(q[r + 6]! * scaleB) * v);
    b4 = f(b4 + f(q[r + 7]! * scaleB) * v);
    b5 = f(b5 + f(q[r + 8]! * scaleB) * v);
    b6 = f(b6 + f(q[r + 9]! * scaleB) * v);
    b7 = f(b7 + f(q[r + 10]! * scaleB) * v);
  }
  sa[0] = a0;
  sa[1] = a1;
  sa[2] = a2;
  sb[0] = b0;
  sb[1] = b1;
  sb[2] = b2;
  sb[3] = b3;
  sb[4] = b4;
  sb[5] = b5;
  sb[6] = b6;
  sb[7] = b7;
}
