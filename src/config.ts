/**
 * Service configuration: defaults, then an optional YAML/JSON file (HER2_CONFIG), then environment
 * variables. Everything the HTTP layer and the registry need is here; nothing reads process.env
 * elsewhere.
 *
 * Environment variables:
 *   HER2_CONFIG                     path of a YAML or JSON file with any of the fields below
 *   PORT / HER2_PORT                port (default 3000)
 *   HER2_HOST                       bind address (default 0.0.0.0; forced to 127.0.0.1 when no API keys are configured)
 *   HER2_MODELS_DIR                 model registry directory (default ./models)
 *   HER2_API_KEYS                   JSON array of {id, key | sha256, roles: [predict|train|admin|metrics]}
 *   HER2_API_KEYS_FILE              path of a JSON file holding that array
 *   HER2_BATCH_LIMIT                max patients per prediction request (default 10000)
 *   HER2_BODY_LIMIT                 default request body limit in bytes (default 1 MiB)
 *   HER2_PREDICTION_BODY_LIMIT      prediction body limit (default 64 MiB)
 *   HER2_TRAINING_BODY_LIMIT        limit of a whole multipart training upload, every file and field
 *                                   together (default 256 MiB; 413 past it)
 *   HER2_TRAINING_JSON_BODY_LIMIT   limit of a JSON training request, which is parsed in memory
 *                                   (default 64 MiB; larger cohorts go as multipart)
 *   HER2_MAX_QUEUED_JOBS            training jobs waiting behind the running one (default 16; 429 past it)
 *   HER2_REQUEST_TIMEOUT_MS         a request's headers, and its body on every route but training uploads,
 *                                   must arrive within this (default 30000; 408 and the connection closed)
 *   HER2_UPLOAD_TIMEOUT_MS          a training upload must arrive within this (default 600000, 10 min)
 *   HER2_CONNECTION_TIMEOUT_MS      a connection with no traffic either way is closed (default 120000)
 *   HER2_KEEP_ALIVE_TIMEOUT_MS      an idle keep-alive connection is closed (default 72000)
 *   HER2_RATE_LIMIT_MAX             requests per window per API key (per IP without a key); default 1200
 *   HER2_RATE_LIMIT_WINDOW_MS       rate-limit window (default 60000)
 *   HER2_CORS_ORIGINS               comma-separated allowed origins; CORS is off when empty (default)
 *   HER2_AUDIT_LOG                  audit log file (default ./logs/audit.log; "stdout" / "stderr" allowed)
 *   HER2_LOG_LEVEL                  pino level (default info)
 *   HER2_QUALITY_GATE_MAX_AUC_DROP  max drop of any task's internal-validation AUC vs the active model (default 0.02)
 *   HER2_MODEL_CACHE_SIZE           loaded models kept in memory besides the active one (default 4)
 *   HER2_TRUST_PROXY                "true" to trust X-Forwarded-* (default false)
 *   HER2_SHUTDOWN_TIMEOUT_MS        grace period for in-flight requests on SIGTERM (default 30000)
 *   HER2_PROGNOSIS_MODEL            prognosis model file served by POST /v1/prognosis (written by `her2 prognosis`
 *                                   as prognosis-model.json); default: one built at start from the SYNTHETIC demo cohort
 *   HER2_UNKNOWN_SITE               warn (default) or reject: a patient naming a site a site-aware model neither
 *                                   harmonises nor is adapted to is predicted with a warning, or refused (422)
 *   HER2_MIN_SITE_PATIENTS          unlabelled patients a site adaptation needs at least (default 20)
 *   HER2_DATABASE_URL               postgres://user:password@host:5432/db: the model registry (and job store) in
 *                                   PostgreSQL, shared by several replicas (default: none, the directory)
 *   HER2_DATABASE_URL_FILE          path of a file holding that URL (a container secret; not with HER2_DATABASE_URL)
 *   HER2_JOB_LEASE_SECONDS          PostgreSQL only: a training job whose replica stops renewing its lease (every
 *                                   second) for this long is settled by another replica: interrupted (default 60)
 *   HER2_REGISTRY_POLL_MS           how often a replica re-reads the active model as a fallback to
 *                                   LISTEN/NOTIFY (PostgreSQL only; default 5000)
 *   HER2_OOD_REJECT_SDS             a patient with an input more than this many training SDs beyond the
 *                                   training range is refused (422) unless ?allowOutOfDistribution=true (default 10)
 *   HER2_CDS_BASE_URL, HER2_CDS_ISSUERS, HER2_CDS_FHIR_SERVERS, HER2_CDS_FHIR_TIMEOUT_MS
 *                                   CDS Hooks (see src/cdsHooks/cdsConfig.ts)
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { type CdsHooksConfig, cdsHooksConfigFromEnv, resolveCdsHooksConfig } from './cdsHooks/cdsConfig.js';
import { DEFAULT_OUT_OF_DISTRIBUTION_REJECT_SDS } from './model/outOfDistribution.js';
import { DEFAULT_MIN_SITE_PATIENTS } from './model/siteAdaptation.js';
import { type ApiKeyConfig, parseApiKeyConfig } from './security/apiKeys.js';

export interface ServiceConfig {
  port: number;
  host: string;
  modelsDir: string;
  apiKeys: ApiKeyConfig[];
  batchLimit: number;
  bodyLimit: number;
  predictionBodyLimit: number;
  trainingBodyLimit: number;
  trainingJsonBodyLimit: number;
  maxQueuedJobs: number;
  requestTimeoutMs: number;
  uploadTimeoutMs: number;
  connectionTimeoutMs: number;
  keepAliveTimeoutMs: number;
  rateLimit: { max: number; timeWindowMs: number };
  corsOrigins: string[];
  auditLog: string;
  logLevel: string;
  qualityGate: { maxAucDrop: number };
  modelCacheSize: number;
  trustProxy: boolean;
  shutdownTimeoutMs: number;
  /** Training SDs beyond the training range past which a patient is refused unless allowed. */
  outOfDistributionRejectSds: number;
  /** Prognosis model file for POST /v1/prognosis; null: the SYNTHETIC demo prognosis model. */
  prognosisModel: string | null;
  /** A patient of a site a site-aware model neither harmonises nor is adapted to: warn, or refuse (422). */
  unknownSite: 'warn' | 'reject';
  /** Unlabelled patients a site adaptation (POST /v1/models/:id/sites) needs at least. */
  minSitePatients: number;
  /** CDS Hooks: trusted issuers, this service's URL, readable FHIR servers. */
  cdsHooks: CdsHooksConfig;
  /** PostgreSQL connection URL of the shared registry; null: the directory registry (modelsDir). */
  databaseUrl: string | null;
  /** Fallback re-read of the active model when LISTEN/NOTIFY missed a change (PostgreSQL only). */
  registryPollMs: number;
  /** Lease of a running training job on a shared store (PostgreSQL): renewed every second while it runs. */
  jobLeaseSeconds: number;
}

