/** Makes the plain-TS services (registry-backed models, job queue, report renderer, audit log) available to routes. */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../config.js';
import type { JobRunner } from '../jobs/jobRunner.js';
import type { ModelArtifact } from '../model/artifact.js';
import type { PrognosisArtifact } from '../prognosis/prognosisArtifact.js';
import type { ModelService } from '../registry/modelService.js';
import type { LinkSigner } from '../security/signedLinks.js';
import { globalPlugin } from './global.js';

export interface Her2Services {
  config: ServiceConfig;
  models: ModelService;
  jobs: JobRunner;
  renderReport: (artifact: ModelArtifact) => string;
  /** The prognosis model POST /v1/prognosis serves; null when none (the route answers 503). */
  prognosis: PrognosisArtifact | null;
  /** The audit log (its own destination): one record per prediction request. */
  audit: Logger;
  /** Signs expiring links to read-only pages (the CDS cards' model card and report links). */
  links: LinkSigner;
  /** Settles when the first-start bootstrap (training the default model) is over, or at once when not needed. */
  bootstrapped: Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    her2: Her2Services;
  }
  interface FastifyRequest {
    /** The model that answered (for the request log). */
    modelId: string | null;
  }
}

export default globalPlugin<{ services: Her2Services }>(
  'her2-services',
  async function servicesPlugin(app: FastifyInstance, opts) {
    app.decorate('her2', opts.services);
    app.decorateRequest('modelId', null);
  },
);
