import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FhirAccessError,
  MAX_PAGES,
  allowlistedBase,
  readFromFhirServer,
} from '../../src/cdsHooks/fhirServerReader.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end('{}');
const seen: string[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const obs = (id: string) => ({ resourceType: 'Observation', id, status: 'final', code: { text: id } });
const bundle = (ids: string[], next?: string) => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: ids.map((id) => ({ resource: obs(id) })),
  ...(next ? { link: [{ relation: 'next', url: next }] } : {}),
});
const read = (query: string, timeoutMs = 5000) =>
  readFromFhirServer({ q: query }, { fhirServer: base, accessToken: 't', allowlist: [base], timeoutMs });

async function failure(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(FhirAccessError);
  return (e as Error).message;
}

describe('allowlistedBase', () => {
  it('accepts a server at or under an allowlisted base, nothing else', () => {
    const list = ['https://fhir.example.org/r4'];
    expect(allowlistedBase('https://fhir.example.org/r4', list)).toBe('https://fhir.example.org/r4');
    expect(allowlistedBase('https://fhir.example.org/r4/', list)).toBe('https://fhir.example.org/r4');
    expect(allowlistedBase('https://fhir.example.org/r4/tenant-a', list)).toBe(
      'https://fhir.example.org/r4/tenant-a',
    );
    expect(allowlistedBase('https://fhir.example.org/r4x', list)).toBeNull();
    expect(allowlistedBase('https://fhir.example.org.evil.test/r4', list)).toBeNull();
    expect(allowlistedBase('http://fhir.example.org/r4', list)).toBeNull();
    expect(allowlistedBase('https://user:pw@fhir.example.org/r4', list)).toBeNull();
    expect(allowlistedBase('https://fhir.example.org/r4?x=1', list)).toBeNull();
    expect(allowlistedBase('not a url', list)).toBeNull();
  });
});

describe('readFromFhirServer', () => {
  it('follows next links under the same base, with the bearer token, up to the page limit', async () => {
    let auth: string | undefined;
    handler = (req, res) => {
      auth = req.headers.authorization;
      const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? '0');
      res.end(JSON.stringify(bundle([`o${page}`], `${base}/Observation?page=${page + 1}`)));
    };
    const out = await read('Observation?patient=1');
    expect(auth).toBe('Bearer t');
    expect(out.q.map((r) => r.resource.id)).toEqual(Array.from({ length: MAX_PAGES }, (_, i) => `o${i}`));
    expect(out.q[1].path).toBe('GET Observation?patient=1 (page 2).entry[0].resource');
  });

  it('does not follow a next link that leaves the base', async () => {
    const before = seen.length;
    handler = (_req, res) =>
      res.end(JSON.stringify(bundle(['a'], 'http://127.0.0.1:1/elsewhere/Observation?page=2')));
    const out = await read('Observation');
    expect(out.q).toHaveLength(1);
    expect(seen.length - before).toBe(1);
  });

  it('refuses a server off the allowlist without contacting it', async () => {
    const before = seen.length;
    const message = await failure(
      readFromFhirServer(
        { q: 'Observation' },
        { fhirServer: base, accessToken: 't', allowlist: ['https://other.example'], timeoutMs: 1000 },
      ),
    );
    expect(message).toBe(`fhirServer "${base}" is not on this service's allowlist of FHIR servers`);
    expect(seen.length).toBe(before);
  });

  it('names a non-200 answer, a redirect, and a body that is not JSON', async () => {
    handler = (_req, res) => {
      res.statusCode = 401;
      res.end('{}');
    };
    expect(await failure(read('Observation'))).toBe(`the FHIR server answered 401 to ${base}/Observation`);
    handler = (_req, res) => {
      res.statusCode = 302;
      res.setHeader('location', 'http://127.0.0.1:1/');
      res.end();
    };
    expect(await failure(read('Observation'))).toBe(`the FHIR server answered 302 to ${base}/Observation`);
    handler = (_req, res) => res.end('<html>');
    expect(await failure(read('Observation'))).toBe(
      `the FHIR server's answer to ${base}/Observation is not JSON`,
    );
  });

  it('gives up when the server does not answer within the deadline', async () => {
    handler = () => undefined; // never answers
    expect(await failure(read('Observation', 200))).toBe(
      `could not read ${base}/Observation from the FHIR server: no answer within 200 ms`,
    );
  });
});
