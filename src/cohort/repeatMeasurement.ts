/**
 * Repeat segmentations for ICC reliability: a second reader's features (inter-observer) and the
 * first reader's second pass (intra-observer). The file is a cohort-like CSV of which only the
 * patient id (`patient_id` or `ID`) and the feature columns are read.
 */
import type { Cohort, RepeatMeasurement } from './cohort.js';
import { feedCsvFile, feedCsvText } from './csvSource.js';
import { CohortError } from './errors.js';
import { TableAssembler, type TableParseOptions } from './tableAssembler.js';

export async function parseRepeatFile(
  path: string,
  options: TableParseOptions = {},
): Promise<RepeatMeasurement> {
  const source = options.source ?? path;
  const assembler = new TableAssembler(source, 'repeat', options);
  await feedCsvFile(path, source, assembler);
  return assembler.finishRepeat();
}

export function parseRepeatText(
  content: string | Uint8Array,
  options: TableParseOptions = {},
): RepeatMeasurement {
  const source = options.source ?? '<text>';
  const assembler = new TableAssembler(source, 'repeat', options);
  feedCsvText(content, source, assembler);
  return assembler.finishRepeat();
}

/**
 * The repeat measurement reordered to the cohort's patient and feature order, so that
 * repeat.features[j][i] and cohort.features[j][i] are the same patient and feature.
 * Throws a CohortError naming the repeat file and the first missing or extra patient or column.
 */
export function alignRepeat(cohort: Cohort, repeat: RepeatMeasurement): RepeatMeasurement {
  const file = repeat.source;
  const repeatRow = new Map(repeat.patientIds.map((id, i) => [id, i]));
  const cohortIds = new Set(cohort.patientIds);
  // Rows are named as well as patients: the public form of the error (job records) drops the id.
  const missingIndex = cohort.patientIds.findIndex((id) => !repeatRow.has(id));
  if (missingIndex >= 0) {
    throw new CohortError(
      `patient of the cohort (${cohort.source}, row ${missingIndex + 1}) is missing from the repeat measurement`,
      { file, patientId: cohort.patientIds[missingIndex] },
    );
  }
  const extraIndex = repeat.patientIds.findIndex((id) => !cohortIds.has(id));
  if (extraIndex >= 0) {
    throw new CohortError(`patient is not in the cohort (${cohort.source})`, {
      file,
      row: extraIndex + 1,
      patientId: repeat.patientIds[extraIndex],
    });
  }

  const repeatColumn = new Map(repeat.featureNames.map((name, j) => [name, j]));
  const cohortColumns = new Set(cohort.featureNames);
  const missingColumn = cohort.featureNames.find((name) => !repeatColumn.has(name));
  if (missingColumn !== undefined) {
    throw new CohortError(
      `feature column of the cohort (${cohort.source}) is missing from the repeat measurement`,
      {
        file,
        column: missingColumn,
      },
    );
  }
  const extraColumn = repeat.featureNames.find((name) => !cohortColumns.has(name));
  if (extraColumn !== undefined) {
    throw new CohortError(`feature column is not in the cohort (${cohort.source})`, {
      file,
      column: extraColumn,
    });
  }

  const order = cohort.patientIds.map((id) => repeatRow.get(id) as number);
  const features = cohort.featureNames.map((name) => {
    const source = repeat.features[repeatColumn.get(name) as number];
    const aligned = new Float64Array(order.length);
    for (let i = 0; i < order.length; i++) aligned[i] = source[order[i]];
    return aligned;
  });
  const repeatCategorical = new Map(repeat.categoricalNames.map((name, j) => [name, j]));
  const missingCategorical = cohort.categoricalNames.find((name) => !repeatCategorical.has(name));
  if (missingCategorical !== undefined) {
    throw new CohortError(
      `categorical column of the cohort (${cohort.source}) is missing from the repeat measurement`,
      { file, column: missingCategorical },
    );
  }
  const categorical = cohort.categoricalNames.map((name) => {
    const source = repeat.categorical[repeatCategorical.get(name) as number];
    return order.map((i) => source[i]);
  });
  return {
    source: repeat.source,
    patientIds: [...cohort.patientIds],
    featureNames: [...cohort.featureNames],
    features,
    categoricalNames: [...cohort.categoricalNames],
    categorical,
  };
}
