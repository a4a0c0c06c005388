/**
 * Reads the resources a CDS Hooks call did not prefetch from the EHR's FHIR server, with the bearer
 * token the EHR handed over in `fhirAuthorization`. Only servers on the configured allowlist are
 * contacted (the request names the server, so without the list anyone could make this service call
 * anywhere with a token); redirects are not followed (they could leave the list); all reads of one
 * call share one deadline; a page is at most MAX_RESPONSE_BYTES and at most MAX_PAGES pages are read
 * per query, each `next` link staying under the same server.
 *
 * A failure is a FhirAccessError naming the server and what went wrong: the route answers 412, as the
 * spec asks when the service cannot obtain the data it needs.
 */
import type { Resource } from '@medplum/fhirtypes';

export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
export const MAX_PAGES = 5;

export class FhirAccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FhirAccessError';
  }
}

/** One resource read, and where it came from (for messages naming the element). */
export interface LocatedResource {
  resource: Resource;
  path: string;
  fullUrl?: string;
}

export interface FhirReadOptions {
  /** The request's fhirServer. */
  fhirServer: string;
  accessToken: string;
  /** Allowed FHIR base URLs (normalised, no trailing slash). */
  allowlist: readonly string[];
  timeoutMs: number;
  /** Default: global fetch. */
  fetch?: typeof fetch;
}

function parsed(href: string): URL | null {
  try {
    const url = new URL(href);
    return url.username || url.password ? null : url;
  } catch {
    return null;
  }
}

/** Whether a URL's origin and path lie at or under `base` (compared on the parsed, normalised URL). */
function isUnder(url: URL, base: string): boolean {
  const path = `${url.origin}${url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname}`;
  return path === base || path.startsWith(`${base}/`);
}

/** The base URL (no trailing slash) when `fhirServer` lies under an allowlisted base, else null. */
export function allowlistedBase(fhirServer: string, allowlist: readonly string[]): string | null {
  const url = parsed(fhirServer);
  if (url === null || url.search || url.hash) return null;
  if (!allowlist.some((base) => isUnder(url, base))) return null;
  return url.href.endsWith('/') ? url.href.slice(0, -1) : url.href;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads one page: JSON within the size limit, or a FhirAccessError saying why not. */
async function readPage(url: string, options: FhirReadOptions, signal: AbortSignal): Promise<unknown> {
  const doFetch = options.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, {
      headers: { accept: 'application/fhir+json', authorization: `Bearer ${options.accessToken}` },
      redirect: 'manual',
      signal,
    });
  } catch (e) {
    const reason = signal.aborted
      ? `no answer within ${options.timeoutMs} ms`
      : (((e as Error).cause as Error | undefined)?.message ?? (e as Error).message);
    throw new FhirAccessError(`could not read ${url} from the FHIR server: ${reason}`);
  }
  if (res.status !== 200) {
    await res.body?.cancel();
    throw new FhirAccessError(`the FHIR server answered ${res.status} to ${url}`);
  }
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > MAX_RESPONSE_BYTES) {
    await res.body?.cancel();
    throw new FhirAccessError(`the FHIR server's answer to ${url} exceeds ${MAX_RESPONSE_BYTES} bytes`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    throw new FhirAccessError(`reading ${url} from the FHIR server failed: ${(e as Error).message}`);
  }
  if (text.length > MAX_RESPONSE_BYTES)
    throw new FhirAccessError(`the FHIR server's answer to ${url} exceeds ${MAX_RESPONSE_BYTES} bytes`);
  try {
    return JSON.parse(text);
  } catch {
    throw new FhirAccessError(`the FHIR server's answer to ${url} is not JSON`);
  }
}

/** The resources of a search result (searchset Bundle entries) or a read (the resource itself). */
export function resourcesOf(value: unknown, path: string): LocatedResource[] {
  if (!isObject(value) || typeof value.resourceType !== 'string') return [];
  if (value.resourceType !== 'Bundle') return [{ resource: value as unknown as Resource, path }];
  const entries = Array.isArray(value.entry) ? value.entry : [];
  const out: LocatedResource[] = [];
  entries.forEach((entry: unknown, i) => {
    if (!isObject(entry) || !isObject(entry.resource)) return;
    out.push({
      resource: entry.resource as unknown as Resource,
      path: `${path}.entry[${i}].resource`,
      ...(typeof entry.fullUrl === 'string' ? { fullUrl: entry.fullUrl } : {}),
    });
  });
  return out;
}

function nextLink(bundle: unknown): string | undefined {
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle' || !Array.isArray(bundle.link)) return undefined;
  const next = (bundle.link as unknown[]).find((l) => isObject(l) && l.relation === 'next');
  return isObject(next) && typeof next.url === 'string' ? next.url : undefined;
}

/**
 * Runs each query (a URL relative to the FHIR base, e.g. `Observation?patient=1&code=...`), in
 * parallel, following `next` links; answers the resources of each query by its key.
 */
export async function readFromFhirServer(
  queries: Readonly<Record<string, string>>,
  options: FhirReadOptions,
): Promise<Record<string, LocatedResource[]>> {
  const base = allowlistedBase(options.fhirServer, options.allowlist);
  if (base === null)
    throw new FhirAccessError(
      `fhirServer ${JSON.stringify(options.fhirServer)} is not on this service's allowlist of FHIR servers`,
    );
  const signal = AbortSignal.timeout(options.timeoutMs);
  const entries = await Promise.all(
    Object.entries(queries).map(async ([key, query]): Promise<[string, LocatedResource[]]> => {
      const out: LocatedResource[] = [];
      let url: string | undefined = `${base}/${query}`;
      for (let page = 0; url !== undefined && page < MAX_PAGES; page++) {
        const body = await readPage(url, options, signal);
        out.push(...resourcesOf(body, `GET ${query} (page ${page + 1})`));
        const next = nextLink(body);
        // A next link must stay under the same FHIR base (the token is sent with it).
        const nextUrl = next === undefined ? null : parsed(next);
        url = nextUrl !== null && isUnder(nextUrl, base) ? nextUrl.href : undefined;
      }
      return [key, out];
    }),
  );
  return Object.fromEntries(entries);
}
