/**
 * What routes declare as `response`: the success shape for its status, plus
 * the error shape every 4xx answer has. Server-side only (the web imports
 * the contract's types from index.ts).
 */
import type { z } from 'zod';
import { ErrorSchema, NoContent } from './common.js';

const errors = { '4xx': ErrorSchema } as const;

/** 200 with this body. */
export const ok = <T extends z.ZodType>(schema: T) => ({ 200: schema, ...errors });
/** 201 with this body. */
export const created = <T extends z.ZodType>(schema: T) => ({ 201: schema, ...errors });
/** 204, no body. */
export const noContent = () => ({ 204: NoContent, ...errors });

export * from './index.js';
