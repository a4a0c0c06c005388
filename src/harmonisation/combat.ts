/**
 * ComBat site harmonisation (Johnson, Li & Rabinovic 2007, Biostatistics 8:118), as R's
 * sva::ComBat and neuroCombat compute it, split into a fit on training rows and an apply to any
 * rows: the location/scale model
 *   y_ij = α + X_i β + γ_b + δ_b ε_ij   (feature j, patient i of batch b),
 * standardised by the pooled model, with the batch effects γ*, δ* shrunk by empirical Bayes
 * (parametric priors and the iterative posterior solution, or the nonparametric integral prior).
 * Fitting reads training rows only; the state holds everything applying needs, so held-out rows of
 * a known batch are adjusted with the training-fitted parameters and never influence them.
 */
import { harmoniseValue } from './harmoniseValue.js';

export interface CombatOptions {
  /** Empirical-Bayes shrinkage of the batch effects (default true); false: the per-batch estimates. */
  eb?: boolean;
  /** Parametric priors (default true); false: the nonparametric prior of sva's int.eprior. */
  parametric?: boolean;
  /** Adjust location only; scale δ* = 1 (default false). */
  meanOnly?: boolean;
  /** Covariates whose effect is preserved (one column per covariate, over all patients). Never the label. */
  covariates?: readonly Float64Array[];
  /** Feature names, for error messages. */
  featureNames?: readonly string[];
}

/** Everything needed to harmonise a row of a known batch; plain arrays, JSON serialisable. */
export interface CombatState {
  method: 'combat';
  eb: boolean;
  parametric: boolean;
  meanOnly: boolean;
  /** Batch names, in the order of gammaStar / deltaStar. */
  batches: string[];
  /** Training rows per batch. */
  batchSizes: number[];
  /** α_j: the training-size-weighted mean of the batch intercepts, per feature. */
  grandMean: number[];
  /** σ²_j: pooled residual variance of the training model (divided by n, as sva does), per feature. */
  varPooled: number[];
  /** β: coefficients[c][j] of covariate c on feature j (empty without covariates). */
  covariateCoefficients: number[][];
  /** γ*_bj: location effect of batch b on feature j, in standardised units. */
  gammaStar: number[][];
  /** δ*_bj: scale effect (a variance ratio) of batch b on feature j; 1 when meanOnly. */
  deltaStar: number[][];
}

const CONVERGENCE = 1e-4;
const MAX_ITERATIONS = 10_000;

/** Solves the symmetric positive-definite system A x = b (Gauss–Jordan with partial pivoting). */
function solve(a: number[][], b: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...b[i]]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    if (Math.abs(m[pivot][c]) < 1e-12) {
      throw new RangeError('fitCombat: the design (batches and covariates) is singular on the training rows');
    }
    [m[c], m[pivot]] = [m[pivot], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      if (f !== 0) for (let k = c; k < m[r].length; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row.slice(n).map((v) => v / m[i][i]));
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** Sample variance (n − 1), as R's var. */
export function variance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let ss = 0;
  for (let i = 0; i < xs.length; i++) ss += (xs[i] - m) ** 2;
  return ss / (xs.length - 1);
}

/** Posterior mean of γ given the normal prior N(γ̄, τ²) and n observations of variance δ. */
const postMean = (gHat: number, gBar: number, n: number, d: number, t2: number) =>
  (t2 * n * gHat + d * gBar) / (t2 * n + d);

/** Posterior mean of δ given the inverse-gamma prior (a, b) and the residual sum of squares. */
const postVar = (sum2: number, n: number, a: number, b: number) => (0.5 * sum2 + b) / (n / 2 + a - 1);

/** Method-of-moments inverse-gamma prior of the batch's δ̂ over features (sva's aprior, bprior). */
function inverseGammaPrior(deltaHat: readonly number[]): { a: number; b: number } {
  const m = mean(deltaHat);
  const s2 = variance(deltaHat);
  return { a: (2 * s2 + m * m) / s2, b: (m * s2 + m * m * m) / s2 };
}

