/**
 * Platt scaling (Platt 1999), exactly as scikit-learn's _sigmoid_calibration:
 *   p(s) = 1 / (1 + exp(a·s + b)),
 * fitted by minimising the cross-entropy against Platt's prior-corrected targets
 *   t = (n₊ + 1) / (n₊ + 2) for positives,  t = 1 / (n₋ + 2) for negatives,
 * which keep the fit finite on separable scores and shrink extreme probabilities on small samples.
 * The objective is convex in (a, b); Newton's method with step halving reaches its optimum.
 */
import type { BinaryLabels } from '../classifiers/classifier.js';

export interface SigmoidCalibrator {
  method: 'sigmoid';
  a: number;
  b: number;
}

const GRADIENT_TOLERANCE = 1e-10;
const MAX_ITERATIONS = 200;
const MAX_STEP_HALVINGS = 40;
/** Relative size of objective changes that floating point can still tell apart, with margin. */
const OBJECTIVE_RESOLUTION = 1e-13;

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** p = 1 / (1 + e^z) without overflow. */
export function plattProbability(z: number): number {
  if (z >= 0) {
    const e = Math.exp(-z);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(z));
}

/** Platt's prior-corrected targets. */
export function plattTargets(labels: BinaryLabels): Float64Array {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  const negatives = labels.length - positives;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  return Float64Array.from(labels, (y) => (y === 1 ? high : low));
}

/** Cross-entropy of targets t against p = 1/(1+e^z): t·softplus(z) + (1−t)·softplus(−z). */
function objective(scores: ArrayLike<number>, targets: Float64Array, a: number, b: number): number {
  let sum = 0;
  for (let i = 0; i < targets.length; i++) {
    const z = a * scores[i] + b;
    sum += targets[i] * softplus(z) + (1 - targets[i]) * softplus(-z);
  }
  return sum;
}

export function fitSigmoidCalibrator(scores: ArrayLike<number>, labels: BinaryLabels): SigmoidCalibrator {
  const n = labels.length;
  if (scores.length !== n) throw new Error(`sigmoid calibration: ${scores.length} scores but ${n} labels`);
  if (n === 0) throw new Error('sigmoid calibration: no scores');
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(scores[i])) throw new Error(`sigmoid calibration: score ${i} is not finite`);
  const targets = plattTargets(labels);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i];
  // scikit-learn's starting point: a = 0 and b = the log prior odds of a negative.
  let a = 0;
  let b = Math.log((n - positives + 1) / (positives + 1));
  let value = objective(scores, targets, a, b);

  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    // dL/dz = t − p and d²L/dz² = p(1 − p), with z = a·s + b.
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    for (let i = 0; i < n; i++) {
      const s = scores[i];
      const p = plattProbability(a * s + b);
      const residual = targets[i] - p;
      const w = p * (1 - p);
      ga += residual * s;
      gb += residual;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    if (Math.hypot(ga, gb) < GRADIENT_TOLERANCE) break;
    const determinant = haa * hbb - hab * hab;
    let da: number;
    let db: number;
    if (determinant > 1e-12 * Math.max(haa * hbb, Number.MIN_VALUE)) {
      da = (hbb * ga - hab * gb) / determinant;
      db = (haa * gb - hab * ga) / determinant;
    } else {
      // Constant scores carry no information about a; fit the intercept alone.
      da = 0;
      db = hbb > 0 ? gb / hbb : 0;
    }
    // Near the optimum the decrease a Newton step promises (½ g·H⁻¹g) drops below what the
    // objective can resolve in floating point, so a line search would be blind; Newton is then in
    // its quadratic region and the full step is taken, judged by the gradient at the next iteration.
    if (0.5 * (ga * da + gb * db) <= OBJECTIVE_RESOLUTION * (1 + Math.abs(value))) {
      a -= da;
      b -= db;
      value = objective(scores, targets, a, b);
      continue;
    }
    let step = 1;
    let accepted = false;
    for (let halving = 0; halving < MAX_STEP_HALVINGS; halving++) {
      const candidateA = a - step * da;
      const candidateB = b - step * db;
      const candidateValue = objective(scores, targets, candidateA, candidateB);
      if (candidateValue <= value) {
        a = candidateA;
        b = candidateB;
        value = candidateValue;
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) break; // no descent possible: at the floating-point floor of the optimum
  }
  return { method: 'sigmoid', a, b };
}
