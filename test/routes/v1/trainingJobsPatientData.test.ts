// A failed training job's record holds no patient data (issue 9, fault 7): the pipeline runs in the
// production training child (src/jobs/trainingProcess.ts); its error must reach the job file and
// GET /v1/training-jobs with file, row, line and column, but without the patient id or the cell value.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProcessTrainer } from '../../../src/jobs/processTrainer.js';
import type { Trainer } from '../../../src/jobs/types.js';
import { trainFromRequest } from '../../../src/pipeline/trainFromRequest.js';
import { demoTrainingRequest } from '../../../src/serviceDependencies.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../../helpers/testApp.js';

const entry = new URL('../../../src/jobs/trainingProcess.js', import.meta.url);
const SECRET_ID = 'ZZ-SECRET-4711';
const SECRET_VALUE = '7.7.7-LEAK';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const trainers: Record<string, () => Trainer> = {
  'the training child': () => createProcessTrainer({ entry }),
  // a trainer throwing the pipeline's own errors: the job runner must record their public form
  'an in-process trainer': () => ({ run: (request, onProgress) => trainFromRequest(request, onProgress) }),
};

/** Submits, waits for the job to end, and returns its record as stored, listed and fetched. */
async function failedJob(payload: object, trainer = trainers['the training child']()) {
  t = await makeTestApp({ realTrainer: trainer });
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/training-jobs',
    headers: auth(KEYS.train),
    payload,
  });
  expect(res.statusCode).toBe(202);
  const id = res.json().id as string;
  await t.app.her2.jobs.whenIdle();
  const file = await readFile(join(t.dir, 'jobs', `${id}.json`), 'utf8');
  const list = await t.app.inject({ url: '/v1/training-jobs', headers: auth(KEYS.train) });
  const one = await t.app.inject({ url: `/v1/training-jobs/${id}`, headers: auth(KEYS.admin) });
  expect(one.json().state).toBe('failed');
  return { file, listed: list.body, fetched: one.body, error: one.json().error as string };
}

function expectNoneOf(secrets: string[], ...texts: string[]): void {
  for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('a failed job records where the problem is, not whose data it is', () => {
  it.each(Object.keys(trainers))(
    'a bad feature cell (%s): row, line and column, no patient id, no value',
    async (name) => {
      const cohortCsv = [
        'patient_id,site,her2_status,er,pr,pet_original_firstorder_Mean',
        'P-1,A,over,pos,neg,1.5',
        `${SECRET_ID},A,low,pos,neg,${SECRET_VALUE}`,
      ].join('\n');
      const job = await failedJob({ cohortCsv, cohortName: 'site-a.csv' }, trainers[name]());
      expect(job.error).toBe(
        'site-a.csv, row 2 (line 3), column "pet_original_firstorder_Mean": non-numeric value',
      );
      expectNoneOf([SECRET_ID, SECRET_VALUE], job.file, job.listed, job.fetched);
      expect(job.file).toContain('row 2 (line 3), column \\"pet_original_firstorder_Mean\\"');
    },
  );

  it('a patient without a required clinical input (imputed features): the row, no patient id', async () => {
    const { cohortCsv, cohortName } = demoTrainingRequest();
    const lines = cohortCsv.split('\n');
    const headerIndex = lines.findIndex((l) => !l.startsWith('#'));
    const header = lines[headerIndex].split(',');
    const cells = lines[headerIndex + 5].split(',');
    cells[header.indexOf('patient_id')] = SECRET_ID;
    cells[header.indexOf('er')] = '';
    lines[headerIndex + 5] = cells.join(',');
    const job = await failedJob({
      cohortCsv: lines.join('\n'),
      cohortName,
      config: { missing: 'impute-median', classifiers: ['lr'], mrmrK: 2 },
    });
    expect(job.error).toMatch(/: row 5 has no value for clinical input "er"$/);
    expectNoneOf([SECRET_ID], job.file, job.listed, job.fetched);
  });
});
