/**
 * renderHtmlReport: the model artifact as one self-contained, offline-readable, printable HTML page
 * (inline CSS, inline SVG charts, no external resources). A pure function of the artifact; writing
 * it to disk is writeReport's job.
 */
import type { ModelArtifact } from '../model/artifact.js';
import { presentTasks, taskTitle } from './artifactAccess.js';
import { escapeHtml } from './escape.js';
import { renderAucTable } from './sections/aucTable.js';
import { renderIntendedUse, renderSyntheticBanner } from './sections/banner.js';
import { renderBestModelMetrics } from './sections/bestModelMetrics.js';
import { renderCohortTable } from './sections/cohortTable.js';
import { renderComparisons } from './sections/comparisons.js';
import { renderChecklist } from './sections/checklist.js';
import { renderCoupling } from './sections/coupling.js';
import { renderDecisionCurves } from './sections/decisionCurves.js';
import { renderFeatureTables } from './sections/featureTable.js';
import { renderOddsRatios } from './sections/oddsRatios.js';
import { renderPipelineSearch } from './sections/pipelineSearch.js';
import { renderProvenance } from './sections/provenance.js';
import { renderReliabilityFigures } from './sections/reliabilityFigures.js';
import { renderRocFigures } from './sections/rocFigures.js';
import { renderTuning } from './sections/tuning.js';
import { htmlHeadLines } from './htmlHead.js';

const MODALITY_LABELS: Record<string, string> = {
  pet: 'PET',
  ct: 'CT',
  mri: 'MRI',
  dwi: 'DWI',
  dce: 'DCE-MRI',
};

/** "PET/CT radiomics", "MRI and DWI features": from the modality prefixes of the inputs the model reads. */
function imagingLabel(artifact: ModelArtifact): string {
  const names = [...(artifact.input?.features ?? []), ...Object.keys(artifact.input?.categorical ?? {})];
  const present = new Set(names.map((n) => n.split('_')[0].toLowerCase()));
  const prefixes = Object.keys(MODALITY_LABELS).filter((p) => present.has(p));
  if (prefixes.length === 0) return 'imaging features';
  const labels = prefixes.map((p) => MODALITY_LABELS[p]);
  return prefixes.every((p) => p === 'pet' || p === 'ct')
    ? `${labels.join('/')} radiomics`
    : `${labels.join(', ')} features`;
}

/** One sentence on the tasks and classifiers, from the artifact (not assumed from the paper). */
function methodSummary(artifact: ModelArtifact): string {
  const tasks = presentTasks(artifact).map((name) => taskTitle(artifact, name));
  const classifiers = [
    ...new Set(Object.values(artifact.tasks ?? {}).flatMap((t) => Object.keys(t.models ?? {}))),
  ];
  const paper =
    artifact.coupling?.method === 'normalized-ovr' && tasks.length === 3
      ? ', following Hou et al., Cancer Imaging 2025'
      : '';
  return (
    `${tasks.length} task${tasks.length === 1 ? '' : 's'} (${tasks.join('; ')}), ` +
    `classifier${classifiers.length === 1 ? '' : 's'} ${classifiers.map((k) => k.toUpperCase()).join(', ')}${paper}.`
  );
}

export function renderHtmlReport(artifact: ModelArtifact): string {
  const id = String(artifact.id ?? '');
  const shortId = id.slice(0, 12);
  return [
    ...htmlHeadLines(
      `HER2 status model report ${shortId}${artifact.synthetic === true ? ' (synthetic)' : ''}`,
    ),
    '<body>',
    renderSyntheticBanner(artifact),
    '<header>',
    `<h1>HER2 expression status from ${escapeHtml(imagingLabel(artifact))}: model report</h1>`,
    `<p class="subtitle">Model <code>${escapeHtml(id)}</code> · created ${escapeHtml(String(artifact.createdAt ?? '–'))}. ` +
      `${escapeHtml(methodSummary(artifact))}</p>`,
    '</header>',
    renderIntendedUse(artifact),
    '<main>',
    renderProvenance(artifact),
    renderCohortTable(artifact),
    renderFeatureTables(artifact),
    renderAucTable(artifact),
    renderBestModelMetrics(artifact),
    renderRocFigures(artifact),
    renderReliabilityFigures(artifact),
    renderDecisionCurves(artifact),
    renderComparisons(artifact),
    renderPipelineSearch(artifact),
    renderOddsRatios(artifact),
    renderCoupling(artifact),
    renderTuning(artifact),
    renderChecklist(artifact),
    '</main>',
    `<footer>Generated from model artifact <code>${escapeHtml(id)}</code> (schema version ${escapeHtml(
      String(artifact.schemaVersion ?? '–'),
    )}).${artifact.synthetic === true ? ' Synthetic demo cohort: not clinical evidence.' : ''}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
