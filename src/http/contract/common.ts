/**
 * The API's response shapes, one Zod schema each: declared on every route
 * (so the OpenAPI document shows them and Fastify serialises through them)
 * and the source of the desk's client types (web/src/api.ts imports the
 * inferred types), so a server change that breaks the desk fails the build.
 * Only zod and the pure domain may be imported here: the web build reads it.
 */
import { z } from 'zod';

export const Iso = z.string().describe('ISO-8601 time');
export const Id = z.string();

/** A list of items: `{ items: [...] }`. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** A page of items with the cursor of the next page and the total. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next_cursor: z.string().nullable(), total: z.number() });

export const ErrorSchema = z.object({
  error: z.object({
    id: z.string(),
    message: z.string(),
    field: z.string().optional(),
    /** What is wrong as a stable code (`required`, `too_short`, `not_one_of`…), with its numbers in `params`. */
    problem: z.string().optional(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    request_id: z.string().optional(),
  }),
});

export const OkSchema = z.object({ ok: z.boolean() });

/** What an answer with no body (204) declares. */
export const NoContent = z.null().describe('No content');

/** Free-form JSON data (event payloads, notification data). */
export const JsonRecord = z.record(z.string(), z.unknown());
