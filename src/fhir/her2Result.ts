/**
 * HER2 results of a training Bundle, as the cohort format's `ihc` and `fish` cells: IHC (LOINC
 * 18474-7) as 0 / 1+ / 2+ / 3+ (a code, text, string or integer 0-3), ISH / FISH (LOINC 48676-1) as
 * positive / negative (SNOMED CT 10828004 / 260385009, or the words). The ASCO/CAP rule itself
 * (IHC 2+ needs ISH) is the cohort parser's.
 */
import type { Observation } from '@medplum/fhirtypes';
import { LOINC, LOINC_HER2_IHC, LOINC_HER2_ISH, SNOMED, SNOMED_NEGATIVE, SNOMED_POSITIVE } from './codes.js';
import { type FhirIssue, issue } from './issues.js';

export type Her2ResultKind = 'ihc' | 'fish';

const IHC_SCORES: Record<string, string> = {
  '0': '0',
  '1': '1+',
  '1+': '1+',
  '2': '2+',
  '2+': '2+',
  '3': '3+',
  '3+': '3+',
};
const ISH_WORDS: Record<string, string> = {
  positive: 'positive',
  amplified: 'positive',
  negative: 'negative',
  'not amplified': 'negative',
};

/** Which HER2 result an Observation is (by its LOINC code), or undefined. */
export function her2ResultKind(obs: Observation): Her2ResultKind | undefined {
  const codings = Array.isArray(obs.code?.coding) ? obs.code.coding : [];
  for (const c of codings) {
    if (c?.system !== LOINC) continue;
    if (c.code === LOINC_HER2_IHC) return 'ihc';
    if (c.code === LOINC_HER2_ISH) return 'fish';
  }
  return undefined;
}

/** The value's text candidates: SNOMED-mapped code, other codes, text, string, integer. */
function valueWords(obs: Observation): { words: string[]; path: string } {
  const cc = obs.valueCodeableConcept;
  if (cc) {
    const words = (Array.isArray(cc.coding) ? cc.coding : []).map((c) =>
      c?.system === SNOMED && c.code === SNOMED_POSITIVE
        ? 'positive'
        : c?.system === SNOMED && c.code === SNOMED_NEGATIVE
          ? 'negative'
          : String(c?.code ?? ''),
    );
    if (typeof cc.text === 'string') words.push(cc.text);
    return { words, path: 'valueCodeableConcept' };
  }
  if (typeof obs.valueString === 'string') return { words: [obs.valueString], path: 'valueString' };
  if (typeof obs.valueInteger === 'number')
    return { words: [String(obs.valueInteger)], path: 'valueInteger' };
  return { words: [], path: 'value[x]' };
}

/** The cohort cell of a HER2 result, or an issue naming the value element. */
export function her2ResultCell(
  obs: Observation,
  kind: Her2ResultKind,
  path: string,
): { cell: string } | { issue: FhirIssue } {
  const { words, path: element } = valueWords(obs);
  const table = kind === 'ihc' ? IHC_SCORES : ISH_WORDS;
  for (const w of words) {
    const cell = table[w.trim().toLowerCase()];
    if (cell) return { cell };
  }
  const expected =
    kind === 'ihc'
      ? `an IHC score 0, 1+, 2+ or 3+ (LOINC ${LOINC_HER2_IHC})`
      : `positive / negative (SNOMED CT ${SNOMED_POSITIVE} / ${SNOMED_NEGATIVE}; LOINC ${LOINC_HER2_ISH})`;
  return {
    issue: issue(
      words.length > 0 ? 'code-invalid' : 'required',
      `HER2 result: the value must be ${expected}`,
      `${path}.${element}`,
    ),
  };
}
