import { createPool } from '../../../src/db/pool.js';
import { PgBossJobQueue } from '../../../src/jobs/pgBossQueue.js';
import { usePostgres } from '../../support/usePostgres.js';
import { describeJobQueueContract } from './jobQueueContract.js';

const postgres = usePostgres();

// A fresh database per test; two pools and two pg-boss instances on it are two replicas.
describeJobQueueContract(
  'pg-boss',
  async () => {
    const url = await postgres.freshDatabase('queue');
    const pools = [createPool(url, { max: 4 }), createPool(url, { max: 4 })];
    const queue = await PgBossJobQueue.open(pools[0], { pollingIntervalSeconds: 0.5 });
    const peer = await PgBossJobQueue.open(pools[1], { pollingIntervalSeconds: 0.5 });
    return {
      queue,
      peer,
      async close() {
        await Promise.all([queue.stop(), peer.stop()]);
        await Promise.all([queue.close(), peer.close()]);
        await Promise.all(pools.map((p) => p.end()));
      },
    };
  },
  true,
);
