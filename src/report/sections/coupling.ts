/** How the three one-vs-rest probabilities become one distribution over {over, low, zero}. */
import type { ModelArtifact } from '../../model/artifact.js';
import { escapeHtml } from '../escape.js';

export function renderCoupling(artifact: ModelArtifact): string {
  const coupling = artifact.coupling;
  return (
    `<section id="coupling" aria-labelledby="coupling-heading">` +
    `<h2 id="coupling-heading">Three-class prediction</h2>` +
    `<p>Method: <code>${escapeHtml(String(coupling?.method ?? '–'))}</code></p>` +
    `<p>${escapeHtml(String(coupling?.description ?? 'Not described in the artifact.'))}</p>` +
    `</section>`
  );
}
