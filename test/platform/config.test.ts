import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactUrl } from '../../src/config.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8000, databaseUrl: null, redisUrl: null, jwtSecretGenerated: true });
    expect(c.dataDir).toMatch(/data$/);
    expect(c.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('generates a different development secret each time, never a fixed one', () => {
    expect(loadConfig({}).jwtSecret).not.toBe(loadConfig({}).jwtSecret);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /DATABASE_URL must use/],
    [{ REDIS_URL: 'http://x' }, /REDIS_URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET/],
    [{ OPERATOR_EMAIL: 'op@example.com' }, /OPERATOR_PASSWORD/],
  ])('rejects %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reports every problem at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/LOG_LEVEL.*PORT/);
  });

  it('redacts passwords from URLs', () => {
    expect(redactUrl('postgres://u:secret@h:5432/db')).not.toContain('secret');
  });
});
