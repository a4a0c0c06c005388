/** The selectors, by kind. Adding one is a new file and a line here. */
import { lassoSpec } from './lasso.js';
import { locationScaleSpec } from './locationScale.js';
import { pcaSpec } from './pcaSelector.js';
import type { SelectorKind, SelectorSpec } from './selector.js';
import { univariateSpec } from './univariate.js';
import { welchMrmrSpec } from './welchMrmr.js';

export const SELECTOR_SPECS: Record<SelectorKind, SelectorSpec> = {
  'welch-mrmr': welchMrmrSpec,
  univariate: univariateSpec,
  'location-scale': locationScaleSpec,
  lasso: lassoSpec,
  pca: pcaSpec,
};
