/**
 * The resources of a $her2-predict request: a Bundle of type collection (paths Bundle.entry[i].resource)
 * or a Parameters (observation parameters' resources, the patient parameter's reference). Anything
 * else is a 400 naming the element.
 */
import type { Bundle, Parameters, Reference, Resource } from '@medplum/fhirtypes';
import { issue } from '../../fhir/issues.js';
import type { ResourceLocation } from '../../fhir/observationsToInput.js';
import { FhirOperationError } from './fhirErrors.js';

export interface RequestResources {
  resources: Resource[];
  locations: ResourceLocation[];
  subject?: Reference;
}

function fromBundle(bundle: Bundle): RequestResources {
  if (bundle.type !== 'collection')
    throw new FhirOperationError(400, [
      issue('invalid', `the Bundle must be of type collection, not ${String(bundle.type)}`, 'Bundle.type'),
    ]);
  const resources: Resource[] = [];
  const locations: ResourceLocation[] = [];
  (bundle.entry ?? []).forEach((entry, i) => {
    if (!entry.resource) return;
    resources.push(entry.resource);
    locations.push({
      path: `Bundle.entry[${i}].resource`,
      ...(entry.fullUrl ? { fullUrl: entry.fullUrl } : {}),
    });
  });
  return { resources, locations };
}

function fromParameters(parameters: Parameters): RequestResources {
  const out: RequestResources = { resources: [], locations: [] };
  (parameters.parameter ?? []).forEach((p, i) => {
    if (p.name === 'patient' && p.valueReference) out.subject = p.valueReference;
    else if (p.resource) {
      out.resources.push(p.resource);
      out.locations.push({ path: `Parameters.parameter[${i}].resource` });
    }
  });
  return out;
}

/** `body` has passed the R4 validator. */
export function requestResources(body: Resource): RequestResources {
  if (body.resourceType === 'Bundle') return fromBundle(body);
  if (body.resourceType === 'Parameters') return fromParameters(body);
  throw new FhirOperationError(400, [
    issue(
      'not-supported',
      `expected a Bundle (type collection) or a Parameters, not a ${body.resourceType}`,
      'resourceType',
    ),
  ]);
}
