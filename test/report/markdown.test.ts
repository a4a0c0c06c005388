import { describe, expect, it } from 'vitest';
import type { ModelArtifact } from '../../src/model/artifact.js';
import { renderMarkdownSummary } from '../../src/report/markdown.js';
import { buildFixtureArtifact } from '../fixtures/report/fixtureArtifact.js';

const WARNING = 'Trained on the SYNTHETIC demo cohort — these numbers are not clinical evidence';

describe('renderMarkdownSummary', () => {
  const artifact = buildFixtureArtifact({ synthetic: true });
  const md = renderMarkdownSummary(artifact);

  it('starts with the model id and carries the synthetic warning', () => {
    expect(md.startsWith(`# HER2 status model ${artifact.id}\n`)).toBe(true);
    expect(md).toContain(`> **WARNING: ${WARNING}.**`);
    expect(md).toContain('Not a medical device');
  });

  it('says "Not a medical device" once, also when the intended use already says it', () => {
    const count = (text: string) => text.match(/not a medical device/gi)?.length ?? 0;
    const saying = renderMarkdownSummary({ ...artifact, intendedUse: 'Research use. Not a medical device.' });
    expect(count(saying)).toBe(1);
    const silent = renderMarkdownSummary({ ...artifact, intendedUse: 'Research use.' });
    expect(count(silent)).toBe(1);
  });

  it('has no synthetic warning for a non-synthetic artifact', () => {
    const real = renderMarkdownSummary(buildFixtureArtifact({ synthetic: false }));
    expect(real).not.toContain('SYNTHETIC');
    expect(real).not.toContain('WARNING');
  });

  it('names the best classifier per task with validation and external AUC (95% CI)', () => {
    expect(md).toContain(
      '| HER2-over-expression vs. others | RF | 0.785 (0.665–0.877) | 0.788 (0.708–0.868) |',
    );
    expect(md).toContain(
      '| HER2-low-expression vs. others | LR | 0.756 (0.634–0.854) | 0.779 (0.698–0.860) |',
    );
    expect(md).toContain(
      '| HER2-zero-expression vs. others | KNN | 0.847 (0.764–0.910) | 0.835 (0.762–0.908) |',
    );
  });

  it('follows the artifact when the best classifier changes', () => {
    const changed = structuredClone(artifact);
    changed.tasks.zero.best = 'svm';
    const m = changed.tasks.zero.models.svm.metrics;
    expect(renderMarkdownSummary(changed)).toContain(
      `| HER2-zero-expression vs. others | SVM | ${m.validation!.auc.toFixed(3)} (${m.validation!.ci95[0].toFixed(3)}–` +
        `${m.validation!.ci95[1].toFixed(3)}) | ${m.external!.auc.toFixed(3)} (`,
    );
  });

  it('lists the selected radiomic and clinical features per task in order', () => {
    const line = md.split('\n').find((l) => l.startsWith('- **HER2-zero-expression vs. others**'))!;
    expect(line).toBe(
      '- **HER2-zero-expression vs. others**: `pet_wavelet-HHL_glcm_MaximumProbability`, ' +
        '`ct_wavelet-HHH_glszm_ZoneEntropy`; clinical: `er`, `pr`',
    );
    for (const f of artifact.tasks.low.selectedFeatures) expect(md).toContain(`\`${f}\``);
  });

  it('shows a missing external set or undefined AUC as "–"', () => {
    const partial = JSON.parse(JSON.stringify(artifact)) as ModelArtifact;
    delete partial.tasks.over.models.rf.metrics.external;
    partial.tasks.low.models.lr.metrics.validation!.auc = Number.NaN; // null after the JSON round trip below
    const out = renderMarkdownSummary(JSON.parse(JSON.stringify(partial)) as ModelArtifact);
    expect(out).toContain('| HER2-over-expression vs. others | RF | 0.785 (0.665–0.877) | – |');
    expect(out).toContain('| HER2-low-expression vs. others | LR | – | 0.779 (0.698–0.860) |');
    expect(out).not.toMatch(/NaN|null|undefined/);
  });

  it('keeps hostile names inert: code spans for features, escaped text elsewhere', () => {
    const evil = structuredClone(artifact);
    evil.tasks.over.selectedFeatures = ['<script>alert(1)</script>', 'a`b|c'];
    evil.id = '<b>x</b> | *y*';
    const out = renderMarkdownSummary(evil);
    expect(out).toContain('`<script>alert(1)</script>`');
    expect(out).toContain('`` a`b|c ``');
    expect(out).toContain('# HER2 status model &lt;b&gt;x&lt;/b&gt; \\| \\*y\\*');
  });
});
