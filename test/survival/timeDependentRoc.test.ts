import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { timeDependentRoc } from '../../src/survival/timeDependentRoc.js';
import { expectAllClose } from './reference.js';

// timeROC is not packaged for Debian. References: an independent numpy implementation of the IPCW
// cumulative/dynamic AUC and its iid-representation SE written from Blanche et al. (Stat Med 2013)
// (test/fixtures/survival/make_time_roc_reference.py), plus hand-checkable cases below.
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/survival/time_roc_reference.json', import.meta.url), 'utf8'),
) as {
  cases: {
    name: string;
    time: number[];
    event: number[];
    marker: number[];
    horizon: number;
    auc: number;
    se: number;
    ci95: [number, number];
    cutoffs: number[];
    sensitivity: number[];
    specificity: number[];
    cases: number;
    controls: number;
    cumulativeIncidence: number;
    survivalProbability: number;
  }[];
};

describe('timeDependentRoc matches the reference implementation', () => {
  for (const c of reference.cases) {
    it(c.name, () => {
      const r = timeDependentRoc(c.time, c.event, c.marker, c.horizon);
      expectAllClose([r.auc, r.se, ...r.ci95], [c.auc, c.se, ...c.ci95], 1e-9);
      expect(r.cutoffs).toEqual(c.cutoffs);
      expectAllClose(r.sensitivity, c.sensitivity, 1e-9);
      expectAllClose(r.specificity, c.specificity, 1e-9);
      expect([r.cases, r.controls]).toEqual([c.cases, c.controls]);
      expectAllClose(
        [r.cumulativeIncidence, r.survivalProbability],
        [c.cumulativeIncidence, c.survivalProbability],
        1e-9,
      );
      const j = r.sensitivity.map((s, k) => s + r.specificity[k]);
      expectAllClose([r.youden.sensitivity + r.youden.specificity], [Math.max(...j)], 1e-12);
    });
  }
});

describe('timeDependentRoc by hand', () => {
  it('IPCW weights a case after a censoring by 1/G(T−)', () => {
    // times 1..6; censored at 2 (G drops to 1 − 1/5 = 0.8 after t = 2); horizon 4.5.
    // cases: t=1 (w 1, marker 5), t=3 (w 1/0.8, marker 1); controls t=5, t=6 (markers 2, 3)
    const r = timeDependentRoc([1, 2, 3, 4, 5, 6], [1, 0, 1, 0, 1, 0], [5, 9, 1, 9, 2, 3], 4.5);
    // t = 4 is censored, not a case. The case marked 5 beats both controls, the case marked 1 neither:
    // AUC = (1 + 1.25 · 0) / (1 + 1.25) = 4/9
    expectAllClose([r.auc], [4 / 9], 1e-15);
    expect([r.cases, r.controls]).toEqual([2, 2]);
    // cut-off 5: sensitivity 1/2.25, specificity 1 → J = 4/9, the best
    expect(r.youden).toEqual({ cutoff: 5, sensitivity: 1 / 2.25, specificity: 1 });
  });

  it('without censoring it is the Mann–Whitney AUC', () => {
    const r = timeDependentRoc([1, 2, 3, 4, 5], [1, 1, 1, 1, 1], [3, 1, 2, 2, 0], 2.5);
    // cases markers 3, 1; controls 2, 2, 0 → (1 + 1 + 1) + (0 + 0 + 1) = 4 of 6
    expectAllClose([r.auc], [4 / 6], 1e-15);
    expect(r.ci95[0]).toBeLessThan(r.auc);
    expect(r.ci95[1]).toBeGreaterThan(r.auc);
  });

  it('rejects a horizon without cases or controls and bad markers', () => {
    expect(() => timeDependentRoc([1, 2, 3], [1, 1, 1], [1, 2, 3], 0.5)).toThrow(/no events by the horizon/);
    expect(() => timeDependentRoc([1, 2, 3], [1, 1, 1], [1, 2, 3], 3)).toThrow(/nobody is followed beyond/);
    expect(() => timeDependentRoc([1, 2, 3], [1, 1, 1], [1, NaN, 3], 2)).toThrow(/marker\[1\] = NaN/);
    expect(() => timeDependentRoc([1, 2, 3], [1, 1, 1], [1, 2, 3], -1)).toThrow(/horizon -1/);
  });
});
