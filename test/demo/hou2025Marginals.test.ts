import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HER2_STATUSES, SET_NAMES } from '../../src/cohort/cohort.js';
import { HOU2025_MARGINALS } from '../../src/demo/hou2025Marginals.js';

describe('Hou 2025 marginals', () => {
  it('training/hou2025-cohort.json is the same record as src/demo/hou2025Marginals.ts', () => {
    // Regenerate with: JSON.stringify(HOU2025_MARGINALS, null, 2) + '\n'
    const json = readFileSync(new URL('../../training/hou2025-cohort.json', import.meta.url), 'utf8');
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(HOU2025_MARGINALS)));
  });

  it('adds up to the paper: 150 training + 65 validation = 215 internal (79/96/40), 100 external (25/45/30)', () => {
    const n = (set: (typeof SET_NAMES)[number]) =>
      HER2_STATUSES.map((c) => HOU2025_MARGINALS.sets[set].classes[c].n);
    expect(n('training')).toEqual([52, 65, 33]);
    expect(n('validation')).toEqual([27, 31, 7]);
    expect(n('external')).toEqual([25, 45, 30]);
  });

  it('has counts no larger than their cell; training ER counts reproduce Table 1 printed percentages', () => {
    for (const set of SET_NAMES) {
      for (const c of HER2_STATUSES) {
        const m = HOU2025_MARGINALS.sets[set].classes[c];
        for (const k of [m.erPositive, m.prPositive, m.ki67High]) expect(k).toBeLessThanOrEqual(m.n);
      }
    }
    // Table 1 prints ER positive as count (percent of the set): 23 (15.3%), 51 (34.0%), 22 (14.7%) of 150.
    const er = HER2_STATUSES.map((c) => HOU2025_MARGINALS.sets.training.classes[c].erPositive / 150);
    expect(er.map((r) => Math.round(r * 1000) / 10)).toEqual([15.3, 34.0, 14.7]);
  });

  it('lists Table 3 as 8 / 10 / 2 features without the OCR typos', () => {
    const t3 = HOU2025_MARGINALS.table3.features;
    expect([t3.over.length, t3.low.length, t3.zero.length]).toEqual([8, 10, 2]);
    for (const name of [...t3.over, ...t3.low, ...t3.zero]) expect(name).not.toMatch(/glcmm|glrIm/);
  });
});
