/**
 * Inputs for out-of-distribution tests against a real artifact: two features of an LR task whose
 * coefficients have opposite signs and whose scaled value of ±1e308 overflows to ±Infinity, so that
 * without clamping the task's linear score would be Infinity − Infinity = NaN (issue 9, fault 1).
 */
import { HER2_STATUSES, type Her2Status } from '../../src/cohort/cohort.js';
import type { ModelArtifact } from '../../src/model/artifact.js';

export interface OpposingFeatures {
  task: Her2Status;
  up: string;
  down: string;
}

export function opposingOverflowingFeatures(artifact: ModelArtifact): OpposingFeatures {
  const features = new Set(artifact.input.features);
  for (const task of HER2_STATUSES) {
    const { inputs, models, best, scaler } = artifact.tasks[task];
    if (best !== 'lr') continue;
    const { coefficients } = models.lr.classifier.state as { coefficients: number[] };
    // 1e308 / std overflows only where the training SD is below ~1.8
    const overflows = (j: number) => features.has(inputs[j]) && !Number.isFinite(1e308 / scaler.std[j]);
    const i = inputs.findIndex((_, j) => overflows(j) && coefficients[j] > 0);
    const j = inputs.findIndex((_, k) => overflows(k) && coefficients[k] < 0);
    if (i >= 0 && j >= 0) return { task, up: inputs[i], down: inputs[j] };
  }
  throw new Error('no LR task has two overflowing features with coefficients of both signs');
}

/** `sds` training SDs above the training maximum of input `name`. */
export function sdsAbove(artifact: ModelArtifact, name: string, sds: number): number {
  const r = artifact.input.ranges[name];
  return r.max + sds * r.std;
}
