/**
 * Patient-level PET markers from lesions, named as the study tabulates them:
 * `SUVmax_{agg}`, `MTV{t}_{agg}`, `TLG{t}_{agg}`, `HI{t}_{agg}` with agg ∈ {max, mean, median} over
 * the patient's lesions and t a delineation threshold. Per lesion, HI = SUVmax / SUVmean at t (the
 * heterogeneity index: how far the hottest voxel stands above the contour's mean) and
 * TLG = MTV × SUVmean at t. HI50_max is the study's marker. Pure functions.
 */
import { THRESHOLDS, type Lesion, type Threshold } from './lesionTable.js';

export const AGGREGATES = ['max', 'mean', 'median'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

export const PARAMETERS = ['SUVmax', 'TLG', 'MTV', 'HI'] as const;
export type Parameter = (typeof PARAMETERS)[number];

export interface MarkerSpec {
  parameter: Parameter;
  /** null for SUVmax, which does not depend on the contour. */
  threshold: Threshold | null;
  aggregate: Aggregate;
}

export function markerName(spec: MarkerSpec): string {
  return `${spec.parameter}${spec.threshold ?? ''}_${spec.aggregate}`;
}

const MARKER_PATTERN = /^(SUVmax|TLG|MTV|HI)(2\.5|40|50)?_(max|mean|median)$/;

/** The spec a marker name stands for, or null when the name is not one (see markerName). */
export function parseMarkerName(name: string): MarkerSpec | null {
  const match = MARKER_PATTERN.exec(name);
  if (match === null) return null;
  const parameter = match[1] as Parameter;
  const threshold = (match[2] ?? null) as Threshold | null;
  if ((parameter === 'SUVmax') !== (threshold === null)) return null;
  return { parameter, threshold, aggregate: match[3] as Aggregate };
}

/** Every marker the thresholds allow, in the study's Table 2 order (SUVmax, then TLG, MTV, HI per threshold). */
export function availableMarkers(thresholds: readonly Threshold[]): MarkerSpec[] {
  const specs: MarkerSpec[] = AGGREGATES.map((aggregate) => ({
    parameter: 'SUVmax',
    threshold: null,
    aggregate,
  }));
  for (const threshold of THRESHOLDS.filter((t) => thresholds.includes(t))) {
    for (const parameter of ['TLG', 'MTV', 'HI'] as const) {
      for (const aggregate of AGGREGATES) specs.push({ parameter, threshold, aggregate });
    }
  }
  return specs;
}

/** The lesion's value of the parameter, or NaN when the lesion has no contour at the threshold. */
export function lesionParameter(lesion: Lesion, parameter: Parameter, threshold: Threshold | null): number {
  if (parameter === 'SUVmax') return lesion.suvMax;
  const measure = threshold === null ? undefined : lesion.measures[threshold];
  if (measure === undefined) return NaN;
  switch (parameter) {
    case 'HI':
      return lesion.suvMax / measure.suvMean;
    case 'MTV':
      return measure.mtv;
    case 'TLG':
      return measure.mtv * measure.suvMean;
  }
}

export function aggregateValues(values: readonly number[], aggregate: Aggregate): number {
  if (values.length === 0) return NaN;
  if (aggregate === 'max') return Math.max(...values);
  if (aggregate === 'mean') return values.reduce((s, v) => s + v, 0) / values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The patient's marker over the lesions delineated at its threshold; null when none is. */
export function patientMarker(lesions: readonly Lesion[], spec: MarkerSpec): number | null {
  const values = lesions
    .map((lesion) => lesionParameter(lesion, spec.parameter, spec.threshold))
    .filter((v) => !Number.isNaN(v));
  return values.length === 0 ? null : aggregateValues(values, spec.aggregate);
}
