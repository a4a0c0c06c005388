/**
 * One-hot encoding of a categorical input against its reference level (the first level): a column
 * with levels [a, b, c] becomes the model inputs `col=b` and `col=c`, each 1 when the patient's level
 * is that one and 0 otherwise. Training and serving both call `dummyValue`, so they cannot encode
 * differently.
 */

export interface CategoricalEncoding {
  /** Levels, the reference level first. */
  levels: string[];
}

export function dummyName(column: string, level: string): string {
  return `${column}=${level}`;
}

export function dummyValue(levelIndex: number, dummyLevelIndex: number): number {
  return levelIndex === dummyLevelIndex ? 1 : 0;
}

/** The (column, level index) a dummy input name stands for, or undefined when it is not a dummy of `encodings`. */
export function parseDummyName(
  name: string,
  encodings: Readonly<Record<string, CategoricalEncoding>>,
): { column: string; levelIndex: number } | undefined {
  const at = name.indexOf('=');
  if (at < 0) return undefined;
  const column = name.slice(0, at);
  const encoding = Object.hasOwn(encodings, column) ? encodings[column] : undefined;
  const levelIndex = encoding ? encoding.levels.indexOf(name.slice(at + 1)) : -1;
  return levelIndex > 0 ? { column, levelIndex } : undefined;
}
