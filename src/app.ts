/**
 * buildApp: assembles the Fastify application from plain-TS services and injected dependencies.
 * Nothing here knows how models are trained or loaded: the model loader, trainer, report renderer
 * and first-start bootstrap are passed in (src/serviceDependencies.ts wires the real ones; tests
 * pass test doubles from test/helpers/).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import pino, { type Logger } from 'pino';
import { type ServiceConfig, resolveConfig } from './config.js';
import type { JobQueue } from './jobs/jobQueue.js';
import { type JobLeaseOptions, JobRunner } from './jobs/jobRunner.js';
import type { JobSpool } from './jobs/jobSpool.js';
import type { JobStore, Trainer } from './jobs/types.js';
import type { ModelArtifact } from './model/artifact.js';
import authPlugin from './plugins/auth.js';
import bodyDeadlinePlugin from './plugins/bodyDeadline.js';
import { handleClientError } from './plugins/clientErrors.js';
import errorsPlugin from './plugins/errors.js';
import { batchedDestination } from './plugins/logDestination.js';
import metricsPlugin from './plugins/metrics.js';
import requestLogPlugin from './plugins/requestLog.js';
import securityPlugin from './plugins/security.js';
import servicesPlugin, { type Her2Services } from './plugins/services.js';
import swaggerPlugin, { DOCS_PREFIX } from './plugins/swagger.js';
import { type ModelLoader, ModelService } from './registry/modelService.js';
import type { RegistryChangeFeed } from './registry/registryChangeFeed.js';
import type { ModelRegistry } from './registry/types.js';
import { MemorySiteAdaptationStore, type SiteAdaptationStore } from './registry/siteAdaptationStore.js';
import cdsServicesRoutes from './routes/cds-services/index.js';
import fhirRoutes from './routes/fhir/index.js';
import healthRoutes from './routes/health.js';
import metricsRoutes from './routes/metrics.js';
import modelRoutes from './routes/v1/models/index.js';
import predictionRoutes from './routes/v1/predictions/index.js';
import prognosisRoutes from './routes/v1/prognosis/index.js';
import type { PrognosisArtifact } from './prognosis/prognosisArtifact.js';
import trainingJobRoutes from './routes/v1/training-jobs/index.js';
import { ApiKeyVerifier } from './security/apiKeys.js';
import { LinkSigner } from './security/signedLinks.js';

export interface BuildAppOptions {
  /** Service configuration (defaults filled in by resolveConfig). */
  config?: Partial<ServiceConfig>;
  /** Where model artifacts and the active pointer live. */
  registry: ModelRegistry;
  /** Where sites adapted to models after training live (default: in memory). */
  siteStore?: SiteAdaptationStore;
  /** Changes made by other replicas of a shared registry (PostgreSQL); none for a registry this process owns. */
  registryChanges?: RegistryChangeFeed;
  /** Where training-job records live. */
  jobStore: JobStore;
  /** Where queued training jobs' input files wait (src/jobs/jobSpool.ts). */
  jobSpool: JobSpool;
  /** Which job runs next, where (default: in this process; pg-boss on PostgreSQL, src/jobs/sharedJobs.ts). */
  jobQueue?: JobQueue;
  /** Given when the job store is shared by replicas: jobs run under a lease (src/jobs/jobRunner.ts). */
  jobLease?: JobLeaseOptions;
  /** Run training jobs in this process (default true; false: `her2 serve --no-worker`). */
  worker?: boolean;
  /** Called last when the app closes, after the running job settled (e.g. to end a database pool). */
  onClosed?: () => Promise<void>;
  /** Builds a predicting model from an artifact (src/model/loadModel.ts). */
  modelLoader: ModelLoader;
  /** Runs a training request (the real one in a worker thread). */
  trainer: Trainer;
  /** Renders the HTML report of an artifact (src/report/). */
  renderReport: (artifact: ModelArtifact) => string;
  /** Called on start when the registry has no active model; the result is registered and activated. */
  bootstrapModel?: () => Promise<ModelArtifact>;
  /** The prognosis model served by POST /v1/prognosis (not in the registry yet); none → 503 there. */
  prognosisModel?: PrognosisArtifact;
  /** The service log (pino, JSON). Default: pino to stdout at config.logLevel. */
  logger?: Logger;
  /** The audit log. Default: pino to config.auditLog. */
  auditLogger?: Logger;
  /** Collect prom-client's default process metrics (default true). */
  defaultMetrics?: boolean;
}

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,64}$/;

