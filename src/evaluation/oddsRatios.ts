/**
 * Odds ratios of a fitted logistic regression with 95% Wald confidence intervals, the table clinicians
 * read (Shen et al. report the multivariate model this way). The covariance of the coefficients is the
 * inverse of the Hessian of the fitted objective at its optimum, Xᵀ W X plus the L2 penalty on the
 * slopes (W = diag p(1−p), intercept unpenalised): for an unpenalised fit this is the usual Wald
 * covariance (as R's glm and statsmodels' Logit report); for a penalised one it is the same
 * quadratic approximation of the penalised likelihood, whose intervals are narrower by the penalty's
 * shrinkage and say so in the report.
 * Coefficients act on z-scored inputs, so exp(β) is the odds ratio per training SD of the input; for a
 * 0/1 input (ER, PR, a one-hot level against its reference) the odds ratio per unit, exp(β / sd),
 * compares the two groups directly.
 */
import { inverse, Matrix } from 'ml-matrix';
import { logistic } from '../stats/logisticFit.js';
import { normalQuantile, normalTwoSidedPValue } from '../stats/normal.js';

export interface WaldCoefficient {
  estimate: number;
  standardError: number;
  /** Two-sided Wald test of β = 0. */
  pValue: number;
}

/**
 * Wald statistics of every coefficient of a logistic regression at `theta` = [intercept, slopes…]
 * on the given rows (the training rows it was fitted on), with L2 penalty `l2Penalty` on the slopes.
 */
export function logisticWald(
  rows: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  theta: ArrayLike<number>,
  l2Penalty = 0,
): WaldCoefficient[] {
  const p = theta.length;
  const hessian = Matrix.zeros(p, p);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    let eta = theta[0];
    for (let j = 1; j < p; j++) eta += theta[j] * row[j - 1];
    const mu = logistic(eta);
    const w = mu * (1 - mu);
    for (let a = 0; a < p; a++) {
      const xa = a === 0 ? 1 : row[a - 1];
      for (let b = a; b < p; b++) {
        const xb = b === 0 ? 1 : row[b - 1];
        hessian.set(a, b, hessian.get(a, b) + w * xa * xb);
      }
    }
  }
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < a; b++) hessian.set(a, b, hessian.get(b, a));
    if (a > 0) hessian.set(a, a, hessian.get(a, a) + l2Penalty);
  }
  const covariance = inverse(hessian);
  return Array.from({ length: p }, (_, j) => {
    const standardError = Math.sqrt(covariance.get(j, j));
    return { estimate: theta[j], standardError, pValue: normalTwoSidedPValue(theta[j] / standardError) };
  });
}

export interface OddsRatio {
  input: string;
  /** 'sd': per training SD of a continuous input; 'unit': a 0/1 input, level (or positive) vs reference. */
  per: 'sd' | 'unit';
  oddsRatio: number;
  ci95: [number, number];
  pValue: number;
}

/**
 * Odds ratios of the slopes: `inputs` names them, `std` is each input's training SD (the scaler's),
 * `binary` says which inputs are 0/1.
 */
export function oddsRatios(
  wald: readonly WaldCoefficient[],
  inputs: readonly string[],
  std: readonly number[],
  binary: (input: string) => boolean,
): OddsRatio[] {
  const z = normalQuantile(0.975);
  return inputs.map((input, j) => {
    const { estimate, standardError, pValue } = wald[j + 1];
    const scale = binary(input) ? 1 / std[j] : 1;
    return {
      input,
      per: binary(input) ? 'unit' : 'sd',
      oddsRatio: Math.exp(estimate * scale),
      ci95: [
        Math.exp((estimate - z * standardError) * scale),
        Math.exp((estimate + z * standardError) * scale),
      ],
      pValue,
    };
  });
}
