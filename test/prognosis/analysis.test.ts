// The prognosis analysis on the default SYNTHETIC hi-pfs cohort against independently computed
// values (test/fixtures/prognosis/make_prognosis_reference.py: numpy/scipy from the definitions).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateHiPfsCohort } from '../../src/demo/hiPfs/generateHiPfsCohort.js';
import { formatHiPfsCsv } from '../../src/demo/hiPfs/hiPfsCsv.js';
import { analysePrognosis } from '../../src/prognosis/analysis.js';
import { AnalysisInputError } from '../../src/prognosis/analysisInputError.js';
import {
  joinPrognosisCohort,
  parseLesionText,
  parseMarkerName,
  parseOutcomeText,
  type PrognosisCohort,
} from '../../src/prognosis/index.js';
import { cohortMarker } from '../../src/prognosis/markerValues.js';

const FIXTURES = new URL('../fixtures/prognosis/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const lesionsCsv = read('synthetic-hi-pfs-lesions.csv');
const outcomesCsv = read('synthetic-hi-pfs-outcomes.csv');

interface GroupReference {
  n: number;
  events: number;
  medianPfs: number | null;
}
interface AnalysisReference {
  cutoff: number;
  groups: { high: GroupReference; low: GroupReference };
  logRank: { chisq: number; p: number };
  cox: { hazardRatio: number; ci95: [number, number]; p: number };
}
const reference = JSON.parse(read('prognosis_reference.json')) as {
  horizon: number;
  markers: Record<string, { values: number[]; spearmanRho: number }>;
  rocByMarker: Record<string, number>;
  timeDependentRoc: {
    auc: number;
    cases: number;
    controls: number;
    youden: { cutoff: number; sensitivity: number; specificity: number };
  };
  youden: AnalysisReference;
  given: AnalysisReference;
  coxPerUnit: { hazardRatio: number; ci95: [number, number]; p: number };
};

const cohort: PrognosisCohort = joinPrognosisCohort(
  parseLesionText(lesionsCsv, 'lesions.csv'),
  parseOutcomeText(outcomesCsv, 'outcomes.csv'),
);

function expectAnalysis(summary: ReturnType<typeof analysePrognosis>, ref: AnalysisReference) {
  expect(summary.cutoff).toBeCloseTo(ref.cutoff, 12);
  for (const g of ['high', 'low'] as const) {
    expect(summary.groups[g].n).toBe(ref.groups[g].n);
    expect(summary.groups[g].events).toBe(ref.groups[g].events);
    if (ref.groups[g].medianPfs === null) expect(summary.groups[g].medianPfs).toBeNull();
    else expect(summary.groups[g].medianPfs).toBeCloseTo(ref.groups[g].medianPfs!, 12);
  }
  expect(summary.logRank.chisq).toBeCloseTo(ref.logRank.chisq, 8);
  expect(summary.logRank.p).toBeCloseTo(ref.logRank.p, 10);
  expect(summary.cox.hazardRatio).toBeCloseTo(ref.cox.hazardRatio, 6);
  expect(summary.cox.ci95![0]).toBeCloseTo(ref.cox.ci95[0], 6);
  expect(summary.cox.ci95![1]).toBeCloseTo(ref.cox.ci95[1], 6);
  expect(summary.cox.p).toBeCloseTo(ref.cox.p, 8);
}

describe('analysePrognosis on the SYNTHETIC hi-pfs cohort', () => {
  it('the fixture files are what the generator writes at the default seed', () => {
    const csv = formatHiPfsCsv(generateHiPfsCohort());
    expect(csv.lesions).toBe(lesionsCsv);
    expect(csv.outcomes).toBe(outcomesCsv);
  });

  it('patient markers agree with the reference for every parameter × threshold × aggregate', () => {
    expect(Object.keys(reference.markers)).toHaveLength(30);
    for (const [name, ref] of Object.entries(reference.markers)) {
      const values = cohortMarker(cohort, parseMarkerName(name)!);
      values.forEach((v, i) => expect(v, `${name}[${i}]`).toBeCloseTo(ref.values[i], 10));
    }
  });

  const youden = analysePrognosis(cohort, { horizon: reference.horizon });

  it('Spearman rho with PFS months agrees with scipy for every marker (Table 2)', () => {
    expect(youden.spearman).toHaveLength(30);
    for (const row of youden.spearman) {
      expect(row.rho, row.marker).toBeCloseTo(reference.markers[row.marker].spearmanRho, 10);
      expect(row.n).toBe(32);
      expect(row.p).toBeGreaterThan(0);
    }
  });

  it('time-dependent AUC at 12 months and the Youden cut-off agree with the IPCW reference', () => {
    const roc = youden.timeDependentAuc;
    expect(roc.horizon).toBe(12);
    expect(roc.auc).toBeCloseTo(reference.timeDependentRoc.auc, 10);
    expect([roc.cases, roc.controls]).toEqual([
      reference.timeDependentRoc.cases,
      reference.timeDependentRoc.controls,
    ]);
    expect(roc.youden.cutoff).toBeCloseTo(reference.timeDependentRoc.youden.cutoff, 12);
    expect(roc.youden.sensitivity).toBeCloseTo(reference.timeDependentRoc.youden.sensitivity, 10);
    expect(roc.youden.specificity).toBeCloseTo(reference.timeDependentRoc.youden.specificity, 10);
    expect(roc.atCutoff).toEqual({
      sensitivity: roc.youden.sensitivity,
      specificity: roc.youden.specificity,
    });
    expect(roc.ci95[0]).toBeLessThan(roc.auc);
    expect(roc.ci95[1]).toBeGreaterThan(roc.auc);
    for (const row of youden.rocByMarker) {
      expect(row.auc, row.marker).not.toBeNull();
      expect(row.auc!, row.marker).toBeCloseTo(reference.rocByMarker[row.marker], 10);
    }
  });

  it('Youden cut-off: groups, KM medians, log-rank and Cox agree with the reference', () => {
    expect(youden.cutoffSource).toBe('youden');
    expect(youden.marker).toBe('HI50_max');
    expectAnalysis(youden, reference.youden);
  });

  it('a given cut-off (the study 1.571): low-group median not reached, as in the study', () => {
    const given = analysePrognosis(cohort, { cutoff: 1.571 });
    expect(given.cutoffSource).toBe('given');
    expectAnalysis(given, reference.given);
    expect(given.groups.low.medianPfs).toBeNull();
    expect(given.synthetic).toBe(true);
    expect(given.syntheticWarning).toMatch(/SYNTHETIC/);
  });

  it('Cox per unit of HI50_max agrees with the reference', () => {
    expect(youden.coxPerUnit.hazardRatio).toBeCloseTo(reference.coxPerUnit.hazardRatio, 4);
    expect(youden.coxPerUnit.p).toBeCloseTo(reference.coxPerUnit.p, 8);
  });

  it('numbers at risk start at the group size and never rise', () => {
    for (const g of ['high', 'low'] as const) {
      const atRisk = youden.groups[g].atRisk;
      expect(atRisk[0]).toEqual({ time: 0, n: youden.groups[g].n });
      for (let k = 1; k < atRisk.length; k++) {
        expect(atRisk[k].time - atRisk[k - 1].time).toBe(6);
        expect(atRisk[k].n).toBeLessThanOrEqual(atRisk[k - 1].n);
      }
    }
  });
});

describe('analysePrognosis refuses what it cannot analyse', () => {
  const refuses = (options: Parameters<typeof analysePrognosis>[1], message: RegExp, on = cohort) => {
    expect(() => analysePrognosis(on, options)).toThrow(AnalysisInputError);
    expect(() => analysePrognosis(on, options)).toThrow(message);
  };

  it.each([
    [{ marker: 'HI55_max' }, /unknown marker "HI55_max"/],
    [{ cutoff: 100 }, /cut-off 100 puts all 32 patients in the low group/],
    [{ cutoff: 0 }, /in the high group/],
    [{ horizon: 0 }, /horizon must be a positive number of months/],
    [{ horizon: 500 }, /ROC of HI50_max at 500 months: .*try another --horizon/],
  ])('%o', (options, message) => refuses(options, message));

  it('a marker whose threshold the lesion table lacks', () => {
    refuses({ marker: 'HI40_max' }, /needs the threshold-40 columns/, { ...cohort, thresholds: ['50'] });
  });

  it('a cohort without progression', () => {
    const calm = { ...cohort, patients: cohort.patients.map((p) => ({ ...p, progressed: false })) };
    refuses({}, /no patient progressed/, calm);
  });

  it('a group without progression gets a flat curve, no median and no Cox hazard ratio', () => {
    const hi = cohortMarker(cohort, parseMarkerName('HI50_max')!) as number[];
    const calmLow = {
      ...cohort,
      patients: cohort.patients.map((p, i) => ({ ...p, progressed: p.progressed && hi[i] >= 1.571 })),
    };
    const summary = analysePrognosis(calmLow, { cutoff: 1.571 });
    expect(summary.groups.low.events).toBe(0);
    expect(summary.groups.low.n).toBe(16);
    expect(summary.groups.low.km.survival.every((s) => s === 1)).toBe(true);
    expect(summary.groups.low.km.nRisk[0]).toBe(16);
    expect(summary.groups.low.medianPfs).toBeNull();
    expect(summary.cox.converged).toBe(false);
    expect(summary.cox.hazardRatio).toBeNull();
    expect(summary.groups.high.events).toBe(14);
  });
});
