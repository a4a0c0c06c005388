/**
 * The design columns of candidate inputs: a continuous candidate as it is, a categorical one as one
 * dummy column per non-reference level (src/inputs/categoricalEncoding.ts). The lasso selector fits on
 * them and the pipeline builds the model's imaging inputs from the selected ones, so both encode alike.
 */
import { dummyName, dummyValue } from '../inputs/categoricalEncoding.js';
import type { SelectionCandidate } from './selector.js';

export interface DesignColumns {
  names: string[];
  columns: Float64Array[];
  /** owner[d]: index of the candidate design column d comes from. */
  owner: number[];
}

export function candidateDesignColumns(
  candidates: readonly SelectionCandidate[],
  indices: readonly number[] = Array.from(candidates.keys()),
): DesignColumns {
  const design: DesignColumns = { names: [], columns: [], owner: [] };
  for (const j of indices) {
    const c = candidates[j];
    if (c.kind === 'continuous') {
      design.names.push(c.name);
      design.columns.push(c.values);
      design.owner.push(j);
      continue;
    }
    const levels = c.levels ?? [];
    for (let k = 1; k < levels.length; k++) {
      design.names.push(dummyName(c.name, levels[k]));
      design.columns.push(Float64Array.from(c.values, (code) => dummyValue(code, k)));
      design.owner.push(j);
    }
  }
  return design;
}
