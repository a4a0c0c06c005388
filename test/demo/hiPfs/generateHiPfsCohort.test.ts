// The SYNTHETIC HI / PFS demo cohort: deterministic, shaped as the paper's Table 1, readable by the
// product's own parsers, and carrying the hazard model it documents.
import { describe, expect, it } from 'vitest';
import { generateHiPfsCohort } from '../../../src/demo/hiPfs/generateHiPfsCohort.js';
import { formatHiPfsCsv } from '../../../src/demo/hiPfs/hiPfsCsv.js';
import { HI_PFS_MARGINALS } from '../../../src/demo/hiPfs/hiPfsMarginals.js';
import {
  joinPrognosisCohort,
  parseLesionText,
  parseMarkerName,
  parseOutcomeText,
  patientMarker,
} from '../../../src/prognosis/index.js';

const cohort = generateHiPfsCohort();
const csv = formatHiPfsCsv(cohort);
const parsed = joinPrognosisCohort(parseLesionText(csv.lesions), parseOutcomeText(csv.outcomes));

describe('generateHiPfsCohort', () => {
  it('is deterministic per seed', () => {
    expect(formatHiPfsCsv(generateHiPfsCohort())).toEqual(csv);
    const other = formatHiPfsCsv(generateHiPfsCohort(7));
    expect(other.lesions).not.toBe(csv.lesions);
    expect(other.outcomes).not.toBe(csv.outcomes);
  });

  it('has 32 patients and 280 lesions, at least two each, and every file says SYNTHETIC', () => {
    expect(parsed.patients).toHaveLength(32);
    expect(parsed.patients.reduce((n, p) => n + p.lesions.length, 0)).toBe(280);
    expect(Math.min(...parsed.patients.map((p) => p.lesions.length))).toBeGreaterThanOrEqual(2);
    expect(parsed.synthetic).toBe(true);
    for (const text of Object.values(csv)) expect(text.split('\n')[0]).toMatch(/^# SYNTHETIC/);
    expect(parsed.thresholds).toEqual(['2.5', '40', '50']);
  });

  it('reproduces Table 1: patients with a lesion at each site, and 25 with visceral lesions', () => {
    const patientsWith = (sites: string[]) =>
      parsed.patients.filter((p) => p.lesions.some((l) => sites.includes(l.site ?? ''))).length;
    for (const [site, count] of Object.entries(HI_PFS_MARGINALS.sitePatients)) {
      expect(patientsWith([site]), site).toBe(count);
    }
    expect(patientsWith(['lung', 'liver', 'adrenal', 'ovary'])).toBe(25);
  });

  it('keeps the physics of contours: SUVmean2.5 ≤ SUVmean40 ≤ SUVmean50 ≤ SUVmax, HI50 in (1, 2], MTV grows as the threshold falls', () => {
    for (const l of parsed.patients.flatMap((p) => p.lesions)) {
      const m = l.measures;
      expect(m['40']!.suvMean).toBeLessThanOrEqual(m['50']!.suvMean);
      expect(m['50']!.suvMean).toBeLessThanOrEqual(l.suvMax);
      expect(l.suvMax / m['50']!.suvMean).toBeGreaterThan(1);
      expect(l.suvMax / m['50']!.suvMean).toBeLessThanOrEqual(2.0001);
      expect(m['2.5']!.suvMean).toBeGreaterThanOrEqual(2.5);
      expect(m['40']!.mtv).toBeGreaterThanOrEqual(m['50']!.mtv);
      expect(m['2.5']!.mtv).toBeGreaterThanOrEqual(m['40']!.mtv);
    }
  });

  it('the truth file is the documented hazard model on HI50_max as read back from the lesion file', () => {
    const spec = parseMarkerName('HI50_max')!;
    const { baselineRatePerMonth, logHazardRatioPerUnit, centre } = HI_PFS_MARGINALS.hazard;
    parsed.patients.forEach((patient, i) => {
      const hi = patientMarker(patient.lesions, spec)!;
      expect(cohort.truth[i].patientId).toBe(patient.patientId);
      expect(cohort.truth[i].hi50Max).toBe(hi);
      expect(cohort.truth[i].hazardPerMonth).toBeCloseTo(
        baselineRatePerMonth * Math.exp(logHazardRatioPerUnit * (hi - centre)),
        12,
      );
    });
  });

  it('HI50_max carries the signal: above the paper cut-off, more and earlier progression', () => {
    const high = parsed.patients.filter(
      (p) => patientMarker(p.lesions, parseMarkerName('HI50_max')!)! >= 1.571,
    );
    const low = parsed.patients.filter((p) => !high.includes(p));
    const rate = (g: typeof high) => g.filter((p) => p.progressed).length / g.length;
    expect(high.length).toBeGreaterThanOrEqual(8);
    expect(low.length).toBeGreaterThanOrEqual(8);
    expect(rate(high)).toBeGreaterThan(rate(low) + 0.3);
  });
});
