import { beforeAll, describe, expect, it } from 'vitest';
import { HER2_STATUSES, SET_NAMES, type Her2Status } from '../../src/cohort/cohort.js';
import { DEMO_SEED, generateDemoCohort, type DemoCohort } from '../../src/demo/generateDemoCohort.js';
import { HOU2025_MARGINALS } from '../../src/demo/hou2025Marginals.js';
import {
  icc21,
  mean,
  median,
  pairCountAuc,
  sampleVariance,
  T_CRITICAL_05,
  welchT,
} from '../helpers/naiveStats.js';

let demo: DemoCohort;
let internal: number[];
let external: number[];
let column: Map<string, Float64Array>;

beforeAll(() => {
  demo = generateDemoCohort(DEMO_SEED);
  internal = demo.patients.flatMap((p, i) => (p.site === 'institution1' ? [i] : []));
  external = demo.patients.flatMap((p, i) => (p.site === 'institution2' ? [i] : []));
  column = new Map(demo.featureNames.map((n, j) => [n, demo.features[j]]));
});

const pick = (values: ArrayLike<number>, rows: number[]) => rows.map((i) => values[i]);
const rowsOf = (rows: number[], keep: (i: number) => boolean) => rows.filter(keep);

describe('demo cohort composition (Tables 1 and 2)', () => {
  it('has 215 institution1 patients split 150/65 and 100 institution2 patients, with the per-class counts', () => {
    expect(internal).toHaveLength(215);
    expect(external).toHaveLength(100);
    for (const set of SET_NAMES) {
      const inSet = demo.patients.filter((p) => p.set === set);
      expect(new Set(inSet.map((p) => p.site))).toEqual(new Set([HOU2025_MARGINALS.sets[set].site]));
      const counts = HER2_STATUSES.map((c) => inSet.filter((p) => p.her2Status === c).length);
      expect(counts, set).toEqual(HER2_STATUSES.map((c) => HOU2025_MARGINALS.sets[set].classes[c].n));
    }
    expect(new Set(demo.patients.map((p) => p.patientId)).size).toBe(315);
  });

  it('reproduces the ER, PR and Ki-67 >= 14% positive counts of every set x class cell exactly', () => {
    for (const set of SET_NAMES) {
      for (const c of HER2_STATUSES) {
        const cell = demo.patients.filter((p) => p.set === set && p.her2Status === c);
        const m = HOU2025_MARGINALS.sets[set].classes[c];
        expect(cell.filter((p) => p.er).length, `${set} ${c} ER`).toBe(m.erPositive);
        expect(cell.filter((p) => p.pr).length, `${set} ${c} PR`).toBe(m.prPositive);
        expect(cell.filter((p) => p.ki67 >= 14).length, `${set} ${c} Ki-67`).toBe(m.ki67High);
      }
    }
  });

  it('matches the age, SUVmax and SUVmean mean of every cell within 0.3 table sd (sd within 0.5-1.5x), with plausible values', () => {
    for (const set of SET_NAMES) {
      for (const c of HER2_STATUSES) {
        const cell = demo.patients.filter((p) => p.set === set && p.her2Status === c);
        const m = HOU2025_MARGINALS.sets[set].classes[c];
        for (const [key, target] of [
          ['age', m.age],
          ['suvMax', m.suvMax],
          ['suvMean', m.suvMean],
        ] as const) {
          const values = cell.map((p) => p[key]);
          expect(Math.abs(mean(values) - target.mean), `${set} ${c} ${key}`).toBeLessThan(0.3 * target.sd);
          expect(Math.sqrt(sampleVariance(values)) / target.sd, `${set} ${c} ${key} sd`).toBeGreaterThan(0.5);
          expect(Math.sqrt(sampleVariance(values)) / target.sd, `${set} ${c} ${key} sd`).toBeLessThan(1.5);
        }
      }
    }
    for (const p of demo.patients) {
      expect(p.suvMean).toBeGreaterThan(0);
      expect(p.suvMean).toBeLessThan(p.suvMax);
      expect(p.age).toBeGreaterThanOrEqual(25);
      expect(p.age).toBeLessThanOrEqual(90);
      expect(p.ki67).toBeGreaterThanOrEqual(1);
      expect(p.ki67).toBeLessThanOrEqual(100);
    }
  });
});

