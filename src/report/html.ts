/**
 * renderHtmlReport: the model artifact as one self-contained, offline-readable, printable HTML page
 * (inline CSS, inline SVG charts, no external resources). A pure function of the artifact; writing
 * it to disk is writeReport's job.
 */
import type { ModelArtifact } from '../model/artifact.js';
import { escapeHtml } from './escape.js';
import { renderAucTable } from './sections/aucTable.js';
import { renderIntendedUse, renderSyntheticBanner } from './sections/banner.js';
import { renderBestModelMetrics } from './sections/bestModelMetrics.js';
import { renderCohortTable } from './sections/cohortTable.js';
import { renderComparisons } from './sections/comparisons.js';
import { renderCoupling } from './sections/coupling.js';
import { renderFeatureTables } from './sections/featureTable.js';
import { renderProvenance } from './sections/provenance.js';
import { renderReliabilityFigures } from './sections/reliabilityFigures.js';
import { renderRocFigures } from './sections/rocFigures.js';
import { renderTuning } from './sections/tuning.js';
import { REPORT_CSS } from './style.js';

export function renderHtmlReport(artifact: ModelArtifact): string {
  const id = String(artifact.id ?? '');
  const shortId = id.slice(0, 12);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>HER2 status model report ${escapeHtml(shortId)}${artifact.synthetic === true ? ' (synthetic)' : ''}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    renderSyntheticBanner(artifact),
    '<header>',
    '<h1>HER2 expression status from PET/CT radiomics: model report</h1>',
    `<p class="subtitle">Model <code>${escapeHtml(id)}</code> · created ${escapeHtml(String(artifact.createdAt ?? '–'))}. ` +
      'Three one-vs-rest tasks (HER2-over / -low / -zero vs. others), four classifiers each (LR, KNN, SVM, RF), ' +
      'following Hou et al., Cancer Imaging 2025.</p>',
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
    renderComparisons(artifact),
    renderCoupling(artifact),
    renderTuning(artifact),
    '</main>',
    `<footer>Generated from model artifact <code>${escapeHtml(id)}</code> (schema version ${escapeHtml(
      String(artifact.schemaVersion ?? '–'),
    )}).${artifact.synthetic === true ? ' Synthetic demo cohort: not clinical evidence.' : ''}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
