import { describe, expect, it } from 'vitest';
import { JobRegistry } from './job-registry.js';

describe('JobRegistry', () => {
  it('refuses a job with two handlers', () => {
    const r = new JobRegistry().register('mention.sweep', async () => {});
    expect(() => r.register('mention.sweep', async () => {})).toThrow(/two handlers/);
  });

  it('refuses to start with a job that has no handler', () => {
    const r = new JobRegistry().register('mention.sweep', async () => {});
    expect(() => r.assertComplete()).toThrow(/mention.process/);
  });
});
