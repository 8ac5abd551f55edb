# Web image: the Angular SPA served by unprivileged nginx on port 8080, proxying the API paths
# (/api/, /socket.io/, /docs, /docs-json, /health) to API_UPSTREAM (default api:3000).
#
# Build from the repository root:
#   docker build -f deploy/web.Dockerfile -t chat-web .
# Run:  docker run -p 8080:8080 -e API_UPSTREAM=chat-api:3000 chat-web

ARG NODE_IMAGE=node:24-bookworm-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.27-alpine

# ---- build: frontend -> frontend/dist/frontend/browser
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NG_CLI_ANALYTICS=false \
    NX_DAEMON=false \
    NX_NO_CLOUD=true \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    SCARF_ANALYTICS=false \
    npm_config_update_notifier=false
COPY package.json package-lock.json .npmrc ./
COPY backend/package.json backend/
COPY frontend/package.json frontend/
# Optional dependencies stay: esbuild/rollup/lmdb platform binaries are what `ng build` runs.
# --ignore-scripts: they are prebuilt packages; no install script is needed.
RUN npm install --no-audit --no-fund --ignore-scripts \
      --workspace=frontend --include-workspace-root
COPY tsconfig.base.json ./
COPY frontend/ frontend/
WORKDIR /app/frontend
# The same steps as `npm run build` (not used here: --ignore-scripts leaves the root's `node`
# package without its binary): ng build, the stylesheet moved out of the render-blocking <head>,
# then the .br/.gz copies nginx's gzip_static serves.
RUN node ../node_modules/@angular/cli/bin/ng.js build --configuration production \
    && node scripts/defer-styles.mjs \
    && node scripts/precompress.mjs \
    && test -f dist/frontend/browser/index.html \
    && test -n "$(find dist/frontend/browser -name 'main-*.js.gz')"

# ---- runtime
FROM ${NGINX_IMAGE} AS runtime
LABEL org.opencontainers.image.title="chat-web" \
      org.opencontainers.image.description="Chat SPA on nginx, proxying the API" \
      org.opencontainers.image.licenses="MIT"
# The image's entrypoint renders /etc/nginx/templates/*.template into /etc/nginx/conf.d with
# envsubst at start; the filter limits substitution to API_* so nginx's own $variables survive.
ENV API_UPSTREAM=api:3000 \
    NGINX_ENVSUBST_FILTER=^API_
USER 0
# Without the stock server block a misconfigured start fails loudly instead of serving the
# nginx welcome page.
RUN rm -rf /usr/share/nginx/html/* /etc/nginx/conf.d/default.conf
USER 101
COPY deploy/nginx.conf /etc/nginx/templates/default.conf.template
COPY deploy/nginx-security-headers.conf /etc/nginx/snippets/security-headers.conf
COPY --from=build /app/frontend/dist/frontend/browser/ /usr/share/nginx/html/
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/nginx-health"]
