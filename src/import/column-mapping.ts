/**
 * Turns a row of an import file into the mention input shape. A mapping says
 * which source column feeds which mention field (`text=body`,
 * `author.handle=user.screen_name`); unmapped fields are looked up under their
 * own name. Dotted source paths reach into nested JSON.
 */
import type { MentionInputRaw } from '../domain/mentions/mention-input.js';

export const MAPPABLE_FIELDS = [
  'channel',
  'external_id',
  'author.handle',
  'author.name',
  'author.url',
  'text',
  'link',
  'created_at',
  'public',
  'in_reply_to',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

export type ColumnMapping = Partial<Record<MappableField, string>>;

/** Parses `field=column` pairs; throws on an unknown field or a malformed pair. */
export function parseMapping(pairs: string[]): ColumnMapping {
  const out: ColumnMapping = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const field = pair.slice(0, eq).trim();
    const column = pair.slice(eq + 1).trim();
    if (eq < 1 || !column) throw new Error(`--map expects field=column, got "${pair}"`);
    if (!(MAPPABLE_FIELDS as readonly string[]).includes(field))
      throw new Error(`--map: unknown field "${field}" (fields: ${MAPPABLE_FIELDS.join(', ')})`);
    out[field as MappableField] = column;
  }
  return out;
}

function pick(row: Record<string, unknown>, path: string): unknown {
  if (path in row) return row[path];
  let cur: unknown = row;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** A scalar as written; an object or array as its JSON (not "[object Object]"). */
function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v) ?? '';
}

const str = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : asText(v));

function bool(v: unknown): unknown {
  if (typeof v === 'boolean' || v === undefined) return v;
  const s = asText(v).trim().toLowerCase();
  if (['true', '1', 'yes', 'public'].includes(s)) return true;
  if (['false', '0', 'no', 'private'].includes(s)) return false;
  return s === '' ? undefined : v;
}

/** Builds the raw mention input (validated afterwards) from one source row. */
export function mapRow(row: Record<string, unknown>, mapping: ColumnMapping, defaults: { channel?: string }): MentionInputRaw {
  const get = (field: MappableField) => pick(row, mapping[field] ?? field);
  const authorObj = (row.author && typeof row.author === 'object' ? row.author : {}) as Record<string, unknown>;
  return {
    channel: str(get('channel')) ?? defaults.channel ?? '',
    external_id: str(get('external_id')) ?? '',
    author: {
      handle: str(get('author.handle')) ?? str(authorObj.handle) ?? '',
      name: str(get('author.name')) ?? str(authorObj.name),
      url: str(get('author.url')) ?? str(authorObj.url),
    },
    text: str(get('text')) ?? '',
    link: str(get('link')),
    created_at: str(get('created_at')),
    public: bool(get('public')) as boolean | undefined,
    in_reply_to: str(get('in_reply_to')),
  };
}
