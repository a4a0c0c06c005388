/**
 * GET /fhir/metadata (CapabilityStatement), GET /fhir/CodeSystem/:id (the input and outcome code
 * systems, listing the served model's features and tasks), GET /fhir/OperationDefinition/:id. Open:
 * conformance resources hold no patient data, and a client reads them before it has a key.
 */
import type { FastifyInstance } from 'fastify';
import { FEATURE_CODE_SYSTEM_ID, OUTCOME_CODE_SYSTEM_ID } from '../../fhir/codes.js';
import { capabilityStatement } from '../../fhir/definitions/capabilityStatement.js';
import { OPERATION_DEFINITIONS } from '../../fhir/definitions/operationDefinitions.js';
import { outcomeCodeSystem } from '../../fhir/definitions/outcomeCodeSystem.js';
import { featureCodeSystem } from '../../fhir/featureCodeSystem.js';
import { issue } from '../../fhir/issues.js';
import { securityFor } from '../../plugins/auth.js';
import { packageVersions } from '../../provenance/packageVersions.js';
import { FHIR_JSON, FhirOperationError } from './fhirErrors.js';
import { conformanceSchema } from './schema.js';

const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } };

export default async function fhirConformanceRoutes(app: FastifyInstance): Promise<void> {
  const { models } = app.her2;
  const open = 'open' as const;
  const startedAt = new Date().toISOString();
  const softwareVersion = packageVersions()['her2-radiomics'];

  app.get(
    '/metadata',
    {
      config: { auth: open },
      schema: {
        ...conformanceSchema(
          'CapabilityStatement of the FHIR interface',
          'Lists $her2-predict and $her2-train.',
        ),
        ...securityFor(open),
      },
    },
    async (_request, reply) =>
      reply.type(FHIR_JSON).send(capabilityStatement({ softwareVersion, date: startedAt })),
  );

  app.get<{ Params: { id: string } }>(
    '/CodeSystem/:id',
    {
      config: { auth: open },
      schema: {
        ...conformanceSchema(
          'CodeSystem',
          `${FEATURE_CODE_SYSTEM_ID}: codes of radiomic features, SUV and Ki-67 (lists the active model's features); ${OUTCOME_CODE_SYSTEM_ID}: RiskAssessment outcomes (HER2 statuses, the active model's tasks).`,
          idParam,
        ),
        ...securityFor(open),
      },
    },
    async (request, reply) => {
      const artifact = models.active?.artifact;
      if (request.params.id === FEATURE_CODE_SYSTEM_ID)
        return reply.type(FHIR_JSON).send(featureCodeSystem(models.active?.requiredFeatures ?? []));
      if (request.params.id === OUTCOME_CODE_SYSTEM_ID) {
        const tasks = Object.fromEntries(
          Object.entries(artifact?.tasks ?? {}).map(([name, t]) => [name, t.description]),
        );
        return reply.type(FHIR_JSON).send(outcomeCodeSystem(tasks));
      }
      throw new FhirOperationError(404, [
        issue(
          'not-found',
          `no CodeSystem ${request.params.id}; known: ${FEATURE_CODE_SYSTEM_ID}, ${OUTCOME_CODE_SYSTEM_ID}`,
          'CodeSystem.id',
        ),
      ]);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/OperationDefinition/:id',
    {
      config: { auth: open },
      schema: {
        ...conformanceSchema('OperationDefinition', 'her2-predict or her2-train.', idParam),
        ...securityFor(open),
      },
    },
    async (request, reply) => {
      const definition = Object.hasOwn(OPERATION_DEFINITIONS, request.params.id)
        ? OPERATION_DEFINITIONS[request.params.id]
        : undefined;
      if (!definition)
        throw new FhirOperationError(404, [
          issue(
            'not-found',
            `no OperationDefinition ${request.params.id}; known: ${Object.keys(OPERATION_DEFINITIONS).join(', ')}`,
            'OperationDefinition.id',
          ),
        ]);
      return reply.type(FHIR_JSON).send(definition);
    },
  );
}
