/**
 * The quality gate a newly trained model must pass to become active: no task's internal-validation
 * AUC (of the task's best classifier) may be more than `maxAucDrop` below the active model's. Tasks
 * are matched by name; a task of the active model that the candidate lacks fails the gate (activation
 * would silently drop it), a task only the candidate has passes (nothing to compare against).
 */
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
  const names = [...new Set([...Object.keys(active.tasks), ...Object.keys(candidate.tasks)])];
  const comparisons: GateComparison[] = names.map((task) => {
    const c = validationAuc(candidate, task) ?? null;
    const a = validationAuc(active, task) ?? null;
    if (a === null) return { task, candidate: c, active: a, drop: null, passed: true };
    if (!Object.hasOwn(candidate.tasks, task))
      return { task, candidate: null, active: a, drop: null, passed: false };
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
      ? Object.hasOwn(candidate.tasks, f.task)
        ? `${f.task}: no internal-validation AUC recorded`
        : `${f.task}: the active model has this task and the candidate does not`
      : `${f.task}: validation AUC ${f.candidate.toFixed(3)} is ${(f.drop as number).toFixed(3)} below the active model's ${(f.active as number).toFixed(3)}`,
  );
  return {
    passed: false,
    reason: `quality gate failed (max allowed drop ${cfg.maxAucDrop}): ${parts.join('; ')}`,
    comparisons,
  };
}
