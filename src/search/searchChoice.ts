/**
 * The search's rule for what to serve, from inner CV only: the best single pipeline, or the
 * ensemble of the top N (the mean of their calibrated probabilities), whichever has the higher
 * inner CV AUC (ties to the single pipeline, the simpler model). The ensemble's inner CV AUC is
 * computed from its members' held-out scores, each member's calibration map fitted on its own
 * held-out scores, so no patient's held-out score is ever produced by a fit that read it.
 */
import { applyCalibrator, fitCalibrator, type CalibrationMethod } from '../calibration/calibrator.js';
import type { SerializedCalibrator } from '../calibration/calibrator.js';
import { meanFoldAuc, type PipelineSearchResult, type ScoredPipeline } from './pipelineSearch.js';

export interface SearchChoice {
  kind: 'single' | 'ensemble';
  members: ScoredPipeline[];
  /** Per member, the calibration map fitted on its inner held-out scores (for the nested estimate). */
  memberCalibrators: SerializedCalibrator[];
  /** Inner CV AUC of what was chosen. */
  cvAuc: number;
  /** Inner CV AUC of the top-N ensemble (NaN when no ensemble was possible). */
  ensembleCvAuc: number;
}

const finiteOr = (x: number, fallback: number) => (Number.isFinite(x) ? x : fallback);

export function chooseFromSearch(
  result: PipelineSearchResult,
  ensembleSize: number,
  calibration: CalibrationMethod,
): SearchChoice {
  const ranked = result.ranked.filter((s) => Number.isFinite(s.cvAuc));
  if (ranked.length === 0) throw new Error('pipeline search: no pipeline has a finite CV AUC');
  const calibratorOf = (s: ScoredPipeline) => fitCalibrator(calibration, s.oofScores, result.labels);
  const top = ranked[0];
  const size = Math.min(ensembleSize, ranked.length);
  if (size < 2) {
    return {
      kind: 'single',
      members: [top],
      memberCalibrators: [calibratorOf(top)],
      cvAuc: top.cvAuc,
      ensembleCvAuc: NaN,
    };
  }
  const members = ranked.slice(0, size);
  const calibrators = members.map(calibratorOf);
  const mean = new Float64Array(result.labels.length);
  members.forEach((member, m) => {
    const p = applyCalibrator(calibrators[m], member.oofScores);
    for (let i = 0; i < mean.length; i++) mean[i] += p[i] / size;
  });
  const ensembleCvAuc = finiteOr(meanFoldAuc(mean, result.labels, result.folds), -Infinity);
  return ensembleCvAuc > top.cvAuc
    ? { kind: 'ensemble', members, memberCalibrators: calibrators, cvAuc: ensembleCvAuc, ensembleCvAuc }
    : {
        kind: 'single',
        members: [top],
        memberCalibrators: [calibrators[0]],
        cvAuc: top.cvAuc,
        ensembleCvAuc,
      };
}
