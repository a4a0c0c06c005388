/**
 * How the radiomic features were extracted (PyRadiomics version and settings per modality), carried
 * in a cohort file as one `#` comment line of JSON before the header:
 *
 *   # pyradiomics-extraction: {"pet":{"versions":{"PyRadiomics":"v3.1.0",…},"settings":{"binWidth":0.25,…}}}
 *
 * `her2 cohort build` writes it; the cohort parser reads it into Cohort.extraction; training copies it
 * into the artifact's provenance; `her2 predict` compares an input's line with the model's.
 */
import { CohortError } from './errors.js';

export interface ModalityExtraction {
  /** diagnostics_Versions_* without the prefix: PyRadiomics, Numpy, SimpleITK, PyWavelet, Python. */
  versions: Record<string, string>;
  /** diagnostics_Configuration_Settings (Python's dict repr read as JSON; the text when it cannot be). */
  settings?: unknown;
  /** diagnostics_Configuration_EnabledImageTypes, read the same way. */
  imageTypes?: unknown;
  /** diagnostics columns whose value differed between patients or files (allowed by a flag); first value kept. */
  mixed?: string[];
}

/** Keyed by modality (the feature prefix without its underscore: pet, ct, mri, …). */
export type ExtractionProvenance = Record<string, ModalityExtraction>;

export const EXTRACTION_COMMENT_KEY = 'pyradiomics-extraction:';

export function formatExtractionComment(extraction: ExtractionProvenance): string {
  return `# ${EXTRACTION_COMMENT_KEY} ${JSON.stringify(extraction)}`;
}

/** The extraction a comment line (without its `#`) carries; undefined when it is another comment. */
export function parseExtractionComment(
  text: string,
  file: string,
  line?: number,
): ExtractionProvenance | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith(EXTRACTION_COMMENT_KEY)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed.slice(EXTRACTION_COMMENT_KEY.length)) as unknown;
  } catch {
    value = undefined;
  }
  if (isExtractionProvenance(value)) return value;
  throw new CohortError(
    `the ${EXTRACTION_COMMENT_KEY} comment must be a JSON object of modalities, each with "versions" (texts)`,
    { file, line },
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The shape readers rely on: modalities → { versions: { name: text }, mixed?: [text] }. */
function isExtractionProvenance(value: unknown): value is ExtractionProvenance {
  return (
    isObject(value) &&
    Object.values(value).every(
      (e) =>
        isObject(e) &&
        isObject(e.versions) &&
        Object.values(e.versions).every((v) => typeof v === 'string') &&
        (e.mixed === undefined || (Array.isArray(e.mixed) && e.mixed.every((m) => typeof m === 'string'))),
    )
  );
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** Differences of setting keys between two settings objects: `binWidth 0.5 vs 0.25`. */
export function settingDifferences(a: unknown, b: unknown): string[] {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return canonical(a) === canonical(b) ? [] : [`${canonical(a)} vs ${canonical(b)}`];
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  return keys
    .filter((k) => canonical(left[k]) !== canonical(right[k]))
    .map((k) => `${k} ${canonical(left[k]) ?? 'absent'} vs ${canonical(right[k]) ?? 'absent'}`);
}

/**
 * Where the extraction of `input` differs from the model's (`trained`), one sentence per modality
 * both have: the PyRadiomics version and the settings. Empty when they agree.
 */
export function extractionDifferences(trained: ExtractionProvenance, input: ExtractionProvenance): string[] {
  const out: string[] = [];
  for (const modality of Object.keys(input)) {
    const model = trained[modality];
    const given = input[modality];
    if (model === undefined) continue;
    const version = (e: ModalityExtraction) => e.versions?.PyRadiomics ?? 'unknown';
    if (version(model) !== version(given)) {
      out.push(`${modality}: PyRadiomics ${version(given)} here, ${version(model)} in training`);
    }
    const settings = settingDifferences(given.settings, model.settings);
    if (settings.length > 0)
      out.push(`${modality}: settings differ (here vs training: ${settings.join('; ')})`);
  }
  return out;
}
