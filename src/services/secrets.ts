import { createHash, randomBytes } from 'node:crypto';

/** A URL-safe random secret with `bytes` bytes of entropy. */
export const randomSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Secrets (session ids, API tokens) are stored only as their SHA-256. */
export const sha256 = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

/** A readable one-time password: 4 groups of 5 characters from an unambiguous alphabet. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  let out = '';
  for (let i = 0; i < 20; i++) {
    if (i > 0 && i % 5 === 0) out += '-';
    out += alphabet[bytes[i]! % alphabet.length];
  }
  return out;
}
