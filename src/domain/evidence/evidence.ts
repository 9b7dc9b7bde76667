/**
 * The evidence bundle of a case: every item sealed with the SHA-256 of its
 * canonical JSON (keys sorted, no spaces), and the whole bundle sealed the
 * same way, so a copy handed to lawyers or a platform can be checked later:
 * recompute the hashes (see `verifyEvidence`) and compare.
 */
import { createHash } from 'node:crypto';

export const EVIDENCE_FORMAT = 'defuse-evidence/1';

/** JSON with object keys sorted at every level and no whitespace: the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The item with `sha256`: the hash of its canonical JSON without that field. */
export function seal<T extends object>(item: T): T & { sha256: string } {
  return { ...item, sha256: sha256Hex(canonicalJson(item)) };
}

/** The bundle with `bundle_sha256`: the hash of its canonical JSON (items' own hashes included) without that field. */
export function sealBundle<B extends object>(bundle: B): B & { bundle_sha256: string } {
  return { ...bundle, bundle_sha256: sha256Hex(canonicalJson(bundle)) };
}

const SECTIONS = ['timeline', 'mentions', 'replies', 'notes'] as const;

/** Checks every item's hash and the bundle's; returns what does not match (empty: the bundle is intact). */
export function verifyEvidence(bundle: Record<string, unknown>): string[] {
  const bad: string[] = [];
  for (const section of SECTIONS) {
    const items = bundle[section];
    if (!Array.isArray(items)) {
      bad.push(section);
      continue;
    }
    items.forEach((raw, i) => {
      const { sha256, ...item } = raw as Record<string, unknown>;
      if (sha256 !== sha256Hex(canonicalJson(item))) bad.push(`${section}[${i}]`);
    });
  }
  const { bundle_sha256: whole, ...rest } = bundle;
  if (whole !== sha256Hex(canonicalJson(rest))) bad.push('bundle_sha256');
  return bad;
}
