/**
 * The prognosis model the service serves by default: the analysis of the SYNTHETIC hi-pfs demo
 * cohort at the study's published cut-off (HI50_max ≥ 1.571), so a fresh install answers
 * POST /v1/prognosis at once — and says the model is synthetic. Built in a few milliseconds.
 */
import { analysePrognosis } from '../../prognosis/analysis.js';
import { joinPrognosisCohort, parseLesionText, parseOutcomeText } from '../../prognosis/index.js';
import { buildPrognosisArtifact, type PrognosisArtifact } from '../../prognosis/prognosisArtifact.js';
import { sha256Hex } from '../../io/sha256.js';
import { generateHiPfsCohort } from './generateHiPfsCohort.js';
import { formatHiPfsCsv } from './hiPfsCsv.js';
import { HI_PFS_FILE_NAMES } from './writeHiPfsCohort.js';

/** Ma et al. 2023: "Patients with HI50% (≥ 1.571) had a significantly worse prognosis". */
export const STUDY_HI50_CUTOFF = 1.571;

export function buildDemoPrognosisModel(createdAt = new Date().toISOString()): PrognosisArtifact {
  const csv = formatHiPfsCsv(generateHiPfsCohort());
  const cohort = joinPrognosisCohort(
    parseLesionText(csv.lesions, HI_PFS_FILE_NAMES.lesions),
    parseOutcomeText(csv.outcomes, HI_PFS_FILE_NAMES.outcomes),
  );
  const summary = analysePrognosis(cohort, { marker: 'HI50_max', cutoff: STUDY_HI50_CUTOFF });
  return buildPrognosisArtifact(
    summary,
    { lesionsSha256: sha256Hex(csv.lesions), outcomesSha256: sha256Hex(csv.outcomes) },
    createdAt,
  );
}
