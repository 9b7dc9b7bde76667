/**
 * The brand the desk opens on (web/src/brand-choice.ts): an installation admin who ran `npx defuse demo` without
 * `--member` sees the demo brand first in the list but holds no role there; the desk opened on it and said "Brand
 * not found or no access". It now opens on a brand the person has a role on, unless one was asked for.
 */
import { describe, expect, it } from 'vitest';
import { chooseBrand } from '../../web/src/brand-choice.js';

const brand = (id: string, role: string | null) => ({ id, slug: id, name: id, created_at: '2026-12-04T00:00:00Z', role });

describe('the brand the desk opens on', () => {
  const me = { brands: [brand('demo', null), brand('default', 'admin')] };
  it('is the first brand the person holds a role on, not one they only administer', () => {
    expect(chooseBrand(me, null)).toBe('default');
    expect(chooseBrand(me, 'gone')).toBe('default');
  });
  it('is the one an invitation was for, or the one chosen last time, whatever the role', () => {
    expect(chooseBrand(me, 'demo')).toBe('demo');
    expect(chooseBrand({ ...me, brand_id: 'demo' }, 'default')).toBe('demo');
  });
  it('is the first brand when none has a role, and none without brands', () => {
    expect(chooseBrand({ brands: [brand('a', null), brand('b', null)] }, null)).toBe('a');
    expect(chooseBrand({ brands: [] }, null)).toBe('');
  });
});
