import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** Typed, validated configuration read once from the environment. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  redisUrl: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  trustProxy: boolean;
  dbPoolMax: number;
  jwtSecret: string;
  jwtSecretGenerated: boolean;
  operatorEmail: string | null;
  operatorPassword: string | null;
  productsCsv: string | null;
  shutdownTimeoutMs: number;
  registrationsPerIpHour: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

type Env = Record<string, string | undefined>;

function str(env: Env, key: string): string | null {
  const v = env[key]?.trim();
  return v ? v : null;
}

function int(env: Env, key: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = str(env, key);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${key} must be an integer between ${min} and ${max} (got "${raw}")`);
    return fallback;
  }
  return n;
}

function url(env: Env, key: string, protocols: string[], problems: string[]): string | null {
  const raw = str(env, key);
  if (raw === null) return null;
  try {
    const u = new URL(raw);
    if (!protocols.includes(u.protocol)) {
      problems.push(`${key} must use ${protocols.join(' or ')} (got "${u.protocol}")`);
      return null;
    }
    return raw;
  } catch {
    problems.push(`${key} is not a valid URL`);
    return null;
  }
}

/**
 * Reads the environment. Every problem is collected so one start attempt reports all of them.
 * A missing JWT secret gets a random development default: tokens then die with the process,
 * which is acceptable locally and is announced as a warning at start.
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const logLevel = (str(env, 'LOG_LEVEL') ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const jwtSecretRaw = str(env, 'JWT_SECRET');
  if (jwtSecretRaw !== null && jwtSecretRaw.length < 32) problems.push('JWT_SECRET must be at least 32 characters');
  const operatorEmail = str(env, 'OPERATOR_EMAIL');
  const operatorPassword = str(env, 'OPERATOR_PASSWORD');
  if ((operatorEmail === null) !== (operatorPassword === null)) {
    problems.push('OPERATOR_EMAIL and OPERATOR_PASSWORD must be set together');
  }
  const trustProxyRaw = str(env, 'TRUST_PROXY') ?? 'false';
  if (!['true', 'false', '1', '0'].includes(trustProxyRaw)) problems.push('TRUST_PROXY must be true or false');

  const config: Config = {
    port: int(env, 'PORT', 8000, 0, 65535, problems),
    host: str(env, 'HOST') ?? '127.0.0.1',
    dataDir: path.resolve(str(env, 'DATA_DIR') ?? './data'),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], problems),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:'], problems),
    logLevel,
    trustProxy: trustProxyRaw === 'true' || trustProxyRaw === '1',
    dbPoolMax: int(env, 'DB_POOL_MAX', 10, 1, 1000, problems),
    jwtSecret: jwtSecretRaw ?? randomBytes(32).toString('base64url'),
    jwtSecretGenerated: jwtSecretRaw === null,
    operatorEmail,
    operatorPassword,
    productsCsv: str(env, 'PRODUCTS_CSV'),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000, problems),
    registrationsPerIpHour: int(env, 'REGISTRATIONS_PER_IP_HOUR', 10, 1, 1_000_000, problems),
  };
  if (problems.length > 0) throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  return config;
}

/** A URL with its password replaced, safe for logs and error messages. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}
