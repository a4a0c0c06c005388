/**
 * The prognosis analysis of Ma et al. 2023, done with its stated method and a few additions: the
 * Spearman table over every parameter × threshold × aggregate, the time-dependent ROC of each
 * marker for PFS at a horizon, a cut-off (given, or by Youden's index on the chosen marker's ROC),
 * Kaplan–Meier curves of the two groups with numbers at risk and log–log CIs, the log-rank test,
 * and Cox hazard ratios (high vs low group, and per unit of the marker) the study did not fit.
 * Pure: a cohort in, a JSON-ready summary out.
 */
import { coxPh, logRankTest, timeDependentRoc, type CoxPhResult } from '../survival/index.js';
import { AnalysisInputError } from './analysisInputError.js';
import { markerRocTable, operatingPoint, type MarkerRocRow } from './markerRoc.js';
import { cohortMarker, requireMarker } from './markerValues.js';
import type { PrognosisCohort } from './prognosisCohort.js';
import { atRiskGrid, groupCurve, riskGroupOf, type GroupCurve } from './riskGroups.js';
import { spearmanTable, type SpearmanRow } from './spearmanTable.js';

export const DEFAULT_MARKER = 'HI50_max';
/** The study assessed 1-year PFS. */
export const DEFAULT_HORIZON_MONTHS = 12;
export const AT_RISK_STEP_MONTHS = 6;

export const SYNTHETIC_PROGNOSIS_WARNING =
  'This analysis ran on SYNTHETIC data: its cut-off, curves and p-values are not clinical evidence.';

export interface PrognosisOptions {
  marker?: string;
  horizon?: number;
  cutoff?: number;
}

export interface CoxSummary {
  covariate: string;
  hazardRatio: number | null;
  ci95: [number, number] | null;
  /** Wald p of the hazard ratio. */
  p: number | null;
  likelihoodRatioP: number | null;
  /** Schoenfeld-residual test of proportional hazards (cox.zph). */
  proportionalHazardsP: number | null;
  converged: boolean;
  note?: string;
}

export interface PrognosisSummary {
  kind: 'her2-prognosis-summary';
  synthetic: boolean;
  syntheticWarning?: string;
  sources: { lesions: string; outcomes: string };
  patients: number;
  events: number;
  marker: string;
  cutoff: number;
  cutoffSource: 'given' | 'youden';
  /** How a patient is put in the high group. */
  highGroup: string;
  groups: { high: GroupCurve; low: GroupCurve };
  logRank: { chisq: number; df: number; p: number };
  cox: CoxSummary;
  coxPerUnit: CoxSummary;
  timeDependentAuc: {
    horizon: number;
    auc: number;
    se: number;
    ci95: [number, number];
    cases: number;
    controls: number;
    youden: { cutoff: number; sensitivity: number; specificity: number };
    atCutoff: { sensitivity: number; specificity: number };
    curve: { cutoffs: number[]; sensitivity: number[]; specificity: number[] };
  };
  rocByMarker: MarkerRocRow[];
  /** Spearman's rho of each marker with PFS months (Table 2 of the study). */
  spearmanAgainst: 'pfs_months';
  spearman: SpearmanRow[];
}

function coxSummary(fit: () => CoxPhResult | null, covariate: string): CoxSummary {
  const result = fit();
  if (result === null || !result.converged) {
    return {
      covariate,
      hazardRatio: null,
      ci95: null,
      p: null,
      likelihoodRatioP: null,
      proportionalHazardsP: null,
      converged: false,
      note: 'the Cox fit did not converge (a group without progression makes the hazard ratio infinite)',
    };
  }
  return {
    covariate,
    hazardRatio: result.hazardRatios[0],
    ci95: result.ci95[0],
    p: result.waldP[0],
    likelihoodRatioP: result.likelihoodRatioP,
    proportionalHazardsP: result.schoenfeld.global.p,
    converged: true,
  };
}

function requireHorizon(horizon: number): number {
  if (!Number.isFinite(horizon) || horizon <= 0) {
    throw new AnalysisInputError(`horizon must be a positive number of months, got ${horizon}`);
  }
  return horizon;
}