export const MiB = 1024 * 1024;

export const DEFAULT_CONFIG: Readonly<ServiceConfig> = Object.freeze({
  port: 3000,
  host: '0.0.0.0',
  modelsDir: 'models',
  apiKeys: [],
  batchLimit: 10_000,
  bodyLimit: 1 * MiB,
  predictionBodyLimit: 64 * MiB,
  trainingBodyLimit: 256 * MiB,
  trainingJsonBodyLimit: 64 * MiB,
  maxQueuedJobs: 16,
  requestTimeoutMs: 30_000,
  // 256 MiB (the default upload limit) at 0.45 MB/s, a slow hospital uplink.
  uploadTimeoutMs: 600_000,
  connectionTimeoutMs: 120_000,
  // Above the 60 s idle timeout of common proxies and load balancers, so they never reuse a connection
  // the service has just closed (Fastify's default).
  keepAliveTimeoutMs: 72_000,
  rateLimit: { max: 1200, timeWindowMs: 60_000 },
  corsOrigins: [],
  auditLog: 'logs/audit.log',
  logLevel: 'info',
  qualityGate: { maxAucDrop: 0.02 },
  modelCacheSize: 4,
  trustProxy: false,
  shutdownTimeoutMs: 30_000,
  outOfDistributionRejectSds: DEFAULT_OUT_OF_DISTRIBUTION_REJECT_SDS,
  prognosisModel: null,
  unknownSite: 'warn',
  minSitePatients: DEFAULT_MIN_SITE_PATIENTS,
  cdsHooks: resolveCdsHooksConfig(),
  databaseUrl: null,
  registryPollMs: 5000,
  jobLeaseSeconds: 60,
});

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Defaults merged with `overrides` (used by tests and by loadConfig). */
export function resolveConfig(overrides: Partial<ServiceConfig> = {}): ServiceConfig {
  const c: ServiceConfig = {
    ...DEFAULT_CONFIG,
    ...overrides,
    rateLimit: { ...DEFAULT_CONFIG.rateLimit, ...overrides.rateLimit },
    qualityGate: { ...DEFAULT_CONFIG.qualityGate, ...overrides.qualityGate },
    apiKeys: parseApiKeyConfig(overrides.apiKeys ?? []),
    corsOrigins: [...(overrides.corsOrigins ?? [])],
    cdsHooks: cdsHooksOrConfigError(overrides.cdsHooks),
  };
  const positiveInt = (name: string, v: number): void => {
    if (!Number.isInteger(v) || v <= 0) throw new ConfigError(`${name} must be a positive integer, got ${v}`);
  };
  if (!Number.isInteger(c.port) || c.port < 0 || c.port > 65535)
    throw new ConfigError(`port must be 0..65535, got ${c.port}`);
  positiveInt('batchLimit', c.batchLimit);
  positiveInt('bodyLimit', c.bodyLimit);
  positiveInt('predictionBodyLimit', c.predictionBodyLimit);
  positiveInt('trainingBodyLimit', c.trainingBodyLimit);
  positiveInt('trainingJsonBodyLimit', c.trainingJsonBodyLimit);
  positiveInt('maxQueuedJobs', c.maxQueuedJobs);
  positiveInt('requestTimeoutMs', c.requestTimeoutMs);
  positiveInt('uploadTimeoutMs', c.uploadTimeoutMs);
  positiveInt('connectionTimeoutMs', c.connectionTimeoutMs);
  positiveInt('keepAliveTimeoutMs', c.keepAliveTimeoutMs);
  if (c.uploadTimeoutMs < c.requestTimeoutMs)
    throw new ConfigError(
      `uploadTimeoutMs (${c.uploadTimeoutMs}) must be at least requestTimeoutMs (${c.requestTimeoutMs})`,
    );
  positiveInt('rateLimit.max', c.rateLimit.max);
  positiveInt('rateLimit.timeWindowMs', c.rateLimit.timeWindowMs);
  positiveInt('modelCacheSize', c.modelCacheSize);
  positiveInt('shutdownTimeoutMs', c.shutdownTimeoutMs);
  positiveInt('minSitePatients', c.minSitePatients);
  if (c.minSitePatients < 2)
    throw new ConfigError(`minSitePatients must be at least 2, got ${c.minSitePatients}`);
  if (c.unknownSite !== 'warn' && c.unknownSite !== 'reject') {
    throw new ConfigError(`unknownSite must be "warn" or "reject", got ${JSON.stringify(c.unknownSite)}`);
  }
  if (!(Number.isFinite(c.outOfDistributionRejectSds) && c.outOfDistributionRejectSds > 0)) {
    throw new ConfigError(
      `outOfDistributionRejectSds must be a positive number, got ${c.outOfDistributionRejectSds}`,
    );
  }
  if (c.prognosisModel !== null && (typeof c.prognosisModel !== 'string' || c.prognosisModel === '')) {
    throw new ConfigError(
      `prognosisModel must be a file path or null, got ${JSON.stringify(c.prognosisModel)}`,
    );
  }
  positiveInt('registryPollMs', c.registryPollMs);
  positiveInt('jobLeaseSeconds', c.jobLeaseSeconds);
  if (c.databaseUrl !== null && !/^postgres(ql)?:\/\//.test(String(c.databaseUrl))) {
    throw new ConfigError('databaseUrl (HER2_DATABASE_URL) must start with postgres:// or postgresql://');
  }
  if (!(c.qualityGate.maxAucDrop >= 0 && c.qualityGate.maxAucDrop <= 1)) {
    throw new ConfigError(`qualityGate.maxAucDrop must be within [0, 1], got ${c.qualityGate.maxAucDrop}`);
  }
  return c;
}