describe('demo cohort determinism', () => {
  const bytes = (d: DemoCohort) => Buffer.concat(d.features.map((f) => Buffer.from(f.buffer)));
  it('gives identical values for the same seed and different values for another seed', () => {
    const again = generateDemoCohort(DEMO_SEED);
    expect(bytes(again).equals(bytes(demo))).toBe(true);
    expect(again.patients).toEqual(demo.patients);
    expect(again.truth).toEqual(demo.truth);
    const other = generateDemoCohort(DEMO_SEED + 1);
    expect(bytes(other).equals(bytes(demo))).toBe(false);
    expect(other.patients.map((p) => p.her2Status)).not.toEqual(demo.patients.map((p) => p.her2Status));
  });

  it('has only finite values, positive where log-normal, and 6 significant digits', () => {
    let bad = 0;
    for (const f of demo.features)
      for (const v of f) if (!Number.isFinite(v) || Number(v.toPrecision(6)) !== v) bad++;
    expect(bad).toBe(0);
    for (const n of [
      'pet_original_firstorder_Energy',
      'ct_original_shape_VoxelVolume',
      'pet_wavelet-HHH_ngtdm_Busyness',
    ]) {
      expect(Math.min(...column.get(n)!), n).toBeGreaterThan(0);
    }
  });
});

describe('demo cohort class signal', () => {
  const isClass = (c: Her2Status) => (i: number) => demo.patients[i].her2Status === c;
  const significant = (name: string, c: Her2Status) => {
    const values = column.get(name)!;
    const pos = pick(values, rowsOf(internal, isClass(c)));
    const neg = pick(
      values,
      rowsOf(internal, (i) => !isClass(c)(i)),
    );
    return Math.abs(welchT(pos, neg)) > T_CRITICAL_05;
  };

  it('informative features pass a Welch t-test (p < 0.05) far more often than uninformative ones', () => {
    const special = new Set([
      ...HER2_STATUSES.flatMap((c) => demo.truth.informativeFeatures[c]),
      ...demo.truth.nonlinearFeatures,
      ...Object.keys(demo.truth.nearDuplicates),
    ]);
    const nuisance = demo.featureNames.filter((n) => !special.has(n));
    for (const c of HER2_STATUSES) {
      const informative = demo.truth.informativeFeatures[c];
      expect(informative.length).toBeGreaterThanOrEqual(2);
      const hitRate = informative.filter((n) => significant(n, c)).length / informative.length;
      const falseRate = nuisance.filter((n) => significant(n, c)).length / nuisance.length;
      expect(hitRate, c).toBeGreaterThanOrEqual(0.7);
      expect(falseRate, c).toBeLessThan(0.12);
      expect(hitRate, c).toBeGreaterThan(5 * falseRate);
    }
    const modalities = HER2_STATUSES.flatMap((c) => demo.truth.informativeFeatures[c]).map(
      (n) => n.split('_')[0],
    );
    expect(new Set(modalities)).toEqual(new Set(['pet', 'ct']));
  });

  it('the ground-truth posterior is a distribution with one-vs-rest AUC 0.85-0.97 per task at institution1 (a learned model reaches the paper 0.75-0.87)', () => {
    expect(demo.truth.posterior).toHaveLength(315);
    for (const p of demo.truth.posterior) expect(p.over + p.low + p.zero).toBeCloseTo(1, 12);
    for (const c of HER2_STATUSES) {
      const auc = pairCountAuc(
        pick(
          demo.truth.posterior.map((p) => p[c]),
          internal,
        ),
        internal.map(isClass(c)),
      );
      expect(auc, c).toBeGreaterThan(0.85);
      expect(auc, c).toBeLessThan(0.97);
    }
  });

  it('the posterior beats every single feature and is calibrated in the large at both sites', () => {
    for (const rows of [internal, external]) {
      for (const c of HER2_STATUSES) {
        const labels = rows.map(isClass(c));
        const posteriorAuc = pairCountAuc(
          rows.map((i) => demo.truth.posterior[i][c]),
          labels,
        );
        const bestSingle = Math.max(
          ...demo.truth.informativeFeatures[c].map((n) => {
            const a = pairCountAuc(pick(column.get(n)!, rows), labels);
            return Math.max(a, 1 - a);
          }),
        );
        expect(posteriorAuc, c).toBeGreaterThan(bestSingle);
        const meanPosterior = mean(rows.map((i) => demo.truth.posterior[i][c]));
        const prevalence = labels.filter(Boolean).length / rows.length;
        expect(Math.abs(meanPosterior - prevalence), c).toBeLessThan(0.06);
      }
    }
  });

  it('the non-linear feature has near-equal class means but class-dependent spread', () => {
    expect(demo.truth.nonlinearFeatures).toHaveLength(1);
    const values = column.get(demo.truth.nonlinearFeatures[0])!;
    const sd = Math.sqrt(sampleVariance(pick(values, internal)));
    const byClass = HER2_STATUSES.map((c) => pick(values, rowsOf(internal, isClass(c))));
    for (const c of HER2_STATUSES) expect(significant(demo.truth.nonlinearFeatures[0], c), c).toBe(false);
    const means = byClass.map(mean);
    expect(Math.max(...means) - Math.min(...means)).toBeLessThan(0.35 * sd);
    const variances = byClass.map(sampleVariance);
    expect(Math.max(...variances) / Math.min(...variances)).toBeGreaterThan(3);
  });
});

