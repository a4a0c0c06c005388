/**
 * The exact class posterior of the MRI demo's generating model, P(class | row as reader 1 reports it).
 *
 * Given class c the generator draws independently: the lesion type and ER (both with exact counts
 * per class, taken here as draws at the rates those counts give, as the PET/CT demo does); each
 * BI-RADS descriptor that applies to that type; the 21 DKI latents as reader 1 measures them,
 * z ~ N(Lambda m_{c,type}, Lambda Lambda^T + own + reader-1 noise), shared covariance; PR given ER; log Ki-67 ~ N(log gm_c, sd^2). Age, lesion size and the class-independent
 * descriptors cancel. The DKI metrics are an invertible class-free map of z (dkiHistogram.ts) and
 * Ki-67 is printed as round(clamp(e^latent, 1, 95)); the posterior conditions on the unrounded values.
 */
import type { Her2Status } from '../../cohort/cohort.js';
import { choleskyLower, mahalanobisSquared, type ClassProbabilities } from '../bayesPosterior.js';
import { DKI_COORDINATES, FACTORS } from './dkiHistogram.js';
import { appliesTo, DESCRIPTOR_COLUMNS, descriptorMarginals, type LesionType } from './mriDescriptors.js';
import { MRI_STATUSES, SHEN2024_MARGINALS, type PerClass } from './shen2024Marginals.js';

export interface MriPosteriorInput {
  lesionType: LesionType;
  /** Reader 1's level per descriptor column (`none` where it does not apply). */
  descriptors: Readonly<Record<string, string>>;
  /** Reader 1's 21 standardised DKI latents (DKI_COORDINATES order). */
  dki: Float64Array;
  er: boolean;
  pr: boolean;
  /** log of the unclamped, unrounded Ki-67 percent. */
  logKi67: number;
}

export interface MriPosteriorModel {
  logPrior: PerClass<number>;
  nmeRate: PerClass<number>;
  erRate: PerClass<number>;
  /** Class-conditional DKI mean (standardised units) per lesion type. */
  dkiMeans: Record<LesionType, PerClass<Float64Array>>;
  dkiCholesky: Float64Array;
}

/** Lambda m for one class and lesion type: the latent means the factor means imply. */
export function dkiMean(c: Her2Status, type: LesionType): Float64Array {
  const means = SHEN2024_MARGINALS.dkiFactorMeans[type];
  const factorMean = FACTORS.map((f) =>
    f === 'cellularity' ? means.cellularity[c] : f === 'heterogeneity' ? means.heterogeneity[c] : 0,
  );
  return Float64Array.from(DKI_COORDINATES, (x) => x.loadings.reduce((s, w, k) => s + w * factorMean[k], 0));
}

/** Covariance of reader 1's standardised DKI latents within a class and lesion type. */
export function dkiCovariance(): Float64Array {
  const d = DKI_COORDINATES.length;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const a = DKI_COORDINATES[i].loadings;
      const b = DKI_COORDINATES[j].loadings;
      cov[i * d + j] = a.reduce((s, w, k) => s + w * b[k], 0);
    }
    const x = DKI_COORDINATES[i];
    cov[i * d + i] += x.ownSd ** 2 + x.readerSd ** 2 + x.passSd ** 2;
  }
  return cov;
}

const perClass = <T>(f: (c: Her2Status) => T): PerClass<T> => ({
  zero: f('zero'),
  low: f('low'),
  over: f('over'),
});

/** The model for a cohort with these class and NME counts (the generator reproduces them exactly). */
export function buildMriPosteriorModel(
  classCounts: PerClass<number>,
  nmeCounts: PerClass<number>,
  erCounts: PerClass<number>,
): MriPosteriorModel {
  const n = classCounts.zero + classCounts.low + classCounts.over;
  return {
    logPrior: perClass((c) => Math.log(classCounts[c] / n)),
    nmeRate: perClass((c) => nmeCounts[c] / classCounts[c]),
    erRate: perClass((c) => erCounts[c] / classCounts[c]),
    dkiMeans: {
      mass: perClass((c) => dkiMean(c, 'mass')),
      nme: perClass((c) => dkiMean(c, 'nme')),
    },
    dkiCholesky: choleskyLower(dkiCovariance(), DKI_COORDINATES.length),
  };
}

function descriptorLogLikelihood(input: MriPosteriorInput, c: Her2Status): number {
  let total = 0;
  for (const column of DESCRIPTOR_COLUMNS) {
    if (!appliesTo(column, input.lesionType)) continue;
    const m = descriptorMarginals(column);
    const level = m.levels.indexOf(input.descriptors[column]);
    if (level < 0) throw new Error(`${column}: "${input.descriptors[column]}" is not a level`);
    total += Math.log(m.probabilities[c][level]);
  }
  return total;
}

/** P(class | reader 1's row); `withKi67: false` leaves Ki-67 out (what a model given ER, PR and imaging can reach). */
export function mriPosterior(
  model: MriPosteriorModel,
  input: MriPosteriorInput,
  options: { withKi67: boolean },
): ClassProbabilities {
  const m = SHEN2024_MARGINALS;
  const d = DKI_COORDINATES.length;
  const logs = MRI_STATUSES.map((c) => {
    const nme = model.nmeRate[c];
    const er = model.erRate[c];
    const pr = (input.er ? m.prPositiveRateGivenEr.positive : m.prPositiveRateGivenEr.negative)[c];
    const ki67 = (input.logKi67 - Math.log(m.ki67.geometricMean[c])) / m.ki67.logSd;
    return (
      model.logPrior[c] +
      Math.log(input.lesionType === 'nme' ? nme : 1 - nme) +
      descriptorLogLikelihood(input, c) -
      0.5 * mahalanobisSquared(model.dkiCholesky, d, input.dki, model.dkiMeans[input.lesionType][c]) +
      Math.log(input.er ? er : 1 - er) +
      Math.log(input.pr ? pr : 1 - pr) +
      (options.withKi67 ? -0.5 * ki67 * ki67 : 0)
    );
  });
  const top = Math.max(...logs);
  const w = logs.map((l) => Math.exp(l - top));
  const total = w[0] + w[1] + w[2];
  const p = perClass((c) => w[MRI_STATUSES.indexOf(c)] / total);
  return { over: p.over, low: p.low, zero: p.zero };
}
