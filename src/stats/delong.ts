/**
 * DeLong, DeLong & Clarke-Pearson (1988) nonparametric variance and covariance of AUCs, with the
 * O(n log n) midrank algorithm of Sun & Xu (2014, IEEE Signal Process. Lett. 21:1389).
 *
 * Definitions (ψ(x, y) = 1 if x > y, ½ if x = y, 0 if x < y; positives X₁..X_m, negatives Y₁..Y_n):
 * - Placement values ("structural components"):
 *     V10ᵢ = (1/n)·Σⱼ ψ(Xᵢ, Yⱼ)   (how many negatives positive i beats)
 *     V01ⱼ = (1/m)·Σᵢ ψ(Xᵢ, Yⱼ)   (how many positives beat negative j)
 *   Both average to the AUC. Via midranks: V10ᵢ = (Rᶻᵢ − Rˣᵢ)/n and V01ⱼ = 1 − (Rᶻⱼ − Rʸⱼ)/m,
 *   Rᶻ = midrank among all scores, Rˣ/Rʸ = midrank within the positives/negatives.
 * - For K score vectors on the same patients: S10 = sample covariance (denominator m − 1) of the
 *   V10 vectors, S01 likewise (denominator n − 1), and Cov(AUC) = S10/m + S01/n.
 * - CI: AUC ± z₍₁₊level₎/₂ · SE, clipped to [0, 1] (the same as pROC's ci.auc(method="delong")).
 * - Paired test of two AUCs: z = (A − B)/√(Var A + Var B − 2 Cov(A, B)), two-sided p = 2Φ(−|z|).
 *
 * Degenerate cases (documented behaviour, chosen to match pROC / R's var()):
 * - No positives or no negatives: AUC, SE, CI and test statistics are NaN.
 * - A class of exactly one case: its sample covariance has denominator 0, so the variance is NaN
 *   (R's var() of one value is NA); the AUC itself is still returned. CI → [NaN, NaN].
 * - Zero variance (perfect separation, all scores tied, …): SE = 0 and the CI collapses to [AUC, AUC].
 * - Paired test: if AUC_A = AUC_B exactly, z = 0 and p = 1 (also when Var(A − B) = 0, e.g. identical
 *   scores). If Var(A − B) is 0 (up to rounding: ≤ 1e−14·(Var A + Var B)) but the AUCs differ,
 *   z = ±Infinity and p = 0 (JSON writes Infinity as null).
 */
import { checkBinaryInput, type BinaryLabels, type Scores } from './binaryInput.js';
import { midranks } from './midranks.js';
import { normalQuantile, normalTwoSidedPValue } from './normal.js';

export interface PlacementValues {
  /** V10ᵢ for each positive, in input order of the positives. */
  positives: Float64Array;
  /** V01ⱼ for each negative, in input order of the negatives. */
  negatives: Float64Array;
}

/** Placement values of one score vector (Sun & Xu midrank form). Both classes must be non-empty. */
export function placementValues(scores: Scores, labels: BinaryLabels): PlacementValues {
  const { nPositive, nNegative } = checkBinaryInput(scores, labels);
  const positiveScores = new Float64Array(nPositive);
  const negativeScores = new Float64Array(nNegative);
  for (let i = 0, p = 0, q = 0; i < labels.length; i++) {
    if (labels[i] === 1) positiveScores[p++] = scores[i];
    else negativeScores[q++] = scores[i];
  }
  const rankAll = midranks(scores);
  const rankWithinPositives = midranks(positiveScores);
  const rankWithinNegatives = midranks(negativeScores);
  const positives = new Float64Array(nPositive);
  const negatives = new Float64Array(nNegative);
  for (let i = 0, p = 0, q = 0; i < labels.length; i++) {
    if (labels[i] === 1) {
      positives[p] = (rankAll[i] - rankWithinPositives[p]) / nNegative;
      p++;
    } else {
      negatives[q] = 1 - (rankAll[i] - rankWithinNegatives[q]) / nPositive;
      q++;
    }
  }
  return { positives, negatives };
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Sample covariance (denominator length − 1; NaN for a single value). */
function sampleCovariance(a: Float64Array, meanA: number, b: Float64Array, meanB: number): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - meanA) * (b[i] - meanB);
  return a.length > 1 ? sum / (a.length - 1) : NaN;
}

