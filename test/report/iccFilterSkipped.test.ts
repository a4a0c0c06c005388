// A model trained without repeat segmentations says, in the HTML report's reliability row and in
// report.md, that the ICC filter was skipped; a model trained with them does not.
import { describe, expect, it } from 'vitest';
import type { ModelArtifact } from '../../src/model/artifact.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderMarkdownSummary } from '../../src/report/markdown.js';
import { buildFixtureArtifact } from '../fixtures/report/fixtureArtifact.js';
import { sectionById } from './markupChecks.js';

const SKIPPED = 'ICC reliability filter skipped: no repeat segmentations were supplied';

function withoutRepeats(): ModelArtifact {
  const artifact = buildFixtureArtifact({ synthetic: true });
  const { interSource: _inter, intraSource: _intra, ...rest } = artifact.provenance.reliability;
  return {
    ...artifact,
    provenance: { ...artifact.provenance, reliability: { ...rest, iccFilterSkipped: true } },
  };
}

describe('ICC filter skipped', () => {
  it('the reliability row of the HTML report and report.md say so', () => {
    const artifact = withoutRepeats();
    expect(sectionById(renderHtmlReport(artifact), 'provenance')).toContain(SKIPPED);
    expect(renderMarkdownSummary(artifact)).toContain(`Reliability: ${SKIPPED}`);
  });

  it('a model trained with repeat segmentations reports the filter, not a skip', () => {
    const artifact = buildFixtureArtifact({ synthetic: true });
    const provenance = sectionById(renderHtmlReport(artifact), 'provenance');
    expect(provenance).not.toContain(SKIPPED);
    expect(provenance).toContain('radiomic features kept at ICC');
    expect(renderMarkdownSummary(artifact)).not.toContain(SKIPPED);
  });
});

describe('feature extraction row', () => {
  it('names each modality with its PyRadiomics version and bin width, and mixed settings', () => {
    const artifact = buildFixtureArtifact({ synthetic: true });
    expect(sectionById(renderHtmlReport(artifact), 'provenance')).not.toContain('Feature extraction');
    const withExtraction: ModelArtifact = {
      ...artifact,
      provenance: {
        ...artifact.provenance,
        extraction: {
          pet: { versions: { PyRadiomics: 'v3.1.0' }, settings: { binWidth: 0.25 } },
          ct: {
            versions: { PyRadiomics: 'v3.1.0' },
            settings: { binWidth: 25 },
            mixed: ['diagnostics_Configuration_Settings'],
          },
        },
      },
    };
    expect(sectionById(renderHtmlReport(withExtraction), 'provenance')).toContain(
      '<dt>Feature extraction</dt><dd><code>pet</code>: PyRadiomics v3.1.0, bin width 0.25; <code>ct</code>: PyRadiomics v3.1.0, bin width 25 — MIXED: diagnostics_Configuration_Settings</dd>',
    );
  });
});
