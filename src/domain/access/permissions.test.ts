import { describe, expect, it } from 'vitest';
import { roleCan } from './permissions.js';

describe('permissions', () => {
  it('lets specialists read and write notes but never reply', () => {
    expect(roleCan('specialist', 'case.read')).toBe(true);
    expect(roleCan('specialist', 'note.write')).toBe(true);
    expect(roleCan('specialist', 'reply.write')).toBe(false);
    expect(roleCan('specialist', 'case.update')).toBe(false);
  });

  it('keeps administration to admins and managers', () => {
    expect(roleCan('responder', 'token.manage')).toBe(false);
    expect(roleCan('manager', 'token.manage')).toBe(true);
    expect(roleCan('manager', 'member.manage')).toBe(false);
    expect(roleCan('admin', 'member.manage')).toBe(true);
  });
});
