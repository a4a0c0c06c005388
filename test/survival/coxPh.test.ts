import { describe, expect, it } from 'vitest';
import { coxPh } from '../../src/survival/coxPh.js';
import { DATASETS, expectAllClose, survivalReference } from './reference.js';

// R survival::coxph(ties = "efron") and cox.zph(transform = "km") (make_survival_reference.R).
describe('coxPh matches coxph (Efron) and cox.zph', () => {
  for (const name of DATASETS) {
    const d = survivalReference[name];
    it(`${name}: coefficients, SE, HR and CI, Wald and LR tests, Schoenfeld test`, () => {
      const r = coxPh(d.time, d.event, d.covariates);
      const c = d.cox as Record<string, number[] & number>;
      expect(r.converged).toBe(true);
      expectAllClose(r.coefficients, c.coefficients);
      expectAllClose(r.standardErrors, c.standardErrors);
      expectAllClose(r.hazardRatios, c.hazardRatios);
      expectAllClose(
        r.ci95.map((ci) => ci[0]),
        c.ciLower,
      );
      expectAllClose(
        r.ci95.map((ci) => ci[1]),
        c.ciUpper,
      );
      expectAllClose(r.waldP, c.waldP);
      expectAllClose(
        [r.waldChisq, r.likelihoodRatioChisq, r.likelihoodRatioP],
        [c.waldChisq, c.likelihoodRatioChisq, c.likelihoodRatioP],
      );
      expectAllClose(r.logLikelihood, c.logLikelihood);
      expectAllClose(
        r.schoenfeld.perCovariate.map((z) => z.chisq),
        c.zphChisq,
      );
      expectAllClose(
        r.schoenfeld.perCovariate.map((z) => z.p),
        c.zphP,
      );
      expectAllClose([r.schoenfeld.global.chisq, r.schoenfeld.global.p], [c.zphGlobalChisq, c.zphGlobalP]);
      expect(r.schoenfeld.global.df).toBe(c.zphGlobalDf);
    });
  }

  it('rejects bad covariates and singular designs', () => {
    expect(() => coxPh([1, 2, 3], [1, 0, 1], [[1], [2]])).toThrow(/covariates has 2 rows but time has 3/);
    expect(() => coxPh([1, 2, 3], [1, 0, 1], [[1], [2, 3], [4]])).toThrow(/covariates row 1 has 2 values/);
    expect(() => coxPh([1, 2, 3], [1, 0, 1], [[1], [NaN], [4]])).toThrow(/covariates\[1\]\[0\] = NaN/);
    expect(() => coxPh([1, 2, 3], [1, 0, 1], [[5], [5], [5]])).toThrow(/singular/);
    expect(() => coxPh([1, 2, 3], [0, 0, 0], [[1], [2], [3]])).toThrow(/no events/);
  });

  it('reports non-convergence when a group has no events (infinite hazard ratio)', () => {
    const r = coxPh([1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 0, 0], [[1], [1], [1], [0], [0], [0]], {
      maxIterations: 10,
    });
    expect(r.converged).toBe(false);
    expect(r.coefficients[0]).toBeGreaterThan(5);
  });

  it('flags the coefficient as infinite when the likelihood flattens before β stops growing (default iterations)', () => {
    // R (survival 3.x): coxph(Surv(t, e) ~ x, control = coxph.control(iter.max = 50)) warns
    // "Loglik converged before variable 1 ; coefficient may be infinite" on these data.
    const r = coxPh([1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 0, 0], [[1], [1], [1], [0], [0], [0]]);
    expect(r.infinite).toEqual([true]);
    expect(r.converged).toBe(false);
    const finite = coxPh(
      [1, 2, 3, 4, 5, 6, 7, 8],
      [1, 0, 1, 1, 0, 1, 0, 0],
      [[1], [0], [1], [0], [0], [1], [0], [1]],
    );
    expect(finite.infinite).toEqual([false]);
    expect(finite.converged).toBe(true);
  });
});
