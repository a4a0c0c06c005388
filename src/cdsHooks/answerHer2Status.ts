/**
 * One call of the `her2-status` service, from the parsed request to its card: gather the
 * Observations (prefetch, else the EHR's FHIR server), map them to the model's input with the FHIR
 * mapping the FHIR operation uses, predict, and build the card with the RiskAssessment to accept.
 * Missing, invalid or conflicting inputs and inputs far out of distribution give a card saying so;
 * only a malformed request (CdsRequestError) or unreachable data (FhirAccessError) is an error.
 * No HTTP types here.
 */
import type { Reference, RiskAssessment } from '@medplum/fhirtypes';
import { describeInput } from '../fhir/featureCodeSystem.js';
import type { FhirIssue } from '../fhir/issues.js';
import { patientInputFromResources } from '../fhir/observationsToInput.js';
import { buildPredictionBundle } from '../fhir/riskAssessment.js';
import {
  type Her2Model,
  InvalidInputError,
  NonFinitePredictionError,
  NotApplicableError,
  OutOfDistributionError,
} from '../model/her2Model.js';
import type { CdsCard, CdsServiceRequest } from './cdsTypes.js';
import type { FhirReadOptions } from './fhirServerReader.js';
import { CdsRequestError, gatherResources } from './gatherResources.js';
import {
  type CardContext,
  inputProblemsCard,
  missingInputsCard,
  outOfDistributionCard,
  predictionCard,
} from './her2Cards.js';
import { HER2_STATUS_HOOKS, her2StatusPrefetch, her2StatusQueries } from './her2StatusService.js';

export type Her2StatusOutcome = 'estimate' | 'missing-inputs' | 'input-problems' | 'out-of-distribution';

export interface Her2StatusDeps {
  model: Her2Model;
  fhir: Pick<FhirReadOptions, 'allowlist' | 'timeoutMs' | 'fetch'>;
  outOfDistributionRejectSds: number;
  /** Ids and URLs of the card (minus the model, given here). */
  card: Omit<CardContext, 'model'>;
  now?: () => Date;
}

export interface Her2StatusAnswer {
  card: CdsCard;
  outcome: Her2StatusOutcome;
  /** Prefetch keys the service read from the FHIR server itself. */
  fetchedKeys: string[];
}

/** "what (where)" for an issue of the FHIR mapping. */
const describeIssue = (i: FhirIssue) =>
  i.expression.length > 0 ? `${i.diagnostics} (at ${i.expression.join(', ')})` : i.diagnostics;

/** Whether an Observation subject reference (relative or absolute) names the patient in context. */
function isPatient(reference: string | undefined, patientId: string): boolean {
  if (reference === undefined) return true;
  const relative = `Patient/${patientId}`;
  return reference === relative || reference.endsWith(`/${relative}`);
}

export async function answerHer2Status(
  request: CdsServiceRequest,
  deps: Her2StatusDeps,
): Promise<Her2StatusAnswer> {
  if (!(HER2_STATUS_HOOKS as readonly string[]).includes(request.hook))
    throw new CdsRequestError(
      `hook ${JSON.stringify(request.hook)} is not served by her2-status (hooks: ${HER2_STATUS_HOOKS.join(', ')})`,
    );
  if (request.fhirAuthorization !== undefined && request.fhirServer === undefined)
    throw new CdsRequestError('fhirAuthorization is given without fhirServer');
  const { model } = deps;
  const ctx: CardContext = { ...deps.card, model: { id: model.id, synthetic: model.synthetic } };
  const patientId = request.context.patientId;
  const queries = her2StatusQueries(her2StatusPrefetch(model), patientId);
  const { resources, fetchedKeys } = await gatherResources(request, queries, deps.fhir);

  const mapping = patientInputFromResources(
    resources.map((r) => r.resource),
    model,
    { locations: resources.map((r) => ({ path: r.path, ...(r.fullUrl ? { fullUrl: r.fullUrl } : {}) })) },
  );
  const answer = (card: CdsCard, outcome: Her2StatusOutcome): Her2StatusAnswer => ({
    card,
    outcome,
    fetchedKeys,
  });
  if (!mapping.ok) {
    // The mapping appends one 'required' issue per missing input after the other issues.
    const problems = mapping.issues.slice(0, mapping.issues.length - mapping.missing.length);
    if (problems.length > 0)
      return answer(inputProblemsCard(problems.map(describeIssue), ctx), 'input-problems');
    return answer(missingInputsCard(mapping.missing.map(describeInput), ctx), 'missing-inputs');
  }
  if (!isPatient(mapping.subject?.reference, patientId))
    return answer(
      inputProblemsCard(
        [
          `the Observations are of ${mapping.subject?.reference}, not of the patient in context (Patient/${patientId})`,
        ],
        ctx,
      ),
      'input-problems',
    );

  const subject: Reference = { reference: `Patient/${patientId}` };
  let prediction;
  try {
    [prediction] = model.predict([{ ...mapping.input, id: subject.reference! }], {
      outOfDistributionRejectSds: deps.outOfDistributionRejectSds,
      allowOutOfDistribution: false,
    });
  } catch (e) {
    if (e instanceof OutOfDistributionError)
      return answer(outOfDistributionCard(e.inputs, e.rejectSds, ctx), 'out-of-distribution');
    if (
      e instanceof InvalidInputError ||
      e instanceof NotApplicableError ||
      e instanceof NonFinitePredictionError
    )
      return answer(inputProblemsCard([e.message], ctx), 'input-problems');
    throw e;
  }

  const bundle = buildPredictionBundle(prediction, model.artifact, mapping.basis, subject, {
    // The RiskAssessment outlives the card in the EHR: it names the lasting URL, not an expiring link.
    modelCardUrl: deps.card.modelUrl ?? deps.card.modelCardUrl,
    ...(deps.now ? { now: deps.now() } : {}),
  });
  const found = bundle.entry?.find((e) => e.resource?.resourceType === 'RiskAssessment')?.resource;
  if (!found) throw new Error('buildPredictionBundle returned no RiskAssessment');
  // Standalone in the EHR, the RiskAssessment cannot point at the Bundle's Device (a urn:uuid there):
  // the model is named by `method`, the performer by display.
  const riskAssessment: RiskAssessment = {
    ...(found as RiskAssessment),
    performer: { display: `HER2 radiomics model ${model.id.slice(0, 12)}` },
  };
  return answer(predictionCard(prediction, riskAssessment, ctx), 'estimate');
}
