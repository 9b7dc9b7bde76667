/** The training-data loaders: our annotations by source row, emotion labels to sentiment. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emotionSentiment, loadAnnotated, MAPPERS } from '../scripts/training/datasets.js';

const root = mkdtempSync(join(tmpdir(), 'defuse-train-data-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('training data', () => {
  it('reads annotated rows, taking the text from the named set and 0-based row', () => {
    const datasets = join(root, 'datasets');
    mkdirSync(join(datasets, 'train', 'sart_ro'), { recursive: true });
    writeFileSync(
      join(datasets, 'train', 'sart_ro', 'data.jsonl'),
      ['{"text":"zero","label":"neutral"}', '{"text":"Comanda nu a ajuns","label":"negative"}'].join('\n'),
    );
    const dir = join(root, 'annotated');
    mkdirSync(dir);
    const row = {
      source: 'sart_ro',
      source_row: 1,
      lang: 'ro',
      kind: 'constructive',
      sentiment: 'negative',
      situation: 'service_complaint',
      topics: ['delivery'],
      signals: [],
    };
    // The labelling helpers append as they go: a half-written last line is skipped.
    writeFileSync(join(dir, 'ro-real-2.jsonl'), `${JSON.stringify(row)}\n{"source": "sart_`);
    expect(loadAnnotated(dir, datasets)).toEqual([
      {
        text: 'Comanda nu a ajuns',
        lang: 'ro',
        kind: 'constructive',
        sentiment: 'negative',
        situation: 'service_complaint',
        topics: ['delivery'],
        signals: [],
        source: 'annotated:sart_ro',
      },
    ]);
    writeFileSync(join(dir, 'ro-real-2.jsonl'), `${JSON.stringify({ ...row, source_row: 7 })}\n`);
    expect(() => loadAnnotated(dir, datasets)).toThrow(/no row 7/);
    writeFileSync(join(dir, 'ro-real-2.jsonl'), `${JSON.stringify({ ...row, source: '../etc' })}\n`);
    expect(() => loadAnnotated(dir, datasets)).toThrow(/unknown source set/);
  });

  it('maps emotions to a sentiment only when they agree', () => {
    expect(emotionSentiment(['joy', 'gratitude'])).toBe('positive');
    expect(emotionSentiment(['anger'])).toBe('negative');
    expect(emotionSentiment(['neutral'])).toBe('neutral');
    expect(emotionSentiment(['joy', 'anger'])).toBeNull();
    expect(emotionSentiment(['surprise'])).toBeNull();
  });

  it('says nothing about kind where a set does not (GoEmotions anger, Davidson "neither")', () => {
    expect(MAPPERS.goemotions_en!({ text: 'why would you do that', label: ['anger'] })).toEqual({ sentiment: 'negative', kind: undefined });
    expect(MAPPERS.goemotions_en!({ text: 'where can I buy it?', label: ['curiosity'] })).toEqual({ sentiment: undefined, kind: 'question' });
    expect(MAPPERS.davidson_offensive_en!({ label: 'neither' })).toBeNull();
  });

  it('reads a toxic comment as trolling, and a comment that is merely not toxic as saying nothing (not neutral)', () => {
    expect(MAPPERS.ru_distorted_toxicity!({ text: 'админ клоун', toxic: true })).toEqual({ kind: 'trolling', sentiment: 'negative' });
    expect(MAPPERS.ru_distorted_toxicity!({ text: 'третий день не могу дозвониться', toxic: false })).toBeNull();
  });
});
