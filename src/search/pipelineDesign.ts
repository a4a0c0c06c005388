/**
 * A pipeline's design matrix on given rows: the sized selection fitted on the fit rows, its imaging
 * columns plus the task's clinical columns, z-scored with a scaler fitted on the fit rows. Shared by
 * the inner CV of the search, its nested estimate and the final fit, so all three build inputs alike.
 */
import type { Rows } from '../classifiers/classifier.js';
import { selectionColumns } from '../featureSelection/selectionColumns.js';
import type { FittedSelection, SelectionCandidate, SelectorOptions } from '../featureSelection/selector.js';
import {
  fitStandardScaler,
  transformRows,
  type StandardScalerParameters,
} from '../preprocessing/standardScaler.js';
import type { PipelineSpec } from './searchSpace.js';
import { fitSelectionSizes } from './sizedSelection.js';

export interface TaskData {
  candidates: readonly SelectionCandidate[];
  /** The task's clinical input columns over all patients (decided by the task, not searched). */
  clinicalColumns: readonly Float64Array[];
  /** Binary task labels over all patients (only the given rows are read). */
  labels: Uint8Array;
  selectorOptions: SelectorOptions;
}

export interface PipelineDesign {
  selection: FittedSelection;
  /** Imaging input names, then the clinical ones are appended by the caller. */
  imagingNames: string[];
  /** Unscaled input columns over all patients: imaging, then clinical. */
  columns: Float64Array[];
  scaler: StandardScalerParameters;
}

/** Fits the selection (at the spec's size) and the scaler on `fitRows` (patient indices). */
export function fitPipelineDesign(
  data: TaskData,
  spec: Pick<PipelineSpec, 'selector' | 'size'>,
  fitRows: Int32Array,
  seed: number,
): PipelineDesign {
  const [selection] = fitSelectionSizes({
    selector: spec.selector,
    sizes: [spec.size],
    candidates: data.candidates,
    labels: data.labels,
    rows: fitRows,
    options: data.selectorOptions,
    seed,
  });
  return designFromSelection(data, selection, fitRows);
}

/** The inputs of a fitted selection plus the clinical ones, with a scaler fitted on `fitRows`. */
export function designFromSelection(
  data: TaskData,
  selection: FittedSelection,
  fitRows: Int32Array,
): PipelineDesign {
  const imaging = selectionColumns(selection, data.candidates, data.labels.length);
  const columns = [...imaging.columns, ...data.clinicalColumns];
  const scaler = fitStandardScaler(designRows(columns, fitRows));
  return { selection, imagingNames: imaging.names, columns, scaler };
}

/** Unscaled rows of the given patients over the columns. */
export function designRows(columns: readonly Float64Array[], patients: ArrayLike<number>): Float64Array[] {
  return Array.from(patients, (i) => Float64Array.from(columns, (column) => column[i]));
}

/** z-scored rows of the given patients. */
export function scaledRows(design: PipelineDesign, patients: ArrayLike<number>): Rows {
  return transformRows(design.scaler, designRows(design.columns, patients));
}