export function analysePrognosis(cohort: PrognosisCohort, options: PrognosisOptions = {}): PrognosisSummary {
  const spec = requireMarker(cohort, options.marker ?? DEFAULT_MARKER);
  const marker = options.marker ?? DEFAULT_MARKER;
  const horizon = requireHorizon(options.horizon ?? DEFAULT_HORIZON_MONTHS);
  const values = cohortMarker(cohort, spec);
  const missing = values.findIndex((v) => v === null);
  if (missing >= 0) {
    throw new AnalysisInputError(
      `patient "${cohort.patients[missing].patientId}" has no lesion delineated at threshold ${spec.threshold}, so no ${marker}`,
    );
  }
  const x = values as number[];
  const time = cohort.patients.map((p) => p.pfsMonths);
  const event = cohort.patients.map((p): number => (p.progressed ? 1 : 0));
  const events = event.reduce((a, b) => a + b, 0);
  if (events === 0) throw new AnalysisInputError('no patient progressed: PFS cannot be analysed');

  let roc;
  try {
    roc = timeDependentRoc(time, event, x, horizon);
  } catch (error) {
    if (error instanceof RangeError) {
      throw new AnalysisInputError(
        `time-dependent ROC of ${marker} at ${horizon} months: ${error.message} (try another --horizon)`,
      );
    }
    throw error;
  }
  const cutoff = options.cutoff ?? roc.youden.cutoff;
  if (!Number.isFinite(cutoff))
    throw new AnalysisInputError(`cut-off must be a finite number, got ${cutoff}`);
  const group = x.map((v) => riskGroupOf(v, cutoff));
  const highCount = group.filter((g) => g === 'high').length;
  if (highCount === 0 || highCount === group.length) {
    throw new AnalysisInputError(
      `cut-off ${cutoff} puts all ${group.length} patients in the ${highCount === 0 ? 'low' : 'high'} group ` +
        `(${marker} ranges ${Math.min(...x)} to ${Math.max(...x)})`,
    );
  }

  const grid = atRiskGrid(Math.max(...time), AT_RISK_STEP_MONTHS);
  const curveOf = (g: 'high' | 'low') => {
    const members = group.map((label, i) => (label === g ? i : -1)).filter((i) => i >= 0);
    return groupCurve(
      members.map((i) => time[i]),
      members.map((i) => event[i]),
      grid,
    );
  };
  const groups = { high: curveOf('high'), low: curveOf('low') };
  const logRank = logRankTest(time, event, group);
  const highIndicator = group.map((g) => [g === 'high' ? 1 : 0]);

  return {
    kind: 'her2-prognosis-summary',
    synthetic: cohort.synthetic,
    ...(cohort.synthetic ? { syntheticWarning: SYNTHETIC_PROGNOSIS_WARNING } : {}),
    sources: cohort.sources,
    patients: cohort.patients.length,
    events,
    marker,
    cutoff,
    cutoffSource: options.cutoff === undefined ? 'youden' : 'given',
    highGroup: `${marker} >= cutoff`,
    groups,
    logRank: { chisq: logRank.chisq, df: logRank.df, p: logRank.p },
    // A group without progression makes the likelihood monotone (the HR runs off to 0 or infinity)
    // while its relative change still looks converged: no fit then.
    cox: coxSummary(
      () => (groups.high.events === 0 || groups.low.events === 0 ? null : coxPh(time, event, highIndicator)),
      'high vs low group',
    ),
    coxPerUnit: coxSummary(
      () =>
        coxPh(
          time,
          event,
          x.map((v) => [v]),
        ),
      `per unit of ${marker}`,
    ),
    timeDependentAuc: {
      horizon,
      auc: roc.auc,
      se: roc.se,
      ci95: roc.ci95,
      cases: roc.cases,
      controls: roc.controls,
      youden: roc.youden,
      atCutoff: operatingPoint(roc, cutoff),
      curve: { cutoffs: roc.cutoffs, sensitivity: roc.sensitivity, specificity: roc.specificity },
    },
    rocByMarker: markerRocTable(cohort, horizon),
    spearmanAgainst: 'pfs_months',
    spearman: spearmanTable(cohort),
  };
}
