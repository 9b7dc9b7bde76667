/**
 * Two ingest calls at once with a new author in common (PostgreSQL): the author's row is committed in a short
 * transaction of its own before the mentions, so the second call does not wait for the first one's whole insert of
 * mentions (its sessions waited on Lock:transactionid at `insert into authors` during a burst).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MentionInputSchema } from '../src/domain/mentions/mention-input.js';
import type { Repositories } from '../src/repositories/store.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.js';
import { buildMention } from './support/factories.js';
import { type Harness, OPERATOR, openHarness } from './support/harness.js';

/** Holds the next transaction that stores mentions open, just before its commit, until `release()`. */
function holdMentionsTransaction(h: Harness): { held: Promise<void>; release: () => void } {
  const store = h.container.store;
  const original = store.transaction.bind(store);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let markHeld!: () => void;
  const held = new Promise<void>((resolve) => (markHeld = resolve));
  let armed = true;
  store.transaction = <T>(fn: (r: Repositories) => Promise<T>) =>
    original(async (r) => {
      const out = await fn(r);
      if (armed && out && typeof out === 'object' && 'createdIds' in out) {
        armed = false;
        markHeld();
        await gate;
      }
      return out;
    });
  return { held, release };
}

describe.skipIf(!DIALECTS.includes('postgres'))('ingest with new authors on postgres', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  it('does not wait for another call storing mentions of the same new author', async () => {
    const db = await createTestDatabase('postgres');
    dbs.push(db);
    const h = await openHarness('postgres', db);
    const brandId = await h.createBrand('authors');
    const mention = (id: string) => MentionInputSchema.parse(buildMention({ external_id: id, author: { handle: 'newcomer', name: 'New Comer' } }));
    const hold = holdMentionsTransaction(h);
    const first = h.container.ingest.ingest(OPERATOR, brandId, [mention('a-1')]);
    await hold.held; // the first call's mentions are inserted, not committed

    const second = h.container.ingest.ingest(OPERATOR, brandId, [mention('a-2')]);
    const outcome = await Promise.race([second.then(() => 'stored'), new Promise((r) => setTimeout(() => r('waiting'), 3000))]);
    hold.release();
    expect(outcome).toBe('stored');
    const [a, b] = await Promise.all([first, second]);
    expect([a.created, b.created]).toEqual([1, 1]);
    // One author for both.
    const rows = await h.container.database.db.selectFrom('mentions').select('author_id').where('brand_id', '=', brandId).execute();
    expect(new Set(rows.map((r) => r.author_id)).size).toBe(1);
    await h.close();
  });
});
