/**
 * Prometheus metrics on a per-app prom-client Registry: request latency by route, predictions by
 * predicted status, training jobs by state, the active model as a labelled gauge. GET /metrics is in
 * src/routes/metrics.ts.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { JOB_STATES } from '../jobs/types.js';
import { HER2_STATUSES, type Her2Status } from '../cohort/cohort.js';
import { globalPlugin } from './global.js';
import { decorateRouteConfig, routeConfigOf } from './routeConfig.js';

export interface Her2Metrics {
  registry: Registry;
  predictions: Counter<'status' | 'model_id'>;
  /** Count predicted statuses of one request. */
  countPredictions(modelId: string, counts: Record<Her2Status, number>): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Her2Metrics;
  }
}

export default globalPlugin<{ defaultMetrics?: boolean }>(
  'her2-metrics',
  async function metricsPlugin(app: FastifyInstance, opts) {
    const registry = new Registry();
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
    const latency = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by method, route and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    });
    const predictions = new Counter({
      name: 'her2_predictions_total',
      help: 'Patients predicted, by predicted HER2 status and model',
      labelNames: ['status', 'model_id'] as const,
      registers: [registry],
    });
    new Gauge({
      name: 'her2_training_jobs',
      help: 'Training jobs by state',
      labelNames: ['state'] as const,
      registers: [registry],
      async collect() {
        const counts = await app.her2.jobs.countAll();
        for (const s of JOB_STATES) this.set({ state: s }, counts[s]);
      },
    });
    new Gauge({
      name: 'her2_active_model_info',
      help: 'The active model (value 1), labelled by id and whether it was trained on synthetic data',
      labelNames: ['model_id', 'synthetic'] as const,
      registers: [registry],
      collect() {
        this.reset();
        const m = app.her2.models.active;
        if (m) this.set({ model_id: m.id, synthetic: String(m.synthetic) }, 1);
      },
    });
    const metrics: Her2Metrics = {
      registry,
      predictions,
      countPredictions(modelId, counts) {
        for (const status of HER2_STATUSES) {
          const n = counts[status];
          if (n > 0) predictions.inc({ status, model_id: modelId }, n);
        }
      },
    };
    app.decorate('metrics', metrics);
    decorateRouteConfig(app);
    // Callback-style hook: an async hook costs a promise and a microtask per request.
    app.addHook('onResponse', (request, reply, done) => {
      latency.observe(
        {
          method: request.method,
          route: routeConfigOf(request).url ?? 'unmatched',
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
      done();
    });
  },
);
