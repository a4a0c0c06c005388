import { describe, expect, it } from 'vitest';
import type { ClassifierKind } from '../../src/classifiers/classifier.js';
import type { SetName } from '../../src/cohort/cohort.js';
import type { ModelArtifact, TaskName } from '../../src/model/artifact.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { buildFixtureArtifact } from '../fixtures/report/fixtureArtifact.js';
import { sectionById, svgFragments, tagBalanceErrors } from './markupChecks.js';

const BANNER = 'Trained on the SYNTHETIC demo cohort — these numbers are not clinical evidence';
const TASKS: TaskName[] = ['over', 'low', 'zero'];
const KINDS: ClassifierKind[] = ['lr', 'knn', 'svm', 'rf'];
const SETS: SetName[] = ['training', 'validation', 'external'];
const SET_ROW_LABELS: Record<SetName, string> = {
  training: 'Training set',
  validation: 'Internal validation set',
  external: 'External validation set',
};

/** A deep copy as it would come back from JSON (NaN → null), for mutation in a test. */
function jsonCopy(artifact: ModelArtifact): ModelArtifact {
  return JSON.parse(JSON.stringify(artifact)) as ModelArtifact;
}

/** The <td> contents of the AUC table row for a task and set, in LR KNN SVM RF order. */
function aucRowCells(html: string, taskIndex: number, set: SetName): string[] {
  const table = sectionById(html, 'auc');
  const tbody = table.split('<tbody>')[taskIndex + 1]!.split('</tbody>')[0]!;
  const row = tbody.split('<tr>').find((r) => r.includes(`>${SET_ROW_LABELS[set]}</th>`));
  if (!row) throw new Error(`no ${set} row for task ${taskIndex}`);
  return [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]!.replace(/<\/?strong>/g, ''));
}

describe('markup checker', () => {
  it('detects unbalanced and mis-nested tags (so the checks below can fail)', () => {
    expect(tagBalanceErrors('<svg><g></svg>', 'xml')).not.toEqual([]);
    expect(tagBalanceErrors('<svg><g><line/></g>', 'xml')).not.toEqual([]);
    expect(tagBalanceErrors('<p><b></p></b>', 'html')).not.toEqual([]);
    expect(tagBalanceErrors('<p>a < b</p>', 'html')).not.toEqual([]);
    expect(tagBalanceErrors('<p><br><b>x</b></p>', 'html')).toEqual([]);
  });
});