export const LOG_REDACT = ['req.headers.authorization', 'req.headers["x-api-key"]'];

/** Longest time a log or audit line waits in memory before it is written. */
export const LOG_FLUSH_MS = 1000;

/**
 * The service log: JSON lines to stdout (or `dest`), collected in 32 KiB chunks so a request does not
 * cost a write system call; written at the latest a second later, and on close
 * (src/plugins/logDestination.ts).
 */
export function createServiceLogger(config: ServiceConfig, dest: string | number = 1): Logger {
  return pino(
    { level: config.logLevel, redact: LOG_REDACT },
    batchedDestination({ dest, mkdir: typeof dest === 'string', periodicFlushMs: LOG_FLUSH_MS }),
  );
}

export function createAuditLogger(config: ServiceConfig): Logger {
  const dest =
    config.auditLog === 'stdout'
      ? pino.destination(1)
      : config.auditLog === 'stderr'
        ? pino.destination(2)
        : // Buffered (a write system call per request costs ~15% of a small prediction's time), flushed
          // every second and on close: a hard crash can lose at most the last second of audit records.
          batchedDestination({ dest: config.auditLog, mkdir: true, periodicFlushMs: LOG_FLUSH_MS });
  return pino(
    { base: { stream: 'audit' }, timestamp: pino.stdTimeFunctions.isoTime, messageKey: 'event' },
    dest,
  );
}

/**
 * Node's timeouts. requestTimeout (a whole request, headers and body, must arrive within it) is
 * server-wide, so it is the long allowance of training uploads; other routes are held to
 * requestTimeoutMs by src/plugins/bodyDeadline.ts, and every request's headers to requestTimeoutMs by
 * headersTimeout. Node checks both only every connectionsCheckingInterval (30 s by default): checked
 * every second here (more often when the timeout is shorter), a cheap walk over open connections.
 */
