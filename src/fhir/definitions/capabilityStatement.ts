/** GET /fhir/metadata: what the service's FHIR interface does, for an integrator and a client's discovery. */
import type { CapabilityStatement } from '@medplum/fhirtypes';
import { PREDICT_OPERATION_ID, TRAIN_OPERATION_ID, operationUrl } from './operationDefinitions.js';

export function capabilityStatement(options: { softwareVersion: string; date: string }): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    id: 'her2-radiomics',
    name: 'Her2RadiomicsService',
    title: 'HER2 radiomics service: FHIR R4 interface',
    status: 'active',
    experimental: true,
    date: options.date,
    publisher: 'her2-radiomics service',
    description:
      'Research use only; not a medical device. Predicts HER2 expression status from radiomics and ER/PR as a ' +
      'RiskAssessment ($her2-predict) and trains models from FHIR Observations ($her2-train). Every resource accepted ' +
      'or returned is validated against the FHIR R4 definitions.',
    kind: 'instance',
    software: { name: 'her2-radiomics', version: options.softwareVersion },
    implementation: { description: 'HER2 radiomics service, FHIR R4 endpoint at /fhir' },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation: 'Operations only: the service stores no clinical data.',
        security: {
          description:
            'API keys: Authorization: Bearer <key> or x-api-key. $her2-predict needs role predict, $her2-train role ' +
            'train; metadata, CodeSystem and OperationDefinition reads are open.',
        },
        resource: [
          {
            type: 'RiskAssessment',
            operation: [{ name: PREDICT_OPERATION_ID, definition: operationUrl(PREDICT_OPERATION_ID) }],
          },
          { type: 'CodeSystem', interaction: [{ code: 'read' }] },
          { type: 'OperationDefinition', interaction: [{ code: 'read' }] },
        ],
        operation: [{ name: TRAIN_OPERATION_ID, definition: operationUrl(TRAIN_OPERATION_ID) }],
      },
    ],
  };
}
