/**
 * Intraclass correlation coefficients for feature reliability (inter-/intra-observer), computed
 * for every radiomic feature at once.
 *
 * Input layout: readings[r][j][i] = feature j of patient (target) i in measurement r
 * (r = reader or repeat segmentation; k = readings.length >= 2, n patients >= 2). Each reading is
 * column-major like Cohort.features, with the same patients and features in the same order.
 *
 * Two-way ANOVA on the n x k table of one feature (Shrout & Fleiss 1979; McGraw & Wong 1996):
 *   MSR = k Σ_i (rowMean_i − grand)² / (n − 1)                (between patients)
 *   MSC = n Σ_r (colMean_r − grand)² / (k − 1)                (between readings)
 *   MSE = Σ_ir (x_ir − rowMean_i − colMean_r + grand)² / ((n − 1)(k − 1))
 *   ICC(2,1) two-way random, absolute agreement, single measure (pingouin "ICC2"):
 *     (MSR − MSE) / (MSR + (k − 1) MSE + k (MSC − MSE) / n)
 *   ICC(3,1) two-way mixed, consistency, single measure (pingouin "ICC3"):
 *     (MSR − MSE) / (MSR + (k − 1) MSE)
 * The residual sum is accumulated directly (not SST − SSR − SSC) so it can't go negative.
 *
 * Definition choices:
 * - A feature whose readings are all identical (constant across patients and readings) has
 *   MSR = MSE = 0 and an undefined ICC: it is NaN, and reliableFeatureMask treats NaN as not
 *   reliable (a constant feature carries no information anyway). Constancy is detected exactly
 *   (min === max) rather than through a variance that rounding could make 1e-33 instead of 0.
 * - Any other zero denominator (e.g. ICC(3,1) when patients are identical and readers differ only
 *   by an offset) also yields NaN; the formulas are otherwise applied as is, so ICC can be
 *   negative (even below −1 for ICC(2,1) with n = 2) when readers disagree more than patients
 *   differ — no clipping, any value <= threshold is simply unreliable.
 * - A NaN reading makes that feature's ICC NaN (missing values must be imputed or dropped first).
 */

export interface IccByFeature {
  /** ICC(2,1): two-way random effects, absolute agreement, single measure. */
  icc2: Float64Array;
  /** ICC(3,1): two-way mixed effects, consistency, single measure. */
  icc3: Float64Array;
}

function validateReadings(readings: readonly (readonly Float64Array[])[]): {
  k: number;
  n: number;
  p: number;
} {
  const k = readings.length;
  if (k < 2) throw new RangeError(`ICC needs at least 2 readings per patient, got ${k}`);
  const p = readings[0].length;
  const n = p > 0 ? readings[0][0].length : 0;
  for (let r = 0; r < k; r++) {
    if (readings[r].length !== p) {
      throw new RangeError(`ICC reading ${r} has ${readings[r].length} features, reading 0 has ${p}`);
    }
    for (let j = 0; j < p; j++) {
      if (readings[r][j].length !== n) {
        throw new RangeError(
          `ICC reading ${r} feature ${j} has ${readings[r][j].length} patients, expected ${n}`,
        );
      }
    }
  }
  if (p > 0 && n < 2) throw new RangeError(`ICC needs at least 2 patients, got ${n}`);
  return { k, n, p };
}

/** ICC(2,1) and ICC(3,1) for every feature, from k >= 2 column-major readings of the same patients. */
export function iccTwoWay(readings: readonly (readonly Float64Array[])[]): IccByFeature {
  const { k, n, p } = validateReadings(readings);
  const icc2 = new Float64Array(p);
  const icc3 = new Float64Array(p);
  const rowMeans = new Float64Array(n);
  const colMeans = new Float64Array(k);

  for (let j = 0; j < p; j++) {
    let min = Infinity;
    let max = -Infinity;
    let hasNaN = false;
    rowMeans.fill(0);
    let total = 0;
    for (let r = 0; r < k; r++) {
      const column = readings[r][j];
      let colSum = 0;
      for (let i = 0; i < n; i++) {
        const x = column[i];
        if (Number.isNaN(x)) hasNaN = true;
        if (x < min) min = x;
        if (x > max) max = x;
        rowMeans[i] += x;
        colSum += x;
      }
      colMeans[r] = colSum / n;
      total += colSum;
    }
    if (hasNaN || min === max) {
      icc2[j] = NaN;
      icc3[j] = NaN;
      continue;
    }
    const grand = total / (n * k);
    let ssRows = 0;
    for (let i = 0; i < n; i++) {
      rowMeans[i] /= k;
      const d = rowMeans[i] - grand;
      ssRows += d * d;
    }
    ssRows *= k;
    let ssCols = 0;
    for (let r = 0; r < k; r++) {
      const d = colMeans[r] - grand;
      ssCols += d * d;
    }
    ssCols *= n;
    let ssError = 0;
    for (let r = 0; r < k; r++) {
      const column = readings[r][j];
      const colOffset = colMeans[r] - grand;
      for (let i = 0; i < n; i++) {
        const e = column[i] - rowMeans[i] - colOffset;
        ssError += e * e;
      }
    }
    const msRows = ssRows / (n - 1);
    const msCols = ssCols / (k - 1);
    const msError = ssError / ((n - 1) * (k - 1));
    const numerator = msRows - msError;
    const consistencyDenominator = msRows + (k - 1) * msError;
    const agreementDenominator = consistencyDenominator + (k * (msCols - msError)) / n;
    icc2[j] = agreementDenominator === 0 ? NaN : numerator / agreementDenominator;
    icc3[j] = consistencyDenominator === 0 ? NaN : numerator / consistencyDenominator;
  }
  return { icc2, icc3 };
}

/** ICC(2,1) per feature: two-way random effects, absolute agreement, single measure. */
export function iccTwoWayRandom(readings: readonly (readonly Float64Array[])[]): Float64Array {
  return iccTwoWay(readings).icc2;
}

/** ICC(3,1) per feature: two-way mixed effects, consistency, single measure. */
export function iccTwoWayMixed(readings: readonly (readonly Float64Array[])[]): Float64Array {
  return iccTwoWay(readings).icc3;
}

/**
 * 1 where a feature is reliable in both the inter- and the intra-observer study (both ICCs
 * strictly above the threshold, 0.75 as in Hou et al. 2025), else 0. NaN ICCs are not reliable.
 */
export function reliableFeatureMask(
  iccInter: ArrayLike<number>,
  iccIntra: ArrayLike<number>,
  threshold = 0.75,
): Uint8Array {
  if (iccInter.length !== iccIntra.length) {
    throw new RangeError(`reliableFeatureMask: ${iccInter.length} inter vs ${iccIntra.length} intra ICCs`);
  }
  const mask = new Uint8Array(iccInter.length);
  // NaN > threshold is false, so undefined ICCs are dropped without a special case.
  for (let j = 0; j < mask.length; j++) mask[j] = iccInter[j] > threshold && iccIntra[j] > threshold ? 1 : 0;
  return mask;
}
