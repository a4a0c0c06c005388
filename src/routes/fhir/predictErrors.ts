/**
 * The model's refusals of a FHIR patient, as OperationOutcome issues naming the element the input came
 * from (`sources`: input name → FHIRPath of its Observation or component).
 */
import { type FhirIssue, issue } from '../../fhir/issues.js';
import {
  InvalidInputError,
  MissingInputError,
  NonFinitePredictionError,
  NotApplicableError,
  OutOfDistributionError,
} from '../../model/her2Model.js';
import { FhirOperationError } from './fhirErrors.js';

/** The FhirOperationError of a model error, or undefined when it is not a refusal of the input. */
export function modelRefusal(e: unknown, sources: Record<string, string>): FhirOperationError | undefined {
  const at = (name: string) => sources[name] ?? 'Bundle.entry';
  if (e instanceof OutOfDistributionError) {
    const issues: FhirIssue[] = e.inputs.map((i) =>
      issue(
        'business-rule',
        `${i.feature} = ${i.value} is more than ${e.rejectSds} training SDs outside its training range [${i.trainingRange.min}, ${i.trainingRange.max}]: the model is not trusted this far from its training data (add ?allowOutOfDistribution=true to predict anyway, flagged)`,
        at(i.feature),
      ),
    );
    return new FhirOperationError(422, issues);
  }
  if (e instanceof InvalidInputError) {
    const name = e.field.replace(/^(features|clinical)\./, '');
    return new FhirOperationError(422, [issue('value', e.message, at(name))]);
  }
  if (e instanceof MissingInputError)
    return new FhirOperationError(
      422,
      e.missing.map((m) => issue('required', `missing input: ${m}`, 'Bundle.entry')),
    );
  if (e instanceof NotApplicableError || e instanceof NonFinitePredictionError)
    return new FhirOperationError(422, [issue('processing', e.message, 'Bundle')]);
  return undefined;
}
