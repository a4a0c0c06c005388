/**
 * The quality gate a newly trained model must pass to become active: no task's internal-validation
 * AUC (of the task's best classifier) may be more than `maxAucDrop` below the active model's.
 */
import { HER2_STATUSES } from '../cohort/cohort.js';
import type { ModelArtifact, TaskName } from '../model/artifact.js';
import { validationAuc } from '../registry/summary.js';

export interface QualityGateConfig {
  maxAucDrop: number;
}

export interface GateComparison {
  task: TaskName;
  candidate: number | null;
  active: number | null;
  drop: number | null;
  passed: boolean;
}

export interface GateResult {
  passed: boolean;
  reason: string;
  comparisons: GateComparison[];
}

export function evaluateQualityGate(
  candidate: ModelArtifact,
  active: ModelArtifact | null,
  cfg: QualityGateConfig,
): GateResult {
  if (!active) return { passed: true, reason: 'no active model to compare against', comparisons: [] };
  const comparisons: GateComparison[] = HER2_STATUSES.map((task) => {
    const c = validationAuc(candidate, task) ?? null;
    const a = validationAuc(active, task) ?? null;
    if (a === null) return { task, candidate: c, active: a, drop: null, passed: true };
    if (c === null) return { task, candidate: c, active: a, drop: null, passed: false };
    const drop = a - c;
    return { task, candidate: c, active: a, drop, passed: drop <= cfg.maxAucDrop + 1e-12 };
  });
  const failed = comparisons.filter((x) => !x.passed);
  if (failed.length === 0) {
    return {
      passed: true,
      reason: `quality gate passed: no task's validation AUC dropped more than ${cfg.maxAucDrop} below active model ${active.id}`,
      comparisons,
    };
  }
  const parts = failed.map((f) =>
    f.candidate === null
      ? `${f.task}: no internal-validation AUC recorded`
      : `${f.task}: validation AUC ${f.candidate.toFixed(3)} is ${(f.drop as number).toFixed(3)} below the active model's ${(f.active as number).toFixed(3)}`,
  );
  return {
    passed: false,
    reason: `quality gate failed (max allowed drop ${cfg.maxAucDrop}): ${parts.join('; ')}`,
    comparisons,
  };
}
