/** The selectors, by kind. Adding one is a new file and a line here. */
import type { SelectorKind, SelectorSpec } from './selector.js';
import { univariateSpec } from './univariate.js';
import { welchMrmrSpec } from './welchMrmr.js';

export const SELECTOR_SPECS: Partial<Record<SelectorKind, SelectorSpec>> & Record<'welch-mrmr' | 'univariate', SelectorSpec> = {
  'welch-mrmr': welchMrmrSpec,
  univariate: univariateSpec,
};
