import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryJobStore } from '../../../src/jobs/directoryJobStore.js';
import { describeJobStoreContract } from './jobStoreContract.js';

describeJobStoreContract('directory', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'her2-jobstore-'));
  const store = await DirectoryJobStore.open(dir);
  return { store, peer: store, close: () => rm(dir, { recursive: true, force: true }) };
});
