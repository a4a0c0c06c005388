/**
 * A deadline for a request's body to arrive, per route. Node's requestTimeout (the time to receive a
 * whole request) is server-wide, and training uploads need minutes where a JSON request needs
 * seconds: the server-wide value is the long upload allowance (uploadTimeoutMs) and this hook holds
 * every other route to requestTimeoutMs, answering 408 and closing the connection when the body is
 * still incomplete then. A route opts out with `config: { longBody: true }`.
 */
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.js';
import { globalPlugin } from './global.js';
import { routeConfigOf } from './routeConfig.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The body may take up to the server-wide upload allowance to arrive (training uploads). */
    longBody?: boolean;
  }
}

export interface BodyDeadlineOptions extends Record<string, unknown> {
  timeoutMs: number;
}

export default globalPlugin<BodyDeadlineOptions>(
  'her2-body-deadline',
  async function bodyDeadlinePlugin(app: FastifyInstance, opts: BodyDeadlineOptions) {
    app.addHook('onRequest', (request, reply, done) => {
      // Most bodies have arrived with their headers: no timer for them.
      if (request.raw.complete || routeConfigOf(request).longBody) return done();
      const timer = setTimeout(() => {
        if (request.raw.complete || reply.sent) return;
        void reply.header('connection', 'close');
        reply.send(new HttpError(408, `the request body did not arrive within ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
      const clear = (): void => clearTimeout(timer);
      request.raw.once('end', clear);
      reply.raw.once('close', clear);
      done();
    });
  },
);
