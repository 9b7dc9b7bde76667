import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.js';

describe('loadConfig', () => {
  it('defaults to port 8080 on 127.0.0.1 and ./data/defuse.db', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    // Only this machine unless HOST says otherwise (a container sets HOST=0.0.0.0).
    expect(c.host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(c.database).toEqual({ dialect: 'sqlite', filename: './data/defuse.db' });
  });

  it('reads PostgreSQL URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({
      dialect: 'postgres',
      connectionString: 'postgres://u@h:5432/db',
    });
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', DEFUSE_ADMIN_PASSWORD: 'short', DEFUSE_COOKIE_SECURE: 'maybe' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('DEFUSE_ADMIN_PASSWORD');
      expect(problems).toContain('DEFUSE_COOKIE_SECURE');
    }
  });
});