function cdsHooksOrConfigError(overrides: Partial<CdsHooksConfig> | undefined): CdsHooksConfig {
  try {
    return resolveCdsHooksConfig(overrides);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
}

function num(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v)) throw new ConfigError(`${name} must be a number, got ${JSON.stringify(raw)}`);
  return v;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Read the configuration from a config file (HER2_CONFIG) and the environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  let fromFile: Partial<ServiceConfig> = {};
  if (env.HER2_CONFIG) {
    const text = readFileSync(env.HER2_CONFIG, 'utf8');
    const parsed: unknown = /\.json$/i.test(env.HER2_CONFIG)
      ? parseJson(text, env.HER2_CONFIG)
      : parseYaml(text);
    if (typeof parsed !== 'object' || parsed === null)
      throw new ConfigError(`${env.HER2_CONFIG}: expected a mapping`);
    fromFile = parsed as Partial<ServiceConfig>;
  }
  const o: Partial<ServiceConfig> = { ...fromFile };
  const port = num(env, 'HER2_PORT') ?? num(env, 'PORT');
  if (port !== undefined) o.port = port;
  if (env.HER2_HOST) o.host = env.HER2_HOST;
  if (env.HER2_MODELS_DIR) o.modelsDir = env.HER2_MODELS_DIR;
  if (env.HER2_API_KEYS && env.HER2_API_KEYS_FILE)
    throw new ConfigError('set HER2_API_KEYS or HER2_API_KEYS_FILE, not both');
  if (env.HER2_API_KEYS) o.apiKeys = parseJson(env.HER2_API_KEYS, 'HER2_API_KEYS') as ApiKeyConfig[];
  if (env.HER2_API_KEYS_FILE) {
    o.apiKeys = parseJson(
      readFileSync(env.HER2_API_KEYS_FILE, 'utf8'),
      env.HER2_API_KEYS_FILE,
    ) as ApiKeyConfig[];
  }
  const setNum = (
    key:
      | 'batchLimit'
      | 'bodyLimit'
      | 'predictionBodyLimit'
      | 'trainingBodyLimit'
      | 'trainingJsonBodyLimit'
      | 'maxQueuedJobs'
      | 'requestTimeoutMs'
      | 'uploadTimeoutMs'
      | 'connectionTimeoutMs'
      | 'keepAliveTimeoutMs'
      | 'modelCacheSize'
      | 'shutdownTimeoutMs'
      | 'minSitePatients'
      | 'outOfDistributionRejectSds'
      | 'registryPollMs'
      | 'jobLeaseSeconds',
    name: string,
  ): void => {
    const v = num(env, name);
    if (v !== undefined) o[key] = v;
  };
  setNum('batchLimit', 'HER2_BATCH_LIMIT');
  setNum('bodyLimit', 'HER2_BODY_LIMIT');
  setNum('predictionBodyLimit', 'HER2_PREDICTION_BODY_LIMIT');
  setNum('trainingBodyLimit', 'HER2_TRAINING_BODY_LIMIT');
  setNum('trainingJsonBodyLimit', 'HER2_TRAINING_JSON_BODY_LIMIT');
  setNum('maxQueuedJobs', 'HER2_MAX_QUEUED_JOBS');
  setNum('requestTimeoutMs', 'HER2_REQUEST_TIMEOUT_MS');
  setNum('uploadTimeoutMs', 'HER2_UPLOAD_TIMEOUT_MS');
  setNum('connectionTimeoutMs', 'HER2_CONNECTION_TIMEOUT_MS');
  setNum('keepAliveTimeoutMs', 'HER2_KEEP_ALIVE_TIMEOUT_MS');
  setNum('modelCacheSize', 'HER2_MODEL_CACHE_SIZE');
  setNum('shutdownTimeoutMs', 'HER2_SHUTDOWN_TIMEOUT_MS');
  setNum('outOfDistributionRejectSds', 'HER2_OOD_REJECT_SDS');
  setNum('minSitePatients', 'HER2_MIN_SITE_PATIENTS');
  if (env.HER2_UNKNOWN_SITE) o.unknownSite = env.HER2_UNKNOWN_SITE as ServiceConfig['unknownSite'];
  setNum('registryPollMs', 'HER2_REGISTRY_POLL_MS');
  if (env.HER2_DATABASE_URL && env.HER2_DATABASE_URL_FILE)
    throw new ConfigError('set HER2_DATABASE_URL or HER2_DATABASE_URL_FILE, not both');
  setNum('jobLeaseSeconds', 'HER2_JOB_LEASE_SECONDS');
  if (env.HER2_DATABASE_URL) o.databaseUrl = env.HER2_DATABASE_URL;
  if (env.HER2_DATABASE_URL_FILE) o.databaseUrl = readFileSync(env.HER2_DATABASE_URL_FILE, 'utf8').trim();
  const rlMax = num(env, 'HER2_RATE_LIMIT_MAX');
  const rlWin = num(env, 'HER2_RATE_LIMIT_WINDOW_MS');
  if (rlMax !== undefined || rlWin !== undefined) {
    o.rateLimit = {
      ...DEFAULT_CONFIG.rateLimit,
      ...o.rateLimit,
      ...(rlMax !== undefined ? { max: rlMax } : {}),
      ...(rlWin !== undefined ? { timeWindowMs: rlWin } : {}),
    };
  }
  if (env.HER2_CORS_ORIGINS !== undefined) {
    o.corsOrigins = env.HER2_CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }
  if (env.HER2_AUDIT_LOG) o.auditLog = env.HER2_AUDIT_LOG;
  if (env.HER2_PROGNOSIS_MODEL) o.prognosisModel = env.HER2_PROGNOSIS_MODEL;
  if (env.HER2_LOG_LEVEL) o.logLevel = env.HER2_LOG_LEVEL;
  const gate = num(env, 'HER2_QUALITY_GATE_MAX_AUC_DROP');
  if (gate !== undefined) o.qualityGate = { maxAucDrop: gate };
  if (env.HER2_TRUST_PROXY !== undefined) o.trustProxy = env.HER2_TRUST_PROXY === 'true';
  o.cdsHooks = cdsHooksOrConfigError(cdsHooksConfigFromEnv(env, o.cdsHooks));
  return resolveConfig(o);
}

/** Where the server binds: loopback only when no API keys are configured. */
export function effectiveHost(config: ServiceConfig): { host: string; openAccess: boolean } {
  if (config.apiKeys.length === 0) return { host: '127.0.0.1', openAccess: true };
  return { host: config.host, openAccess: false };
}