/** sva's it.sol: alternate the posterior means of γ and δ until both change by less than 1e-4 (relative). */
function iterativeSolution(
  data: readonly Float64Array[],
  gHat: readonly number[],
  dHat: readonly number[],
  gBar: number,
  t2: number,
  a: number,
  b: number,
): { gamma: number[]; delta: number[] } {
  const n = data[0].length;
  let gOld = [...gHat];
  let dOld = [...dHat];
  for (let iteration = 0; ; iteration++) {
    const gNew = gHat.map((g, j) => postMean(g, gBar, n, dOld[j], t2));
    const dNew = data.map((column, j) => {
      let sum2 = 0;
      for (let i = 0; i < n; i++) sum2 += (column[i] - gNew[j]) ** 2;
      return postVar(sum2, n, a, b);
    });
    let change = 0;
    for (let j = 0; j < gNew.length; j++) {
      change = Math.max(change, Math.abs(gNew[j] - gOld[j]) / gOld[j], Math.abs(dNew[j] - dOld[j]) / dOld[j]);
    }
    gOld = gNew;
    dOld = dNew;
    // NaN (a γ exactly 0) stops as R's while (change > conv) would fail; it cannot in practice.
    if (!(change > CONVERGENCE)) break;
    if (iteration >= MAX_ITERATIONS) {
      throw new RangeError(
        `fitCombat: the empirical-Bayes iteration did not converge in ${MAX_ITERATIONS} steps`,
      );
    }
  }
  return { gamma: gOld, delta: dOld };
}

/**
 * sva's int.eprior: each feature's γ*, δ* is the average of the other features' (γ̂, δ̂) weighted by
 * the likelihood of this feature's standardised data under them.
 */
function nonparametricPrior(
  data: readonly Float64Array[],
  gHat: readonly number[],
  dHat: readonly number[],
): { gamma: number[]; delta: number[] } {
  const n = data[0].length;
  const gamma: number[] = [];
  const delta: number[] = [];
  for (let j = 0; j < data.length; j++) {
    const x = data[j];
    let sumW = 0;
    let sumWG = 0;
    let sumWD = 0;
    for (let k = 0; k < data.length; k++) {
      if (k === j) continue;
      let sum2 = 0;
      for (let i = 0; i < n; i++) sum2 += (x[i] - gHat[k]) ** 2;
      let lh = (1 / (2 * Math.PI * dHat[k])) ** (n / 2) * Math.exp(-sum2 / (2 * dHat[k]));
      if (Number.isNaN(lh)) lh = 0; // as sva: LH[LH == "NaN"] = 0
      sumW += lh;
      sumWG += gHat[k] * lh;
      sumWD += dHat[k] * lh;
    }
    gamma.push(sumWG / sumW);
    delta.push(sumWD / sumW);
  }
  return { gamma, delta };
}

/**
 * One batch's empirical-Bayes estimates γ*, δ* from its standardised data (data[j] over the batch's
 * rows) and its per-feature estimates γ̂, δ̂: the priors are taken across features, as sva does.
 */
export function shrinkBatchEffects(
  data: readonly Float64Array[],
  gammaHat: readonly number[],
  deltaHat: readonly number[],
  options: { parametric: boolean; meanOnly: boolean },
): { gamma: number[]; delta: number[] } {
  const gBar = mean(gammaHat);
  const t2 = variance(gammaHat);
  if (options.parametric && options.meanOnly) {
    // sva: postmean(gamma.hat, gamma.bar, 1, 1, t2) — one observation of unit variance.
    return { gamma: gammaHat.map((g) => postMean(g, gBar, 1, 1, t2)), delta: deltaHat.map(() => 1) };
  }
  if (options.parametric) {
    const { a, b } = inverseGammaPrior(deltaHat);
    return iterativeSolution(data, gammaHat, deltaHat, gBar, t2, a, b);
  }
  const solution = nonparametricPrior(data, gammaHat, deltaHat);
  return { gamma: solution.gamma, delta: options.meanOnly ? deltaHat.map(() => 1) : solution.delta };
}

function checkRows(where: string, rows: Int32Array, n: number, batches: readonly string[]): void {
  if (batches.length !== n) {
    throw new RangeError(`${where}: ${batches.length} batch labels for ${n} patients`);
  }
  for (const row of rows) {
    if (!Number.isInteger(row) || row < 0 || row >= n) {
      throw new RangeError(`${where}: row ${row} is not a row index in [0, ${n})`);
    }
  }
}

/**
 * Fits ComBat on the training rows of `columns` (features[j][patient]); batch of each patient in
 * `batches`. Every batch among the training rows needs at least two of them, every feature a
 * positive pooled variance, and (for the priors) at least two features.
 */
