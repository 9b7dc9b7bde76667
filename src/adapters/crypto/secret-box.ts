/**
 * Secrets at rest (channel passwords and tokens): AES-256-GCM with the
 * installation key, from `DEFUSE_SECRET_KEY` (base64 of 32 bytes) or, when
 * unset, a key file created once (mode 0600) beside the SQLite database or in
 * the data directory. The key is read on first use, so installations with no
 * secret never create the file. A sealed value is `v1.<iv>.<tag>.<ciphertext>`
 * (base64 each); a changed byte or another key fails to open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretBox } from '../../services/ports.js';

export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

/** Decodes a base64 key and checks its length. */
export function decodeKey(base64: string, where: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32)
    throw new SecretKeyError(`${where} must be 32 bytes in base64 (got ${key.length} bytes); make one with: openssl rand -base64 32`);
  return key;
}

/** Reads the key file, creating it (0600, random 32 bytes) the first time. */
export function keyFromFile(path: string): Buffer {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    try {
      // 'wx': two processes starting at once do not overwrite each other's key.
      writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    chmodSync(path, 0o600);
  }
  return decodeKey(readFileSync(path, 'utf8'), path);
}

export class AesGcmSecretBox implements SecretBox {
  private key: Buffer | undefined;
  /** `key`: the key itself, or a function giving it on first use (reads or creates the key file). */
  constructor(private readonly source: Buffer | (() => Buffer)) {}

  private getKey(): Buffer {
    this.key ??= typeof this.source === 'function' ? this.source() : this.source;
    return this.key;
  }

  seal(value: Record<string, unknown>): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.getKey(), iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join('.');
  }

  open(sealed: string): Record<string, unknown> {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new SecretKeyError('not a sealed secret');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.getKey(), Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      const text = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
      return JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      if (err instanceof SecretKeyError) throw err;
      throw new SecretKeyError('the secret could not be opened: changed, or sealed with another installation key');
    }
  }
}

/** The installation's box: DEFUSE_SECRET_KEY when set, else the key file at `keyFile`. */
export function installationSecretBox(o: { secretKey?: string; keyFile: string }): SecretBox {
  const { secretKey } = o;
  // A bad DEFUSE_SECRET_KEY is refused at boot (src/config/env.ts checks its length), the file on first use.
  if (secretKey) return new AesGcmSecretBox(decodeKey(secretKey, 'DEFUSE_SECRET_KEY'));
  return new AesGcmSecretBox(() => keyFromFile(o.keyFile));
}
