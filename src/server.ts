/**
 * `npm start`: read the configuration, wire the dependencies, open the registry, serve, and shut down
 * gracefully on SIGTERM / SIGINT (in-flight requests finish; the running training job is recorded as
 * interrupted).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp, createServiceLogger } from './app.js';
import { type ServiceConfig, effectiveHost, loadConfig } from './config.js';
import { DirectoryJobStore } from './jobs/directoryJobStore.js';
import { DirectoryJobSpool, JOB_SPOOL_DIR } from './jobs/jobSpool.js';
import { DirectorySiteAdaptationStore } from './registry/siteAdaptationStore.js';
import { openModelRegistry } from './registry/openRegistry.js';
import { type ServiceDependencies, createServiceDependencies } from './serviceDependencies.js';

export interface StartOptions {
  logger?: Logger;
  auditLogger?: Logger;
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
  const opened = await openModelRegistry(config, logger);
  const jobStore = await DirectoryJobStore.open(join(config.modelsDir, 'jobs'));
  const jobSpool = await DirectoryJobSpool.open(join(config.modelsDir, 'jobs', JOB_SPOOL_DIR));
  const siteStore = new DirectorySiteAdaptationStore(join(config.modelsDir, 'sites'));
  const { host, openAccess } = effectiveHost(config);
  if (openAccess) {
    logger.warn(
      { host, configuredHost: config.host },
      'no API keys configured (HER2_API_KEYS / HER2_API_KEYS_FILE): binding to 127.0.0.1 only, and every route is open to local clients',
    );
  }
  const app = await buildApp({
    config,
    registry: opened.registry,
    registryChanges: opened.changes,
    siteStore,
    jobStore,
    jobSpool,
    ...deps,
    logger,
    auditLogger: options.auditLogger,
  });
  app.addHook('onClose', opened.close);
  const address = await app.listen({ port: config.port, host });
  logger.info(
    {
      address,
      registry: opened.description,
      modelId: app.her2.models.active?.id ?? null,
      synthetic: app.her2.models.active?.synthetic ?? null,
    },
    'HER2 service listening',
  );
  return { app, url: address };
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

export async function main(): Promise<void> {
  const config = loadConfig();
  const deps = await createServiceDependencies(config);
  const { app } = await startServer(config, deps);
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
