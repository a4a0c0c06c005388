/**
 * The imaging input columns a fitted selection gives, over every patient: the principal components
 * when the selector projects (computed with the serving path's projectInto), otherwise the design
 * columns of the selected candidates (categorical ones as dummies).
 */
import { projectInto } from '../inputs/projection.js';
import { candidateDesignColumns } from './designColumns.js';
import type { FittedSelection, SelectionCandidate } from './selector.js';

export function selectionColumns(
  selection: Pick<FittedSelection, 'selected' | 'projection'>,
  candidates: readonly SelectionCandidate[],
  n: number,
): { names: string[]; columns: Float64Array[] } {
  const projection = selection.projection;
  if (!projection) return candidateDesignColumns(candidates, selection.selected);
  // The projection reads exactly the selected candidates, in the selector's order.
  const inputs = selection.selected.map((j) => candidates[j].values);
  const x = new Float64Array(inputs.length);
  const out = new Float64Array(projection.outputs.length);
  const columns = projection.outputs.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < inputs.length; j++) x[j] = inputs[j][i];
    projectInto(projection, x, out);
    for (let c = 0; c < out.length; c++) columns[c][i] = out[c];
  }
  return { names: [...projection.outputs], columns };
}
