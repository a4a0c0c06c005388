# syntax=docker/dockerfile:1
# HER2 status prediction service. Multi-stage: compile TypeScript, then a slim runtime with
# production dependencies only, running as the unprivileged `node` user.
#
# Node 22: an LTS line (security fixes to 2027-04-30) and the newest major CI runs the whole test
# suite on (.ci/run); Node 20 reached end of life on 2026-04-30, and a dependency of fastify's
# (cookie@2, via light-my-request) already declares Node >= 22. Moving to 24 or 26 is this line and
# the version in .ci/run, once the suite has run there.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
# Training jobs run as `chrt --idle 0 node …` (SCHED_IDLE, allowed for the unprivileged user): chrt is
# util-linux's, an Essential package of every Debian image, slim included. Without it the service falls
# back to nice 19.
ENV NODE_ENV=production \
    HER2_PORT=3000 \
    HER2_HOST=0.0.0.0 \
    HER2_MODELS_DIR=/app/models \
    HER2_AUDIT_LOG=/app/logs/audit.log
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Bundled demo cohort for the first-start bootstrap, if the project ships one under training/.
COPY training ./training
COPY openapi.yaml ./
RUN mkdir -p /app/models /app/logs && chown -R node:node /app/models /app/logs
USER node
# The model registry (artifacts, active pointer, job records) outlives the container.
VOLUME ["/app/models"]
EXPOSE 3000
# Without API keys (HER2_API_KEYS / HER2_API_KEYS_FILE) the service binds to 127.0.0.1 only:
# the health check still works, but nothing outside the container can reach it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HER2_PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
CMD ["node", "dist/server.js"]
