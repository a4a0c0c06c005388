/**
 * The route schemas are JSON Schema draft 7 (what fastify's Ajv validates), where an exclusive bound
 * is a number: `exclusiveMinimum: 0`. OpenAPI 3.0's schema dialect is older: an exclusive bound is
 * `minimum: 0, exclusiveMinimum: true`. This rewrites the document (never the validating schemas)
 * so OpenAPI tools read the same bound the service enforces.
 */
export function withOpenApi30Bounds<T>(node: T): T {
  if (Array.isArray(node)) return node.map((n: unknown) => withOpenApi30Bounds(n)) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = withOpenApi30Bounds(value);
  for (const [exclusive, inclusive] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    const bound = out[exclusive];
    if (typeof bound === 'number') {
      out[inclusive] = bound;
      out[exclusive] = true;
    }
  }
  return out as T;
}
