/**
 * CDS Hooks 2.0: GET /cds-services (discovery), POST /cds-services/her2-status (one card),
 * POST /cds-services/her2-status/feedback (card outcomes into the audit log).
 *
 * These routes do not take the REST API keys: every call carries a JWT signed by an allowlisted EHR,
 * verified before the body is read, with `aud` the URL of the endpoint called (this service's
 * configured base URL + the path). One audit record per call and per feedback entry, without patient
 * identifiers (no patient id, no free-text comment; the card uuid links feedback to its call).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerHer2Status, type Her2StatusOutcome } from '../../cdsHooks/answerHer2Status.js';
import { CdsAuthError, type CdsCaller, CdsJwtVerifier } from '../../cdsHooks/cdsJwtVerifier.js';
import type { CdsFeedback, CdsServiceRequest } from '../../cdsHooks/cdsTypes.js';
import { FhirAccessError } from '../../cdsHooks/fhirServerReader.js';
import { CdsRequestError } from '../../cdsHooks/gatherResources.js';
import { HER2_STATUS_SERVICE_ID, her2StatusDefinition } from '../../cdsHooks/her2StatusService.js';
import { IssuedCards } from '../../cdsHooks/issuedCards.js';
import { HttpError } from '../../plugins/errors.js';
import { discoverySchema, feedbackSchema, serviceSchema } from './schema.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The EHR that called a CDS route (from its verified JWT). */
    cdsCaller: CdsCaller | null;
  }
}

export const CDS_SECURITY = [{ cdsHooksJwt: [] }];

/**
 * CDS calls are rate-limited per calling EHR (JWT issuer and tenant), not per client IP: one EHR
 * behind a hospital's NAT would otherwise share its budget with every REST client there, and tenants
 * behind one gateway with each other. The route's onRequest verifies the JWT before the limiter runs
 * (the limiter's hook is appended after it), so the caller is known; the budget is the global one.
 */
const CDS_ROUTE_CONFIG = {
  auth: 'open' as const,
  rateLimit: {
    keyGenerator: (request: FastifyRequest) =>
      request.cdsCaller
        ? `cds:${request.cdsCaller.iss}#${request.cdsCaller.tenant ?? ''}`
        : `ip:${request.ip}`,
  },
};

const AUTH_NOTE =
  'Authenticated by a CDS Hooks JWT (Authorization: Bearer), signed RS384 or ES384 by an issuer on HER2_CDS_ISSUERS, ' +
  'with aud = this URL; API keys are not used here.';

/** The fields every CDS audit record starts with: what, which request, which EHR (never the patient). */
function auditHeader(request: FastifyRequest, event: 'cds-call' | 'cds-feedback') {
  return {
    event,
    reqId: request.id,
    route: request.url.split('?')[0],
    iss: request.cdsCaller?.iss ?? null,
    tenant: request.cdsCaller?.tenant ?? null,
  };
}

