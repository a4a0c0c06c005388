/**
 * Child process for the multi-replica test: the real startServer (registry chosen from the
 * environment, HER2_DATABASE_URL) with the fake model loader and trainer, so it starts without training.
 */
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import { fakeModelLoader, fakeRenderReport } from './fakeModel.js';
import { FakeTrainer } from './fakeTrainer.js';

const { app } = await startServer(loadConfig(), {
  modelLoader: fakeModelLoader,
  trainer: new FakeTrainer(),
  trainerDescription: 'fake trainer (test)',
  renderReport: fakeRenderReport,
});
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
