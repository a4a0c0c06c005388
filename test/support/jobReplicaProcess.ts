/**
 * A replica in its own process, for the multi-process PostgreSQL job tests: the production wiring
 * (startServer / startWorker on HER2_DATABASE_URL) around TEST DOUBLES for the model code (fake loader,
 * fake report) and a scripted trainer. Run: node --import tsx jobReplicaProcess.ts <serve|serve
 * --no-worker|worker>. It writes JSON lines to stdout: {event:'ready', url?} once started,
 * {event:'train', cohortName} when its trainer starts a job, {event:'aborted', cohortName} when one is
 * stopped. A cohort named hang* trains until aborted (the route lets no unknown config field through);
 * any other finishes in three steps.
 */
import { createHash } from 'node:crypto';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import type { Trainer } from '../../src/jobs/types.js';
import { type ServiceRole, startServer, startWorker } from '../../src/server.js';
import type { ServiceDependencies } from '../../src/serviceDependencies.js';
import { makeFakeArtifact } from '../helpers/fakeArtifact.js';
import { fakeModelLoader, fakeRenderReport } from '../helpers/fakeModel.js';

const say = (line: object): void => void process.stdout.write(JSON.stringify(line) + '\n');

const scriptedTrainer: Trainer = {
  async run(request, onProgress, signal) {
    const cohortName = request.cohortName ?? null;
    say({ event: 'train', cohortName });
    onProgress({ stage: 'parsing cohort', percent: 10 });
    if (cohortName?.startsWith('hang') === true) {
      onProgress({ stage: 'hanging', percent: 20 });
      await new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => {
          say({ event: 'aborted', cohortName });
          reject(new Error('aborted'));
        }),
      );
    }
    onProgress({ stage: 'calibration', percent: 90 });
    const sha = createHash('sha256').update(request.cohortCsv).digest('hex').slice(0, 12);
    return makeFakeArtifact({ label: `replica-${sha}`, validationAuc: 0.8 });
  },
};

const deps: ServiceDependencies = {
  modelLoader: fakeModelLoader,
  trainer: scriptedTrainer,
  trainerDescription: 'scripted test trainer',
  renderReport: fakeRenderReport,
};

const role = (process.argv.slice(2).join(' ') || 'serve') as ServiceRole;
const config = loadConfig();
const logger = pino({ level: process.env.REPLICA_LOG_LEVEL ?? 'warn' }, pino.destination(2));
const app =
  role === 'worker'
    ? await startWorker(config, deps, { logger, auditLogger: pino({ level: 'silent' }) })
    : (
        await startServer(config, deps, {
          logger,
          auditLogger: pino({ level: 'silent' }),
          worker: role === 'serve',
        })
      ).app;
const address = app.server.address();
say({
  event: 'ready',
  url: address && typeof address === 'object' ? `http://127.0.0.1:${address.port}` : null,
});
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
