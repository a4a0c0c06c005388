import { readFileSync } from 'node:fs';
import type { Observation, RiskAssessment } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CdsCard } from '../../src/cdsHooks/cdsTypes.js';
import { FEATURE_SYSTEM, LOINC_ER } from '../../src/fhir/codes.js';
import { validateFhir } from '../../src/fhir/validate.js';
import { receptorObservation, searchset } from '../../src/cdsHooks/patientObservations.js';
import { BASE, type CdsBench, startCdsBench } from '../helpers/cdsHarness.js';
import { unsignedToken } from '../helpers/fakeEhr.js';

const SERVICE = '/cds-services/her2-status';
const FEEDBACK = `${SERVICE}/feedback`;

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/cds-hooks/${name}`, import.meta.url), 'utf8')) as T;

let b: CdsBench;
beforeAll(async () => {
  b = await startCdsBench();
}, 60_000);
afterAll(async () => b?.close());

function hookRequest(extra: Record<string, unknown> = {}) {
  return {
    hook: 'patient-view',
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    context: { userId: 'Practitioner/example', patientId: b.patient.id },
    ...extra,
  };
}

const fullPrefetch = () => ({
  receptors: searchset(b.patient.observations.receptors),
  radiomics: searchset(b.patient.observations.radiomics),
});

async function call(body: unknown, token?: string) {
  return b.t.app.inject({
    method: 'POST',
    url: SERVICE,
    headers: { authorization: `Bearer ${token ?? (await b.token(SERVICE))}` },
    payload: body as Record<string, unknown>,
  });
}

async function card(body: unknown): Promise<CdsCard> {
  const res = await call(body);
  expect(res.statusCode, res.body).toBe(200);
  const cards = (res.json() as { cards: CdsCard[] }).cards;
  expect(cards).toHaveLength(1);
  expect(cards[0].summary.length).toBeLessThan(140);
  return cards[0];
}

/** The card of the full inputs must carry the model's own prediction for the same patient. */
function expectEstimateCard(c: CdsCard) {
  const [expected] = b.model.predict([b.patient.input]);
  const status = expected.status!;
  const p = expected.distribution![status];
  expect(c.summary).toBe(
    `SYNTHETIC model, not for care: HER2-${status} likely (p = ${p.toFixed(2)}): ` +
      {
        over: 'consider anti-HER2 therapy review once confirmed by IHC / ISH',
        low: 'consider HER2-low-directed therapy review',
        zero: 'HER2-directed therapy unlikely to apply; confirm by IHC',
      }[status],
  );
  expect(c.indicator).toBe('warning'); // synthetic model
  expect(c.source.url).toMatch(new RegExp(`^${BASE}/v1/models/${b.model.id}\\?access=\\d+\\.[\\w-]{43}$`));
  for (const s of ['over', 'low', 'zero'] as const)
    expect(c.detail).toContain(`| ${expected.distribution![s].toFixed(2)} |`);
  expect(c.detail).toContain('trained on synthetic data');
  expect(c.selectionBehavior).toBe('at-most-one');
  const action = c.suggestions![0].actions[0];
  expect(action.type).toBe('create');
  const risk = action.resource as RiskAssessment;
  expect(risk.resourceType).toBe('RiskAssessment');
  expect(risk.status).toBe('preliminary');
  expect(risk.subject).toEqual({ reference: `Patient/${b.patient.id}` });
  const byCode = Object.fromEntries(
    (risk.prediction ?? []).map((x) => [x.outcome?.coding?.[0]?.code, x.probabilityDecimal]),
  );
  for (const s of ['over', 'low', 'zero'] as const) expect(byCode[s]).toBe(expected.distribution![s]);
  expect(validateFhir(risk).filter((i) => i.severity === 'error' || i.severity === 'fatal')).toEqual([]);
  return risk;
}

describe('CDS Hooks round trip (fake EHR, JWT from its loopback JWKS)', () => {
  it('discovery lists her2-status on patient-view with the Observation prefetch templates', async () => {
    const res = await b.t.app.inject({
      url: '/cds-services',
      headers: { authorization: `Bearer ${await b.token('/cds-services')}` },
    });
    expect(res.statusCode).toBe(200);
    const [service] = (
      res.json() as { services: { id: string; hook: string; prefetch: Record<string, string> }[] }
    ).services;
    expect(service.id).toBe('her2-status');
    expect(service.hook).toBe('patient-view');
    expect(service.prefetch.receptors).toBe(
      'Observation?patient={{context.patientId}}&code=http://loinc.org|16112-5,http://loinc.org|16113-3&_count=1000',
    );
    expect(service.prefetch.radiomics).toBe(
      `Observation?patient={{context.patientId}}&code=${FEATURE_SYSTEM}|&_count=1000`,
    );
    const anonymous = await b.t.app.inject({ url: '/cds-services' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('answers one estimate card from prefetch, without contacting the FHIR server', async () => {
    const before = b.fhir.requests.length;
    const risk = expectEstimateCard(await card(hookRequest({ prefetch: fullPrefetch() })));
    expect(risk.basis?.map((r) => r.reference).sort()).toEqual(
      [...b.patient.observations.receptors, ...b.patient.observations.radiomics]
        .map((o) => `Observation/${o.id}`)
        .sort(),
    );
    expect(b.fhir.requests.length).toBe(before);
  });

  it('reads what was not prefetched from the allowlisted FHIR server with the bearer token', async () => {
    const before = b.fhir.requests.length;
    const fhirAuthorization = {
      access_token: 'fhir-token-123',
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'patient/Observation.read',
      subject: 'her2',
    };
    expectEstimateCard(await card(hookRequest({ fhirServer: b.fhir.url, fhirAuthorization })));
    const made = b.fhir.requests.slice(before);
    expect(made).toHaveLength(2);
    for (const r of made) {
      expect(r.authorization).toBe('Bearer fhir-token-123');
      expect(r.url).toContain(`/fhir/Observation?patient=${b.patient.id}&code=`);
    }
    // Partly prefetched: only the missing key is read.
    const partial = b.fhir.requests.length;
    expectEstimateCard(
      await card(
        hookRequest({
          fhirServer: b.fhir.url,
          fhirAuthorization,
          prefetch: { receptors: fullPrefetch().receptors },
        }),
      ),
    );
    expect(b.fhir.requests.slice(partial).map((r) => decodeURIComponent(r.url))).toEqual([
      `/fhir/Observation?patient=${b.patient.id}&code=${FEATURE_SYSTEM}|&_count=1000`,
    ]);
  });

  it('missing inputs give an info card naming them, not an error', async () => {
    const c = await card(hookRequest({ prefetch: { receptors: fullPrefetch().receptors, radiomics: null } }));
    const n = b.model.requiredFeatures.length;
    expect(c.indicator).toBe('info');
    expect(c.summary).toBe(`HER2 status not estimated: ${n} required inputs missing from the chart`);
    expect(c.detail).toContain(`radiomic feature ${b.model.requiredFeatures[0].replace(/_/g, '\\_')}`);
    expect(c.suggestions).toBeUndefined();
  });

  it('an Observation with a wrong unit or code gives a warning card naming the element', async () => {
    const er = b.patient.observations.receptors[0];
    const wrongUnit: Observation = {
      ...er,
      valueCodeableConcept: undefined,
      valueQuantity: { value: 30, unit: 'mg', code: 'mg', system: 'http://unitsofmeasure.org' },
    };
    const c1 = await card(
      hookRequest({
        prefetch: {
          ...fullPrefetch(),
          receptors: searchset([wrongUnit, ...b.patient.observations.receptors.slice(1)]),
        },
      }),
    );
    expect(c1.indicator).toBe('warning');
    expect(c1.summary).toBe("HER2 status not estimated: 1 problem with the patient's Observations");
    expect(c1.detail).toContain("unit 'mg' is not '%'");
    expect(c1.detail).toContain('prefetch.receptors.entry\\[0\\].resource.valueQuantity.unit');

    const wrongCode: Observation = {
      resourceType: 'Observation',
      id: 'bogus',
      status: 'final',
      code: { coding: [{ system: FEATURE_SYSTEM, code: 'not-a-feature' }] },
      subject: { reference: `Patient/${b.patient.id}` },
      valueQuantity: { value: 1 },
    };
    const c2 = await card(
      hookRequest({
        prefetch: {
          ...fullPrefetch(),
          radiomics: searchset([...b.patient.observations.radiomics, wrongCode]),
        },
      }),
    );
    expect(c2.indicator).toBe('warning');
    expect(c2.detail).toContain(`code 'not-a-feature' is not in`);
  });

  it("the card's links open the model card and report without an API key; the link is bound to its path", async () => {
    const c = await card(hookRequest({ prefetch: fullPrefetch() }));
    const [cardLink, reportLink] = c.links!.map((l) => new URL(l.url));
    expect(cardLink.pathname).toBe(`/v1/models/${b.model.id}`);
    expect(reportLink.pathname).toBe(`/v1/models/${b.model.id}/report`);
    const get = (url: string) => b.t.app.inject({ url });
    expect((await get(cardLink.pathname + cardLink.search)).statusCode).toBe(200);
    const report = await get(reportLink.pathname + reportLink.search);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toMatch(/text\/html/);
    // Without the signature, or with the card's signature on the report, an API key is needed.
    expect((await get(cardLink.pathname)).statusCode).toBe(401);
    expect((await get(reportLink.pathname + cardLink.search)).statusCode).toBe(401);
    expect((await get(`/v1/models${cardLink.search}`)).statusCode).toBe(401);
    // The RiskAssessment the EHR may store names the lasting URL, not the expiring link.
    const risk = c.suggestions![0].actions[0].resource as RiskAssessment;
    expect(JSON.stringify(risk)).not.toContain('access=');
  });

  it('two ER results that disagree give a warning card, not a guess', async () => {
    const ers = [
      receptorObservation('er-a', b.patient.id, LOINC_ER, true),
      receptorObservation('er-b', b.patient.id, LOINC_ER, false),
    ];
    const others = b.patient.observations.receptors.filter((o) => o.code.coding?.[0]?.code !== LOINC_ER);
    const c = await card(
      hookRequest({ prefetch: { ...fullPrefetch(), receptors: searchset([...ers, ...others]) } }),
    );
    expect(c.indicator).toBe('warning');
    expect(c.detail).toContain('disagree (positive and negative)');
    expect(c.suggestions).toBeUndefined();
  });

  it('inputs far outside the training data give a warning card without an estimate', async () => {
    const panel = b.patient.observations.radiomics.at(-1)!;
    const far: Observation = {
      ...panel,
      component: panel.component!.map((comp) => ({ ...comp, valueQuantity: { value: 1e9 } })),
    };
    const radiomics = searchset([...b.patient.observations.radiomics.slice(0, -1), far]);
    const c = await card(hookRequest({ prefetch: { ...fullPrefetch(), radiomics } }));
    expect(c.summary).toBe("HER2 status not estimated: inputs lie far outside the model's training data");
    expect(c.indicator).toBe('warning');
  });

  it('writes one audit record per call, without the patient id', async () => {
    const before = b.t.auditLines.length;
    const c = await card(hookRequest({ prefetch: fullPrefetch() }));
    const lines = b.t.auditLines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      event: 'cds-call',
      iss: b.ehr.iss,
      card: c.uuid,
      outcome: 'estimate',
      modelId: b.model.id,
      statusCode: 200,
    });
    expect(JSON.stringify(lines[0])).not.toContain(b.patient.id);
  });
});

describe('CDS Hooks refusals', () => {
  it('refuses unsigned, expired, replayed and wrong-audience tokens, and unknown issuers (401)', async () => {
    const body = hookRequest({ prefetch: fullPrefetch() });
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string][] = [
      [
        unsignedToken({ iss: b.ehr.iss, aud: `${BASE}${SERVICE}`, iat: now, exp: now + 60, jti: 'u1' }),
        'alg "none"',
      ],
      [await b.ehr.sign({ aud: `${BASE}${SERVICE}`, expiresIn: -120, issuedAt: -300 }), 'expired'],
      [await b.ehr.sign({ aud: `${BASE}/cds-services` }), 'is not this endpoint'],
      [await b.ehr.sign({ aud: `${BASE}${SERVICE}`, iss: 'https://rogue.example/' }), 'not on the allowlist'],
    ];
    for (const [token, message] of cases) {
      const res = await call(body, token);
      expect(res.statusCode).toBe(401);
      expect((res.json() as { message: string }).message).toContain(message);
    }
    const once = await b.token(SERVICE);
    expect((await call(body, once)).statusCode).toBe(200);
    const replay = await call(body, once);
    expect(replay.statusCode).toBe(401);
    expect((replay.json() as { message: string }).message).toContain('was already used');
  });

  it('does not contact a fhirServer off the allowlist (412)', async () => {
    const res = await call(
      hookRequest({
        fhirServer: b.offList.url,
        fhirAuthorization: { access_token: 'x', token_type: 'Bearer' },
      }),
    );
    expect(res.statusCode).toBe(412);
    expect((res.json() as { message: string }).message).toContain(
      "is not on this service's allowlist of FHIR servers",
    );
    expect(b.offList.requests).toHaveLength(0);
  });

  it("answers the spec's example request (another service's prefetch, a server off the allowlist) with 412", async () => {
    const { request } = fixture<{ request: Record<string, unknown> }>('spec-example-request.json');
    const res = await call(request);
    expect(res.statusCode).toBe(412);
    expect((res.json() as { message: string }).message).toBe(
      'fhirServer "http://hooks.smarthealthit.org:9080" is not on this service\'s allowlist of FHIR servers',
    );
    const noServer = await call(hookRequest());
    expect(noServer.statusCode).toBe(412);
    expect((noServer.json() as { message: string }).message).toContain(
      'lacks prefetch keys receptors, radiomics',
    );
  });

  it('answers a malformed request with 400 naming the field', async () => {
    const noPatient = await call({ hook: 'patient-view', hookInstance: 'x', context: {} });
    expect(noPatient.statusCode).toBe(400);
    expect(JSON.stringify(noPatient.json())).toContain('body.context.patientId');
    const wrongHook = await call({ ...hookRequest(), hook: 'order-sign', prefetch: fullPrefetch() });
    expect(wrongHook.statusCode).toBe(400);
    expect((wrongHook.json() as { message: string }).message).toContain('hook "order-sign" is not served');
    const badPrefetch = await call(hookRequest({ prefetch: { receptors: { foo: 1 } } }));
    expect(badPrefetch.statusCode).toBe(400);
    expect((badPrefetch.json() as { message: string }).message).toBe(
      'prefetch.receptors must be a FHIR resource (a searchset Bundle) or null',
    );
  });
});

describe('CDS Hooks feedback', () => {
  const send = async (body: unknown) =>
    b.t.app.inject({
      method: 'POST',
      url: FEEDBACK,
      headers: { authorization: `Bearer ${await b.token(FEEDBACK)}` },
      payload: body as Record<string, unknown>,
    });

  it("records the spec's three examples in the audit log, without the clinician's comment", async () => {
    const examples = fixture<Record<string, unknown>>('spec-example-feedback.json');
    const before = b.t.auditLines.length;
    for (const key of ['accepted', 'overriddenWithoutReason', 'overriddenWithReason']) {
      const res = await send(examples[key]);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ recorded: 1 });
    }
    const lines = b.t.auditLines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.event, l.card, l.outcome])).toEqual([
      ['cds-feedback', '4e0a3a1e-3283-4575-ab82-028d55fe2719', 'accepted'],
      ['cds-feedback', 'f6b95768-b1c8-40dc-8385-bf3504b82ffb', 'overridden'],
      ['cds-feedback', '9368d37b-283f-44a0-93ea-547cebab93ed', 'overridden'],
    ]);
    expect(lines[0].acceptedSuggestions).toEqual(['e56e1945-20b3-4393-8503-a1a20fd73152']);
    expect(lines[2].overrideReason).toEqual({
      system: 'https://example.com/cds-hooks/override-reason-system',
      code: 'd7ecf885',
    });
    expect(lines[2].userComment).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('A comment entered by the clinician');
  });

  it("links feedback on one of this service's cards to its model", async () => {
    const c = await card(hookRequest({ prefetch: fullPrefetch() }));
    const before = b.t.auditLines.length;
    const res = await send({
      feedback: [
        {
          card: c.uuid,
          outcome: 'accepted',
          acceptedSuggestions: [{ id: c.suggestions![0].uuid }],
          outcomeTimestamp: '2025-01-01T00:00:00Z',
        },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(b.t.auditLines[before])).toMatchObject({ card: c.uuid, modelId: b.model.id });
  });

  it('refuses an accepted outcome without acceptedSuggestions, and a token for another endpoint', async () => {
    const res = await send({
      feedback: [{ card: 'c', outcome: 'accepted', outcomeTimestamp: '2025-01-01T00:00:00Z' }],
    });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { message: string }).message).toBe(
      'feedback[0]: an accepted outcome needs acceptedSuggestions',
    );
    const wrongAud = await b.t.app.inject({
      method: 'POST',
      url: FEEDBACK,
      headers: { authorization: `Bearer ${await b.token('/cds-services')}` },
      payload: { feedback: [{ card: 'c', outcome: 'overridden', outcomeTimestamp: '2025-01-01T00:00:00Z' }] },
    });
    expect(wrongAud.statusCode).toBe(401);
  });
});
