/** Builds the real app around test doubles (fake loader / trainer / report) and a temporary registry directory. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { type BuildAppOptions, buildApp } from '../../src/app.js';
import type { ServiceConfig } from '../../src/config.js';
import { DirectoryJobStore } from '../../src/jobs/directoryJobStore.js';
import { DirectoryJobSpool, JOB_SPOOL_DIR } from '../../src/jobs/jobSpool.js';
import type { Trainer } from '../../src/jobs/types.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import { DirectorySiteAdaptationStore } from '../../src/registry/siteAdaptationStore.js';
import { DirectoryModelRegistry } from '../../src/registry/directoryRegistry.js';
import type { FsLayer } from '../../src/io/fsLayer.js';
import type { ModelRegistry } from '../../src/registry/types.js';
import type { ApiKeyConfig } from '../../src/security/apiKeys.js';
import { makeFakeArtifact } from './fakeArtifact.js';
import { fakeModelLoader, fakeRenderReport } from './fakeModel.js';
import { FakeTrainer } from './fakeTrainer.js';

export const KEYS = {
  predict: 'predict-key-0123456789abcdef',
  train: 'train-key-0123456789abcdef',
  admin: 'admin-key-0123456789abcdef',
  metrics: 'metrics-key-0123456789abcdef',
  all: 'all-roles-key-0123456789abcdef',
} as const;

export const TEST_API_KEYS: ApiKeyConfig[] = [
  { id: 'predictor', key: KEYS.predict, roles: ['predict'] },
  { id: 'trainer', key: KEYS.train, roles: ['train'] },
  { id: 'administrator', key: KEYS.admin, roles: ['admin'] },
  { id: 'scraper', key: KEYS.metrics, roles: ['metrics'] },
  { id: 'everything', key: KEYS.all, roles: ['predict', 'train', 'admin'] },
];

export const auth = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

export interface TestAppOptions {
  /** Artifacts to register; the first (if any) is activated unless `activate` says otherwise. */
  artifacts?: ModelArtifact[];
  activate?: string | null;
  config?: Partial<ServiceConfig>;
  /** Default: the test keys. Pass [] for an open service. */
  apiKeys?: ApiKeyConfig[];
  trainer?: FakeTrainer;
  /** A real Trainer (e.g. the production training child) used instead of `trainer`. */
  realTrainer?: Trainer;
  dir?: string;
  fs?: FsLayer;
  bootstrapModel?: BuildAppOptions['bootstrapModel'];
  /** The prognosis model POST /v1/prognosis serves (default none: 503). */
  prognosisModel?: BuildAppOptions['prognosisModel'];
  /** A registry other than the directory one (e.g. PostgreSQL), with the feed of its changes by other replicas. */
  registry?: ModelRegistry;
  registryChanges?: BuildAppOptions['registryChanges'];
  /** Where site adaptations live (default: a directory in the test's folder). */
  siteStore?: BuildAppOptions['siteStore'];
  /** Default: the fake model loader. Pass loadModel to predict with the real artifacts. */
  modelLoader?: BuildAppOptions['modelLoader'];
}

export interface TestApp {
  app: FastifyInstance;
  dir: string;
  registry: ModelRegistry;
  trainer: FakeTrainer;
  /** Raw JSON lines written to the service log / the audit log. */
  logLines: string[];
  auditLines: string[];
  close(): Promise<void>;
}

export async function makeTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'her2-test-')));
  const registry = opts.registry ?? (await DirectoryModelRegistry.open(dir, opts.fs));
  const artifacts = opts.artifacts ?? [makeFakeArtifact({ label: 'initial' })];
  for (const a of artifacts) await registry.put(a);
  const activate = opts.activate === undefined ? artifacts[0]?.id : opts.activate;
  if (activate) await registry.setActive(activate);
  const jobStore = await DirectoryJobStore.open(join(dir, 'jobs'));
  const jobSpool = await DirectoryJobSpool.open(join(dir, 'jobs', JOB_SPOOL_DIR));
  const trainer = opts.trainer ?? new FakeTrainer();
  const logLines: string[] = [];
  const auditLines: string[] = [];
  const app = await buildApp({
    config: { apiKeys: opts.apiKeys ?? TEST_API_KEYS, modelsDir: dir, ...opts.config },
    registry,
    siteStore: opts.siteStore ?? new DirectorySiteAdaptationStore(join(dir, 'sites')),
    registryChanges: opts.registryChanges,
    jobStore,
    jobSpool,
    modelLoader: opts.modelLoader ?? fakeModelLoader,
    trainer: opts.realTrainer ?? trainer,
    renderReport: fakeRenderReport,
    bootstrapModel: opts.bootstrapModel,
    prognosisModel: opts.prognosisModel,
    logger: pino({ level: 'info' }, { write: (s: string) => void logLines.push(s) }),
    auditLogger: pino({ base: { stream: 'audit' } }, { write: (s: string) => void auditLines.push(s) }),
    defaultMetrics: false,
  });
  return {
    app,
    dir,
    registry,
    trainer,
    logLines,
    auditLines,
    async close() {
      await app.close();
      if (!opts.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
