/**
 * Problems with FHIR input, as OperationOutcome issues: each names the element that is wrong with a
 * FHIRPath expression (`Bundle.entry[3].resource.valueQuantity.unit`), so an integrator can find it
 * without reading our code.
 */
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

/** The OperationOutcome issue types this service reports (a subset of the R4 IssueType value set). */
export type FhirIssueCode =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'invariant'
  | 'code-invalid'
  | 'business-rule'
  | 'not-supported'
  | 'processing'
  | 'too-costly'
  | 'security'
  | 'not-found'
  | 'exception'
  | 'informational';

export interface FhirIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: FhirIssueCode;
  diagnostics: string;
  /** FHIRPath expressions of the offending elements (at least one). */
  expression: string[];
}

export function issue(code: FhirIssueCode, diagnostics: string, ...expression: string[]): FhirIssue {
  return { severity: 'error', code, diagnostics, expression };
}

/** An OperationOutcome of the issues (an issue without expressions carries none: FHIR arrays are never empty). */
export function operationOutcome(issues: readonly FhirIssue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i): OperationOutcomeIssue => ({
      severity: i.severity,
      code: i.code,
      diagnostics: i.diagnostics,
      ...(i.expression.length > 0 ? { expression: [...i.expression] } : {}),
    })),
  };
}

/** One issue of each issue in an OperationOutcome (e.g. the validator's), in this module's shape. */
export function issuesOf(outcome: OperationOutcome): FhirIssue[] {
  return (outcome.issue ?? []).map((i) => ({
    severity: i.severity,
    code: i.code as FhirIssueCode,
    diagnostics: i.diagnostics ?? i.details?.text ?? i.code,
    expression: i.expression ?? [],
  }));
}
