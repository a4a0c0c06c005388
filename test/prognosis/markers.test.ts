// Patient markers against values computed by hand from a three-lesion patient.
import { describe, expect, it } from 'vitest';
import {
  aggregateValues,
  availableMarkers,
  markerName,
  parseMarkerName,
  patientMarker,
  type Lesion,
} from '../../src/prognosis/index.js';

const lesion = (suvMax: number, m50?: [number, number], m40?: [number, number]): Lesion => ({
  patientId: 'p',
  lesionId: String(suvMax),
  site: null,
  suvMax,
  measures: {
    ...(m50 ? { '50': { suvMean: m50[0], mtv: m50[1] } } : {}),
    ...(m40 ? { '40': { suvMean: m40[0], mtv: m40[1] } } : {}),
  },
});

// HI50 per lesion: 8/5 = 1.6, 3/2 = 1.5, 10/4 = 2.5; TLG50: 5*2 = 10, 2*1 = 2, 4*3 = 12.
const LESIONS = [lesion(8, [5, 2], [4, 3]), lesion(3, [2, 1]), lesion(10, [4, 3], [5, 6])];
const marker = (name: string) => patientMarker(LESIONS, parseMarkerName(name)!);

describe('patient markers', () => {
  it('HI50 = SUVmax / SUVmean50 per lesion, then max, mean, median', () => {
    expect(marker('HI50_max')).toBeCloseTo(2.5, 12);
    expect(marker('HI50_mean')).toBeCloseTo((1.6 + 1.5 + 2.5) / 3, 12);
    expect(marker('HI50_median')).toBeCloseTo(1.6, 12);
  });

  it('uses only the lesions delineated at the threshold (HI40: 8/4 = 2, 10/5 = 2 → median of two)', () => {
    expect(marker('HI40_median')).toBeCloseTo(2, 12);
    expect(marker('MTV40_median')).toBeCloseTo((3 + 6) / 2, 12);
    expect(marker('TLG40_max')).toBeCloseTo(30, 12);
  });

  it('SUVmax, MTV and TLG aggregates', () => {
    expect(marker('SUVmax_max')).toBe(10);
    expect(marker('SUVmax_mean')).toBeCloseTo(7, 12);
    expect(marker('SUVmax_median')).toBe(8);
    expect(marker('MTV50_mean')).toBeCloseTo(2, 12);
    expect(marker('TLG50_max')).toBeCloseTo(12, 12);
    expect(marker('TLG50_median')).toBeCloseTo(10, 12);
  });

  it('is null when no lesion has a contour at the threshold', () => {
    expect(marker('HI2.5_max')).toBeNull();
  });

  it('median of an even count averages the middle pair', () => {
    expect(aggregateValues([4, 1, 3, 2], 'median')).toBe(2.5);
    expect(aggregateValues([], 'max')).toBeNaN();
  });
});

describe('marker names', () => {
  it('round-trip, and refuse what is not a marker', () => {
    for (const spec of availableMarkers(['2.5', '40', '50']))
      expect(parseMarkerName(markerName(spec))).toEqual(spec);
    expect(parseMarkerName('HI50_max')).toEqual({ parameter: 'HI', threshold: '50', aggregate: 'max' });
    for (const bad of ['HI_max', 'SUVmax50_max', 'HI45_max', 'HI50_sum', 'hi50_max'])
      expect(parseMarkerName(bad)).toBeNull();
  });

  it('lists the study Table 2 order for the thresholds present', () => {
    expect(availableMarkers(['50']).map(markerName)).toEqual([
      'SUVmax_max',
      'SUVmax_mean',
      'SUVmax_median',
      'TLG50_max',
      'TLG50_mean',
      'TLG50_median',
      'MTV50_max',
      'MTV50_mean',
      'MTV50_median',
      'HI50_max',
      'HI50_mean',
      'HI50_median',
    ]);
    expect(availableMarkers(['2.5', '40', '50'])).toHaveLength(3 + 3 * 9);
  });
});
