/** The dashboard's figures for a brand and period. */
import { type Clock, iso } from '../domain/clock.js';
import { KINDS, SENTIMENTS } from '../domain/labels.js';
import { daysBetween, responseTimes, seriesByDay } from '../domain/reports/dashboard-stats.js';
import { StatsRepository } from '../repositories/stats.repository.js';
import type { Store } from '../repositories/store.js';
import { type Actor, authorize } from './access.js';
import { checkFiguresRange } from './date-range.js';

export class StatsService {
  private readonly repo: StatsRepository;
  constructor(
    store: Store,
    private readonly clock: Clock,
  ) {
    this.repo = new StatsRepository(store.database.db);
  }

  async dashboard(actor: Actor, brandId: string, range: { from?: string; to?: string }) {
    authorize(actor, brandId, 'case.read');
    const now = this.clock.now();
    const to = range.to ?? iso(new Date(Date.parse(now.toISOString().slice(0, 10)) + 86_400_000));
    const from = range.from ?? iso(new Date(Date.parse(to) - 30 * 86_400_000));
    checkFiguresRange(from, to, range);
    const p = { brandId, from, to };
    const [byDay, byTopic, responses, work] = await Promise.all([
      this.repo.mentionsByDayAndKind(p),
      this.repo.mentionsByTopic(p),
      this.repo.firstResponses(p),
      this.repo.openWork(brandId, iso(now)),
    ]);
    const days = daysBetween(from, to);
    const topics = new Map<string, { topic: string; total: number; negative: number }>();
    for (const r of byTopic) {
      const t = topics.get(r.topic) ?? { topic: r.topic, total: 0, negative: 0 };
      t.total += r.n;
      if (r.sentiment === 'negative') t.negative += r.n;
      topics.set(r.topic, t);
    }
    return {
      from,
      to,
      kindsByDay: seriesByDay(byDay, days, 'kind', KINDS),
      sentimentByDay: seriesByDay(byDay, days, 'sentiment', SENTIMENTS),
      kinds: KINDS.map((k) => ({ kind: k, n: byDay.filter((r) => r.kind === k).reduce((a, r) => a + r.n, 0) })),
      topics: [...topics.values()].sort((a, b) => b.negative - a.negative || b.total - a.total),
      responses: responseTimes(responses, iso(now)),
      work,
    };
  }
}
