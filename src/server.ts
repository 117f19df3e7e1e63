import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openDatabase, type Database } from './platform/db/client.ts';
import { lockDataDir } from './platform/db/data-dir-lock.ts';
import { runMigrations } from './platform/db/migrate.ts';

/** Stops the process with one clear line: operators need the cause, not a stack. */
function fail(message: string): never {
  process.stderr.write(`carbon-connect: ${message}\n`);
  process.exit(1);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function main(): Promise<void> {
  const started = performance.now();
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }

  let unlock: (() => void) | null = null;
  if (!config.databaseUrl) {
    try {
      unlock = lockDataDir(config.dataDir);
    } catch (err) {
      fail(describe(err));
    }
  }

  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: config.dbPoolMax });
    await runMigrations(database);
  } catch (err) {
    unlock?.();
    fail(describe(err));
  }

  const app = await buildApp({ config, database });
  if (config.jwtSecretGenerated) {
    app.log.warn('JWT_SECRET is not set: using a random development secret; tokens will not survive a restart');
  }
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close().catch(() => undefined);
    unlock?.();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${config.port} on ${config.host} is already in use (set PORT to another port)`);
    if (code === 'EADDRNOTAVAIL') fail(`cannot listen on ${config.host}: address not available (check HOST)`);
    fail(`cannot listen on ${config.host}:${config.port}: ${describe(err)}`);
  }
  app.log.info(
    { database: database.location, engine: database.engine, startup_ms: Math.round(performance.now() - started) },
    'carbon-connect ready',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    try {
      // Fastify stops accepting, waits for in-flight requests, then the onClose hook closes the database.
      await app.close();
      unlock?.();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => fail(`unexpected start-up failure: ${describe(err)}`));
