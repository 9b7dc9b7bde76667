import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.js';
import { AesGcmSecretBox, installationSecretBox, keyFromFile, SecretKeyError } from './secret-box.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'defuse-key-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('secret box (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it('opens what it sealed, and the sealed text does not show the secret', () => {
    const box = new AesGcmSecretBox(key);
    const sealed = box.seal({ password: 'hunter2-very-secret', port: 993 });
    expect(sealed).not.toContain('hunter2');
    expect(box.open(sealed)).toEqual({ password: 'hunter2-very-secret', port: 993 });
    // A fresh IV each time: the same value seals differently.
    expect(box.seal({ password: 'hunter2-very-secret', port: 993 })).not.toBe(sealed);
  });

  it('refuses a tampered ciphertext', () => {
    const box = new AesGcmSecretBox(key);
    const [v, iv, tag, data] = box.seal({ token: 'abcdef' }).split('.');
    const bytes = Buffer.from(data!, 'base64');
    bytes[0] = bytes[0]! ^ 1;
    expect(() => box.open([v, iv, tag, bytes.toString('base64')].join('.'))).toThrow(SecretKeyError);
    expect(() => box.open('garbage')).toThrow(SecretKeyError);
  });

  it('refuses another key', () => {
    const sealed = new AesGcmSecretBox(key).seal({ token: 'abcdef' });
    expect(() => new AesGcmSecretBox(randomBytes(32)).open(sealed)).toThrow(/another installation key/);
  });

  it('creates the key file once (mode 0600), lazily, and reuses it', () => {
    const dir = tempDir();
    const keyFile = join(dir, 'data', 'secret.key');
    const box = installationSecretBox({ keyFile });
    expect(() => statSync(keyFile)).toThrow(); // not created until a secret is sealed
    const sealed = box.seal({ a: 1 });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const first = readFileSync(keyFile, 'utf8');
    // Another process (a new box over the same file) opens it: the file was reused, not replaced.
    expect(installationSecretBox({ keyFile }).open(sealed)).toEqual({ a: 1 });
    expect(keyFromFile(keyFile).toString('base64')).toBe(first.trim());
    expect(readFileSync(keyFile, 'utf8')).toBe(first);
  });

  it('uses DEFUSE_SECRET_KEY when set, and the config refuses a key of the wrong length', () => {
    const k = randomBytes(32).toString('base64');
    const config = loadConfig({ DEFUSE_SECRET_KEY: k, DATABASE_URL: 'sqlite:/tmp/x/defuse.db' });
    expect(config.secrets.key).toBe(k);
    expect(config.secrets.keyFile).toBe('/tmp/x/secret.key');
    const sealed = installationSecretBox({ secretKey: k, keyFile: '/nonexistent/secret.key' }).seal({ s: 'x' });
    expect(new AesGcmSecretBox(Buffer.from(k, 'base64')).open(sealed)).toEqual({ s: 'x' });
    expect(() => loadConfig({ DEFUSE_SECRET_KEY: randomBytes(16).toString('base64') })).toThrow(/DEFUSE_SECRET_KEY: must be 32 bytes/);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db', DEFUSE_DATA_DIR: '/srv/defuse' }).secrets.keyFile).toBe('/srv/defuse/secret.key');
  });
});
