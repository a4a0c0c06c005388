/**
 * The FHIR R4 interface under /fhir: application/fhir+json bodies, OperationOutcome errors, the two
 * operations and the conformance resources. Registered with prefix /fhir.
 */
import type { FastifyInstance } from 'fastify';
import fhirConformanceRoutes from './conformance.js';
import { installFhirErrorHandler } from './fhirErrors.js';
import fhirPredictRoute from './predict.js';
import fhirTrainRoute from './train.js';

export default async function fhirRoutes(app: FastifyInstance): Promise<void> {
  installFhirErrorHandler(app);
  // FHIR's media type, parsed as JSON with the same prototype-poisoning refusal as application/json;
  // text/plain would hand the routes a string.
  app.addContentTypeParser(
    'application/fhir+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  app.removeContentTypeParser('text/plain');
  await app.register(fhirConformanceRoutes);
  await app.register(fhirPredictRoute);
  await app.register(fhirTrainRoute);
}
