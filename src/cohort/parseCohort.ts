/**
 * Cohort file parsing: the public entry points. The format is described in docs of each step:
 * columns.ts (which columns mean what), her2Label.ts (labels from IHC/FISH), clinical.ts (ER/PR),
 * numericCell.ts (numbers and missing tokens), tableAssembler.ts (missing-value policy).
 */
import type { Cohort } from './cohort.js';
import { feedCsvFile, feedCsvText } from './csvSource.js';
import { TableAssembler, type TableParseOptions } from './tableAssembler.js';

export type CohortParseOptions = TableParseOptions;

/** Parses a cohort CSV file, streaming it; rejects with a CohortError on the first problem. */
export async function parseCohortFile(path: string, options: CohortParseOptions = {}): Promise<Cohort> {
  const source = options.source ?? path;
  const assembler = new TableAssembler(source, 'cohort', options);
  await feedCsvFile(path, source, assembler);
  return assembler.finishCohort();
}

/** Parses cohort CSV content held in memory (an upload). Throws a CohortError on the first problem. */
export function parseCohortText(content: string | Uint8Array, options: CohortParseOptions = {}): Cohort {
  const source = options.source ?? '<text>';
  const assembler = new TableAssembler(source, 'cohort', options);
  feedCsvText(content, source, assembler);
  return assembler.finishCohort();
}
