/**
 * Turns tokenized CSV records into a Cohort (or a RepeatMeasurement) one row at a time: every cell
 * is validated and converted as its row arrives and appended to column buffers, so the parse never
 * keeps the text. The first problem found stops the parse with a CohortError naming where it is.
 */
import { basename } from 'node:path';
import { SET_NAMES, type Cohort, type Her2Status, type RepeatMeasurement, type SetName } from './cohort.js';
import { RECEPTOR_FORMS, receptorStatusFromCell } from './clinical.js';
import { ColumnBuffer } from './columnBuffer.js';
import { classifyColumns, type ColumnDeclaration, type ColumnLayout, type FileKind } from './columns.js';
import { CohortError, type CohortErrorLocation, cellValueProblem } from './errors.js';
import { her2StatusFromIhc, parseFishResult, parseHer2Status, parseIhcScore } from './her2Label.js';
import { invalidNumberProblem, parseNumericCell } from './numericCell.js';
import { detachString } from './detachString.js';
import { type ExtractionProvenance, parseExtractionComment } from './extractionHeader.js';

/**
 * What to do with a missing radiomic feature (or ER/PR) value: an empty cell, `NA`, `N/A`, `NaN`.
 * 'reject' (default): the parse fails naming file, row and column.
 * 'impute-median': the value is kept as NaN; the pipeline fills it with fitMedianImputer, which
 * sees training rows only (src/inputs/medianImputer.ts). Optional clinical columns (ki67, age,
 * suv_max, suv_mean) may always be missing (NaN).
 */
export type MissingPolicy = 'reject' | 'impute-median';

export interface TableParseOptions {
  /** Name used in errors and Cohort.source (default: the file path, or '<text>'). */
  source?: string;
  missing?: MissingPolicy;
  /** Which columns are features, categorical inputs or ignored (default: DEFAULT_COLUMN_DECLARATION). */
  columns?: ColumnDeclaration;
}

const SYNTHETIC_WORD = /\bsynthetic\b/i;

export class TableAssembler {
  private layout: ColumnLayout | null = null;
  private declaredSynthetic = false;
  private extraction?: ExtractionProvenance;
  private rowCount = 0;
  private readonly idRows = new Map<string, number>();
  private readonly patientIds: string[] = [];
  private readonly sites: string[] = [];
  private readonly labels: Her2Status[] = [];
  private readonly sets: SetName[] = [];
  private clinicalBuffers: ColumnBuffer[] = [];
  private featureBuffers: ColumnBuffer[] = [];
  private categoricalColumns: string[][] = [];
  private readonly missing: MissingPolicy;
  private readonly declaration?: ColumnDeclaration;

  constructor(
    private readonly source: string,
    private readonly kind: FileKind,
    options: TableParseOptions,
  ) {
    this.missing = options.missing ?? 'reject';
    this.declaration = options.columns;
    if (this.missing !== 'reject' && this.missing !== 'impute-median') {
      throw new TypeError(`missing must be 'reject' or 'impute-median', got ${JSON.stringify(this.missing)}`);
    }
  }

  private rowCapacity = 0;

  readonly expectAtMostRecords = (count: number): void => {
    this.rowCapacity = count;
  };

  readonly onComment = (text: string, line: number): void => {
    const extraction = parseExtractionComment(text, this.source, line);
    if (extraction !== undefined) this.extraction = extraction;
    else if (SYNTHETIC_WORD.test(text)) this.declaredSynthetic = true;
  };

  readonly onRecord = (fields: string[], line: number): void => {
    if (this.layout === null) {
      this.layout = classifyColumns(fields, this.source, this.kind, line, this.declaration);
      this.clinicalBuffers = this.layout.clinical.map(() => new ColumnBuffer(this.rowCapacity));
      this.featureBuffers = this.layout.featureIndices.map(() => new ColumnBuffer(this.rowCapacity));
      this.categoricalColumns = this.layout.categoricalIndices.map(() => []);
      return;
    }
    // Spreadsheet exports end with rows of bare separators; they hold no patient.
    if (fields[0].trim().length === 0 && fields.every((f) => f.trim().length === 0)) return;
    this.row(this.layout, fields, line);
  };

