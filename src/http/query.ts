/** Query-string helpers shared by list routes. */
import { z } from 'zod';

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
export const DateParam = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time' }).or(z.iso.date());

/** A date (YYYY-MM-DD) becomes midnight UTC; a date-time is normalised to UTC. */
export const toIso = (v: string | undefined): string | undefined => (v ? new Date(v.length === 10 ? `${v}T00:00:00Z` : v).toISOString() : undefined);
