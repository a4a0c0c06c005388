/**
 * The one small interface every binary (one-vs-rest) classifier implements, scikit-learn style:
 * fit on training rows, then score new rows. Scores are uncalibrated (a vote fraction for KNN / RF,
 * a decision value for LR (its logit) and SVM); src/calibration/ turns them into calibrated
 * probabilities.
 */

export const CLASSIFIER_KINDS = ['lr', 'knn', 'svm', 'rf'] as const;
export type ClassifierKind = (typeof CLASSIFIER_KINDS)[number];

/** Row-major design matrix: rows[i][j] = feature j of patient i (already imputed and z-scored). */
export type Rows = readonly Float64Array[];

/** Labels for a one-vs-rest task: 1 = the task's positive class, 0 = the rest. */
export type BinaryLabels = Uint8Array;

export type Hyperparameters = Record<string, number | string>;

/** JSON form of a fitted classifier, stored in the model artifact. */
export interface SerializedClassifier {
  kind: ClassifierKind;
  hyperparameters: Hyperparameters;
  /** Whatever the kind needs to predict (coefficients, training points, libsvm model text, trees). */
  state: unknown;
}

export interface FittedClassifier {
  readonly kind: ClassifierKind;
  /** Uncalibrated score per row; higher means more likely positive. */
  score(rows: Rows): Float64Array;
  toJSON(): SerializedClassifier;
}

export interface ClassifierSpec {
  kind: ClassifierKind;
  /** The documented tuning grid (searched by stratified 5-fold CV on training AUC). */
  grid: Hyperparameters[];
  fit(rows: Rows, labels: BinaryLabels, hyperparameters: Hyperparameters, seed: number): FittedClassifier;
  restore(serialized: SerializedClassifier): FittedClassifier;
}