  private row(layout: ColumnLayout, fields: string[], line: number): void {
    const row = ++this.rowCount;
    const at = (column?: number, patientId?: string): CohortErrorLocation => ({
      file: this.source,
      row,
      line,
      patientId,
      column: column === undefined ? undefined : layout.header[column],
    });
    if (fields.length !== layout.header.length) {
      throw new CohortError(
        `row has ${fields.length} cells but the header has ${layout.header.length} columns`,
        at(),
      );
    }

    const id = fields[layout.patientId].trim();
    if (id.length === 0) throw new CohortError('patient id is empty', at(layout.patientId));
    const firstRow = this.idRows.get(id);
    if (firstRow !== undefined) {
      throw new CohortError(
        `duplicate patient id (already used in row ${firstRow})`,
        at(layout.patientId, id),
      );
    }
    const keptId = detachString(id);
    this.idRows.set(keptId, row);

    if (this.kind === 'cohort') this.cohortCells(layout, fields, at, id);

    const indices = layout.featureIndices;
    const buffers = this.featureBuffers;
    for (let k = 0; k < indices.length; k++) {
      const text = fields[indices[k]];
      const value = parseNumericCell(text);
      if (value === undefined) throw new CohortError(invalidNumberProblem(text), at(indices[k], id));
      if (value !== value && this.missing === 'reject') {
        throw new CohortError(
          cellValueProblem(
            'missing value',
            text,
            "use the missing: 'impute-median' option to allow missing features",
          ),
          at(indices[k], id),
        );
      }
      buffers[k].push(value);
    }
    const categorical = layout.categoricalIndices;
    for (let k = 0; k < categorical.length; k++) {
      const text = fields[categorical[k]].trim();
      const numeric = parseNumericCell(text);
      if (numeric !== undefined && numeric !== numeric) {
        throw new CohortError(
          cellValueProblem('missing value in a categorical column', text),
          at(categorical[k], id),
        );
      }
      if (numeric !== undefined) {
        throw new CohortError(
          cellValueProblem(
            'a number in a column declared categorical (config "categorical"), whose levels are names:',
            text,
          ),
          at(categorical[k], id),
        );
      }
      this.categoricalColumns[k].push(detachString(text));
    }
    this.patientIds.push(keptId);
  }

  private cohortCells(
    layout: ColumnLayout,
    fields: string[],
    at: (column?: number, patientId?: string) => CohortErrorLocation,
    id: string,
  ): void {
    const site = fields[layout.site].trim();
    if (site.length === 0) throw new CohortError('site is empty', at(layout.site, id));
    this.sites.push(detachString(site));
    this.labels.push(this.label(layout, fields, at, id));

    if (layout.set >= 0) {
      const text = fields[layout.set].trim().toLowerCase();
      if (!(SET_NAMES as readonly string[]).includes(text)) {
        throw new CohortError(
          cellValueProblem('unknown set', fields[layout.set], `expected ${SET_NAMES.join(', ')}`),
          at(layout.set, id),
        );
      }
      this.sets.push(text as SetName);
    }

    layout.clinical.forEach(({ name, index }, k) => {
      const text = fields[index];
      if (name === 'er' || name === 'pr') {
        const value = receptorStatusFromCell(text);
        if (value === undefined) {
          throw new CohortError(
            cellValueProblem(`cannot read ${name.toUpperCase()} status`, text, `expected ${RECEPTOR_FORMS}`),
            at(index, id),
          );
        }
        if (value !== value && this.missing === 'reject') {
          throw new CohortError(`missing ${name.toUpperCase()} status`, at(index, id));
        }
        this.clinicalBuffers[k].push(value);
        return;
      }
      const value = parseNumericCell(text);
      if (value === undefined) throw new CohortError(invalidNumberProblem(text), at(index, id));
      this.clinicalBuffers[k].push(value);
    });
  }

