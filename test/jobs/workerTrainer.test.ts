import { isMainThread } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createWorkerTrainer } from '../../src/jobs/workerTrainer.js';
import type { TrainingProgress } from '../../src/jobs/types.js';

const workerUrl = new URL('../helpers/fakeTrainingWorker.ts', import.meta.url);

describe('createWorkerTrainer', () => {
  it('runs the training module in a worker thread and relays progress and the artifact', async () => {
    expect(isMainThread).toBe(true);
    const trainer = createWorkerTrainer({ workerUrl });
    const progress: TrainingProgress[] = [];
    const artifact = await trainer.run(
      { cohortCsv: 'id,label\n', config: {} },
      (p) => progress.push(p),
      new AbortController().signal,
    );
    expect(artifact.id).toMatch(/^[0-9a-f]{64}$/);
    expect(progress).toEqual([
      { stage: 'parsing cohort', percent: 10 },
      { stage: 'training', percent: 60 },
    ]);
  });

  it('rejects with the message the training code threw', async () => {
    const trainer = createWorkerTrainer({ workerUrl });
    await expect(
      trainer.run(
        { cohortCsv: 'x', config: { fail: 'cohort has no label column' } },
        () => undefined,
        new AbortController().signal,
      ),
    ).rejects.toThrow('cohort has no label column');
  });

  it('terminates the worker when aborted', async () => {
    const trainer = createWorkerTrainer({ workerUrl });
    const controller = new AbortController();
    const run = trainer.run(
      { cohortCsv: 'x', config: { hang: true } },
      (p) => {
        if (p.stage === 'hanging') controller.abort();
      },
      controller.signal,
    );
    await expect(run).rejects.toThrow(/aborted/);
  });
});
