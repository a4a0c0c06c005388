/**
 * `npm start`: read the configuration, wire the dependencies, open the registry, serve, and shut down
 * gracefully on SIGTERM / SIGINT (in-flight requests finish; the running training job is recorded as
 * interrupted). Roles: `her2 serve` serves and runs training jobs; `her2 serve --no-worker` only serves
 * and `her2 worker` only runs jobs (no HTTP), both on a shared PostgreSQL (HER2_DATABASE_URL).
 */
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp, createServiceLogger } from './app.js';
import { ConfigError, type ServiceConfig, effectiveHost, loadConfig } from './config.js';
import { openServiceBackend } from './serviceBackend.js';
import { type ServiceDependencies, createServiceDependencies } from './serviceDependencies.js';

export interface StartOptions {
  logger?: Logger;
  auditLogger?: Logger;
  /** Run training jobs in this process (default true); false needs a shared database. */
  worker?: boolean;
}

/** The roles a process can take. */
export type ServiceRole = 'serve' | 'serve --no-worker' | 'worker';

function requireSharedDatabase(config: ServiceConfig, role: ServiceRole): void {
  if (config.databaseUrl === null)
    throw new ConfigError(
      `"her2 ${role}" needs HER2_DATABASE_URL: without a shared database, jobs run in the process that serves`,
    );
}

/** Build the app on the configured backend (directory or PostgreSQL), closing the backend after it. */
async function buildOnBackend(
  config: ServiceConfig,
  deps: ServiceDependencies,
  logger: Logger,
  options: StartOptions,
): Promise<{ app: FastifyInstance; description: string }> {
  const { close, description, ...backend } = await openServiceBackend(config, logger);
  try {
    const app = await buildApp({
      config,
      ...backend,
      ...deps,
      worker: options.worker !== false,
      onClosed: close,
      logger,
      auditLogger: options.auditLogger,
    });
    return { app, description };
  } catch (e) {
    await close();
    throw e;
  }
}

export interface StartedServer {
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:3000 */
  url: string;
}

/** Build the app on the configured registry (directory, or PostgreSQL with HER2_DATABASE_URL) and listen. Used by main() and by bench/serve.ts. */
export async function startServer(
  config: ServiceConfig,
  deps: ServiceDependencies,
  options: StartOptions = {},
): Promise<StartedServer> {
  const logger = options.logger ?? createServiceLogger(config);
  if (options.worker === false) requireSharedDatabase(config, 'serve --no-worker');
  const { host, openAccess } = effectiveHost(config);
  if (openAccess) {
    logger.warn(
      { host, configuredHost: config.host },
      'no API keys configured (HER2_API_KEYS / HER2_API_KEYS_FILE): binding to 127.0.0.1 only, and every route is open to local clients',
    );
  }
  const { app, description } = await buildOnBackend(config, deps, logger, options);
  const address = await app.listen({ port: config.port, host });
  logger.info(
    {
      address,
      registry: description,
      modelId: app.her2.models.active?.id ?? null,
      synthetic: app.her2.models.active?.synthetic ?? null,
    },
    'HER2 service listening',
  );
  return { app, url: address };
}

/**
 * A worker: runs training jobs from the shared queue and serves no HTTP. It loads the active model
 * (the quality gate compares with it) but never trains the first-start default model.
 */
export async function startWorker(
  config: ServiceConfig,
  deps: ServiceDependencies,
  options: Omit<StartOptions, 'worker'> = {},
): Promise<FastifyInstance> {
  requireSharedDatabase(config, 'worker');
  const logger = options.logger ?? createServiceLogger(config);
  const { bootstrapModel: _notHere, ...workerDeps } = deps;
  const { app } = await buildOnBackend(config, workerDeps, logger, { ...options, worker: true });
  await app.ready();
  logger.info({ modelId: app.her2.models.active?.id ?? null }, 'HER2 training worker started');
  return app;
}

/** Close the app (finishing in-flight requests, interrupting training), forcing exit after `timeoutMs`. */
export async function gracefulShutdown(app: FastifyInstance, timeoutMs: number): Promise<void> {
  const timer = setTimeout(() => {
    app.log.error({ timeoutMs }, 'graceful shutdown timed out; exiting');
    process.exit(1);
  }, timeoutMs);
  timer.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}

/** `her2 serve [--no-worker]` and `her2 worker`, until SIGTERM / SIGINT. */
export async function main(role: ServiceRole = 'serve'): Promise<void> {
  const config = loadConfig();
  const deps = await createServiceDependencies(config);
  const app =
    role === 'worker'
      ? await startWorker(config, deps)
      : (await startServer(config, deps, { worker: role === 'serve' })).app;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    gracefulShutdown(app, config.shutdownTimeoutMs).then(
      () => process.exit(0),
      (e: unknown) => {
        app.log.error({ err: e }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
