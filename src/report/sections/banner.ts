/**
 * The warnings at the top of the page: the synthetic-cohort banner (only when the artifact says it
 * was trained on synthetic data) and the intended-use note (always).
 */
import type { ModelArtifact } from '../../model/artifact.js';
import { escapeHtml } from '../escape.js';

export const SYNTHETIC_BANNER_TEXT =
  'Trained on the SYNTHETIC demo cohort — these numbers are not clinical evidence';

export const NOT_A_MEDICAL_DEVICE_TEXT =
  'Not a medical device: research use only, not for diagnosis or treatment decisions. HER2 status must be ' +
  'established by immunohistochemistry / in situ hybridisation.';

export function renderSyntheticBanner(artifact: ModelArtifact): string {
  if (artifact.synthetic !== true) return '';
  return `<div class="banner-synthetic" role="alert"><strong>${escapeHtml(SYNTHETIC_BANNER_TEXT)}</strong></div>`;
}

export function renderIntendedUse(artifact: ModelArtifact): string {
  const intendedUse = typeof artifact.intendedUse === 'string' ? artifact.intendedUse.trim() : '';
  return (
    `<aside class="intended-use" aria-label="Intended use">` +
    `<h2>Intended use</h2>` +
    (intendedUse ? `<p>${escapeHtml(intendedUse)}</p>` : '') +
    `<p><strong>${escapeHtml(NOT_A_MEDICAL_DEVICE_TEXT)}</strong></p>` +
    `</aside>`
  );
}
