/**
 * Colour and dash pattern per series. Colours are from the Okabe–Ito / Tol colour-blind-safe
 * palettes, all with at least 4.5:1 contrast on white; the dash patterns keep the curves apart in
 * greyscale print as well.
 */
import type { ClassifierKind } from '../../classifiers/classifier.js';
import type { Her2Status } from '../../cohort/cohort.js';

export interface SeriesStyle {
  colour: string;
  /** SVG stroke-dasharray; empty for a solid line. */
  dash: string;
}

export const CLASSIFIER_STYLES: Record<ClassifierKind, SeriesStyle> = {
  lr: { colour: '#0060a0', dash: '' },
  knn: { colour: '#b34700', dash: '7 4' },
  svm: { colour: '#00735a', dash: '2 3' },
  rf: { colour: '#882255', dash: '10 3 2 3' },
};

export const TASK_STYLES: Record<Her2Status, SeriesStyle> = {
  over: { colour: '#882255', dash: '' },
  low: { colour: '#0060a0', dash: '7 4' },
  zero: { colour: '#00735a', dash: '2 3' },
};

const FALLBACK_STYLE: SeriesStyle = { colour: '#333333', dash: '4 2' };

export function classifierStyle(kind: ClassifierKind): SeriesStyle {
  return CLASSIFIER_STYLES[kind] ?? FALLBACK_STYLE;
}

/** Extra styles for configured tasks, by their position among the artifact's tasks. */
const MORE_TASK_STYLES: readonly SeriesStyle[] = [
  { colour: '#b34700', dash: '10 3 2 3' },
  { colour: '#5a4a9c', dash: '1 2' },
  { colour: '#333333', dash: '4 2' },
];

export function taskStyle(task: string, position = 0): SeriesStyle {
  return (
    (TASK_STYLES as Record<string, SeriesStyle>)[task] ??
    MORE_TASK_STYLES[position % MORE_TASK_STYLES.length] ??
    FALLBACK_STYLE
  );
}

/** stroke / stroke-dasharray attributes for a series. */
export function strokeAttributes(style: SeriesStyle): string {
  return `stroke="${style.colour}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}`;
}
