/**
 * A selector at fixed sizes, for the pipeline search (which chooses the size itself, by its own
 * inner CV, instead of each selector's built-in rule): welch-mrmr keeps k = size, univariate keeps
 * the candidates with p < size (at most UNIVARIATE_MAX_INPUTS, smallest p first, so a diffuse signal
 * cannot hand a classifier hundreds of inputs), lasso keeps the nonzero coefficients at
 * λ = size × λ_max, pca projects on the first `size` components. Fitted on the given rows only.
 * Every size of a selector comes from one fit (mRMR's greedy order, one p-value pass, one warm-started
 * lasso path, one SVD), because the search needs them all on the same rows.
 */
import { candidateDesignColumns } from '../featureSelection/designColumns.js';
import { lassoLambdaMax, lassoLogisticPath } from '../featureSelection/lassoLogistic.js';
import { fitPcaColumns } from '../featureSelection/pca.js';
import type {
  FittedSelection,
  SelectionCandidate,
  SelectorKind,
  SelectorOptions,
} from '../featureSelection/selector.js';
import { applyColumnScaling, fitColumnScaling } from '../featureSelection/standardizeColumns.js';
import { fitLocationScale } from '../featureSelection/locationScale.js';
import { fitUnivariate } from '../featureSelection/univariate.js';
import { fitWelchMrmr } from '../featureSelection/welchMrmr.js';

export const UNIVARIATE_MAX_INPUTS = 32;

export interface SizedSelectionInput {
  selector: SelectorKind;
  sizes: readonly number[];
  candidates: readonly SelectionCandidate[];
  labels: Uint8Array;
  rows: Int32Array;
  options: SelectorOptions;
  seed: number;
}

const pick = (scores: Record<string, number>, names: string[]) =>
  Object.fromEntries(names.map((n) => [n, scores[n]]));

/** A ranking selector fitted at the largest size, cut to each size (its first k). */
function firstOf(fitted: FittedSelection, input: SizedSelectionInput): FittedSelection[] {
  return input.sizes.map((k) => {
    const selected = fitted.selected.slice(0, k);
    const names = selected.map((j) => input.candidates[j].name);
    return { ...fitted, selected, scores: pick(fitted.scores, names), details: { ...fitted.details, k } };
  });
}

function lassoSizes(input: SizedSelectionInput): FittedSelection[] {
  const { candidates, labels, rows } = input;
  const design = candidateDesignColumns(candidates);
  const scaled = applyColumnScaling(design.columns, fitColumnScaling(design.columns, rows));
  const lambdaMax = lassoLambdaMax(scaled, rows, labels);
  const shares = [...input.sizes].sort((a, b) => b - a);
  const path = lassoLogisticPath(scaled, rows, labels, {
    lambdas: shares.map((s) => s * lambdaMax),
    maxIterations: 50,
  });
  return input.sizes.map((share) => {
    const fit = path[shares.indexOf(share)];
    const strength = new Float64Array(candidates.length);
    fit.coefficients.forEach((w, d) => {
      const j = design.owner[d];
      strength[j] = Math.max(strength[j], Math.abs(w));
    });
    const selected = Array.from(candidates.keys())
      .filter((j) => strength[j] > 0)
      .sort((a, b) => strength[b] - strength[a] || a - b);
    return {
      kind: 'lasso' as const,
      selected: selected.length > 0 ? selected : [design.owner[0]],
      passedFilter: selected.length,
      scores: Object.fromEntries(selected.map((j) => [candidates[j].name, strength[j]])),
      details: { lambda: share * lambdaMax, lambdaShare: share },
    };
  });
}

function pcaSizes(input: SizedSelectionInput): FittedSelection[] {
  const { candidates, rows } = input;
  const continuous = Array.from(candidates.keys()).filter((j) => candidates[j].kind === 'continuous');
  if (continuous.length === 0) throw new RangeError('the pca selector needs continuous candidate features');
  const columns = continuous.map((j) => candidates[j].values);
  const countOf = (size: number) => Math.max(1, Math.min(size, continuous.length, rows.length - 1));
  const scaling = fitColumnScaling(columns, rows);
  const pca = fitPcaColumns(
    applyColumnScaling(columns, scaling),
    rows,
    Math.max(...input.sizes.map(countOf)),
  );
  return input.sizes.map((size) => {
    const count = countOf(size);
    const outputs = Array.from({ length: count }, (_, c) => `pc${c + 1}`);
    return {
      kind: 'pca' as const,
      selected: continuous,
      scores: Object.fromEntries(outputs.map((name, c) => [name, pca.explainedVarianceRatio[c]])),
      details: { components: count },
      projection: {
        inputs: continuous.map((j) => candidates[j].name),
        center: scaling.center,
        scale: scaling.scale,
        components: pca.components.slice(0, count),
        outputs,
      },
    };
  });
}

/** One FittedSelection per size, in `sizes` order. */
export function fitSelectionSizes(input: SizedSelectionInput): FittedSelection[] {
  const base = {
    candidates: input.candidates,
    labels: input.labels,
    trainingRows: input.rows,
    seed: input.seed,
  };
  const largest = Math.max(...input.sizes);
  switch (input.selector) {
    case 'welch-mrmr':
      // mRMR is greedy forward selection: the first k of a run to the largest k are the k-run.
      return firstOf(fitWelchMrmr({ ...base, options: { ...input.options, mrmrK: largest } }), input);
    case 'univariate': {
      const fitted = fitUnivariate({ ...base, options: { ...input.options, pThreshold: largest } });
      const p = (j: number) => fitted.scores[input.candidates[j].name];
      return input.sizes.map((threshold) => {
        const passing = fitted.selected.filter((j) => p(j) < threshold);
        const selected = (passing.length > 0 ? passing : fitted.selected.slice(0, 1)).slice(
          0,
          UNIVARIATE_MAX_INPUTS,
        );
        const names = selected.map((j) => input.candidates[j].name);
        return {
          ...fitted,
          selected,
          passedFilter: passing.length,
          scores: pick(fitted.scores, names),
          details: { ...fitted.details, pThreshold: threshold },
        };
      });
    }
    case 'location-scale':
      // The ranking by p does not depend on k: the k-selection is the first k of the largest.
      return firstOf(fitLocationScale({ ...base, options: { ...input.options, mrmrK: largest } }), input);
    case 'lasso':
      return lassoSizes(input);
    case 'pca':
      return pcaSizes(input);
    default:
      throw new Error(`unknown selector: ${String(input.selector)}`);
  }
}
