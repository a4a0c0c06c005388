/**
 * Mark a plugin as not encapsulated (its hooks and decorators apply to the parent), the same thing
 * the fastify-plugin package does, without depending on it.
 */
import type { FastifyPluginAsync } from 'fastify';

export function globalPlugin<Options extends Record<string, unknown>>(
  name: string,
  fn: FastifyPluginAsync<Options>,
): FastifyPluginAsync<Options> {
  const f = fn as FastifyPluginAsync<Options> & Record<symbol, unknown>;
  f[Symbol.for('skip-override')] = true;
  f[Symbol.for('fastify.display-name')] = name;
  return f;
}
