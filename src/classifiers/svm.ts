/**
 * RBF-kernel C-SVC (kind 'svm') trained by libsvm (via libsvm-js), the solver behind scikit-learn's SVC,
 * with SVC's defaults: tolerance 1e-3, shrinking on, no probability estimates (we calibrate ourselves).
 * libsvm training is deterministic without probability estimates (rand() is only used by its internal
 * probability cross-validation), so no seed is needed.
 *
 * Score = the decision value oriented so that higher = positive: libsvm's f(x) > 0 favours the first label
 * it saw in training, so f is negated when that label is 0. State = libsvm's model text; scoring evaluates
 * it in TypeScript (src/classifiers/libsvmModelText.ts) and never needs WebAssembly.
 *
 * gamma: a number, or 'scale' = 1 / (p · Var(X)) over all entries of X, as scikit-learn's default
 * (1 when Var(X) = 0). libsvm's model text prints gamma with 6 significant digits, so gamma is rounded
 * to 6 significant digits *before* training; the stored text then holds exactly the gamma trained with.
 */
import type {
  ClassifierSpec,
  FittedClassifier,
  Hyperparameters,
  Rows,
  SerializedClassifier,
} from './classifier.js';
import { svmBackend } from './libsvmBackend.js';
import { parseRbfSvmModel, rbfDecisionValue, type RbfSvmModel } from './libsvmModelText.js';
import { assertRowWidth, assertTrainable, numberParameter } from './trainingData.js';

export { loadSvmBackend } from './libsvmBackend.js';

export interface SvmState {
  /** Number of input columns (libsvm's text omits it). */
  width: number;
  /** libsvm's serialized model (svm_save_model format). */
  modelText: string;
}

/** scikit-learn's gamma='scale': 1 / (n_features · X.var()), population variance of all entries. */
export function scaleGamma(rows: Rows): number {
  const width = rows[0].length;
  const count = rows.length * width;
  let sum = 0;
  for (const row of rows) for (let j = 0; j < width; j++) sum += row[j];
  const mean = sum / count;
  let squares = 0;
  for (const row of rows) {
    for (let j = 0; j < width; j++) {
      const d = row[j] - mean;
      squares += d * d;
    }
  }
  const variance = squares / count;
  return variance > 0 ? 1 / (width * variance) : 1;
}

export function resolveGamma(hyperparameters: Hyperparameters, rows: Rows): number {
  const gamma =
    hyperparameters.gamma === 'scale' ? scaleGamma(rows) : numberParameter(hyperparameters, 'gamma', 'svm');
  if (!(gamma > 0)) throw new Error(`svm: gamma must be > 0, got ${gamma}`);
  return Number(gamma.toPrecision(6));
}

class FittedSvm implements FittedClassifier {
  readonly kind = 'svm' as const;
  private readonly model: RbfSvmModel;
  private readonly orientation: 1 | -1;

  constructor(
    private readonly hyperparameters: Hyperparameters,
    private readonly state: SvmState,
  ) {
    this.model = parseRbfSvmModel(state.modelText, state.width);
    const [first, second] = this.model.labels;
    if (!((first === 1 && second === 0) || (first === 0 && second === 1)))
      throw new Error(`svm: model labels must be 0 and 1, got ${first} ${second}`);
    this.orientation = first === 1 ? 1 : -1;
  }

  score(rows: Rows): Float64Array {
    assertRowWidth(rows, this.state.width, 'svm');
    const scores = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++)
      scores[i] = this.orientation * rbfDecisionValue(this.model, rows[i]);
    return scores;
  }

  toJSON(): SerializedClassifier {
    return { kind: 'svm', hyperparameters: { ...this.hyperparameters }, state: { ...this.state } };
  }
}

const C_VALUES = [0.1, 1, 10, 100];
const GAMMAS: (number | 'scale')[] = ['scale', 0.01, 0.1];

export const svmSpec: ClassifierSpec = {
  kind: 'svm',
  grid: GAMMAS.flatMap((gamma) => C_VALUES.map((C) => ({ C, gamma }))),
  fit(rows, labels, hyperparameters) {
    const { width } = assertTrainable(rows, labels, 'svm');
    const C = numberParameter(hyperparameters, 'C', 'svm');
    if (!(C > 0)) throw new Error(`svm: C must be > 0, got ${C}`);
    const SVM = svmBackend();
    const solver = new SVM({
      type: SVM.SVM_TYPES.C_SVC,
      kernel: SVM.KERNEL_TYPES.RBF,
      gamma: resolveGamma(hyperparameters, rows),
      cost: C,
      tolerance: 1e-3,
      cacheSize: 200,
      shrinking: true,
      probabilityEstimates: false,
      quiet: true,
    });
    try {
      solver.train(
        rows.map((row) => Array.from(row)),
        Array.from(labels),
      );
      return new FittedSvm(hyperparameters, { width, modelText: solver.serializeModel() });
    } finally {
      // The model lives in the WebAssembly heap, which is not garbage-collected.
      solver.free();
    }
  },
  restore(serialized) {
    if (serialized.kind !== 'svm') throw new Error(`svm: cannot restore kind ${serialized.kind}`);
    const state = serialized.state as SvmState;
    if (typeof state?.modelText !== 'string' || !Number.isInteger(state.width))
      throw new Error('svm: malformed state');
    return new FittedSvm(serialized.hyperparameters, { width: state.width, modelText: state.modelText });
  },
};
