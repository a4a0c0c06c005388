/**
 * The header block: what model this is and how it was produced (id, cohort and its hash, seed,
 * configuration, package versions, feature reliability filter, site harmonisation, external sites), so a printed
 * report can be traced back to its artifact.
 */
import type { ModelArtifact } from '../../model/artifact.js';
import { escapeHtml } from '../escape.js';
import { formatFixed, isFiniteNumber } from '../format.js';

function row(term: string, valueHtml: string): string {
  return `<div><dt>${escapeHtml(term)}</dt><dd>${valueHtml}</dd></div>`;
}

function code(text: unknown): string {
  return `<code>${escapeHtml(String(text ?? '–'))}</code>`;
}

export const ICC_FILTER_SKIPPED_TEXT =
  'ICC reliability filter skipped: no repeat segmentations were supplied, so every feature was a candidate';

function reliabilitySummary(artifact: ModelArtifact): string {
  const r = artifact.provenance?.reliability;
  if (!r) return '–';
  if (r.iccFilterSkipped === true) return escapeHtml(ICC_FILTER_SKIPPED_TEXT);
  const kept = isFiniteNumber(r.kept) ? String(r.kept) : '–';
  const total = isFiniteNumber(r.total) ? String(r.total) : '–';
  const sources = [
    r.interSource ? `inter-observer: ${code(r.interSource)}` : '',
    r.intraSource ? `intra-observer: ${code(r.intraSource)}` : '',
  ].filter(Boolean);
  return (
    `${escapeHtml(kept)} of ${escapeHtml(total)} radiomic features kept at ICC ≥ ${escapeHtml(formatFixed(r.iccThreshold, 2))}` +
    (isFiniteNumber(r.totalCategorical) && r.totalCategorical > 0
      ? `; ${escapeHtml(String(r.keptCategorical ?? '–'))} of ${escapeHtml(String(r.totalCategorical))} categorical inputs ` +
        `kept at Cohen's kappa > ${escapeHtml(formatFixed(r.kappaThreshold, 2))}`
      : '') +
    (sources.length > 0 ? ` (${sources.join('; ')})` : ' (no repeat segmentation supplied)')
  );
}

/** The PyRadiomics row, only when the cohort carried its extraction (her2 cohort build). */
function extractionRow(artifact: ModelArtifact): string {
  const extraction = artifact.provenance?.extraction;
  if (!extraction || typeof extraction !== 'object') return '';
  const parts = Object.entries(extraction).map(([modality, e]) => {
    const settings = (e?.settings ?? {}) as Record<string, unknown>;
    const bin =
      settings.binWidth !== undefined
        ? `bin width ${String(settings.binWidth)}`
        : settings.binCount !== undefined
          ? `bin count ${String(settings.binCount)}`
          : '';
    const mixed = e?.mixed?.length ? ` — MIXED: ${e.mixed.join(', ')}` : '';
    return `${code(modality)}: PyRadiomics ${escapeHtml(String(e?.versions?.PyRadiomics ?? 'unknown'))}${bin ? `, ${escapeHtml(bin)}` : ''}${escapeHtml(mixed)}`;
  });
  return row('Feature extraction', parts.join('; '));
}

/** The ComBat row, only for a harmonised model (an unharmonised report is unchanged). */
function harmonisationRow(artifact: ModelArtifact): string {
  const h = artifact.input?.harmonization;
  if (!h) return '';
  const shrinkage = h.eb ? 'empirical-Bayes shrinkage' : 'no shrinkage';
  const adjusts = h.meanOnly ? 'site location only' : 'site location and scale';
  return row(
    'Site harmonisation',
    `ComBat (${escapeHtml(shrinkage)}, ${escapeHtml(adjusts)}) fitted on the training rows of ` +
      `${h.batches.map((s) => code(s)).join(', ')}; patients of other sites are used unharmonised`,
  );
}

/** Pretty JSON for the config block; never throws (e.g. on BigInt or cycles from a hand-made artifact). */
export function configJson(config: unknown): string {
  try {
    return JSON.stringify(config ?? {}, null, 2) ?? '{}';
  } catch {
    return String(config);
  }
}

function packageVersions(versions: Record<string, string> | undefined): string {
  const entries = Object.entries(versions ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return '–';
  return `<ul class="inline-list">${entries
    .map(([name, version]) => `<li>${code(name)} ${escapeHtml(String(version))}</li>`)
    .join('')}</ul>`;
}

export function renderProvenance(artifact: ModelArtifact): string {
  const p = artifact.provenance;
  const sites = p?.externalSites ?? [];
  return (
    `<section id="provenance" aria-labelledby="provenance-heading">` +
    `<h2 id="provenance-heading">Model and provenance</h2>` +
    `<dl class="provenance">` +
    row('Model id', code(artifact.id)) +
    row('Created at', escapeHtml(String(artifact.createdAt ?? '–'))) +
    row('Schema version', escapeHtml(String(artifact.schemaVersion ?? '–'))) +
    row('Cohort source', code(p?.cohortSource)) +
    row('Cohort sha256', code(p?.cohortSha256)) +
    row('Seed', escapeHtml(String(p?.seed ?? '–'))) +
    row('Reliability filter', reliabilitySummary(artifact)) +
    extractionRow(artifact) +
    harmonisationRow(artifact) +
    row(
      'External sites',
      sites.length > 0 ? sites.map((s) => code(s)).join(', ') : 'none (no external validation set)',
    ) +
    row('Package versions', packageVersions(p?.packageVersions)) +
    `</dl>` +
    `<details class="config"><summary>Training configuration</summary><pre>${escapeHtml(configJson(p?.config))}</pre></details>` +
    `</section>`
  );
}
