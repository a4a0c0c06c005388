/**
 * Calibration intercept and slope of a frozen model's probabilities on new patients, with Wald
 * standard errors and 95% CIs, and the test of calibration-in-the-large.
 *
 * Models (Van Calster et al., J Clin Epidemiol 2016; Steyerberg, Clinical Prediction Models):
 * - intercept a′ ("calibration-in-the-large"): logit P(y = 1) = a′ + offset(logit p), slope fixed
 *   at 1. Fisher information I(a′) = Σ p̃ᵢ(1 − p̃ᵢ) with p̃ᵢ = σ(a′ + logit pᵢ); SE = 1/√I.
 * - slope b: logit P(y = 1) = a + b·logit p; SE(b) from the inverse of the 2×2 information matrix
 *   Σ wᵢ [1, xᵢ]ᵀ[1, xᵢ], wᵢ = p̃ᵢ(1 − p̃ᵢ), xᵢ = logit pᵢ.
 * - Both fits by the project's Newton solver (stats/logisticFit.ts); logits from clippedLogit.
 *
 * The calibration-in-the-large test is the Wald test of H₀: a′ = 0, z = a′/SE, two-sided p. Chosen
 * over Hosmer–Lemeshow, whose verdict depends on an arbitrary grouping and which tests overall fit
 * rather than the mean risk, and over Spiegelhalter's z, which mixes calibration with the spread of
 * the predictions; the Wald test is the test OF the intercept reported beside it, so the CI and the
 * p-value always agree (the CI excludes 0 exactly when p < 0.05).
 *
 * A fit without a finite optimum (one class only, separation, constant probabilities) gives NaN
 * estimates, SEs, CIs and test, as calibrationInterceptSlope does.
 */
import type { BinaryLabels } from '../stats/binaryInput.js';
import { calibrationInterceptSlope, clippedLogit } from '../stats/calibrationMetrics.js';
import { fitLogisticRegression, logistic } from '../stats/logisticFit.js';
import { normalQuantile, normalTwoSidedPValue } from '../stats/normal.js';

export interface EstimateWithCi {
  estimate: number;
  se: number;
  ci95: [number, number];
}

export interface CalibrationInference {
  intercept: EstimateWithCi;
  slope: EstimateWithCi;
  /** Wald test of H₀: calibration intercept = 0. */
  inTheLargeTest: { method: 'wald-intercept'; z: number; pValue: number };
}

const Z95 = normalQuantile(0.975);

function withCi(estimate: number, se: number): EstimateWithCi {
  if (!Number.isFinite(estimate) || !Number.isFinite(se)) return { estimate, se: NaN, ci95: [NaN, NaN] };
  return { estimate, se, ci95: [estimate - Z95 * se, estimate + Z95 * se] };
}

/** Σ w, Σ w·x, Σ w·x² with w = σ(a + b·x)(1 − σ(a + b·x)). */
function information(logits: Float64Array, a: number, b: number): [number, number, number] {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  for (const x of logits) {
    const p = logistic(a + b * x);
    const w = p * (1 - p);
    s0 += w;
    s1 += w * x;
    s2 += w * x * x;
  }
  return [s0, s1, s2];
}

export function calibrationInference(
  probabilities: ArrayLike<number>,
  outcomes: BinaryLabels,
): CalibrationInference {
  // Validates input and gives the two estimates (NaN when a fit has no finite optimum).
  const estimates = calibrationInterceptSlope(probabilities, outcomes);
  const logits = Float64Array.from({ length: probabilities.length }, (_, i) =>
    clippedLogit(probabilities[i]),
  );

  const interceptSe = Number.isFinite(estimates.intercept)
    ? 1 / Math.sqrt(information(logits, estimates.intercept, 1)[0])
    : NaN;

  let slopeSe = NaN;
  if (Number.isFinite(estimates.slope)) {
    // The slope model's own intercept a is needed for its information matrix.
    const a = fitLogisticRegression([logits], outcomes).coefficients[0];
    const [s0, s1, s2] = information(logits, a, estimates.slope);
    slopeSe = Math.sqrt(s0 / (s0 * s2 - s1 * s1));
  }

  const intercept = withCi(estimates.intercept, interceptSe);
  const z = Number.isFinite(intercept.se) ? intercept.estimate / intercept.se : NaN;
  return {
    intercept,
    slope: withCi(estimates.slope, slopeSe),
    inTheLargeTest: { method: 'wald-intercept', z, pValue: normalTwoSidedPValue(z) },
  };
}
