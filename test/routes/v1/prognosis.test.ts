// POST /v1/prognosis: marker, risk group and the group's KM PFS from the served prognosis model;
// bad lesions are a 400/422 naming the field, never a 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoPrognosisModel } from '../../../src/demo/hiPfs/demoPrognosisModel.js';
import { pfsAt } from '../../../src/prognosis/predictPrognosis.js';
import { KEYS, type TestApp, auth, makeTestApp } from '../../helpers/testApp.js';

const model = buildDemoPrognosisModel('2026-01-01T00:00:00.000Z');
let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ prognosisModel: model });
});
afterAll(async () => {
  await t.close();
});

const post = (payload: unknown, key: string = KEYS.predict) =>
  t.app.inject({ method: 'POST', url: '/v1/prognosis', headers: auth(key), payload: payload as object });

// HI50 per lesion: 8.2 / 4.9 = 1.673…, 5.4 / 3.6 = 1.5 → HI50_max 1.673 ≥ 1.571: high.
const HIGH = {
  id: 'patient-1',
  lesions: [
    { lesion_id: 'L1', site: 'liver', suv_max: 8.2, suv_mean_50: 4.9, mtv_50: 3.1 },
    { lesion_id: 'L2', suv_max: 5.4, suv_mean_50: 3.6, mtv_50: 1.2 },
  ],
};

describe('POST /v1/prognosis', () => {
  it('returns the marker, the risk group and that group’s KM PFS at 6, 12, 24 months, stating the cohort', async () => {
    const res = await post(HIGH);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.model).toMatchObject({
      id: model.id,
      synthetic: true,
      marker: 'HI50_max',
      cutoff: 1.571,
      cutoffSource: 'given',
    });
    expect(body.model.syntheticWarning).toMatch(/SYNTHETIC/);
    expect(body.model.cohort).toMatchObject({
      patients: 32,
      lesions: { name: 'synthetic-hi-pfs-lesions.csv' },
    });
    expect(body.patient.id).toBe('patient-1');
    expect(body.patient.value).toBeCloseTo(8.2 / 4.9, 12);
    expect(body.patient.riskGroup).toBe('high');
    expect(body.patient.group.n).toBe(model.groups.high.n);
    expect(body.patient.pfs).toEqual([6, 12, 24].map((m) => pfsAt(model.groups.high.km, m)));
    expect(body.patient.pfs[0].survival).toBeGreaterThan(0);
    expect(body.patient.pfs[0].ci95[0]).toBeLessThan(body.patient.pfs[0].survival);
  });

  it('a low-HI patient gets the low group', async () => {
    const res = await post({ lesions: [{ suv_max: 4, suv_mean_50: 3, mtv_50: 2 }] });
    expect(res.statusCode).toBe(200);
    expect(res.json().patient.riskGroup).toBe('low');
    expect(res.json().patient.pfs).toEqual([6, 12, 24].map((m) => pfsAt(model.groups.low.km, m)));
  });

  it.each([
    [
      { lesions: [{ suv_max: 4, suv_mean_50: 5, mtv_50: 2 }] },
      400,
      /body\/lesions\/0\/suv_mean_50 \(5\) is above suv_max \(4\)/,
    ],
    [{ lesions: [{ suv_max: 4, suv_mean_50: 3 }] }, 400, /body\/lesions\/0\/mtv_50 is missing/],
    [{ lesions: [{ suv_max: -1, suv_mean_50: 3, mtv_50: 1 }] }, 400, /suv_max/],
    [{ lesions: [{ suv_max: 4, suv_mean_45: 3 }] }, 400, /additional properties/],
    [{ lesions: [] }, 400, /lesions/],
    [
      { lesions: [{ suv_max: 4, suv_mean_40: 3, mtv_40: 2 }] },
      422,
      /HI50_max needs at least one lesion with suv_mean_50/,
    ],
  ])('%o → %i naming the problem', async (payload, status, message) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(status);
    expect(res.json().message ?? res.json().error).toMatch(message);
  });

  it('writes one audit record per request with the model id and an input hash, never lesion values or the patient id', async () => {
    const before = t.auditLines.length;
    await post(HIGH);
    const records = t.auditLines.slice(before).map((line) => JSON.parse(line));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      route: 'prognosis',
      modelId: model.id,
      patients: 1,
      statusCode: 200,
      keyId: 'predictor',
    });
    expect(records[0].inputSha256).toMatch(/^[0-9a-f]{64}$/);
    const text = t.auditLines.slice(before).join('');
    expect(text).not.toContain('patient-1');
    expect(text).not.toContain('8.2');
  });

  it('needs the predict role', async () => {
    expect((await post(HIGH, KEYS.train)).statusCode).toBe(403);
  });

  it('without a prognosis model it is a 503', async () => {
    const bare = await makeTestApp();
    try {
      const res = await bare.app.inject({
        method: 'POST',
        url: '/v1/prognosis',
        headers: auth(KEYS.predict),
        payload: HIGH,
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().message).toMatch(/no prognosis model/);
    } finally {
      await bare.close();
    }
  });
});
