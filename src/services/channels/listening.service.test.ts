import { describe, expect, it } from 'vitest';
import type { Role } from '../../domain/access/permissions.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../access.js';
import { ListeningService, type PreviewItem } from './listening.service.js';

const BRAND = 'brand_1';
const user = (role: Role | null): Actor => ({ type: 'user', userId: 'u1', isAdmin: false, roles: new Map(role ? [[BRAND, role]] : []) });

const ITEMS: PreviewItem[] = [
  {
    id: 'i1',
    text: 'Заказал в Мегамаркете телевизор, жду уже неделю',
    link: 'https://forum.example/t/1',
    createdAt: '2026-12-01T10:00:00Z',
    connectionId: 'conn_1',
  },
  { id: 'i2', text: 'Мегафон опять без связи' },
  { id: 'i3', text: 'megamarket opyat zaderzhal zakaz' },
  { id: 'i4', text: 'Мегамаркет: вакансии курьеров в Москве' },
  { id: 'i5', text: 'Megamarket delivered my order late again and nobody answers', language: 'en' },
];

describe('listening preview', () => {
  const calls: Array<[string, number]> = [];
  const service = new ListeningService((brandId, limit) => {
    calls.push([brandId, limit]);
    return Promise.resolve(brandId === BRAND ? ITEMS.slice(0, limit) : []);
  });

  it('shows what the query matches among the recent items, and what an exclusion or the language dropped', async () => {
    const r = await service.preview(user('manager'), BRAND, { include: ['МегаМаркет'], exclude: ['вакансии'], languages: ['ru'] });
    expect(calls.at(-1)).toEqual([BRAND, 500]);
    expect(r.scanned).toBe(5);
    expect(r.matched_count).toBe(2);
    expect(r.matched.map((m) => m.id)).toEqual(['i1', 'i3']);
    expect(r.matched[0]).toEqual({
      id: 'i1',
      text: ITEMS[0]!.text,
      terms: ['МегаМаркет'],
      link: 'https://forum.example/t/1',
      created_at: '2026-12-01T10:00:00Z',
      connection_id: 'conn_1',
      // «Мегамаркете» at 10–21: where the desk marks the term.
      highlights: [{ start: 10, end: 21, kind: 'term' }],
    });
    expect(r.matched[1]!.highlights).toEqual([{ start: 0, end: 10, kind: 'term' }]); // "megamarket", transliterated
    expect(r.dropped).toEqual([
      {
        id: 'i4',
        text: ITEMS[3]!.text,
        terms: ['МегаМаркет'],
        excluded: ['вакансии'],
        language: null,
        connection_id: null,
        highlights: [
          { start: 0, end: 10, kind: 'term' },
          { start: 12, end: 20, kind: 'exclusion' },
        ],
      },
      {
        id: 'i5',
        text: ITEMS[4]!.text,
        terms: ['МегаМаркет'],
        excluded: [],
        language: 'en',
        connection_id: null,
        highlights: [{ start: 0, end: 10, kind: 'term' }],
      },
    ]);
  });

  it('refuses a bad query with a clear 400 and a field', async () => {
    const err = await service.preview(user('admin'), BRAND, { include: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    expect((err as AppError).field).toBe('query.include');
  });

  it('checks role and brand', async () => {
    const asResponder = await service.preview(user('responder'), BRAND, { include: ['x1'] }).catch((e: unknown) => e);
    expect((asResponder as AppError).status).toBe(403);
    const otherBrand = await service.preview(user(null), BRAND, { include: ['x1'] }).catch((e: unknown) => e);
    expect((otherBrand as AppError).status).toBe(404);
    const token = await service.preview({ type: 'token', tokenId: 't', brandId: BRAND }, BRAND, { include: ['x1'] }).catch((e: unknown) => e);
    expect((token as AppError).status).toBe(403);
  });
});
