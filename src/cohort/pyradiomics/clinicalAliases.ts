/**
 * The names a clinical spreadsheet gives its columns and values, and what they mean in the cohort
 * format. Column names are compared lower-cased with runs of whitespace made one space; values
 * lower-cased, trimmed, with spaces around `/` removed. A map file (clinicalMap.ts) adds more.
 */
import type { FishResult, IhcScore } from '../her2Label.js';
import type { Her2Status } from '../cohort.js';

export const COHORT_CLINICAL_COLUMNS = [
  'patient_id',
  'site',
  'her2_status',
  'ihc',
  'fish',
  'er',
  'pr',
  'ki67',
  'age',
  'suv_max',
  'suv_mean',
  'set',
] as const;
export type CohortClinicalColumn = (typeof COHORT_CLINICAL_COLUMNS)[number];

export const COLUMN_ALIASES: Record<CohortClinicalColumn, readonly string[]> = {
  patient_id: ['patient_id', 'patient id', 'patientid', 'id', 'case id', 'case_id', 'subject id', 'subject'],
  site: ['site', 'institution', 'center', 'centre', 'hospital'],
  her2_status: ['her2_status', 'her2', 'her2 status', 'her2 expression', 'her2 category'],
  ihc: ['ihc', 'her2 ihc', 'her2_ihc', 'ihc score', 'her2 ihc score'],
  fish: ['fish', 'her2 fish', 'her2_fish', 'ish', 'her2 ish', 'fish result'],
  er: ['er', 'er (%)', 'er status', 'er %', 'estrogen receptor', 'oestrogen receptor'],
  pr: ['pr', 'pr (%)', 'pr status', 'pr %', 'pgr', 'pgr (%)', 'progesterone receptor'],
  ki67: ['ki67', 'ki-67', 'ki-67 (%)', 'ki67 (%)', 'ki-67 %', 'ki67 %'],
  age: ['age', 'age (years)', 'age (y)'],
  suv_max: ['suv_max', 'suvmax', 'suv max'],
  suv_mean: ['suv_mean', 'suvmean', 'suv mean'],
  set: ['set', 'split'],
};

export function normalizeHeader(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

export function normalizeValue(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*\/\s*/g, '/');
}

const STATUS_ALIASES: Record<string, Her2Status> = {};
for (const [status, aliases] of Object.entries({
  over: [
    'over',
    'her2-over',
    'her2 over',
    'her2-positive',
    'her2 positive',
    'her2+',
    'positive',
    'overexpression',
    'her2-overexpression',
  ],
  low: ['low', 'her2-low', 'her2 low', 'her2-low expression'],
  zero: ['zero', 'her2-zero', 'her2 zero', 'her2-0', 'her2 0', 'her2-negative (ihc 0)', 'null'],
} as const)) {
  for (const alias of aliases) STATUS_ALIASES[alias] = status as Her2Status;
}

const FISH_ALIASES: Record<string, FishResult> = {
  '+': 'positive',
  pos: 'positive',
  positive: 'positive',
  amplified: 'positive',
  'fish+': 'positive',
  'ish+': 'positive',
  'fish positive': 'positive',
  'fish pos': 'positive',
  '-': 'negative',
  neg: 'negative',
  negative: 'negative',
  'not amplified': 'negative',
  'non-amplified': 'negative',
  'fish-': 'negative',
  'ish-': 'negative',
  'fish negative': 'negative',
  'fish neg': 'negative',
  '': null,
  na: null,
  'n/a': null,
  none: null,
  'not done': null,
};

/** FISH / ISH result; null when not done; undefined when not understood. */
export function fishFromCell(text: string): FishResult | undefined {
  const value = normalizeValue(text);
  return Object.hasOwn(FISH_ALIASES, value) ? FISH_ALIASES[value] : undefined;
}

const IHC = /^(?:her2 ?)?(?:ihc ?)?(?:score ?)?([0-3])\+?$/;
const IHC_WITH_ISH =
  /^(?:her2 ?)?(?:ihc ?)?([0-3])\+?\/((?:fish|ish|sish|cish|ddish) ?(?:[+-]|pos|neg|positive|negative)|amplified|not amplified|non-amplified)$/;

export function ihcFromCell(text: string): IhcScore | null | undefined {
  const value = normalizeValue(text);
  if (value === '' || value === 'na' || value === 'n/a') return null;
  const match = IHC.exec(value);
  return match === null ? undefined : (`${match[1]}+`.replace('0+', '0') as IhcScore);
}

/** What a HER2 cell says: a status (`HER2-low`), or IHC with an optional ISH result (`IHC 2+/FISH-`). */
export type Her2Cell = { status: Her2Status } | { ihc: IhcScore; fish: FishResult };

export function her2FromCell(text: string): Her2Cell | undefined {
  const value = normalizeValue(text);
  if (Object.hasOwn(STATUS_ALIASES, value)) return { status: STATUS_ALIASES[value] };
  const ihc = ihcFromCell(value);
  if (ihc) return { ihc, fish: null };
  const match = IHC_WITH_ISH.exec(value);
  if (match === null) return undefined;
  const fish = fishFromCell(match[2].replace(/^(?:s|c|dd)?ish/, 'fish').replace(/^fish ([+-])$/, 'fish$1'));
  const score = match[1] === '0' ? '0' : (`${match[1]}+` as IhcScore);
  return fish === undefined ? undefined : { ihc: score, fish };
}

const RECEPTOR_WITH_PERCENT = /^(positive|negative|pos|neg)\s*\(\s*(<?\s*\d+(?:[.,]\d+)?)\s*%?\s*\)$/;

/**
 * An ER/PR cell as the cohort format reads it: `Positive (70%)` → `70%` (the percentage decides, and
 * must agree with the word: ≥ 1% is positive), `ER+` → `positive`; anything else unchanged.
 */
export function receptorCell(text: string): { text: string } | { problem: string } {
  const value = normalizeValue(text);
  const match = RECEPTOR_WITH_PERCENT.exec(value);
  if (match !== null) {
    const percentText = match[2].replace(/\s/g, '').replace(',', '.');
    const below = percentText.startsWith('<') || Number(percentText) < 1;
    const positive = match[1].startsWith('pos');
    if (positive === below) {
      return {
        problem: `"${text.trim()}" says ${positive ? 'positive' : 'negative'} but ${percentText}% is ${below ? 'below' : 'at least'} the 1% cut-off`,
      };
    }
    return { text: `${percentText}%` };
  }
  if (/^(?:er|pr|pgr)?\+$/.test(value)) return { text: 'positive' };
  if (/^(?:er|pr|pgr)?-$/.test(value)) return { text: 'negative' };
  return { text: text.trim() };
}
