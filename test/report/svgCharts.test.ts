import { describe, expect, it } from 'vitest';
import type { ReliabilityBin, RocPoint } from '../../src/model/artifact.js';
import { renderReliabilityChart } from '../../src/report/svg/reliabilityChart.js';
import { renderRocChart, rocPolyline } from '../../src/report/svg/rocChart.js';
import { CLASSIFIER_STYLES, TASK_STYLES } from '../../src/report/svg/seriesStyle.js';
import { FIGURE_SIDE } from '../../src/report/svg/unitSquarePlot.js';
import { svgNumericAttributeValues, tagBalanceErrors } from './markupChecks.js';

const style = CLASSIFIER_STYLES.lr;

/** Every number written into geometry attributes must be a finite decimal. */
function expectFiniteGeometry(svg: string): void {
  const values = svgNumericAttributeValues(svg);
  expect(values.length).toBeGreaterThan(0);
  for (const v of values) {
    expect(v).not.toMatch(/NaN|Infinity|undefined|null/);
    for (const token of v.match(/-?[\d.]+(?:e-?\d+)?/g) ?? [])
      expect(Number.isFinite(Number(token))).toBe(true);
  }
}

const roc: RocPoint[] = [
  { fpr: 0, tpr: 0, threshold: 1 },
  { fpr: 0.1, tpr: 0.5, threshold: 0.7 },
  { fpr: 0.4, tpr: 0.8, threshold: 0.4 },
  { fpr: 1, tpr: 1, threshold: 0 },
];

describe('rocPolyline', () => {
  it('keeps finite points only, sorted, anchored at (0,0) and (1,1)', () => {
    const line = rocPolyline([
      { fpr: 0.4, tpr: 0.8, threshold: 0.4 },
      { fpr: Number.NaN, tpr: 0.3, threshold: 0.5 },
      { fpr: null as unknown as number, tpr: 0.3, threshold: 0.5 },
      { fpr: 0.1, tpr: 0.5, threshold: 0.7 },
    ]);
    expect(line).toEqual([
      { x: 0, y: 0 },
      { x: 0.1, y: 0.5 },
      { x: 0.4, y: 0.8 },
      { x: 1, y: 1 },
    ]);
  });

  it('is empty when there is nothing to draw', () => {
    expect(rocPolyline([])).toEqual([]);
    expect(rocPolyline(undefined)).toEqual([]);
    expect(rocPolyline([{ fpr: Number.NaN, tpr: Number.NaN, threshold: Number.NaN }])).toEqual([]);
  });
});

describe('renderRocChart', () => {
  const svg = renderRocChart({
    id: 'roc-test',
    title: 'Training set',
    curves: [
      { label: 'LR', auc: 0.766, points: roc, style: CLASSIFIER_STYLES.lr },
      { label: 'KNN', auc: 0.834, points: roc, style: CLASSIFIER_STYLES.knn },
    ],
  });

  it('is a balanced, accessible SVG with a title, axes, diagonal and legend', () => {
    expect(tagBalanceErrors(svg, 'xml')).toEqual([]);
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*role="img"[^>]*aria-labelledby="roc-test-title roc-test-desc"/,
    );
    expect(svg).toContain('<title id="roc-test-title">Training set</title>');
    expect(svg).toContain('1 − specificity');
    expect(svg).toContain('Sensitivity');
    expect(svg).toContain('class="diagonal"');
    expect(svg).toContain('LR, AUC 0.766');
    expect(svg).toContain('KNN, AUC 0.834');
    expect(svg.match(/<path class="series"/g)).toHaveLength(2);
    expect(svg).toContain(`stroke-dasharray="${CLASSIFIER_STYLES.knn.dash}"`);
    for (const t of ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']) expect(svg).toContain(`>${t}</text>`);
    expectFiniteGeometry(svg);
  });

  it('maps (fpr, tpr) to the plot square: (0,0) bottom-left, (1,1) top-right', () => {
    const path = /<path class="series" d="([^"]*)"/.exec(svg)![1]!;
    const coords = path.split(' ').map((s) => s.slice(1).split(',').map(Number));
    const [x0, y0] = coords[0]!;
    const [x1, y1] = coords[coords.length - 1]!;
    expect(x1! - x0!).toBeCloseTo(FIGURE_SIDE, 5);
    expect(y0! - y1!).toBeCloseTo(FIGURE_SIDE, 5);
  });

  it('draws no path, and writes no NaN, for empty or NaN curves', () => {
    const broken = renderRocChart({
      id: 'roc-empty',
      title: 'External',
      curves: [
        { label: 'LR', auc: Number.NaN, points: [], style },
        { label: 'RF', auc: null, points: [{ fpr: Number.NaN, tpr: Number.NaN, threshold: 0 }], style },
        { label: 'SVM', auc: undefined, points: undefined, style },
      ],
    });
    expect(tagBalanceErrors(broken, 'xml')).toEqual([]);
    expect(broken).not.toContain('<path');
    expect(broken).not.toMatch(/NaN|undefined|null|Infinity/);
    expect(broken).toContain('LR, AUC – (no ROC points)');
    expectFiniteGeometry(broken);
  });

  it('escapes labels and sanitises the id', () => {
    const evil = renderRocChart({
      id: 'a"b<c',
      title: '<script>alert(1)</script>',
      curves: [{ label: '<img src=x>', auc: 0.5, points: roc, style }],
    });
    expect(evil).not.toContain('<script');
    expect(evil).not.toContain('<img');
    expect(evil).toContain('&lt;script&gt;');
    expect(evil).toContain('id="a-b-c-title"');
    expect(tagBalanceErrors(evil, 'xml')).toEqual([]);
  });
});