describe('demo cohort segmentation reliability', () => {
  // On the training rows, as the pipeline computes them.
  const iccs = () => {
    const rows = internal.filter((i) => demo.patients[i].set === 'training');
    return demo.featureNames.map((name, j) => {
      const first = pick(demo.features[j], rows);
      return {
        name,
        inter: icc21([first, pick(demo.repeat.inter[j], rows)]),
        intra: icc21([first, pick(demo.repeat.intra[j], rows)]),
      };
    });
  };

  it('repeats every patient with every feature', () => {
    expect(demo.repeat.patientIds).toEqual(demo.patients.map((p) => p.patientId));
    expect(demo.repeat.inter).toHaveLength(1886);
    expect(demo.repeat.intra).toHaveLength(1886);
  });

  it('makes 20-50% of features unreliable (ICC(2,1) < 0.75), agreeing with the truth, intra above inter', () => {
    const all = iccs();
    const measuredUnreliable = all.filter((x) => Math.min(x.inter, x.intra) < 0.75).map((x) => x.name);
    const fraction = measuredUnreliable.length / all.length;
    expect(fraction).toBeGreaterThan(0.2);
    expect(fraction).toBeLessThan(0.5);
    const truth = new Set(demo.truth.unreliableFeatures);
    const agree = all.filter((x) => Math.min(x.inter, x.intra) < 0.75 === truth.has(x.name)).length;
    expect(agree / all.length).toBeGreaterThan(0.95);
    expect(median(all.map((x) => x.intra - x.inter))).toBeGreaterThan(0);
    const informative = new Set(HER2_STATUSES.flatMap((c) => demo.truth.informativeFeatures[c]));
    const unreliableInformative = measuredUnreliable.filter((n) => informative.has(n));
    expect(unreliableInformative.length).toBeGreaterThanOrEqual(1);
    expect(unreliableInformative.length).toBeLessThanOrEqual(3);
  });
});

describe('demo cohort scanner shift at institution2', () => {
  it('shifts feature means between sites far more than between the two institution1 sets', () => {
    const special = new Set([
      ...HER2_STATUSES.flatMap((c) => demo.truth.informativeFeatures[c]),
      ...demo.truth.nonlinearFeatures,
      ...Object.keys(demo.truth.nearDuplicates),
    ]);
    const training = internal.filter((i) => demo.patients[i].set === 'training');
    const validation = internal.filter((i) => demo.patients[i].set === 'validation');
    const effect = (values: Float64Array, a: number[], b: number[]) => {
      const xa = pick(values, a);
      const xb = pick(values, b);
      return Math.abs(mean(xa) - mean(xb)) / Math.sqrt((sampleVariance(xa) + sampleVariance(xb)) / 2);
    };
    const nuisance = demo.featureNames.flatMap((n, j) => (special.has(n) ? [] : [j]));
    const siteShift = median(nuisance.map((j) => effect(demo.features[j], internal, external)));
    const splitShift = median(nuisance.map((j) => effect(demo.features[j], training, validation)));
    expect(siteShift).toBeGreaterThan(0.2);
    expect(siteShift).toBeGreaterThan(2 * splitShift);
  });
});
