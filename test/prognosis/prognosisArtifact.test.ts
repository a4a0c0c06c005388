// The prognosis model: content-addressed, and serving a patient's group KM PFS read off its curve.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/io/sha256.js';
import { canonicalJson } from '../../src/model/canonicalJson.js';
import { analysePrognosis } from '../../src/prognosis/analysis.js';
import { AnalysisInputError } from '../../src/prognosis/analysisInputError.js';
import {
  joinPrognosisCohort,
  parseLesionText,
  parseOutcomeText,
  type Lesion,
} from '../../src/prognosis/index.js';
import { pfsAt, predictPrognosis } from '../../src/prognosis/predictPrognosis.js';
import { buildPrognosisArtifact, prognosisArtifactId } from '../../src/prognosis/prognosisArtifact.js';

const read = (name: string) =>
  readFileSync(new URL(`../fixtures/prognosis/${name}`, import.meta.url), 'utf8');
const cohort = joinPrognosisCohort(
  parseLesionText(read('synthetic-hi-pfs-lesions.csv'), '/some/dir/synthetic-hi-pfs-lesions.csv'),
  parseOutcomeText(read('synthetic-hi-pfs-outcomes.csv'), 'C:\\data\\synthetic-hi-pfs-outcomes.csv'),
);
const summary = analysePrognosis(cohort, { cutoff: 1.571 });
const files = { lesionsSha256: 'a'.repeat(64), outcomesSha256: 'b'.repeat(64) };
const artifact = buildPrognosisArtifact(summary, files, '2026-01-01T00:00:00.000Z');

describe('prognosis artifact', () => {
  it('is addressed by the sha256 of its canonical content without id and createdAt', () => {
    const { id, createdAt: _c, ...content } = artifact;
    expect(id).toBe(sha256Hex(canonicalJson(content)));
    expect(buildPrognosisArtifact(summary, files, '2030-05-05T00:00:00.000Z').id).toBe(id);
    expect(
      buildPrognosisArtifact(analysePrognosis(cohort, { cutoff: 1.6 }), files, artifact.createdAt).id,
    ).not.toBe(id);
    expect(prognosisArtifactId({ ...artifact, cutoff: 1.5 })).not.toBe(id);
  });

  it('keeps file names, not paths, and the cohort curves', () => {
    expect(artifact.cohort.lesions).toEqual({
      name: 'synthetic-hi-pfs-lesions.csv',
      sha256: files.lesionsSha256,
    });
    expect(artifact.cohort.outcomes.name).toBe('synthetic-hi-pfs-outcomes.csv');
    expect(artifact.synthetic).toBe(true);
    expect(artifact.groups.high.km.survival).toEqual(summary.groups.high.km.survival);
    expect(artifact.cutoff).toBe(1.571);
  });
});

describe('pfsAt and predictPrognosis', () => {
  const km = {
    times: [2, 5, 10],
    nRisk: [4, 3, 1],
    nEvent: [1, 1, 1],
    nCensor: [0, 1, 0],
    survival: [0.75, 0.5, 0],
    lower: [0.3, 0.2, null],
    upper: [0.9, 0.8, null],
  };
  it('reads the right-continuous step function, 1 before the first time, null beyond the last', () => {
    expect(pfsAt(km, 1)).toEqual({ months: 1, survival: 1, ci95: [1, 1] });
    expect(pfsAt(km, 2)).toEqual({ months: 2, survival: 0.75, ci95: [0.3, 0.9] });
    expect(pfsAt(km, 9.99)).toEqual({ months: 9.99, survival: 0.5, ci95: [0.2, 0.8] });
    expect(pfsAt(km, 10).survival).toBe(0);
    expect(pfsAt(km, 10.5)).toMatchObject({
      survival: null,
      ci95: null,
      note: expect.stringMatching(/last follow-up \(10 months\)/),
    });
  });

  const lesion = (suvMax: number, suvMean50: number): Lesion => ({
    patientId: 'x',
    lesionId: String(suvMax),
    site: null,
    suvMax,
    measures: { '50': { suvMean: suvMean50, mtv: 2 } },
  });

  it('a patient with HI50_max 1.8 is high risk and gets the high group curve at 6, 12, 24 months', () => {
    const result = predictPrognosis(artifact, [lesion(9, 5), lesion(4, 3)]);
    expect(result.value).toBeCloseTo(1.8, 12);
    expect(result.riskGroup).toBe('high');
    expect(result.group.n).toBe(16);
    expect(result.pfs.map((p) => p.months)).toEqual([6, 12, 24]);
    expect(result.pfs[0]).toEqual(pfsAt(artifact.groups.high.km, 6));
    const km6 = artifact.groups.high.km;
    const i = km6.times.filter((t) => t <= 6).length - 1;
    expect(result.pfs[0].survival).toBe(km6.survival[i]);
  });

  it('a patient with HI50_max 1.5 is low risk; exactly the cut-off is high', () => {
    expect(predictPrognosis(artifact, [lesion(3, 2)]).riskGroup).toBe('low');
    expect(predictPrognosis(artifact, [lesion(1.571, 1)]).riskGroup).toBe('high');
  });

  it('lesions without the marker threshold are refused, naming what is needed', () => {
    const noContour: Lesion = { ...lesion(3, 2), measures: {} };
    expect(() => predictPrognosis(artifact, [noContour])).toThrow(AnalysisInputError);
    expect(() => predictPrognosis(artifact, [noContour])).toThrow(
      /HI50_max needs at least one lesion with suv_mean_50/,
    );
  });
});