export interface DeLongCovariance {
  /** AUC of each score vector. */
  aucs: number[];
  /** K×K covariance matrix of the AUC estimates. */
  covariance: number[][];
}

/** AUCs and their DeLong covariance matrix for several score vectors on the same patients. */
export function deLongCovariance(scoreVectors: readonly Scores[], labels: BinaryLabels): DeLongCovariance {
  const k = scoreVectors.length;
  const counts = scoreVectors.map((scores, index) => checkBinaryInput(scores, labels, `scores ${index}`));
  const { nPositive, nNegative } = counts[0] ?? { nPositive: 0, nNegative: 0 };
  if (nPositive === 0 || nNegative === 0) {
    return {
      aucs: new Array<number>(k).fill(NaN),
      covariance: Array.from({ length: k }, () => new Array<number>(k).fill(NaN)),
    };
  }
  const placements = scoreVectors.map((scores) => placementValues(scores, labels));
  const positiveMeans = placements.map((v) => mean(v.positives));
  const negativeMeans = placements.map((v) => mean(v.negatives));
  const covariance = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      const s10 = sampleCovariance(
        placements[a].positives,
        positiveMeans[a],
        placements[b].positives,
        positiveMeans[b],
      );
      const s01 = sampleCovariance(
        placements[a].negatives,
        negativeMeans[a],
        placements[b].negatives,
        negativeMeans[b],
      );
      covariance[a][b] = covariance[b][a] = s10 / nPositive + s01 / nNegative;
    }
  }
  return { aucs: positiveMeans, covariance };
}

/** DeLong variance of the AUC of one score vector. */
export function deLongVariance(scores: Scores, labels: BinaryLabels): number {
  return deLongCovariance([scores], labels).covariance[0][0];
}

export interface AucWithCi {
  auc: number;
  /** DeLong standard error. */
  se: number;
  /** Interval at the requested `level` (0.95 by default, hence the name, which matches SetMetrics.ci95). */
  ci95: [number, number];
}

/** AUC with DeLong SE and the Wald interval AUC ± z·SE clipped to [0, 1]. */
export function aucWithDeLongCi(scores: Scores, labels: BinaryLabels, level = 0.95): AucWithCi {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const { aucs, covariance } = deLongCovariance([scores], labels);
  const auc = aucs[0];
  const se = Math.sqrt(covariance[0][0]);
  const z = normalQuantile((1 + level) / 2);
  const clip = (x: number) => Math.min(1, Math.max(0, x));
  const ci95: [number, number] = Number.isNaN(se) ? [NaN, NaN] : [clip(auc - z * se), clip(auc + z * se)];
  return { auc, se, ci95 };
}

export interface PairedDeLongTest {
  aucA: number;
  aucB: number;
  /** aucA − aucB. */
  difference: number;
  z: number;
  /** Two-sided. */
  pValue: number;
}

/** Paired DeLong test of H₀: AUC_A = AUC_B for two score vectors on the same patients. */
export function pairedDeLongTest(scoresA: Scores, scoresB: Scores, labels: BinaryLabels): PairedDeLongTest {
  const { aucs, covariance } = deLongCovariance([scoresA, scoresB], labels);
  const [aucA, aucB] = aucs;
  const difference = aucA - aucB;
  const varianceOfDifference = covariance[0][0] + covariance[1][1] - 2 * covariance[0][1];
  // Var(A − B) is a difference of nearly equal numbers when A ≈ B; below this floor it is rounding.
  const roundingFloor = 1e-14 * (covariance[0][0] + covariance[1][1]);
  let z: number;
  if (Number.isNaN(difference) || Number.isNaN(varianceOfDifference)) z = NaN;
  else if (difference === 0) z = 0;
  else if (varianceOfDifference <= roundingFloor) z = difference > 0 ? Infinity : -Infinity;
  else z = difference / Math.sqrt(varianceOfDifference);
  return { aucA, aucB, difference, z, pValue: normalTwoSidedPValue(z) };
}
