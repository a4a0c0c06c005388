/** The four classifiers of the paper, by kind, and restoring any of them from its JSON form. */
import type { ClassifierKind, ClassifierSpec, FittedClassifier, SerializedClassifier } from './classifier.js';
import { knnSpec } from './knn.js';
import { logisticRegressionSpec } from './logisticRegression.js';
import { randomForestSpec } from './randomForest.js';
import { svmSpec } from './svm.js';

export const CLASSIFIER_SPECS: Record<ClassifierKind, ClassifierSpec> = {
  lr: logisticRegressionSpec,
  knn: knnSpec,
  svm: svmSpec,
  rf: randomForestSpec,
};

export function restoreClassifier(serialized: SerializedClassifier): FittedClassifier {
  const spec = CLASSIFIER_SPECS[serialized.kind];
  if (!spec) throw new Error(`unknown classifier kind: ${String(serialized.kind)}`);
  return spec.restore(serialized);
}
