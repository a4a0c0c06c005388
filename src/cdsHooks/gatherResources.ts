/**
 * The FHIR resources of one CDS Hooks call: each prefetch key the EHR satisfied (a resource, a
 * searchset Bundle, or null for "no data"), and for every key it left out, the same search run against
 * the request's fhirServer (the spec: the EHR omits a key it chose not to, or could not, prefetch).
 */
import {
  FhirAccessError,
  type FhirReadOptions,
  type LocatedResource,
  readFromFhirServer,
  resourcesOf,
} from './fhirServerReader.js';
import type { CdsServiceRequest } from './cdsTypes.js';

/** A request whose shape is wrong: the route answers 400 with this message. */
export class CdsRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CdsRequestError';
  }
}

export interface GatheredResources {
  resources: LocatedResource[];
  /** Prefetch keys read from the FHIR server because the request lacked them. */
  fetchedKeys: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export async function gatherResources(
  request: CdsServiceRequest,
  queries: Readonly<Record<string, string>>,
  fhir: Pick<FhirReadOptions, 'allowlist' | 'timeoutMs' | 'fetch'>,
): Promise<GatheredResources> {
  const resources: LocatedResource[] = [];
  const toFetch: Record<string, string> = {};
  const prefetch = request.prefetch ?? {};
  for (const [key, query] of Object.entries(queries)) {
    if (!Object.hasOwn(prefetch, key)) {
      toFetch[key] = query;
      continue;
    }
    const value = prefetch[key];
    if (value === null) continue;
    if (!isObject(value) || typeof value.resourceType !== 'string')
      throw new CdsRequestError(`prefetch.${key} must be a FHIR resource (a searchset Bundle) or null`);
    resources.push(...resourcesOf(value, `prefetch.${key}`));
  }
  const fetchedKeys = Object.keys(toFetch);
  if (fetchedKeys.length === 0) return { resources, fetchedKeys };

  const what = `prefetch ${fetchedKeys.length === 1 ? 'key' : 'keys'} ${fetchedKeys.join(', ')}`;
  if (request.fhirServer === undefined || request.fhirAuthorization === undefined)
    throw new FhirAccessError(
      `the request lacks ${what} and gives no fhirServer with fhirAuthorization to read them from`,
    );
  const read = await readFromFhirServer(toFetch, {
    ...fhir,
    fhirServer: request.fhirServer,
    accessToken: request.fhirAuthorization.access_token,
  });
  for (const key of fetchedKeys) resources.push(...read[key]);
  return { resources, fetchedKeys };
}
