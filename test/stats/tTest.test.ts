import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { studentTTest, studentTTestColumns, welchTTest, welchTTestColumns } from '../../src/stats/tTest.js';
import { expectClose } from './closeTo.js';

// scipy.stats.ttest_ind reference (test/fixtures/stats/make_t_test_reference.py).
type Expected = { t: number; df: number; p: number };
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/stats/t_test_reference.json', import.meta.url), 'utf8'),
) as {
  pairs: { name: string; a: number[]; b: number[]; welch: Expected; student: Expected }[];
  columns: { features: number[][]; labels: number[]; rows: number[]; welchP: number[]; studentP: number[] };
};

describe('welchTTest / studentTTest', () => {
  for (const c of reference.pairs) {
    it(`match scipy.stats.ttest_ind: ${c.name}`, () => {
      const welch = welchTTest(c.a, c.b);
      expectClose(welch.t, c.welch.t, 1e-10);
      expectClose(welch.df, c.welch.df, 1e-10);
      expectClose(welch.pValue, c.welch.p, 1e-8);
      const student = studentTTest(Float64Array.from(c.a), Float64Array.from(c.b));
      expectClose(student.t, c.student.t, 1e-10);
      expect(student.df).toBe(c.student.df);
      expectClose(student.pValue, c.student.p, 1e-8);
    });
  }

  it('hand example: a = [1, 2, 3], b = [4, 5, 6] gives t = −3/√(2/3) ≈ −3.674, df = 4', () => {
    // Means 2 and 5, both variances 1: se = sqrt(1/3 + 1/3), t = −3 / sqrt(2/3); Welch df = (2/3)² / (2·(1/3)²/2) = 4.
    const welch = welchTTest([1, 2, 3], [4, 5, 6]);
    expectClose(welch.t, -3 / Math.sqrt(2 / 3), 1e-14);
    expectClose(welch.df, 4, 1e-14);
    expect(studentTTest([1, 2, 3], [4, 5, 6]).df).toBe(4);
  });

  it('defines p = 1 when both groups are the same constant, p = 0 when different constants', () => {
    // 0.1 repeated: sum/n would not round-trip exactly, the constant detection must.
    const same = welchTTest([0.1, 0.1, 0.1], [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(same).toEqual({ t: 0, df: 8, pValue: 1 });
    expect(studentTTest([0.1, 0.1, 0.1], [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]).pValue).toBe(1);
    const different = welchTTest([1, 1], [2, 2, 2]);
    expect(different.t).toBe(-Infinity);
    expect(different.pValue).toBe(0);
  });

  it('accepts a class of one for Student (pooled) but not for Welch', () => {
    const student = studentTTest([5], [1, 2, 3]);
    // Pooled variance 1 (from b only), se = sqrt(1 + 1/3), t = 3 / sqrt(4/3), df = 2.
    expectClose(student.t, 3 / Math.sqrt(4 / 3), 1e-14);
    expect(student.df).toBe(2);
    expect(() => welchTTest([5], [1, 2, 3])).toThrow(/at least 2/);
    expect(() => studentTTest([5], [1])).toThrow(/>= 3/);
  });

  it('propagates NaN', () => {
    const r = welchTTest([1, NaN, 3], [4, 5, 6]);
    expect(r.pValue).toBeNaN();
    expect(r.t).toBeNaN();
  });
});

describe('welchTTestColumns / studentTTestColumns', () => {
  const { features, labels, rows, welchP, studentP } = reference.columns;
  const columns = features.map((f) => Float64Array.from(f));

  it('match scipy per feature on the training-row subset (constant feature → p = 1)', () => {
    const welch = welchTTestColumns(columns, Int32Array.from(rows), Uint8Array.from(labels));
    const student = studentTTestColumns(columns, rows, labels);
    welchP.forEach((p, j) => expectClose(welch[j], p, 1e-8));
    studentP.forEach((p, j) => expectClose(student[j], p, 1e-8));
  });

  it('accept boolean labels indexed by patient and reject a too-small class', () => {
    const boolLabels = labels.map((l) => l === 1);
    expect(Array.from(welchTTestColumns(columns, rows, boolLabels))).toEqual(
      Array.from(welchTTestColumns(columns, rows, labels)),
    );
    const onePositive = [rows.find((r) => labels[r] === 1)!, ...rows.filter((r) => labels[r] === 0)];
    expect(() => welchTTestColumns(columns, onePositive, labels)).toThrow(
      /at least 2 values per group, got 1/,
    );
  });
});
