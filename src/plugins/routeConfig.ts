/**
 * The matched route's config (auth requirement, url template) read once per request.
 * Fastify's `request.routeOptions` builds a fresh object on every read (and asks the router about
 * version constraints); the auth, request-log and metrics hooks each need the route, so the first
 * one to ask keeps `routeOptions.config` on the request.
 */
import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify';

export type RouteConfig = FastifyContextConfig & { url?: string; method?: string };

declare module 'fastify' {
  interface FastifyRequest {
    her2RouteConfig: RouteConfig | null;
  }
}

const NONE: RouteConfig = {};

export function decorateRouteConfig(app: FastifyInstance): void {
  if (!app.hasRequestDecorator('her2RouteConfig')) app.decorateRequest('her2RouteConfig', null);
}

/** `request.routeOptions.config` (the same object), or an empty config. */
export function routeConfigOf(request: FastifyRequest): RouteConfig {
  return (request.her2RouteConfig ??= (request.routeOptions.config as RouteConfig | undefined) ?? NONE);
}
