// On a large synthetic sample whose true P(y = 1 | s) = sigmoid(3s), a score reported as sigmoid(s)
// is badly calibrated; both calibrators, fitted on one half, must fix that on the other half.
import { describe, expect, it } from 'vitest';
import { applyCalibrator, fitCalibrator } from '../../src/calibration/calibrator.js';
import { createRng } from '../../src/stats/random.js';

const logistic = (z: number) => 1 / (1 + Math.exp(-z));

function sample(n: number, seed: number) {
  const rng = createRng(seed);
  const scores = new Float64Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    scores[i] = rng.normal();
    labels[i] = rng.next() < logistic(3 * scores[i]) ? 1 : 0;
  }
  return { scores, labels };
}

/** Expected calibration error over 10 equal-width probability bins, weighted by bin size. */
function naiveEce(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  const count = new Array(10).fill(0);
  const predicted = new Array(10).fill(0);
  const observed = new Array(10).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const bin = Math.min(9, Math.floor(probabilities[i] * 10));
    count[bin]++;
    predicted[bin] += probabilities[i];
    observed[bin] += labels[i];
  }
  let ece = 0;
  for (let b = 0; b < 10; b++) if (count[b] > 0) ece += Math.abs(predicted[b] - observed[b]) / labels.length;
  return ece;
}

describe('calibration on a mis-scaled score', () => {
  const fitHalf = sample(10_000, 1);
  const evaluationHalf = sample(10_000, 2);
  const rawEce = naiveEce(Array.from(evaluationHalf.scores, logistic), evaluationHalf.labels);

  it('the raw score is clearly miscalibrated', () => {
    expect(rawEce).toBeGreaterThan(0.05);
  });

  it.each(['sigmoid', 'isotonic'] as const)(
    '%s calibration brings held-out ECE well below the raw ECE',
    (method) => {
      const calibrator = fitCalibrator(method, fitHalf.scores, fitHalf.labels);
      const ece = naiveEce(applyCalibrator(calibrator, evaluationHalf.scores), evaluationHalf.labels);
      expect(ece).toBeLessThan(0.02);
      expect(ece).toBeLessThan(rawEce / 3);
    },
  );

  it('sigmoid calibration recovers the true slope (a ≈ −3, b ≈ 0)', () => {
    const calibrator = fitCalibrator('sigmoid', fitHalf.scores, fitHalf.labels);
    if (calibrator.method !== 'sigmoid') throw new Error('expected a sigmoid calibrator');
    expect(Math.abs(calibrator.a + 3)).toBeLessThan(0.25);
    expect(Math.abs(calibrator.b)).toBeLessThan(0.1);
  });
});
