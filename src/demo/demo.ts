/**
 * A demo brand with realistic mentions in four languages (written for
 * Defuse), classified by the shipped model and run through the reaction
 * scheme: `defuse demo` for people trying the desk, and `npm run screenshots`.
 */
import type { Container } from '../container.js';
import { iso } from '../domain/clock.js';
import { MentionInputSchema } from '../domain/mentions/mention-input.js';
import type { Actor } from '../services/access.js';
import mentions from './demo-mentions.json' with { type: 'json' };

const OPERATOR: Actor = { type: 'system', name: 'demo' };

export interface DemoResult {
  brandId: string;
  slug: string;
  mentions: number;
  cases: number;
}

/** Creates (or reuses) the brand and sends the demo mentions through the real pipeline; re-running adds nothing twice. */
export async function seedDemo(
  c: Container,
  slug = 'demo',
  members: Array<{ userId: string; role: 'manager' | 'responder' }> = [],
): Promise<DemoResult> {
  const existing = await c.store.repos.brands.findByRef(slug);
  const brandId = existing?.id ?? (await c.brands.createBrand(OPERATOR, { slug, name: 'Acme Shop (demo)' })).id;
  for (const m of members) await c.brands.setMember(OPERATOR, brandId, { userId: m.userId, role: m.role });
  await c.brands.updateSettings(OPERATOR, brandId, { competitors: ['RivalShop'] });
  const now = c.clock.now().getTime();
  const result = await c.ingest.ingest(
    { type: 'token', tokenId: 'demo', brandId },
    brandId,
    mentions.map((m, i) =>
      MentionInputSchema.parse({
        channel: m.channel,
        external_id: `demo-${i + 1}`,
        author: { handle: m.author.handle, name: m.author.name },
        text: m.text,
        created_at: iso(new Date(now - m.minutesAgo * 60_000)),
        public: m.channel !== 'email',
      }),
    ),
  );
  const ids = result.items.map((r) => r.id);
  await c.pipeline.processMentions(ids);
  await c.scheduler.tick();
  return { brandId, slug, mentions: ids.length, cases: await c.store.repos.cases.count({ brandId }) };
}
