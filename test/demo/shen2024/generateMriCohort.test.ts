import { beforeAll, describe, expect, it } from 'vitest';
import type { Her2Status } from '../../../src/cohort/cohort.js';
import { her2StatusFromIhc } from '../../../src/cohort/her2Label.js';
import {
  DKI_COLUMNS,
  histogramLatents,
  histogramMetrics,
  HISTOGRAM_METRICS,
} from '../../../src/demo/shen2024/dkiHistogram.js';
import {
  generateMriCohort,
  MRI_DEMO_SEED,
  type MriCohort,
} from '../../../src/demo/shen2024/generateMriCohort.js';
import {
  categoricalLevels,
  DESCRIPTOR_COLUMNS,
  UNRELIABLE_DESCRIPTORS,
} from '../../../src/demo/shen2024/mriDescriptors.js';
import { SHEN2024_MARGINALS } from '../../../src/demo/shen2024/shen2024Marginals.js';
import { cohenKappa, icc21, mean, median, rankAuc } from '../../helpers/naiveStats.js';

const STATUSES: Her2Status[] = ['zero', 'low', 'over'];
const M = SHEN2024_MARGINALS;
/** Large enough that sampling noise (~0.01 on a rate) is well inside the tolerances below. */
const LARGE = { zero: 5172, low: 7845, over: 6983 };

let demo: MriCohort;
let large: MriCohort;

beforeAll(() => {
  demo = generateMriCohort();
  large = generateMriCohort(7, { classCounts: LARGE });
});

const rowsOf = (d: MriCohort, keep: (i: number) => boolean) =>
  d.patients.flatMap((_, i) => (keep(i) ? [i] : []));
const isClass = (d: MriCohort, c: Her2Status) => (i: number) => d.patients[i].her2Status === c;
const typeOf = (d: MriCohort, i: number) => d.readings.reader1[i].categorical.mri_lesion_type;
const continuous = (
  d: MriCohort,
  column: string,
  reading: 'reader1' | 'reader2' | 'reader1Again' = 'reader1',
) => {
  const j = d.continuousColumns.indexOf(column);
  return d.readings[reading].map((r) => r.continuous[j]);
};