function serverTimeouts(config: ServiceConfig) {
  return {
    requestTimeout: config.uploadTimeoutMs,
    connectionTimeout: config.connectionTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http: {
      // Given here too: Node checks headersTimeout <= requestTimeout when it creates the server.
      requestTimeout: config.uploadTimeoutMs,
      headersTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(config.requestTimeoutMs / 4))),
    },
  };
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const config = resolveConfig(options.config);
  const logger = options.logger ?? createServiceLogger(config);
  const audit = options.auditLogger ?? createAuditLogger(config);

  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && REQUEST_ID_RE.test(h) ? h : randomUUID();
    },
    bodyLimit: config.bodyLimit,
    ...serverTimeouts(config),
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    clientErrorHandler: handleClientError,
    forceCloseConnections: 'idle',
    ajv: {
      // No type coercion: null or "1.5" where a number is due must be a 400, not silently converted.
      customOptions: {
        coerceTypes: false,
        removeAdditional: false,
        allowUnionTypes: true,
        strictTypes: false,
        formats: { binary: true },
      },
    },
  }) as unknown as FastifyInstance;

  const models = new ModelService(
    options.registry,
    options.modelLoader,
    config.modelCacheSize,
    {},
    options.siteStore ?? new MemorySiteAdaptationStore(),
  );
  await models.init();
  options.registryChanges?.subscribe((change) => {
    models
      .refresh(change)
      .catch((e: unknown) =>
        logger.warn(
          { err: e, change },
          'could not load the active model changed by another replica; still serving the loaded one',
        ),
      );
  });
  const jobs = await JobRunner.open({
    store: options.jobStore,
    spool: options.jobSpool,
    maxQueued: config.maxQueuedJobs,
    trainer: options.trainer,
    models,
    qualityGate: config.qualityGate,
    log: logger.child({ component: 'jobs' }),
    ...(options.jobQueue ? { queue: options.jobQueue } : {}),
    ...(options.jobLease ? { lease: options.jobLease } : {}),
    ...(options.worker === false ? { worker: false } : {}),
  });

  const links = new LinkSigner(
    config.cdsHooks.linkSecret === null ? randomBytes(32) : Buffer.from(config.cdsHooks.linkSecret),
    config.cdsHooks.linkTtlSeconds,
  );
  let bootstrapDone!: () => void;
  const services: Her2Services = {
    config,
    models,
    jobs,
    renderReport: options.renderReport,
    prognosis: options.prognosisModel ?? null,
    audit,
    links,
    bootstrapped: new Promise<void>((resolve) => (bootstrapDone = resolve)),
  };

  await app.register(errorsPlugin);
  await app.register(bodyDeadlinePlugin, { timeoutMs: config.requestTimeoutMs });
  await app.register(servicesPlugin, { services });
  await app.register(authPlugin, {
    verifier: new ApiKeyVerifier(config.apiKeys),
    links,
    openPrefixes: [DOCS_PREFIX],
  });
  await app.register(requestLogPlugin);
  await app.register(metricsPlugin, { defaultMetrics: options.defaultMetrics });
  await app.register(securityPlugin, { corsOrigins: config.corsOrigins, rateLimit: config.rateLimit });
  await app.register(swaggerPlugin);

  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(predictionRoutes, { prefix: '/v1/predictions' });
  await app.register(prognosisRoutes, { prefix: '/v1/prognosis' });
  await app.register(modelRoutes, { prefix: '/v1/models' });
  await app.register(trainingJobRoutes, { prefix: '/v1/training-jobs' });
  await app.register(cdsServicesRoutes, { prefix: '/cds-services' });
  await app.register(fhirRoutes, { prefix: '/fhir' });

  app.addHook('onReady', async () => {
    if (models.active || !options.bootstrapModel) {
      bootstrapDone();
      return;
    }
    app.log.warn('no active model in the registry: training the default model');
    models
      .bootstrapIfEmpty(options.bootstrapModel)
      .then(
        () => app.log.info({ modelId: models.active?.id }, 'default model trained and activated'),
        (e: unknown) => app.log.error({ err: e }, 'training the default model failed'),
      )
      .finally(bootstrapDone);
  });

  // Responses finished during shutdown close their connection, so keep-alive clients do not hold
  // the server open until the keep-alive timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  app.addHook('onClose', async () => {
    await options.registryChanges?.close();
    await jobs.shutdown();
    await new Promise<void>((resolve) => audit.flush(() => resolve()));
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    await options.onClosed?.();
  });

  return app;
}

/**
 * The OpenAPI document of an app built with `config` (default configuration when omitted), without
 * any model code: what scripts/write-openapi.ts writes to openapi.yaml.
 */
export async function openApiDocument(config: Partial<ServiceConfig> = {}): Promise<Record<string, unknown>> {
  const { MemoryModelRegistry } = await import('./registry/memoryRegistry.js');
  const { MemoryJobStore } = await import('./jobs/directoryJobStore.js');
  const { MemoryJobSpool } = await import('./jobs/jobSpool.js');
  const unavailable = (): never => {
    throw new Error('not available while generating the OpenAPI document');
  };
  const silent = pino({ level: 'silent' });
  const app = await buildApp({
    config,
    registry: new MemoryModelRegistry(),
    jobStore: new MemoryJobStore(),
    jobSpool: new MemoryJobSpool(),
    modelLoader: unavailable,
    trainer: { run: async () => unavailable() },
    renderReport: unavailable,
    logger: silent,
    auditLogger: silent,
    defaultMetrics: false,
  });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