describe('renderHtmlReport on the fixture artifact', () => {
  const artifact = buildFixtureArtifact({ synthetic: true });
  const html = renderHtmlReport(artifact);

  it('is one complete, balanced HTML document', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(tagBalanceErrors(html, 'html')).toEqual([]);
  });

  it('shows the synthetic banner and the intended-use note', () => {
    expect(html).toContain(BANNER);
    expect(html.indexOf(BANNER)).toBeLessThan(html.indexOf('<main>'));
    expect(html).toContain(artifact.intendedUse);
    expect(html).toContain('Not a medical device');
  });

  it('references nothing outside the page', () => {
    const withoutSvgNamespace = html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '');
    expect(withoutSvgNamespace).not.toMatch(/https?:|\/\/[a-z]/i);
    expect(html).not.toMatch(/\s(src|href|srcset|xlink:href)\s*=/i);
    expect(html).not.toMatch(/<link|<script|<iframe|<img|<object|<embed/i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('puts every AUC (95% CI) of every task, classifier and set in its Table 4 cell', () => {
    TASKS.forEach((task, taskIndex) => {
      for (const set of SETS) {
        const cells = aucRowCells(html, taskIndex, set);
        expect(cells).toHaveLength(4);
        KINDS.forEach((kind, column) => {
          const m = artifact.tasks[task].models[kind].metrics[set]!;
          const expected = `${m.auc.toFixed(3)} (${m.ci95[0].toFixed(3)}–${m.ci95[1].toFixed(3)})`;
          expect(cells[column]).toBe(expected);
        });
      }
    });
    // Spot checks straight from the paper's Table 4, independent of the loop above.
    expect(aucRowCells(html, 0, 'training')[3]).toBe('0.843 (0.774–0.897)');
    expect(aucRowCells(html, 2, 'validation')[1]).toBe('0.847 (0.764–0.910)');
  });

  it('highlights exactly the best classifier per task in the AUC table', () => {
    const auc = sectionById(html, 'auc');
    const bodies = auc.split('<tbody>').slice(1);
    const best: Record<TaskName, number> = { over: 3, low: 0, zero: 1 };
    TASKS.forEach((task, i) => {
      expect(bodies[i]).toContain(`best: ${['LR', 'KNN', 'SVM', 'RF'][best[task]]}`);
      for (const row of bodies[i]!.split('<tr>').slice(2)) {
        const cells = [...row.matchAll(/<td( class="best")?>/g)].map((m) => Boolean(m[1]));
        expect(cells).toEqual(KINDS.map((_, c) => c === best[task]));
      }
    });
  });

  it('reports threshold and calibration metrics of each best model per set', () => {
    const section = sectionById(html, 'best-metrics');
    const rf = artifact.tasks.over.models.rf.metrics.validation!;
    expect(section).toContain(
      `<td>${rf.sensitivity.toFixed(3)}</td><td>${rf.specificity.toFixed(3)}</td><td>${rf.accuracy.toFixed(3)}</td>` +
        `<td>${rf.brier.toFixed(3)}</td><td>${rf.calibrationIntercept.toFixed(2)}</td>` +
        `<td>${rf.calibrationSlope.toFixed(2)}</td><td>${rf.ece.toFixed(3)}</td>`,
    );
    expect(section).toContain(`<td>${rf.n} (${rf.nPositive})</td>`);
    expect(section.match(/<tr><th scope="row">/g)).toHaveLength(9);
  });

  it('contains the provenance header', () => {
    const p = artifact.provenance;
    const header = sectionById(html, 'provenance');
    for (const text of [
      artifact.id,
      artifact.createdAt,
      p.cohortSource,
      p.cohortSha256,
      String(p.seed),
      'site-b',
    ]) {
      expect(header).toContain(text);
    }
    expect(header).toContain('1046 of 1454 radiomic features kept at ICC ≥ 0.75');
    expect(header).toContain('<code>ml-random-forest</code> 2.1.0');
    expect(header).toContain('&quot;trainingFraction&quot;: 0.7');
  });

  it('renders the cohort table like Tables 1–2', () => {
    const cohort = sectionById(html, 'cohort');
    expect(cohort).toContain('Training set (n = 150)');
    expect(cohort).toContain('Internal validation set (n = 65)');
    expect(cohort).toContain('External validation set (n = 100)');
    expect(cohort).toContain('HER2-over (n = 52)');
    expect(cohort).toContain('<td>50.79 ± 11.20</td>');
    expect(cohort).toContain('<td>23 (44.2%)</td>'); // ER+ of 52 HER2-over training patients
    expect(cohort.match(/<td>/g)).toHaveLength(6 * 9);
  });

  it('lists the selected features with Welch p-values, then clinical features, and the selection funnel', () => {
    const features = sectionById(html, 'features');
    const over = artifact.tasks.over;
    let last = -1;
    for (const f of [...over.selectedFeatures, ...over.clinicalFeatures]) {
      const at = features.indexOf(`<code>${f}</code>`, last + 1);
      expect(at).toBeGreaterThan(last);
      last = at;
    }
    expect(features).toContain(
      '<code>ct_original_shape_MajorAxisLength</code></th><td>Radiomic</td><td>&lt; 0.001</td>',
    );
    expect(features).toContain(
      '<code>pet_wavelet-LLL_firstorder_Skewness</code></th><td>Radiomic</td><td>0.002</td>',
    );
    expect(features).toContain(
      '1046 candidate inputs; 41 passed the Welch t-test (chi-square or Fisher&#39;s exact test for categorical inputs) (p &lt; 0.05); mRMR (MID) kept k = 8.',
    );
  });

  it('has one ROC chart per task and set, plus the external best-model chart, and a reliability chart per task and set', () => {
    const svgs = svgFragments(html);
    expect(svgs).toHaveLength(9 + 1 + 9 + 9); // ROC, Fig. 6, reliability, decision curves
    for (const task of TASKS) {
      for (const set of SETS) {
        const roc = svgs.find((s) => s.includes(`id="roc-${task}-${set}-title"`));
        expect(roc, `roc ${task} ${set}`).toBeDefined();
        expect(roc!.match(/<path class="series"/g)).toHaveLength(4);
        for (const kind of KINDS) {
          const auc = artifact.tasks[task].models[kind].metrics[set]!.auc.toFixed(3);
          expect(roc).toContain(`${kind.toUpperCase()}, AUC ${auc}`);
        }
        expect(svgs.some((s) => s.includes(`id="reliability-${task}-${set}-title"`))).toBe(true);
      }
    }
    const fig6 = svgs.find((s) => s.includes('id="roc-best-external-title"'))!;
    expect(fig6).toContain('HER2-over-expression vs. others (RF), AUC 0.788');
    expect(fig6).toContain('HER2-low-expression vs. others (LR), AUC 0.779');
    expect(fig6).toContain('HER2-zero-expression vs. others (KNN), AUC 0.835');
  });

  it('writes only balanced SVG without NaN, each with a <title> and <desc>', () => {
    for (const svg of svgFragments(html)) {
      expect(tagBalanceErrors(svg, 'xml')).toEqual([]);
      expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*><title id="[^"]+">[^<]+<\/title><desc id="[^"]+">/);
      expect(svg).not.toMatch(/NaN|Infinity|undefined/);
      // Inline SVG must stay valid XML if copied out: no bare ampersands.
      expect(svg).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
    }
  });

  it('uses unique element ids and only references ids that exist', () => {
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(ids.length);
    const referenced = [...html.matchAll(/aria-labelledby="([^"]+)"/g)].flatMap((m) => m[1]!.split(' '));
    expect(referenced.length).toBeGreaterThan(19);
    for (const ref of referenced) expect(ids).toContain(ref);
  });

  it('gives every table header cells with a scope', () => {
    const tables = html.match(/<table[\s\S]*?<\/table>/g)!;
    expect(tables.length).toBeGreaterThanOrEqual(8);
    for (const t of tables) {
      expect(t).toContain('<th scope="col"');
      expect(t).not.toMatch(/<th>/);
    }
  });

  it('shows DeLong comparisons of the best model on validation', () => {
    const delong = sectionById(html, 'delong');
    expect(delong).toContain('<td>RF vs. LR</td><td>Internal validation set</td><td>+0.029</td>');
    expect(delong).toMatch(/<td>RF vs\. KNN<\/td>.*?<td>0\.025<\/td>/);
    expect(delong).toMatch(/<td>LR vs\. KNN<\/td>.*?<td>0\.012<\/td>/);
    expect(delong).toMatch(/<td>KNN vs\. LR<\/td>.*?<td>0\.020<\/td>/);
    expect(delong.match(/<tr><th scope="row">/g)).toHaveLength(9);
  });

  it('describes the three-class coupling and the tuning results', () => {
    expect(sectionById(html, 'coupling')).toContain(artifact.coupling.description);
    expect(sectionById(html, 'coupling')).toContain('<code>normalized-ovr</code>');
    const tuning = sectionById(html, 'tuning');
    expect(tuning).toContain('<td>maxDepth = 6, maxFeatures = sqrt, nEstimators = 300</td>');
    expect(tuning).toContain(`<td>${artifact.tasks.over.models.rf.cvAuc.toFixed(3)}</td>`);
    expect(tuning).toContain('RF <strong>(best)</strong>');
    expect(tuning.match(/<strong>\(best\)<\/strong>/g)).toHaveLength(3);
    expect(tuning).toContain('6 grid points');
  });

  it('is deterministic', () => {
    expect(renderHtmlReport(buildFixtureArtifact({ synthetic: true }))).toBe(html);
  });
});