describe('MRI demo composition (Shen et al. 3.1-3.2)', () => {
  it('has 232 patients at one site: 60 zero, 91 low, 81 over; NME-related 15 / 30 / 42', () => {
    expect(demo.patients).toHaveLength(232);
    expect(new Set(demo.patients.map((p) => p.site)).size).toBe(1);
    expect(demo.patients[0].patientId).toBe('mri-0001');
    expect(new Set(demo.patients.map((p) => p.patientId)).size).toBe(232);
    for (const c of STATUSES) {
      const rows = rowsOf(demo, isClass(demo, c));
      expect(rows.length, c).toBe(M.classCounts[c]);
      expect(rows.filter((i) => typeOf(demo, i) === 'nme').length, c).toBe(M.nmeCounts[c]);
    }
  });

  it('every subgroup of the config has >= 10 training and >= 4 validation patients per class at 7:3', () => {
    for (const type of ['mass', 'nme']) {
      for (const c of ['zero', 'low'] as const) {
        const n = rowsOf(demo, (i) => isClass(demo, c)(i) && typeOf(demo, i) === type).length;
        expect(Math.floor(0.7 * n), `${type} ${c}`).toBeGreaterThanOrEqual(10);
        expect(n - Math.ceil(0.7 * n), `${type} ${c}`).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it('IHC / FISH derive the class by ASCO/CAP 2018, with IHC 2+ cases in both HER2-low and HER2-over', () => {
    for (const p of demo.patients) {
      expect(her2StatusFromIhc(p.ihc, p.fish === '' ? null : p.fish)).toEqual({ status: p.her2Status });
    }
    for (const c of ['low', 'over'] as const) {
      const twoPlus = demo.patients.filter((p) => p.her2Status === c && p.ihc === '2+').length;
      expect(twoPlus, c).toBeGreaterThan(10);
    }
  });

  it('categorical columns hold only their declared levels, `none` exactly where a descriptor does not apply', () => {
    const levels = categoricalLevels();
    expect(Object.keys(levels)).toEqual(demo.categoricalColumns);
    for (const reading of [demo.readings.reader1, demo.readings.reader2, demo.readings.reader1Again]) {
      for (const r of reading) {
        for (const column of demo.categoricalColumns) expect(levels[column]).toContain(r.categorical[column]);
        const mass = r.categorical.mri_lesion_type === 'mass';
        expect(r.categorical.mri_mass_shape === 'none').toBe(!mass);
        expect(r.categorical.mri_nme_distribution === 'none').toBe(mass);
      }
    }
  });
});

describe('MRI demo determinism', () => {
  it('gives identical cohorts for one seed and different ones for another', () => {
    expect(generateMriCohort(MRI_DEMO_SEED)).toEqual(demo);
    const other = generateMriCohort(MRI_DEMO_SEED + 1);
    expect(other.readings.reader1.map((r) => r.continuous)).not.toEqual(
      demo.readings.reader1.map((r) => r.continuous),
    );
    expect(other.patients.map((p) => p.her2Status)).not.toEqual(demo.patients.map((p) => p.her2Status));
  });

  it('rejects a class count that is not a positive integer', () => {
    expect(() => generateMriCohort(1, { classCounts: { zero: 0, low: 5, over: 5 } })).toThrow(
      /classCounts.zero/,
    );
  });
});

describe('MRI demo marginals at n = 20,000 (the generator, not sampling noise)', () => {
  const rate = (rows: number[], f: (i: number) => boolean) => rows.filter(f).length / rows.length;

  it('reproduces the class shares and ER / PR / Ki-67 / age / multifocality of the spec within 0.02', () => {
    const n = large.patients.length;
    for (const c of STATUSES) {
      const rows = rowsOf(large, isClass(large, c));
      expect(rows.length / n).toBeCloseTo(M.classCounts[c] / 232, 3);
      const er = rate(rows, (i) => large.patients[i].er);
      expect(Math.abs(er - M.erPositiveRate[c]), `${c} ER`).toBeLessThan(0.02);
      const erPos = rows.filter((i) => large.patients[i].er);
      const pr = rate(erPos, (i) => large.patients[i].pr);
      expect(Math.abs(pr - M.prPositiveRateGivenEr.positive[c]), `${c} PR | ER+`).toBeLessThan(0.02);
      const logKi67 = mean(rows.map((i) => Math.log(large.patients[i].ki67)));
      expect(Math.abs(logKi67 - Math.log(M.ki67.geometricMean[c])), `${c} Ki-67`).toBeLessThan(0.03);
      expect(Math.abs(mean(rows.map((i) => large.patients[i].age)) - M.age.mean), `${c} age`).toBeLessThan(
        0.5,
      );
    }
    // 3.1: median Ki-67 40%; 87 of 232 multifocal or multicentric.
    expect(Math.abs(median(large.patients.map((p) => p.ki67)) - 40)).toBeLessThanOrEqual(2);
    const multifocal = rate(
      rowsOf(large, () => true),
      (i) => large.readings.reader1[i].categorical.mri_multifocal === 'yes',
    );
    expect(Math.abs(multifocal - 87 / 232)).toBeLessThan(0.02);
  });

  it('draws every descriptor level with its class probability within 4 binomial sd', () => {
    for (const column of DESCRIPTOR_COLUMNS) {
      const m = M.descriptors[column];
      for (const c of STATUSES) {
        const rows = rowsOf(
          large,
          (i) => isClass(large, c)(i) && (m.appliesTo === 'all' || typeOf(large, i) === m.appliesTo),
        );
        m.levels.forEach((level, k) => {
          const observed = rate(rows, (i) => large.readings.reader1[i].categorical[column] === level);
          const p = m.probabilities[c][k];
          expect(rows.length).toBeGreaterThan(1000);
          expect(Math.abs(observed - p), `${column} ${c} ${level}`).toBeLessThan(
            4 * Math.sqrt((p * (1 - p)) / rows.length),
          );
        });
      }
    }
  });

  it("follows the paper's directions: HER2-low highest ER/PR and T2 hyperintensity, most irregular masses, fewest high Ki-67; NME share rises with HER2 level", () => {
    const byClass = (f: (i: number) => boolean) =>
      Object.fromEntries(STATUSES.map((c) => [c, rate(rowsOf(large, isClass(large, c)), f)])) as Record<
        Her2Status,
        number
      >;
    const reader1 = large.readings.reader1;
    const highest = (r: Record<Her2Status, number>) => r.low > r.zero && r.low > r.over;
    expect(highest(byClass((i) => large.patients[i].er))).toBe(true);
    expect(highest(byClass((i) => large.patients[i].pr))).toBe(true);
    expect(highest(byClass((i) => reader1[i].categorical.mri_t2_hyperintensity === 'present'))).toBe(true);
    const ki67High = byClass((i) => large.patients[i].ki67 >= 40);
    expect(ki67High.low).toBeLessThan(Math.min(ki67High.zero, ki67High.over));
    const nme = byClass((i) => typeOf(large, i) === 'nme');
    expect(nme.zero).toBeLessThan(nme.low);
    expect(nme.low).toBeLessThan(nme.over);
    const massRate = (c: Her2Status, column: string, level: string) =>
      rate(
        rowsOf(large, (i) => isClass(large, c)(i) && typeOf(large, i) === 'mass'),
        (i) => reader1[i].categorical[column] === level,
      );
    const irregular = Object.fromEntries(
      STATUSES.map((c) => [c, massRate(c, 'mri_mass_shape', 'irregular')]),
    );
    expect(highest(irregular as Record<Her2Status, number>)).toBe(true);
    expect(massRate('low', 'mri_mass_margin', 'not_circumscribed')).toBeGreaterThan(
      massRate('zero', 'mri_mass_margin', 'not_circumscribed'),
    );
  });

  it('shifts DKI metrics HER2-low vs over as 3.3 reports in NME-related lesions (AUC 0.6-0.8), barely in masses', () => {
    const lowOrOver = (type: string) =>
      rowsOf(large, (i) => large.patients[i].her2Status !== 'zero' && typeOf(large, i) === type);
    // AUC of "low" scored by the metric: < 0.5 where HER2-low is lower.
    const auc = (column: string, rows: number[]) => {
      const v = continuous(large, column);
      return rankAuc(
        rows.map((i) => v[i]),
        rows.map((i) => large.patients[i].her2Status === 'low'),
      );
    };
    const nme = lowOrOver('nme');
    const mass = lowOrOver('mass');
    for (const column of ['adc_mean', 'adc_median', 'adc_p5', 'd_mean', 'd_median', 'd_p5']) {
      expect(1 - auc(`dwi_${column}`, nme), column).toBeGreaterThan(0.6);
      expect(1 - auc(`dwi_${column}`, nme), column).toBeLessThan(0.8);
      expect(Math.abs(auc(`dwi_${column}`, mass) - 0.5), column).toBeLessThan(0.1);
    }
    for (const column of ['k_mean', 'k_median', 'k_p95', 'k_entropy']) {
      expect(auc(`dwi_${column}`, nme), column).toBeGreaterThan(0.6);
      expect(auc(`dwi_${column}`, nme), column).toBeLessThan(0.8);
      expect(Math.abs(auc(`dwi_${column}`, mass) - 0.5), column).toBeLessThan(0.1);
    }
  });
});

describe('MRI demo DKI histograms', () => {
  it('are consistent in every reading: p5 < median < p95, mean near median, kurtosis >= 1 + skewness^2', () => {
    for (const d of [demo, large]) {
      for (const reading of ['reader1', 'reader2', 'reader1Again'] as const) {
        let bad = 0;
        for (const r of d.readings[reading]) {
          for (const map of ['adc', 'd', 'k']) {
            const offset = 1 + DKI_COLUMNS.indexOf(`dwi_${map}_mean`);
            const [mu, med, p5, p95, skew, kurt, entropy] = r.continuous.slice(offset, offset + 7);
            const ok =
              p5 > 0 &&
              p5 < med &&
              med < p95 &&
              p5 < mu &&
              mu < p95 &&
              Math.abs(mu - med) < 0.25 * (p95 - p5) &&
              kurt >= 1 + skew * skew &&
              entropy > 0;
            if (!ok) bad++;
          }
        }
        expect(bad, reading).toBe(0);
      }
    }
  });

  it('have plausible medians: ADC ~1.0 and D ~1.3 (x 10^-3 mm^2/s), K ~0.85', () => {
    expect(median(continuous(large, 'dwi_adc_median'))).toBeGreaterThan(0.9);
    expect(median(continuous(large, 'dwi_adc_median'))).toBeLessThan(1.2);
    expect(median(continuous(large, 'dwi_d_median'))).toBeGreaterThan(1.1);
    expect(median(continuous(large, 'dwi_d_median'))).toBeLessThan(1.5);
    expect(median(continuous(large, 'dwi_k_median'))).toBeGreaterThan(0.7);
    expect(median(continuous(large, 'dwi_k_median'))).toBeLessThan(1.0);
    const adc = continuous(large, 'dwi_adc_p5');
    expect(Math.min(...adc)).toBeGreaterThan(0.1);
    expect(Math.max(...continuous(large, 'dwi_adc_p95'))).toBeLessThan(4);
  });

  it('histogramLatents inverts histogramMetrics (what keeps the posterior exact given the printed metrics)', () => {
    const latent = [0.05, -0.7, -1.0, 0.02, 0.4, 0.9, 1.5];
    const back = histogramLatents(histogramMetrics(latent));
    latent.forEach((v, k) => expect(back[k]).toBeCloseTo(v, 10));
    expect(HISTOGRAM_METRICS).toHaveLength(7);
  });
});

describe('MRI demo reader agreement (3.4; two descriptors and two metrics unreliable by design)', () => {
  const unreliableMetrics = ['dwi_adc_kurtosis', 'dwi_k_skewness'];

  it('at n = 20,000: ICC(2,1) inter 0.76-0.95 except the two unreliable metrics (< 0.75); intra above inter', () => {
    for (const column of large.continuousColumns) {
      const first = continuous(large, column);
      const inter = icc21([first, continuous(large, column, 'reader2')]);
      const intra = icc21([first, continuous(large, column, 'reader1Again')]);
      if (unreliableMetrics.includes(column)) expect(inter, column).toBeLessThan(0.72);
      else {
        expect(inter, column).toBeGreaterThan(0.78);
        expect(inter, column).toBeLessThan(0.96);
      }
      expect(intra, column).toBeGreaterThan(inter);
    }
  });

  it("at n = 20,000: Cohen's kappa inter > 0.75 except BPE and mass margin (< 0.61); intra above inter", () => {
    for (const column of large.categoricalColumns) {
      const get = (reading: 'reader1' | 'reader2' | 'reader1Again') =>
        large.readings[reading].map((r) => r.categorical[column]);
      const inter = cohenKappa(get('reader1'), get('reader2'));
      const intra = cohenKappa(get('reader1'), get('reader1Again'));
      if (UNRELIABLE_DESCRIPTORS.includes(column)) expect(inter, column).toBeLessThan(0.61);
      else expect(inter, column).toBeGreaterThan(0.75);
      expect(intra, column).toBeGreaterThan(inter);
    }
  });

  it('in the 232-patient cohort the same columns fall below the thresholds (what the reliability filter sees)', () => {
    const lowKappa = demo.categoricalColumns.filter(
      (column) =>
        cohenKappa(
          demo.readings.reader1.map((r) => r.categorical[column]),
          demo.readings.reader2.map((r) => r.categorical[column]),
        ) < 0.61,
    );
    expect(lowKappa.sort()).toEqual([...UNRELIABLE_DESCRIPTORS].sort());
    const lowIcc = demo.continuousColumns.filter(
      (column) => icc21([continuous(demo, column), continuous(demo, column, 'reader2')]) < 0.75,
    );
    expect(lowIcc.sort()).toEqual(unreliableMetrics);
  });
});

describe('MRI demo ground truth', () => {
  const pairwise = (
    d: MriCohort,
    a: Her2Status,
    b: Her2Status,
    key: 'posterior' | 'posteriorWithoutKi67',
  ) => {
    const rows = rowsOf(d, (i) => [a, b].includes(d.patients[i].her2Status));
    const p = rows.map((i) => d.truth[key][i][a] / (d.truth[key][i][a] + d.truth[key][i][b]));
    return { rows, p, positive: rows.map((i) => d.patients[i].her2Status === a) };
  };

  it('is a distribution per patient', () => {
    for (const d of [demo, large]) {
      for (const p of [...d.truth.posterior, ...d.truth.posteriorWithoutKi67])
        expect(p.over + p.low + p.zero).toBeCloseTo(1, 12);
    }
  });

  it('is calibrated: in deciles of P(low | low or zero) and P(low | low or over) the HER2-low share matches the mean posterior within 0.04', () => {
    for (const [a, b] of [
      ['low', 'zero'],
      ['low', 'over'],
    ] as const) {
      for (const key of ['posterior', 'posteriorWithoutKi67'] as const) {
        const { p, positive } = pairwise(large, a, b, key);
        const order = p.map((_, k) => k).sort((x, y) => p[x] - p[y]);
        for (let decile = 0; decile < 10; decile++) {
          const bin = order.slice(
            Math.floor((decile * order.length) / 10),
            Math.floor(((decile + 1) * order.length) / 10),
          );
          const observed = bin.filter((k) => positive[k]).length / bin.length;
          expect(
            Math.abs(observed - mean(bin.map((k) => p[k]))),
            `${a}/${b} ${key} decile ${decile}`,
          ).toBeLessThan(0.04);
        }
      }
    }
  });

  it('gives Bayes-optimal pairwise AUCs of 0.75-0.92 and beats every single column', () => {
    for (const [a, b] of [
      ['low', 'zero'],
      ['low', 'over'],
    ] as const) {
      const { rows, p, positive } = pairwise(large, a, b, 'posteriorWithoutKi67');
      const bayes = rankAuc(p, positive);
      expect(bayes, `${a}/${b}`).toBeGreaterThan(0.75);
      expect(bayes, `${a}/${b}`).toBeLessThan(0.92);
      for (const column of large.continuousColumns) {
        const v = continuous(large, column);
        const single = rankAuc(
          rows.map((i) => v[i]),
          positive,
        );
        expect(Math.max(single, 1 - single), column).toBeLessThan(bayes);
      }
    }
  });
});
