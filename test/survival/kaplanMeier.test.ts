import { describe, expect, it } from 'vitest';
import { kaplanMeier, survivalAt } from '../../src/survival/kaplanMeier.js';
import { DATASETS, expectAllClose, survivalReference } from './reference.js';

// R survival::survfit(conf.type = "log-log") and quantile(fit, 0.5) (make_survival_reference.R).
describe('kaplanMeier matches survfit', () => {
  for (const name of DATASETS) {
    const d = survivalReference[name];
    const curves = [
      { label: 'all', time: d.time, event: d.event, r: d.km },
      ...[...new Set(d.group)]
        .sort((a, b) => a - b)
        .map((g, k) => ({
          label: `group ${g}`,
          time: d.time.filter((_, i) => d.group[i] === g),
          event: d.event.filter((_, i) => d.group[i] === g),
          r: d.kmByGroup[k],
        })),
    ];
    for (const c of curves) {
      it(`${name}, ${c.label}: table, Greenwood SE, log-log CI, median and its CI`, () => {
        const km = kaplanMeier(c.time, c.event);
        const r = c.r as Record<string, number[] | number | null>;
        expect(km.times).toEqual(r.times);
        expect(km.nRisk).toEqual(r.nRisk);
        expect(km.nEvent).toEqual(r.nEvent);
        expect(km.nCensor).toEqual(r.nCensor);
        expectAllClose(km.survival, r.survival as number[]);
        const seLog = (r.stdErrLog as (number | null)[]).map((v) => (v === null ? Infinity : v));
        km.stdErrLog.forEach((v, i) =>
          Number.isFinite(seLog[i]) ? expectAllClose([v], [seLog[i]]) : expect(v).toBe(Infinity),
        );
        expectAllClose(
          km.stdErr.filter((_, i) => km.survival[i] > 0),
          km.survival.filter((s) => s > 0).map((s, i) => s * seLog[i]),
        );
        expectAllClose(km.lower, r.lower as (number | null)[]);
        expectAllClose(km.upper, r.upper as (number | null)[]);
        expect(km.median).toBe(r.median);
        expect(km.medianCi).toEqual([r.medianLower, r.medianUpper]);
        (r.at as number[]).forEach((t, i) =>
          expectAllClose([survivalAt(km, t).survival], [(r.atSurvival as number[])[i]]),
        );
      });
    }
  }
});

describe('kaplanMeier by hand', () => {
  it('median is the midpoint where S is exactly 0.5 over an interval, and null when never reached', () => {
    // S = 0.75 (t = 2), 0.75 (censored at 3), 0.375 (t = 6): first ≤ 0.5 at 6
    const km = kaplanMeier([2, 3, 6, 9], [1, 0, 1, 0]);
    expect(km.survival).toEqual([0.75, 0.75, 0.375, 0.375]);
    expect(km.median).toBe(6);
    // S = 0.75, 0.5, 0.25, 0: exactly 0.5 on [4, 6) → median (4 + 6)/2 = 5 (R gives 5 too)
    expect(kaplanMeier([2, 4, 6, 8], [1, 1, 1, 1]).median).toBe(5);
    expect(kaplanMeier([2, 4, 6, 8], [1, 0, 0, 0]).median).toBeNull();
  });

  it('survivalAt is a right-continuous step function starting at 1', () => {
    const km = kaplanMeier([2, 4, 6, 8], [1, 1, 1, 1]);
    expect(survivalAt(km, 1.9)).toEqual({ survival: 1, lower: 1, upper: 1 });
    expect(survivalAt(km, 2).survival).toBe(0.75);
    expect(survivalAt(km, 7.99).survival).toBe(0.25);
    expect(survivalAt(km, 8)).toEqual({ survival: 0, lower: null, upper: null });
  });

  it('rejects degenerate input with a RangeError naming the problem', () => {
    expect(() => kaplanMeier([1, 2], [0, 0])).toThrow(/no events/);
    expect(() => kaplanMeier([1, 0], [1, 1])).toThrow(/time\[1\] = 0/);
    expect(() => kaplanMeier([1, -2], [1, 1])).toThrow(RangeError);
    expect(() => kaplanMeier([1, 2], [1, 2])).toThrow(/event\[1\] = 2; event must be 0 or 1/);
    expect(() => kaplanMeier([1, 2], [1])).toThrow(/time has 2 values but event has 1/);
    expect(() => kaplanMeier([1, 2], [1, 1], { confLevel: 1 })).toThrow(/confLevel/);
  });
});
