// POST /v1/models/:id/evaluations with the real demo model: the external site's rows as text/csv
// or JSON give the stored external-set metrics; roles, bad cohorts and limits give 4xx, never 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAsCohort, formatDemoCohortCsv, generateDemoCohort } from '../../../src/demo/index.js';
import type { ModelArtifact } from '../../../src/model/artifact.js';
import { loadModel } from '../../../src/model/loadModel.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../../helpers/testApp.js';
import { trainedDemoModel } from '../../helpers/trainedDemoModel.js';

let t: TestApp;
let artifact: ModelArtifact;
let externalCsv: string;

beforeAll(async () => {
  ({ artifact } = await trainedDemoModel());
  const demo = generateDemoCohort();
  const lines = formatDemoCohortCsv(demo).cohort.trimEnd().split('\n');
  const header = lines.findIndex((l) => l.startsWith('patient_id'));
  const external = lines.filter((l, i) => i <= header || l.split(',')[1] === 'institution2');
  externalCsv = `${external.join('\n')}\n`;
  expect(demoAsCohort(demo).sites.filter((s) => s === 'institution2').length).toBe(
    external.length - header - 1,
  );
  t = await makeTestApp({ artifacts: [artifact], modelLoader: loadModel });
}, 60_000);

afterAll(async () => {
  await t?.close();
});

const url = () => `/v1/models/${artifact.id}/evaluations`;
const csvHeaders = (key: string) => ({ ...auth(key), 'content-type': 'text/csv' });

describe('POST /v1/models/:id/evaluations', () => {
  it('text/csv: the external site gives back the stored external-set metrics, marked synthetic', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: url(),
      headers: csvHeaders(KEYS.train),
      payload: externalCsv,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.kind).toBe('frozen-model-evaluation');
    expect(body.synthetic).toBe(true);
    expect(body.syntheticWarning).toMatch(/synthetic/);
    expect(body.cohort.source).toBe('uploaded cohort');
    for (const [name, task] of Object.entries(artifact.tasks)) {
      const stored = task.models[task.best].metrics.external!;
      expect(body.tasks[name].overall.auc).toBe(stored.auc);
      expect(body.tasks[name].overall.aucCi95).toEqual(stored.ci95);
      expect(body.tasks[name].overall.sensitivity.value).toBe(stored.sensitivity);
      expect(body.tasks[name].overall.calibration.inTheLargeTest.method).toBe('wald-intercept');
      expect(body.tasks[name].sites.institution2.n).toBe(stored.n);
    }
  });

  it('JSON {cohortCsv} gives the same answer; format=html the report', async () => {
    const [csv, json] = await Promise.all([
      t.app.inject({ method: 'POST', url: url(), headers: csvHeaders(KEYS.train), payload: externalCsv }),
      t.app.inject({
        method: 'POST',
        url: url(),
        headers: auth(KEYS.train),
        payload: { cohortCsv: externalCsv },
      }),
    ]);
    expect(json.statusCode).toBe(200);
    expect(json.json()).toEqual(csv.json());
    const html = await t.app.inject({
      method: 'POST',
      url: `${url()}?format=html`,
      headers: csvHeaders(KEYS.train),
      payload: externalCsv,
    });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('Frozen-model evaluation on a new cohort');
  });

  it('needs the train role', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: url(),
      headers: csvHeaders(KEYS.predict),
      payload: externalCsv,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('Forbidden');
  });

  it('a bad cell is a 400 naming file, row and column; an unknown model a 404', async () => {
    const lines = externalCsv.split('\n');
    const header = lines.findIndex((l) => l.startsWith('patient_id'));
    const cells = lines[header + 3].split(',');
    const column = lines[header].split(',').indexOf('her2_status');
    cells[column] = 'maybe';
    lines[header + 3] = cells.join(',');
    const res = await t.app.inject({
      method: 'POST',
      url: url(),
      headers: csvHeaders(KEYS.train),
      payload: lines.join('\n'),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^uploaded cohort, row 3 .*column "her2_status"/);
    expect(res.json().details[0]).toMatchObject({ file: 'uploaded cohort', row: 3, column: 'her2_status' });
    const missing = await t.app.inject({
      method: 'POST',
      url: `/v1/models/${'0'.repeat(64)}/evaluations`,
      headers: csvHeaders(KEYS.train),
      payload: externalCsv,
    });
    expect(missing.statusCode).toBe(404);
  });

  it('an empty or wrong body is a 400, an unknown content type a 415', async () => {
    const empty = await t.app.inject({ method: 'POST', url: url(), headers: auth(KEYS.train), payload: {} });
    expect(empty.statusCode).toBe(400);
    const text = await t.app.inject({
      method: 'POST',
      url: url(),
      headers: { ...auth(KEYS.train), 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(text.statusCode).toBe(415);
    const noRows = await t.app.inject({
      method: 'POST',
      url: url(),
      headers: csvHeaders(KEYS.train),
      payload: '',
    });
    expect(noRows.statusCode).toBe(400);
  });

  it('a body over trainingBodyLimit is a 413, as a training upload', async () => {
    const small = await makeTestApp({
      artifacts: [artifact],
      modelLoader: loadModel,
      config: { trainingBodyLimit: 4096 },
    });
    try {
      const res = await small.app.inject({
        method: 'POST',
        url: url(),
        headers: csvHeaders(KEYS.train),
        payload: externalCsv,
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toBe('Payload Too Large');
    } finally {
      await small.close();
    }
  });
});
