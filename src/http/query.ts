/** Query-string helpers shared by list routes. */
import { z } from 'zod';
import { parseDay } from '../domain/reports/period.js';

/**
 * A list filter given as `?kind=a,b` or `?kind=a&kind=b`; each value must be
 * one of `allowed`, or any short word when no list is given.
 */
export function listParam(allowed?: readonly [string, ...string[]]) {
  const item = allowed ? z.enum(allowed) : z.string().max(40);
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(50))
    .optional();
}

export const LimitParam = z.coerce.number().int().min(1).max(200).default(50);
const DATE_TIME = z.iso.datetime({ offset: true });

/**
 * A calendar date (YYYY-MM-DD, a day that exists: not 2026-02-30) or an
 * ISO-8601 date-time with its offset, whose date part must exist too. The
 * error names the value: "from: 2026-02-30 is not a date".
 */
export const DateParam = z
  .string()
  .superRefine((v, ctx) => {
    const day = v.slice(0, 10);
    const fine = v.length === 10 ? parseDay(v) !== null : DATE_TIME.safeParse(v).success && parseDay(day) !== null;
    if (fine) return;
    const shown = v.length > 40 ? `${v.slice(0, 40)}…` : v;
    const message =
      /^\d{4}-\d{2}-\d{2}$/.test(day) && parseDay(day) === null
        ? `${shown} is not a date`
        : `${shown} is not a date (YYYY-MM-DD) or an ISO-8601 date-time with an offset`;
    ctx.addIssue({ code: 'custom', message });
  })
  .meta({ description: 'a date (YYYY-MM-DD) or an ISO-8601 date-time with an offset', examples: ['2026-07-01'] });

/** A date (YYYY-MM-DD) becomes midnight UTC; a date-time is normalised to UTC. */
export const toIso = (v: string | undefined): string | undefined => (v ? new Date(v.length === 10 ? `${v}T00:00:00Z` : v).toISOString() : undefined);
