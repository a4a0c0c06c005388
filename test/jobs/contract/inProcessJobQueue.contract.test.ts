import { InProcessJobQueue } from '../../../src/jobs/jobQueue.js';
import { describeJobQueueContract } from './jobQueueContract.js';

describeJobQueueContract(
  'in-process',
  async () => {
    const queue = new InProcessJobQueue();
    return { queue, close: () => queue.close() };
  },
  false,
);