export default async function cdsServicesRoutes(app: FastifyInstance): Promise<void> {
  const { config, models, audit, links } = app.her2;
  const cds = config.cdsHooks;
  const verifier = new CdsJwtVerifier(cds);
  const issued = new IssuedCards(10_000);
  app.decorateRequest('cdsCaller', null);

  /** onRequest: the JWT, before any body is read; the audience is the endpoint's URL. */
  const authenticate = async (request: FastifyRequest, extraAudiences: string[] = []) => {
    if (cds.baseUrl === null)
      throw new HttpError(503, 'CDS Hooks is not configured: set HER2_CDS_BASE_URL (and HER2_CDS_ISSUERS)');
    const path = request.url.split('?')[0];
    try {
      request.cdsCaller = await verifier.verify(request.headers.authorization, [
        `${cds.baseUrl}${path}`,
        ...extraAudiences.map((p) => `${cds.baseUrl}${p}`),
      ]);
    } catch (e) {
      if (e instanceof CdsAuthError) throw new HttpError(e.statusCode, e.message);
      throw e;
    }
  };
  const base = (path: string) => `${cds.baseUrl ?? ''}${path}`;

  app.get(
    '',
    {
      config: CDS_ROUTE_CONFIG,
      onRequest: async (request) => authenticate(request),
      schema: { ...discoverySchema, security: CDS_SECURITY, description: AUTH_NOTE },
    },
    async () => ({ services: [her2StatusDefinition(models.active)] }),
  );

  const outcomeOf = new WeakMap<
    FastifyRequest,
    { outcome: Her2StatusOutcome; cardUuid: string; fetchedKeys: string[] }
  >();
  app.post<{ Body: CdsServiceRequest }>(
    `/${HER2_STATUS_SERVICE_ID}`,
    {
      bodyLimit: config.predictionBodyLimit,
      config: CDS_ROUTE_CONFIG,
      onRequest: async (request) => authenticate(request),
      schema: { ...serviceSchema, security: CDS_SECURITY, description: AUTH_NOTE },
      onResponse: (request: FastifyRequest, reply: FastifyReply, done) => {
        const body = request.body as Partial<CdsServiceRequest> | undefined;
        const result = outcomeOf.get(request);
        audit.info({
          ...auditHeader(request, 'cds-call'),
          hookInstance: typeof body?.hookInstance === 'string' ? body.hookInstance : null,
          modelId: request.modelId,
          card: result?.cardUuid ?? null,
          outcome: result?.outcome ?? null,
          fetchedFromFhirServer: result?.fetchedKeys ?? [],
          statusCode: reply.statusCode,
        });
        done();
      },
    },
    async (request) => {
      const model = models.active;
      if (!model) throw new HttpError(503, `no model is loaded (${models.notReadyReason}); retry later`);
      request.modelId = model.id;
      const cardUuid = randomUUID();
      try {
        const answer = await answerHer2Status(request.body, {
          model,
          fhir: { allowlist: cds.fhirServers, timeoutMs: cds.fhirTimeoutMs },
          outOfDistributionRejectSds: config.outOfDistributionRejectSds,
          card: {
            cardUuid,
            suggestionUuid: randomUUID(),
            modelCardUrl: base(links.sign(`/v1/models/${model.id}`)),
            modelReportUrl: base(links.sign(`/v1/models/${model.id}/report`)),
            modelUrl: base(`/v1/models/${model.id}`),
          },
        });
        issued.remember(cardUuid, model.id);
        outcomeOf.set(request, { outcome: answer.outcome, cardUuid, fetchedKeys: answer.fetchedKeys });
        return { cards: [answer.card] };
      } catch (e) {
        if (e instanceof CdsRequestError) throw new HttpError(400, e.message);
        // The spec's answer when the data cannot be obtained (no prefetch, FHIR server unusable).
        if (e instanceof FhirAccessError) throw new HttpError(412, e.message);
        throw e;
      }
    },
  );

  app.post<{ Body: { feedback: CdsFeedback[] } }>(
    `/${HER2_STATUS_SERVICE_ID}/feedback`,
    {
      config: CDS_ROUTE_CONFIG,
      // EHRs differ on the aud of feedback: the feedback URL itself, or the service it belongs to.
      onRequest: async (request) => authenticate(request, [`/cds-services/${HER2_STATUS_SERVICE_ID}`]),
      schema: { ...feedbackSchema, security: CDS_SECURITY, description: AUTH_NOTE },
    },
    async (request) => {
      const entries = request.body.feedback;
      entries.forEach((f, i) => {
        if (f.outcome === 'accepted' && !(f.acceptedSuggestions && f.acceptedSuggestions.length > 0))
          throw new HttpError(400, `feedback[${i}]: an accepted outcome needs acceptedSuggestions`);
      });
      for (const f of entries) {
        const reason = f.overrideReason?.reason;
        audit.info({
          ...auditHeader(request, 'cds-feedback'),
          card: f.card,
          // Cards this service issued recently carry the model that made them; older ones null.
          modelId: issued.modelOf(f.card),
          outcome: f.outcome,
          acceptedSuggestions: (f.acceptedSuggestions ?? []).map((s) => s.id),
          overrideReason: reason ? { system: reason.system ?? null, code: reason.code ?? null } : null,
          // Free text may name the patient: only whether there was any.
          userComment: f.overrideReason?.userComment !== undefined,
          outcomeTimestamp: f.outcomeTimestamp,
        });
      }
      return { recorded: entries.length };
    },
  );
}
