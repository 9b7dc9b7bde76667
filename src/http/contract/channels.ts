/** Channel connections (docs/channels.md): what Settings → Channels and the CLI read. */
import { z } from 'zod';
import { Id, Iso, JsonRecord } from './common.js';

export const ConnectorFieldSchema = z.object({
  name: z.string(),
  kind: z.enum(['text', 'url', 'number', 'boolean', 'secret', 'list']),
  required: z.boolean(),
  help: z.string().optional(),
});

export const ConnectorTypeSchema = z.object({
  type: z.string(),
  fields: z.array(ConnectorFieldSchema),
  capabilities: z.object({ publicReply: z.boolean(), privateMessage: z.boolean(), webhook: z.boolean(), broad: z.boolean() }),
});

export const ConnectionHealthSchema = z.object({
  state: z.enum(['ok', 'failing', 'paused', 'new']),
  last_polled_at: Iso.nullable(),
  last_success_at: Iso.nullable(),
  last_error: z.string().nullable(),
  last_error_at: Iso.nullable(),
  failures: z.number(),
  next_poll_at: Iso.nullable(),
  lag_seconds: z.number().nullable(),
});

export const ConnectionSchema = z.object({
  id: Id,
  type: z.string(),
  name: z.string(),
  channel: z.string().describe("the mentions' channel key"),
  status: z.enum(['active', 'paused']),
  config: JsonRecord,
  secrets_set: z.array(z.string()).describe('names of the secrets stored (never their values)'),
  query: JsonRecord.nullable(),
  health: ConnectionHealthSchema,
  webhook_path: z.string().nullable().describe('where the channel pushes, for connectors with a webhook'),
  created_at: Iso,
});

/** The answer to adding a connection: the connection, and its webhook secret (shown this once) when it has one. */
export const AddedConnectionSchema = ConnectionSchema.extend({ webhook_secret: z.string().nullable() });

export const FetchOutcomeSchema = z.object({
  created: z.number(),
  duplicates: z.number(),
  skipped: z.number(),
  items: z.array(
    z.object({
      mention_id: Id.nullable(),
      external_id: z.string(),
      text: z.string(),
      link: z.string().nullable(),
      status: z.enum(['created', 'duplicate', 'skipped']),
    }),
  ),
  error: z.string().nullable(),
});

const HighlightSchema = z.object({ start: z.number(), end: z.number(), kind: z.enum(['term', 'exclusion']) });

/** `POST /brands/:brandId/listening/preview`: what a query would have matched among the last stored channel items. */
export const ListeningPreviewSchema = z.object({
  scanned: z.number(),
  matched_count: z.number(),
  matched: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      terms: z.array(z.string()),
      link: z.string().nullable(),
      created_at: z.string().nullable(),
      connection_id: z.string().nullable(),
      highlights: z.array(HighlightSchema).describe('where the terms are in text (UTF-16 offsets)'),
    }),
  ),
  dropped: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      terms: z.array(z.string()),
      excluded: z.array(z.string()),
      language: z.string().nullable(),
      connection_id: z.string().nullable(),
      highlights: z.array(HighlightSchema).describe('where the terms and the exclusions are in text'),
    }),
  ),
});

export const HookResultSchema = z.object({ created: z.number(), duplicates: z.number(), skipped: z.number() });

export type ConnectorType = z.infer<typeof ConnectorTypeSchema>;
export type Connection = z.infer<typeof ConnectionSchema>;
export type AddedConnection = z.infer<typeof AddedConnectionSchema>;
export type FetchOutcome = z.infer<typeof FetchOutcomeSchema>;
export type ConnectorField = z.infer<typeof ConnectorFieldSchema>;
export type ConnectionHealth = z.infer<typeof ConnectionHealthSchema>;
export type ListeningPreview = z.infer<typeof ListeningPreviewSchema>;