describe('renderHtmlReport edge cases', () => {
  it('omits the synthetic banner for a non-synthetic artifact but keeps the intended-use note', () => {
    const html = renderHtmlReport(buildFixtureArtifact({ synthetic: false }));
    expect(html).not.toContain(BANNER);
    expect(html).not.toContain('SYNTHETIC');
    expect(html).toContain('Not a medical device');
    expect(html).toContain('Intended use');
  });

  it('HTML-escapes every user-controlled string', () => {
    const artifact = jsonCopy(buildFixtureArtifact());
    const evil = '<script>alert(1)</script>';
    artifact.tasks.over.selectedFeatures[0] = evil;
    artifact.tasks.over.selection.scores[evil] = 0.02;
    artifact.tasks.low.clinicalFeatures.push(`"><img src=x onerror=alert(1)>`);
    artifact.id = `<b>id</b>`;
    artifact.createdAt = '<i>now</i>';
    artifact.intendedUse = 'use & <u>abuse</u>';
    artifact.provenance.cohortSource = '"><svg onload=alert(1)>';
    artifact.provenance.externalSites = ['<site>'];
    artifact.provenance.config = { note: '</pre><script>x</script>' };
    artifact.provenance.packageVersions = { '<pkg>': '<1.0>' };
    artifact.coupling.description = '<marquee>';
    artifact.tasks.zero.models.rf.hyperparameters = { '<k>': '<v>' };
    const html = renderHtmlReport(artifact);
    expect(html).not.toMatch(/<script|<img|<marquee|<site>|<pkg>|<b>id|<i>now|<u>abuse|<k>|<svg onload/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;</code></th><td>Radiomic</td><td>0.020</td>',
    );
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('use &amp; &lt;u&gt;abuse&lt;/u&gt;');
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;x&lt;/script&gt;');
    expect(tagBalanceErrors(html, 'html')).toEqual([]);
  });

  it('shows undefined metrics (null in JSON, NaN, empty ROC and bins) as "–" without NaN anywhere', () => {
    const artifact = buildFixtureArtifact();
    const m = artifact.tasks.over.models.rf.metrics.validation!;
    Object.assign(m, {
      auc: Number.NaN,
      ci95: [Number.NaN, Number.NaN],
      sensitivity: Number.NaN,
      specificity: null,
      brier: Number.NaN,
      calibrationSlope: Number.NaN,
      ece: Number.NaN,
      roc: [],
      reliability: [{ lower: 0, upper: 0.1, count: 0, meanPredicted: Number.NaN, observedRate: Number.NaN }],
    });
    artifact.tasks.over.models.lr.metrics.validation!.roc = [
      { fpr: Number.NaN, tpr: Number.NaN, threshold: 0 },
    ];
    artifact.tasks.over.comparisons[0]!.pValue = Number.NaN;
    for (const input of [artifact, jsonCopy(artifact)]) {
      const html = renderHtmlReport(input);
      expect(html).not.toMatch(/NaN|null|undefined|Infinity/);
      expect(aucRowCells(html, 0, 'validation')[3]).toBe('–');
      expect(aucRowCells(html, 0, 'validation')[0]).toBe('0.756 (0.634–0.854)');
      const roc = svgFragments(html).find((s) => s.includes('id="roc-over-validation-title"'))!;
      expect(roc.match(/<path class="series"/g)).toHaveLength(2);
      expect(roc).toContain('RF, AUC – (no ROC points)');
      for (const svg of svgFragments(html)) expect(tagBalanceErrors(svg, 'xml')).toEqual([]);
    }
  });

  it('drops the external set where it was not evaluated', () => {
    const artifact = buildFixtureArtifact();
    for (const task of TASKS)
      for (const kind of KINDS) delete artifact.tasks[task].models[kind].metrics.external;
    artifact.cohortSummary.external = {};
    artifact.provenance.externalSites = [];
    const html = renderHtmlReport(artifact);
    expect(html).not.toContain('External validation set');
    expect(html).not.toContain('roc-best-external');
    expect(svgFragments(html)).toHaveLength(6 + 6 + 6);
    expect(html).toContain('none (no external validation set)');
    expect(tagBalanceErrors(html, 'html')).toEqual([]);
  });
});