describe('renderReliabilityChart', () => {
  const bins: ReliabilityBin[] = [
    { lower: 0, upper: 0.1, count: 40, meanPredicted: 0.05, observedRate: 0.04 },
    { lower: 0.1, upper: 0.2, count: 0, meanPredicted: Number.NaN, observedRate: Number.NaN },
    { lower: 0.2, upper: 0.3, count: 10, meanPredicted: null as unknown as number, observedRate: 0.2 },
    { lower: 0.5, upper: 0.6, count: 12, meanPredicted: 0.55, observedRate: 0.6 },
    { lower: 0.9, upper: 1, count: 3, meanPredicted: 0.95, observedRate: 1 },
  ];
  const svg = renderReliabilityChart({ id: 'rel', title: 'Validation', bins, style, ece: 0.043 });

  it('draws one labelled point per non-empty finite bin, area growing with count', () => {
    expect(tagBalanceErrors(svg, 'xml')).toEqual([]);
    const radii = [...svg.matchAll(/<circle [^>]*r="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(radii).toHaveLength(3);
    expect(radii[0]).toBeGreaterThan(radii[1]!);
    expect(radii[1]).toBeGreaterThan(radii[2]!);
    for (const n of [40, 12, 3]) expect(svg).toContain(`>${n}</text>`);
    expect(svg).toContain('n = 40, mean predicted 0.050, observed 0.040');
    expect(svg).toContain('ECE 0.043');
    expect(svg).toContain('Mean predicted probability');
    expect(svg).toContain('Observed positive rate');
    expect(svg).toContain('class="diagonal"');
    expect(svg).not.toMatch(/NaN|null|undefined/);
    expectFiniteGeometry(svg);
  });

  it('renders an empty plot without NaN when no bin is usable', () => {
    for (const empty of [[], undefined, [bins[1]!]]) {
      const out = renderReliabilityChart({ id: 'e', title: 'Empty', bins: empty, style, ece: Number.NaN });
      expect(tagBalanceErrors(out, 'xml')).toEqual([]);
      expect(out).not.toContain('<circle');
      expect(out).not.toContain('<path');
      expect(out).toContain('No reliability bins');
      expect(out).not.toMatch(/NaN|null|undefined/);
    }
  });
});

describe('series styles', () => {
  /** WCAG relative luminance contrast against white. */
  function contrastOnWhite(hex: string): number {
    const channel = (i: number) => {
      const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const l = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
    return 1.05 / (l + 0.05);
  }

  it('gives every classifier and task a distinct colour and dash pattern with >= 4.5:1 contrast', () => {
    for (const styles of [Object.values(CLASSIFIER_STYLES), Object.values(TASK_STYLES)]) {
      expect(new Set(styles.map((s) => s.colour)).size).toBe(styles.length);
      expect(new Set(styles.map((s) => s.dash)).size).toBe(styles.length);
      for (const s of styles) expect(contrastOnWhite(s.colour)).toBeGreaterThanOrEqual(4.5);
    }
  });
});
