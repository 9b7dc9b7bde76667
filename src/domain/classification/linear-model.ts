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
  /** buckets × classes, row-major. */
  q: Int16Array;
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
  return { classes, q, scale };
}

export function decodeModel(buf: Buffer): LinearModel {
  const { classes, q, scale } = decodeQuantized(buf);
  const weights = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) weights[i] = q[i]! * scale;
  return { classes, weights };
}

/** {@link predictProba} for a stored model, with the same result bit for bit. */
export function predictProbaQuantized(model: QuantizedLinearModel, x: FeatureVector): Float32Array {
  const c = model.classes.length;
  const scores = new Float32Array(c);
  const { q, scale } = model;
  for (let i = 0; i < x.indices.length; i++) {
    const row = x.indices[i]! * c;
    const v = x.values[i]!;
    for (let k = 0; k < c; k++) scores[k] = scores[k]! + Math.fround(q[row + k]! * scale) * v;
  }
  return softmaxInPlace(scores);
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