export function fitCombat(
  columns: readonly Float64Array[],
  batches: readonly string[],
  rows: Int32Array,
  options: CombatOptions = {},
): CombatState {
  const eb = options.eb ?? true;
  const parametric = options.parametric ?? true;
  const meanOnly = options.meanOnly ?? false;
  const covariates = options.covariates ?? [];
  const name = (j: number) => options.featureNames?.[j] ?? `#${j}`;
  const n = columns.length > 0 ? columns[0].length : batches.length;
  checkRows('fitCombat', rows, n, batches);
  const names = [...new Set(Array.from(rows, (i) => batches[i]))].sort();
  const batchOf = new Map(names.map((b, k) => [b, k]));
  const nb = names.length;
  const p = covariates.length;
  const nTrain = rows.length;
  const sizes = names.map(() => 0);
  for (const i of rows) sizes[batchOf.get(batches[i])!]++;
  if (nb < 2) {
    throw new RangeError(
      `fitCombat: the training rows come from ${nb === 1 ? `one batch ("${names[0]}")` : 'no batch'}; harmonisation needs at least 2`,
    );
  }
  const small = names.find((_, k) => sizes[k] < 2);
  if (small !== undefined) {
    throw new RangeError(`fitCombat: batch "${small}" has fewer than 2 training rows`);
  }
  // As sva: a feature constant within a batch's training rows is left out of the fit (and of the
  // priors) and left unadjusted, with identity parameters (mean 0, variance 1, γ* 0, δ* 1).
  const rowsOfBatch = names.map((b) => Array.from(rows).filter((i) => batches[i] === b));
  const constant = columns.map((column) =>
    rowsOfBatch.some((batchRows) => batchRows.every((i) => column[i] === column[batchRows[0]])),
  );
  if (constant.some(Boolean)) {
    const kept = columns.flatMap((_, j) => (constant[j] ? [] : [j]));
    if (kept.length === 0) throw new RangeError('fitCombat: every feature is constant within a batch');
    const fitted = fitCombat(
      kept.map((j) => columns[j]),
      batches,
      rows,
      { ...options, featureNames: kept.map(name) },
    );
    const expand = (values: readonly number[], identity: number) => {
      const out = columns.map(() => identity);
      kept.forEach((j, k) => (out[j] = values[k]));
      return out;
    };
    return {
      ...fitted,
      grandMean: expand(fitted.grandMean, 0),
      varPooled: expand(fitted.varPooled, 1),
      covariateCoefficients: fitted.covariateCoefficients.map((c) => expand(c, 0)),
      gammaStar: fitted.gammaStar.map((g) => expand(g, 0)),
      deltaStar: fitted.deltaStar.map((d) => expand(d, 1)),
    };
  }
  if (eb && columns.length < 2) {
    throw new RangeError('fitCombat: empirical Bayes needs at least 2 features to estimate its priors');
  }
  covariates.forEach((c, k) => {
    if (c.length !== n)
      throw new RangeError(`fitCombat: covariate ${k} has ${c.length} values for ${n} patients`);
    for (const i of rows) {
      if (!Number.isFinite(c[i])) throw new RangeError(`fitCombat: covariate ${k} is not finite at row ${i}`);
    }
  });

  // Design: batch indicators (they span the intercept), then the covariates.
  const design = Array.from(rows, (i) => {
    const x = new Array<number>(nb + p).fill(0);
    x[batchOf.get(batches[i])!] = 1;
    for (let c = 0; c < p; c++) x[nb + c] = covariates[c][i];
    return x;
  });
  const xtx = Array.from({ length: nb + p }, (_, a) =>
    Array.from({ length: nb + p }, (_, b) => design.reduce((s, x) => s + x[a] * x[b], 0)),
  );
  const xty = Array.from({ length: nb + p }, (_, a) =>
    columns.map((column, j) => {
      let s = 0;
      rows.forEach((i, r) => (s += design[r][a] * column[i]));
      if (!Number.isFinite(s))
        throw new RangeError(`fitCombat: feature ${name(j)} has a non-finite training value`);
      return s;
    }),
  );
  const bHat = solve(xtx, xty); // (nb + p) × features

  const grandMean = columns.map((_, j) =>
    names.reduce((s, _b, k) => s + (sizes[k] / nTrain) * bHat[k][j], 0),
  );
  const covariateCoefficients = Array.from({ length: p }, (_, c) => [...bHat[nb + c]]);
  const varPooled = columns.map((column, j) => {
    let ss = 0;
    rows.forEach((i, r) => {
      let fit = 0;
      for (let a = 0; a < nb + p; a++) fit += design[r][a] * bHat[a][j];
      ss += (column[i] - fit) ** 2;
    });
    const v = ss / nTrain;
    if (!(v > 0))
      throw new RangeError(`fitCombat: feature ${name(j)} has no residual variance on the training rows`);
    return v;
  });

  // Standardised training data per batch: standardised[b][j] over that batch's training rows.
  const standMean = (j: number, i: number) => {
    let m = grandMean[j];
    for (let c = 0; c < p; c++) m += covariateCoefficients[c][j] * covariates[c][i];
    return m;
  };
  const standardised = rowsOfBatch.map((batchRows) =>
    columns.map((column, j) => {
      const sd = Math.sqrt(varPooled[j]);
      return Float64Array.from(batchRows, (i) => (column[i] - standMean(j, i)) / sd);
    }),
  );

  const gammaHat = standardised.map((data) => data.map(mean));
  const deltaHat = standardised.map((data) => data.map((x) => (meanOnly ? 1 : variance(x))));
  deltaHat.forEach((d, k) => {
    const j = d.findIndex((v) => !(v > 0));
    if (j >= 0) {
      throw new RangeError(
        `fitCombat: feature ${name(j)} is constant on the training rows of batch "${names[k]}"`,
      );
    }
  });

  const shrunk = standardised.map((data, k) =>
    eb
      ? shrinkBatchEffects(data, gammaHat[k], deltaHat[k], { parametric, meanOnly })
      : { gamma: gammaHat[k], delta: deltaHat[k] },
  );
  const gammaStar = shrunk.map((s) => s.gamma);
  const deltaStar = shrunk.map((s) => s.delta);
  return {
    method: 'combat',
    eb,
    parametric,
    meanOnly,
    batches: names,
    batchSizes: sizes,
    grandMean,
    varPooled,
    covariateCoefficients,
    gammaStar: gammaStar.map((g) => [...g]),
    deltaStar: deltaStar.map((d) => [...d]),
  };
}

