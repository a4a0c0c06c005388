import { describe, expect, it } from 'vitest';
import { evaluateQualityGate } from '../../src/jobs/qualityGate.js';
import { makeFakeArtifact } from '../helpers/fakeArtifact.js';

const cfg = { maxAucDrop: 0.02 };

describe('evaluateQualityGate', () => {
  it('passes when there is no active model', () => {
    expect(evaluateQualityGate(makeFakeArtifact({ validationAuc: 0.5 }), null, cfg).passed).toBe(true);
  });

  it('passes when every task is within the allowed drop', () => {
    const active = makeFakeArtifact({ label: 'a', validationAuc: 0.8 });
    const cand = makeFakeArtifact({ label: 'b', validationAuc: { over: 0.79, low: 0.785, zero: 0.9 } });
    const r = evaluateQualityGate(cand, active, cfg);
    expect(r.passed).toBe(true);
    expect(r.comparisons.map((c) => c.task)).toEqual(['over', 'low', 'zero']);
  });

  it('fails naming the task whose validation AUC dropped more than allowed', () => {
    const active = makeFakeArtifact({ label: 'a', validationAuc: 0.8 });
    const cand = makeFakeArtifact({ label: 'b', validationAuc: { over: 0.85, low: 0.75, zero: 0.8 } });
    const r = evaluateQualityGate(cand, active, cfg);
    expect(r.passed).toBe(false);
    expect(r.reason).toMatch(/low: validation AUC 0\.750 is 0\.050 below the active model's 0\.800/);
    expect(r.reason).not.toMatch(/over:/);
  });

  it('uses the best classifier of each task and the configured threshold', () => {
    const active = makeFakeArtifact({ label: 'a', validationAuc: 0.8 });
    const cand = makeFakeArtifact({ label: 'b', validationAuc: 0.76 });
    expect(evaluateQualityGate(cand, active, { maxAucDrop: 0.05 }).passed).toBe(true);
    expect(evaluateQualityGate(cand, active, { maxAucDrop: 0.03 }).passed).toBe(false);
    const worseBest = structuredClone(cand);
    worseBest.tasks.over.best = 'rf'; // rf has validation AUC 0.73 in the fake artifact
    expect(evaluateQualityGate(worseBest, active, { maxAucDrop: 0.05 }).passed).toBe(false);
  });

  it('fails when the candidate has no internal-validation AUC to compare', () => {
    const active = makeFakeArtifact({ label: 'a' });
    const cand = structuredClone(makeFakeArtifact({ label: 'b' }));
    delete cand.tasks.zero.models.lr.metrics.validation;
    const r = evaluateQualityGate(cand, active, cfg);
    expect(r.passed).toBe(false);
    expect(r.reason).toMatch(/zero: no internal-validation AUC/);
  });
});
