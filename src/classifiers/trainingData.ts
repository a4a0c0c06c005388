/** Checks shared by every classifier's fit: a one-vs-rest task needs rectangular, finite rows and both classes. */
import type { BinaryLabels, Rows } from './classifier.js';

export function assertTrainable(rows: Rows, labels: BinaryLabels, who: string): { n: number; width: number } {
  const n = rows.length;
  if (n === 0) throw new Error(`${who}: no training rows`);
  if (labels.length !== n) throw new Error(`${who}: ${n} rows but ${labels.length} labels`);
  const width = rows[0].length;
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (row.length !== width) throw new Error(`${who}: row ${i} has ${row.length} values, expected ${width}`);
    for (let j = 0; j < width; j++) {
      if (!Number.isFinite(row[j])) throw new Error(`${who}: row ${i} column ${j} is not finite`);
    }
    if (labels[i] !== 0 && labels[i] !== 1)
      throw new Error(`${who}: label ${i} is ${labels[i]}, expected 0 or 1`);
    positives += labels[i];
  }
  if (positives === 0 || positives === n) throw new Error(`${who}: training labels contain only one class`);
  return { n, width };
}

export function assertRowWidth(rows: Rows, width: number, who: string): void {
  for (let i = 0; i < rows.length; i++) {
    if (rows[i].length !== width)
      throw new Error(`${who}: row ${i} has ${rows[i].length} values, expected ${width}`);
  }
}

/** Reads a numeric hyperparameter, failing loudly on a typo'd grid rather than silently using a default. */
export function numberParameter(
  hyperparameters: Record<string, number | string>,
  name: string,
  who: string,
): number {
  const value = hyperparameters[name];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`${who}: hyperparameter ${name} must be a finite number, got ${String(value)}`);
  return value;
}