  private label(
    layout: ColumnLayout,
    fields: string[],
    at: (column?: number, patientId?: string) => CohortErrorLocation,
    id: string,
  ): Her2Status {
    const statusText = layout.her2Status >= 0 ? fields[layout.her2Status].trim() : '';
    const stated = statusText.length > 0 ? parseHer2Status(statusText) : undefined;
    if (statusText.length > 0 && stated === undefined) {
      throw new CohortError(
        cellValueProblem('unknown her2_status', statusText, 'expected over, low or zero'),
        at(layout.her2Status, id),
      );
    }

    const ihcText = layout.ihc >= 0 ? fields[layout.ihc] : '';
    const ihc = parseIhcScore(ihcText);
    if (ihc === undefined) {
      throw new CohortError(
        cellValueProblem('unknown IHC score', ihcText, 'expected 0, 1+, 2+ or 3+'),
        at(layout.ihc, id),
      );
    }
    const fishText = layout.fish >= 0 ? fields[layout.fish] : '';
    const fish = parseFishResult(fishText);
    if (fish === undefined) {
      throw new CohortError(
        cellValueProblem('unknown FISH result', fishText, 'expected positive, negative or empty'),
        at(layout.fish, id),
      );
    }

    if (ihc === null) {
      if (stated !== undefined) return stated;
      const column = layout.her2Status >= 0 ? layout.her2Status : layout.ihc;
      throw new CohortError('missing HER2 label: give her2_status or an IHC score', at(column, id));
    }
    const derived = her2StatusFromIhc(ihc, fish);
    if (stated !== undefined) {
      // The stated status is the pathologist's final call; it only has to agree with a clean derivation.
      if ('status' in derived && derived.status !== stated) {
        throw new CohortError(
          {
            detail: `her2_status "${stated}" contradicts IHC ${ihc}${fish === null ? '' : ` with FISH ${fish}`} (which means "${derived.status}")`,
            publicDetail: 'her2_status contradicts the HER2 status the IHC score and FISH result give',
          },
          at(layout.her2Status, id),
        );
      }
      return stated;
    }
    if ('problem' in derived) {
      const publicDetail =
        'the IHC score and FISH result give no HER2 status (equivocal or discordant); add fish or her2_status';
      throw new CohortError({ detail: derived.problem, publicDetail }, at(layout.ihc, id));
    }
    return derived.status;
  }

  private requireRows(): ColumnLayout {
    if (this.layout === null) throw new CohortError('file is empty (no header row)', { file: this.source });
    if (this.rowCount === 0)
      throw new CohortError('file has a header but no data rows', { file: this.source });
    return this.layout;
  }

  finishCohort(): Cohort {
    const layout = this.requireRows();
    const clinical: Cohort['clinical'] = {};
    layout.clinical.forEach(({ name }, k) => {
      clinical[name] = this.clinicalBuffers[k].toFloat64Array();
    });
    return {
      source: this.source,
      synthetic: this.declaredSynthetic || /synthetic/i.test(basename(this.source)),
      patientIds: this.patientIds,
      sites: this.sites,
      labels: this.labels,
      sets: layout.set >= 0 ? this.sets : null,
      clinical,
      featureNames: layout.featureNames,
      features: this.takeFeatures(),
      categoricalNames: layout.categoricalNames,
      categorical: this.categoricalColumns,
      ...(this.extraction && { extraction: this.extraction }),
    };
  }

  finishRepeat(): RepeatMeasurement {
    const layout = this.requireRows();
    return {
      source: this.source,
      patientIds: this.patientIds,
      featureNames: layout.featureNames,
      features: this.takeFeatures(),
      categoricalNames: layout.categoricalNames,
      categorical: this.categoricalColumns,
    };
  }

  private takeFeatures(): Float64Array[] {
    const features: Float64Array[] = [];
    for (let k = 0; k < this.featureBuffers.length; k++) {
      features.push(this.featureBuffers[k].toFloat64Array());
    }
    this.featureBuffers = [];
    return features;
  }
}
