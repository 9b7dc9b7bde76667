/** People's data (per-author export and erasure) and a case's evidence bundle. */
import { z } from 'zod';
import { Id, Iso, JsonRecord } from './common.js';

export const AuthorSchema = z.object({
  id: Id,
  channel: z.string(),
  handle: z.string(),
  display_name: z.string().nullable(),
  profile_url: z.string().nullable(),
  first_seen_at: Iso,
  erased_at: Iso.nullable(),
});

/** The case page's "About the author": per author record (one handle on one channel). */
export const AuthorContextSchema = z.object({
  id: Id,
  channel: z.string(),
  /** null once the author's data was erased. */
  handle: z.string().nullable(),
  name: z.string().nullable(),
  profile_url: z.string().nullable(),
  first_seen_at: Iso,
  erased: z.boolean(),
  erased_at: Iso.nullable(),
  mentions: z.number().int(),
  cases: z.number().int(),
  last_sentiment: z.string().nullable(),
  last_kind: z.string().nullable(),
  last_mention_at: Iso.nullable(),
  other_cases: z.array(
    z.object({
      id: Id,
      status: z.string(),
      kind: z.string().nullable(),
      /** null when erased. */
      subject: z.string().nullable(),
      opened_at: Iso,
      last_mention_at: Iso,
    }),
  ),
});

export const AuthorExportSchema = z.object({
  format: z.literal('defuse-author-export/1'),
  generated_at: Iso,
  brand: z.object({ id: Id, slug: z.string(), name: z.string() }),
  author: AuthorSchema,
  mentions: z.array(
    z.object({
      id: Id,
      external_id: z.string(),
      channel: z.string(),
      text: z.string(),
      link: z.string().nullable(),
      posted_at: Iso,
      received_at: Iso,
      public: z.boolean(),
      in_reply_to: z.string().nullable(),
      extra: JsonRecord.nullable(),
      case_id: Id.nullable(),
      erased_at: Iso.nullable(),
      classification: z
        .object({
          language: z.string().nullable(),
          sentiment: z.string().nullable(),
          kind: z.string().nullable(),
          situation: z.string().nullable(),
          topics: z.array(z.string()),
          signals: z.array(z.string()),
          confidence: z.object({ sentiment: z.number(), kind: z.number() }).nullable(),
          reasons: z.array(z.string()),
          classifier: z.string().nullable(),
          second_opinion: z
            .object({ kind: z.string(), sentiment: z.string(), situation: z.string(), reasons: z.array(z.string()), model: z.string(), at: Iso })
            .nullable(),
        })
        .nullable(),
      corrections: z.array(
        z.object({
          kind: z.string().nullable(),
          sentiment: z.string().nullable(),
          situation: z.string().nullable(),
          topics: z.array(z.string()).nullable(),
          at: Iso,
        }),
      ),
    }),
  ),
  cases: z.array(
    z.object({
      id: Id,
      subject: z.string(),
      status: z.string(),
      status_reason: z.string().nullable(),
      kind: z.string().nullable(),
      sentiment: z.string().nullable(),
      situation: z.string().nullable(),
      flags: z.array(z.string()),
      /** The team's tags on the case. */
      tags: z.array(z.string()),
      opened_at: Iso,
      last_mention_at: Iso,
      mention_count: z.number(),
      erased_at: Iso.nullable(),
      replies: z.array(
        z.object({ id: Id, body: z.string(), status: z.string(), created_at: Iso, sent_at: Iso.nullable(), delivered_at: Iso.nullable() }),
      ),
      notes: z.array(z.object({ id: Id, body: z.string(), created_at: Iso })),
    }),
  ),
});

export const ErasureSchema = z.object({
  author_id: Id,
  pseudonym: z.string(),
  mentions: z.number(),
  cases: z.number(),
  replies: z.number(),
  notes: z.number(),
  erased_at: Iso,
});

const EvidenceActorSchema = z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() });
const Sha = z.string().describe('sha256 (hex) of the canonical JSON of the item without this field');

export const EvidenceSchema = z.object({
  format: z.literal('defuse-evidence/1'),
  generated_at: Iso,
  generated_by: EvidenceActorSchema,
  hash_algorithm: z.literal('sha256'),
  hashing: z.string(),
  case: z.object({
    id: Id,
    brand: z.object({ id: Id, name: z.string() }),
    channel: z.string(),
    author: z.object({ id: Id, handle: z.string(), name: z.string().nullable(), profile_url: z.string().nullable() }),
    subject: z.string(),
    status: z.string(),
    kind: z.string().nullable(),
    flags: z.array(z.string()),
    opened_at: Iso,
    last_mention_at: Iso,
    mention_count: z.number(),
  }),
  timeline: z.array(z.object({ id: Id, type: z.string(), at: Iso, actor: EvidenceActorSchema, data: JsonRecord, sha256: Sha })),
  mentions: z.array(
    z.object({
      id: Id,
      external_id: z.string(),
      channel: z.string(),
      author: z.object({ handle: z.string(), name: z.string().nullable(), profile_url: z.string().nullable() }),
      text: z.string(),
      link: z.string().nullable(),
      posted_at: Iso,
      received_at: Iso,
      public: z.boolean(),
      kind: z.string().nullable(),
      sentiment: z.string().nullable(),
      erased: z.boolean(),
      sha256: Sha,
    }),
  ),
  replies: z.array(
    z.object({
      id: Id,
      body: z.string(),
      status: z.string(),
      written_by: EvidenceActorSchema,
      created_at: Iso,
      sent_at: Iso.nullable(),
      delivered_at: Iso.nullable(),
      external_id: z.string().nullable(),
      sha256: Sha,
    }),
  ),
  notes: z.array(z.object({ id: Id, body: z.string(), written_by: EvidenceActorSchema, created_at: Iso, sha256: Sha })),
  bundle_sha256: z.string().describe('sha256 of the canonical JSON of the whole bundle without this field'),
});

export const AuditEventSchema = z.object({
  id: Id,
  type: z.string().describe('author.exported | author.erased | retention.applied'),
  actor: z.object({ type: z.string(), id: z.string().nullable() }),
  data: JsonRecord,
  at: Iso,
});

export type AuditEvent = z.infer<typeof AuditEventSchema>;
export type AuthorRecord = z.infer<typeof AuthorSchema>;
export type AuthorExport = z.infer<typeof AuthorExportSchema>;
export type Erasure = z.infer<typeof ErasureSchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;
export type AuthorContext = z.infer<typeof AuthorContextSchema>;
