/**
 * Loads the shipped classifier weights from models/ (no network: they are in
 * the repository). Falls back to the placeholder only when the files are
 * missing, and says so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Classifier, PlaceholderClassifier } from '../domain/classification/classifier.js';
import type { Calibration } from '../domain/classification/calibration.js';
import { decodeQuantized, interleave, type QuantizedLinearModel } from '../domain/classification/linear-model.js';
import { ModelClassifier, quantizedModels } from '../domain/classification/model-classifier.js';

export const MODELS_DIR = resolve(import.meta.dirname, '../../models');

export function modelFilesPresent(dir = MODELS_DIR): boolean {
  return existsSync(join(dir, 'sentiment.dflm')) && existsSync(join(dir, 'kind.dflm'));
}

export function loadModelClassifier(dir = MODELS_DIR): ModelClassifier {
  const calibrationPath = join(dir, 'calibration.json');
  const calibration = existsSync(calibrationPath) ? (JSON.parse(readFileSync(calibrationPath, 'utf8')) as Calibration) : {};
  // The name the weights were trained under (models/manifest.json, written by npm run train).
  const manifestPath = join(dir, 'manifest.json');
  const manifest = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as { classifier?: unknown }) : {};
  // One table for both heads: a feature's sentiment and kind weights share a cache line.
  const [sentiment, kind] = interleave([
    decodeQuantized(readFileSync(join(dir, 'sentiment.dflm'))),
    decodeQuantized(readFileSync(join(dir, 'kind.dflm'))),
  ]) as [QuantizedLinearModel, QuantizedLinearModel];
  return new ModelClassifier(
    quantizedModels(sentiment, kind),
    typeof manifest.classifier === 'string' ? manifest.classifier : undefined,
    calibration,
  );
}

/** The classifier the desk runs: the trained model, or the placeholder if no weights ship. */
export function loadDefaultClassifier(dir = MODELS_DIR): Classifier {
  return modelFilesPresent(dir) ? loadModelClassifier(dir) : new PlaceholderClassifier();
}
