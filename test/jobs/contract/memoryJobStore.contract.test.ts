import { MemoryJobStore } from '../../../src/jobs/directoryJobStore.js';
import { describeJobStoreContract } from './jobStoreContract.js';

describeJobStoreContract('memory', async () => {
  const store = new MemoryJobStore();
  return { store, peer: store };
});
