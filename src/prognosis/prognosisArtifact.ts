/**
 * A prognosis model: what a patient needs to be placed in a risk group and told that group's PFS —
 * the marker, its cut-off, and the Kaplan–Meier curves of the cohort it came from. Content-addressed
 * like the classifier (sha256 of the canonical JSON without `id` and `createdAt`), so the same
 * analysis of the same files always has the same id.
 */
import { basename } from 'node:path/posix';
import { sha256Hex } from '../io/sha256.js';
import { canonicalJson } from '../model/canonicalJson.js';
import type { PrognosisSummary } from './analysis.js';
import type { GroupCurve } from './riskGroups.js';

export const PROGNOSIS_ARTIFACT_KIND = 'her2-prognosis-model';

export interface PrognosisCohortProvenance {
  /** File names (not paths: the id must not depend on where the files were). */
  lesions: { name: string; sha256: string | null };
  outcomes: { name: string; sha256: string | null };
  patients: number;
  events: number;
}

export interface PrognosisArtifact {
  kind: typeof PROGNOSIS_ARTIFACT_KIND;
  schemaVersion: 1;
  id: string;
  createdAt: string;
  synthetic: boolean;
  syntheticWarning: string | null;
  cohort: PrognosisCohortProvenance;
  marker: string;
  cutoff: number;
  cutoffSource: 'given' | 'youden';
  highGroup: string;
  horizon: number;
  groups: { high: Omit<GroupCurve, 'atRisk'>; low: Omit<GroupCurve, 'atRisk'> };
  logRankP: number;
  coxHazardRatio: number | null;
  coxCi95: [number, number] | null;
  timeDependentAuc: { auc: number; ci95: [number, number] };
}

export function prognosisArtifactId(artifact: Omit<PrognosisArtifact, 'id'> | PrognosisArtifact): string {
  const { id: _id, createdAt: _createdAt, ...content } = artifact as PrognosisArtifact;
  return sha256Hex(canonicalJson(content));
}

const withoutAtRisk = ({ atRisk: _atRisk, ...curve }: GroupCurve) => curve;

export function buildPrognosisArtifact(
  summary: PrognosisSummary,
  files: { lesionsSha256: string | null; outcomesSha256: string | null },
  createdAt: string,
): PrognosisArtifact {
  // Paths may use either separator; only the file name is kept.
  const name = (path: string) => basename(path.replace(/\\/g, '/'));
  const content: Omit<PrognosisArtifact, 'id'> = {
    kind: PROGNOSIS_ARTIFACT_KIND,
    schemaVersion: 1,
    createdAt,
    synthetic: summary.synthetic,
    syntheticWarning: summary.syntheticWarning ?? null,
    cohort: {
      lesions: { name: name(summary.sources.lesions), sha256: files.lesionsSha256 },
      outcomes: { name: name(summary.sources.outcomes), sha256: files.outcomesSha256 },
      patients: summary.patients,
      events: summary.events,
    },
    marker: summary.marker,
    cutoff: summary.cutoff,
    cutoffSource: summary.cutoffSource,
    highGroup: summary.highGroup,
    horizon: summary.timeDependentAuc.horizon,
    groups: { high: withoutAtRisk(summary.groups.high), low: withoutAtRisk(summary.groups.low) },
    logRankP: summary.logRank.p,
    coxHazardRatio: summary.cox.hazardRatio,
    coxCi95: summary.cox.ci95,
    timeDependentAuc: { auc: summary.timeDependentAuc.auc, ci95: summary.timeDependentAuc.ci95 },
  };
  return { ...content, id: prognosisArtifactId(content) };
}
