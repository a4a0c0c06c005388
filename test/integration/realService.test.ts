/**
 * The service with the production wiring (src/serviceDependencies.ts): the default model bootstrapped
 * from the synthetic demo cohort by the production trainer (a SCHED_IDLE child process), predictions compared with the CLI
 * on the same artifact, and a real retraining job through the queue, the quality gate and the registry.
 */
import { SYNTHETIC_PREDICTION_COMMENT } from '../../src/cli/commands/predict.js';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main as cli } from '../../src/cli/main.js';
import { resolveConfig } from '../../src/config.js';
import type { ModelArtifact } from '../../src/model/artifact.js';
import { loadModel } from '../../src/model/loadModel.js';
import { createServiceDependencies, demoTrainingRequest } from '../../src/serviceDependencies.js';
import { startServer } from '../../src/server.js';

const KEY = 'integration-key-0123456789abcdef';
const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };

let dir: string;
let app: FastifyInstance;
let url: string;
let artifact: ModelArtifact;
const exampleRequest = async () =>
  JSON.parse(await readFile(new URL('../../examples/prediction-request.json', import.meta.url), 'utf8')) as {
    patients: { id: string; features: Record<string, number>; clinical: Record<string, string | number> }[];
  };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'her2-integration-'));
  const config = resolveConfig({
    port: 0,
    host: '127.0.0.1',
    modelsDir: join(dir, 'models'),
    auditLog: join(dir, 'audit.log'),
    apiKeys: [{ id: 'it', key: KEY, roles: ['predict', 'train', 'admin'] }],
  });
  const started = await startServer(config, await createServiceDependencies(config), {
    logger: pino({ level: 'silent' }),
  });
  app = started.app;
  url = started.url;
  await app.her2.bootstrapped;
  const active = app.her2.models.active;
  if (!active) throw new Error('bootstrap did not activate a model');
  artifact = active.artifact;
}, 180_000);

afterAll(async () => {
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the service with the real model', () => {
  it('bootstraps the default model from the synthetic demo cohort and says so', async () => {
    expect(artifact.synthetic).toBe(true);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { model: { synthetic: boolean } }).model.synthetic).toBe(true);
  });

  it('serves the README example request (it carries exactly the inputs the default model needs)', async () => {
    const request = await exampleRequest();
    for (const patient of request.patients) {
      expect(Object.keys(patient.features).sort()).toEqual([...artifact.input.features].sort());
      expect(Object.keys(patient.clinical).sort()).toEqual([...artifact.input.clinical].sort());
    }
    const response = await fetch(`${url}/v1/predictions`, {
      method: 'POST',
      headers,
      body: JSON.stringify(request),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      model: { id: string; synthetic: boolean };
      predictions: unknown[];
    };
    expect(body.model).toMatchObject({ id: artifact.id, synthetic: true });
    expect(body.predictions).toHaveLength(request.patients.length);
  });

  it('predicts through the API exactly what `her2 predict` writes for the same artifact', async () => {
    const request = await exampleRequest();
    const modelPath = join(dir, 'model.json');
    await writeFile(modelPath, JSON.stringify(artifact));
    const header = [
      'patient_id',
      'er',
      'pr',
      ...artifact.input.clinical.filter((c) => c !== 'er' && c !== 'pr'),
      ...artifact.input.features,
    ];
    const rows = request.patients.map((p) =>
      [p.id, ...header.slice(1).map((name) => String(p.clinical[name] ?? p.features[name]))].join(','),
    );
    const inputPath = join(dir, 'input.csv');
    await writeFile(inputPath, `${header.join(',')}\n${rows.join('\n')}\n`);
    const outPath = join(dir, 'predictions.csv');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const code = await cli(['predict', '--model', modelPath, '--input', inputPath, '--out', outPath]);
    stderr.mockRestore();
    expect(code).toBe(0);
    const lines = (await readFile(outPath, 'utf8')).trim().split('\n');
    // The demo model is synthetic: the file starts with its # SYNTHETIC line, then the header.
    expect(lines[0]).toBe(SYNTHETIC_PREDICTION_COMMENT);
    const csv = lines.slice(2).map((line) => line.split(','));

    const response = await fetch(`${url}/v1/predictions`, {
      method: 'POST',
      headers,
      body: JSON.stringify(request),
    });
    const api = (
      (await response.json()) as {
        predictions: { id: string; status: string; distribution: Record<string, number> }[];
      }
    ).predictions;
    expect(csv).toHaveLength(api.length);
    api.forEach((p, i) => {
      expect(csv[i][0]).toBe(p.id);
      expect(Number(csv[i][1])).toBe(p.distribution.over);
      expect(Number(csv[i][2])).toBe(p.distribution.low);
      expect(Number(csv[i][3])).toBe(p.distribution.zero);
      expect(csv[i][4]).toBe(p.status);
    });
    // …and both equal the model loaded from the artifact in memory.
    const direct = loadModel(artifact).predict(request.patients);
    expect(api.map((p) => p.distribution)).toEqual(direct.map((p) => p.distribution));
  });

  it('runs a real retraining job in the training process, registers it, and gates activation on quality', async () => {
    const training = demoTrainingRequest();
    // A deliberately weaker model: logistic regression on 2 features, another seed.
    const submitted = await fetch(`${url}/v1/training-jobs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        cohortCsv: training.cohortCsv,
        config: { classifiers: ['lr'], mrmrK: 1, seed: 7 },
        activate: true,
      }),
    });
    expect(submitted.status).toBe(202);
    const { id } = (await submitted.json()) as { id: string };
    // Predictions are answered while the job runs.
    const during = await fetch(`${url}/v1/predictions`, {
      method: 'POST',
      headers,
      body: JSON.stringify(await exampleRequest()),
    });
    expect(during.status).toBe(200);

    let job: {
      state: string;
      model: { id: string; synthetic: boolean } | null;
      activation: { requested: boolean; activated: boolean; reason: string };
    };
    for (;;) {
      job = (await (await fetch(`${url}/v1/training-jobs/${id}`, { headers })).json()) as typeof job;
      if (job.state !== 'queued' && job.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(job.state).toBe('succeeded');
    const modelId = job.model?.id ?? '';
    expect(modelId).toMatch(/^[0-9a-f]{64}$/);
    expect(job.model?.synthetic).toBe(true);
    const card = await fetch(`${url}/v1/models/${modelId}`, { headers });
    expect(card.status).toBe(200);

    const newModel = app.her2.models;
    const candidate = JSON.parse(
      await readFile(join(dir, 'models', `${modelId}.json`), 'utf8'),
    ) as ModelArtifact;
    const worstDrop = Math.max(
      ...(['over', 'low', 'zero'] as const).map(
        (t) =>
          (artifact.tasks[t].models[artifact.tasks[t].best].metrics.validation?.auc ?? 0) -
          (candidate.tasks[t].models[candidate.tasks[t].best].metrics.validation?.auc ?? 0),
      ),
    );
    // The gate's rule, recomputed here from the two artifacts: activate only when no task drops > 0.02.
    // One feature per task is far weaker than the default model, so this job must fail the gate.
    expect(worstDrop).toBeGreaterThan(0.02);
    expect(job.activation.reason).toMatch(/quality gate|AUC/i);
    expect(job.activation.requested).toBe(true);
    expect(job.activation.activated).toBe(worstDrop <= 0.02);
    expect(newModel.active?.id).toBe(worstDrop <= 0.02 ? modelId : artifact.id);
  }, 120_000);
});
