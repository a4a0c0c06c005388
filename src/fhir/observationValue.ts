/**
 * The value of one model input from an Observation or one of its components (the element at `path`):
 * ER / PR as positive / negative (SNOMED CT coded, or a percentage in UCUM `%` read with the cohort's
 * rule, >= 1% positive), SUV / Ki-67 / age as a number in an accepted UCUM unit, a radiomic feature as a
 * number (or a level name for a categorical input). A value that is present but wrong is an issue naming
 * the element; an absent value (dataAbsentReason, no value[x]) is `undefined`: the input is missing.
 */
import type { CodeableConcept, Quantity } from '@medplum/fhirtypes';
import { coerceReceptorStatus } from '../model/clinicalValue.js';
import { SNOMED, SNOMED_NEGATIVE, SNOMED_POSITIVE, UCUM } from './codes.js';
import type { ClinicalInputCode } from './featureCodeSystem.js';
import { type FhirIssue, issue } from './issues.js';

/** The value[x] elements of Observation and Observation.component this module reads. */
export interface ValueElement {
  valueQuantity?: Quantity;
  valueCodeableConcept?: CodeableConcept;
  valueString?: string;
  valueInteger?: number;
  valueBoolean?: boolean;
  valueRange?: unknown;
  valueRatio?: unknown;
  valueSampledData?: unknown;
  valueTime?: string;
  valueDateTime?: string;
  valuePeriod?: unknown;
}

export type ReadValue = { value: number | string | undefined } | { issue: FhirIssue };

const VALUE_KEYS = [
  'valueQuantity',
  'valueCodeableConcept',
  'valueString',
  'valueInteger',
  'valueBoolean',
  'valueRange',
  'valueRatio',
  'valueSampledData',
  'valueTime',
  'valueDateTime',
  'valuePeriod',
] as const;

function presentValueKey(element: ValueElement): (typeof VALUE_KEYS)[number] | undefined {
  return VALUE_KEYS.find((k) => element[k] !== undefined);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a Quantity's unit against accepted UCUM codes: system UCUM, code and (display) unit among them. */
function unitIssue(
  quantity: Quantity,
  units: readonly string[],
  path: string,
  what: string,
): FhirIssue | undefined {
  const expected = units.map((u) => `'${u}'`).join(' or ');
  const q = `${path}.valueQuantity`;
  if (quantity.code === undefined && quantity.unit === undefined && quantity.system === undefined) {
    return issue('value', `${what}: the quantity has no unit; expected UCUM ${expected}`, `${q}.code`);
  }
  if (quantity.unit !== undefined && !units.includes(quantity.unit))
    return issue('value', `${what}: unit '${String(quantity.unit)}' is not ${expected}`, `${q}.unit`);
  if (quantity.code !== undefined && !units.includes(quantity.code))
    return issue(
      'value',
      `${what}: unit code '${String(quantity.code)}' is not UCUM ${expected}`,
      `${q}.code`,
    );
  if (quantity.code !== undefined && quantity.system !== UCUM)
    return issue('value', `${what}: the unit's system must be ${UCUM}`, `${q}.system`);
  return undefined;
}

function quantityNumber(quantity: Quantity, path: string, what: string): ReadValue {
  const v = (quantity as { value?: unknown }).value;
  if (v === undefined) return { value: undefined };
  if (typeof v !== 'number' || !Number.isFinite(v))
    return { issue: issue('value', `${what}: the value must be a number`, `${path}.valueQuantity.value`) };
  return { value: v };
}

function receptorValue(element: ValueElement, path: string, input: ClinicalInputCode): ReadValue {
  const what = `${input.display} (LOINC ${input.code})`;
  const cc = element.valueCodeableConcept;
  if (cc !== undefined) {
    const codings = Array.isArray(cc.coding) ? cc.coding : [];
    const k = codings.findIndex((c) => isObject(c) && c.system === SNOMED);
    const code = k >= 0 ? codings[k].code : undefined;
    if (code === SNOMED_POSITIVE) return { value: 'positive' };
    if (code === SNOMED_NEGATIVE) return { value: 'negative' };
    const at =
      k >= 0 ? `${path}.valueCodeableConcept.coding[${k}].code` : `${path}.valueCodeableConcept.coding`;
    return {
      issue: issue(
        'code-invalid',
        `${what}: the value must be SNOMED CT ${SNOMED_POSITIVE} (positive) or ${SNOMED_NEGATIVE} (negative)` +
          (k >= 0 ? `, not ${String(code)}` : ''),
        at,
      ),
    };
  }
  const quantity = element.valueQuantity;
  if (quantity !== undefined) {
    const bad = unitIssue(quantity, input.units, path, what);
    if (bad) return { issue: bad };
    const read = quantityNumber(quantity, path, what);
    if (!('value' in read) || read.value === undefined) return read;
    const status = coerceReceptorStatus(read.value);
    if (!status.ok)
      return { issue: issue('value', `${what}: ${status.reason}`, `${path}.valueQuantity.value`) };
    return { value: status.value === 1 ? 'positive' : 'negative' };
  }
  return wrongType(
    element,
    path,
    what,
    'valueCodeableConcept (SNOMED CT positive / negative) or valueQuantity in %',
  );
}

function wrongType(element: ValueElement, path: string, what: string, expected: string): ReadValue {
  const key = presentValueKey(element);
  if (key === undefined) return { value: undefined };
  return { issue: issue('value', `${what}: ${key} is not accepted; expected ${expected}`, `${path}.${key}`) };
}

function numericClinicalValue(element: ValueElement, path: string, input: ClinicalInputCode): ReadValue {
  const what = `${input.display} (${input.code})`;
  if (element.valueQuantity !== undefined) {
    const bad = unitIssue(element.valueQuantity, input.units, path, what);
    return bad ? { issue: bad } : quantityNumber(element.valueQuantity, path, what);
  }
  return wrongType(element, path, what, `valueQuantity in UCUM ${input.units.join(' or ')}`);
}

/** A clinical input's value: ER / PR as 'positive' / 'negative', the others as numbers. */
export function clinicalValue(element: ValueElement, path: string, input: ClinicalInputCode): ReadValue {
  return input.name === 'er' || input.name === 'pr'
    ? receptorValue(element, path, input)
    : numericClinicalValue(element, path, input);
}

/** A radiomic feature's value (a number), or a categorical input's level (a string). */
export function featureValue(element: ValueElement, path: string, name: string): ReadValue {
  const what = `feature ${name}`;
  if (element.valueQuantity !== undefined) return quantityNumber(element.valueQuantity, path, what);
  if (element.valueInteger !== undefined) {
    return typeof element.valueInteger === 'number' && Number.isFinite(element.valueInteger)
      ? { value: element.valueInteger }
      : { issue: issue('value', `${what}: valueInteger must be an integer`, `${path}.valueInteger`) };
  }
  if (typeof element.valueString === 'string') return { value: element.valueString };
  const cc = element.valueCodeableConcept;
  if (cc !== undefined) {
    const level = Array.isArray(cc.coding) && isObject(cc.coding[0]) ? cc.coding[0].code : cc.text;
    if (typeof level === 'string' && level !== '') return { value: level };
    return {
      issue: issue('value', `${what}: the coded value has no code or text`, `${path}.valueCodeableConcept`),
    };
  }
  return wrongType(
    element,
    path,
    what,
    'valueQuantity (or valueString / valueCodeableConcept for a categorical input)',
  );
}