/** The state's index of a batch; RangeError naming it when the state does not know it. */
export function combatBatchIndex(state: CombatState, batch: string): number {
  const k = state.batches.indexOf(batch);
  if (k < 0) {
    throw new RangeError(
      `ComBat: batch "${batch}" was not among the training batches (${state.batches.join(', ')})`,
    );
  }
  return k;
}

/**
 * Harmonised copies of `columns`: the given rows adjusted with the fitted state, every other value
 * as it is. Covariates (when the state has them) are needed for the given rows.
 */
export function applyCombat(
  state: CombatState,
  columns: readonly Float64Array[],
  batches: readonly string[],
  rows: Int32Array,
  covariates: readonly Float64Array[] = [],
): Float64Array[] {
  const n = columns.length > 0 ? columns[0].length : batches.length;
  checkRows('applyCombat', rows, n, batches);
  if (columns.length !== state.grandMean.length) {
    throw new RangeError(
      `applyCombat: ${columns.length} feature columns but the state was fitted on ${state.grandMean.length}`,
    );
  }
  if (covariates.length !== state.covariateCoefficients.length) {
    throw new RangeError(
      `applyCombat: ${covariates.length} covariates but the state was fitted with ${state.covariateCoefficients.length}`,
    );
  }
  const batchIndex = Array.from(rows, (i) => combatBatchIndex(state, batches[i]));
  return columns.map((column, j) => {
    const out = Float64Array.from(column);
    rows.forEach((i, r) => {
      let covariateTerm = 0;
      for (let c = 0; c < covariates.length; c++)
        covariateTerm += state.covariateCoefficients[c][j] * covariates[c][i];
      out[i] = harmoniseValue(state, j, batchIndex[r], column[i], covariateTerm);
    });
    return out;
  });
}

/** A fitted state over named features: what a model artifact stores (`input.harmonization`). */
export interface FeatureHarmonisation extends CombatState {
  /** Feature names, in the order of the per-feature arrays. */
  features: string[];
}

/** The state restricted to some of its features (by index), named; applying it is unchanged for those. */
export function namedCombatFeatures(
  state: CombatState,
  indices: readonly number[],
  names: readonly string[],
): FeatureHarmonisation {
  const pick = (xs: readonly number[]) => indices.map((j) => xs[j]);
  return {
    ...state,
    features: indices.map((j) => names[j]),
    grandMean: pick(state.grandMean),
    varPooled: pick(state.varPooled),
    covariateCoefficients: state.covariateCoefficients.map(pick),
    gammaStar: state.gammaStar.map(pick),
    deltaStar: state.deltaStar.map(pick),
  };
}
