# Sésame: a CAS 2.0/3.0 identity provider. Three stages: production dependencies, the build (with
# dev dependencies), and the runtime image, which holds only the first and the build's output.
#
# Runtime: Node 24 LTS (Node 20 reached end of life in April 2026). The base image is pinned by its
# most precise tag; no digest is written here because none could be checked from where this was
# written, and an invented one would fail the build. To pin it by digest (recommended, so that a
# rebuild takes exactly the same image), run on a machine with Docker:
#   docker buildx imagetools inspect node:24.22.3-bookworm-slim --format '{{json .Manifest.Digest}}'
# and set NODE_IMAGE below to node:24.22.3-bookworm-slim@sha256:<that digest> (the digest of the
# multi-platform index, so that amd64 and arm64 builds both resolve). To move to a newer Node 24,
# change the tag and take its digest the same way.
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    SERVICES_FILE=config/services.json \
    DIRECTORIES_FILE=config/directories.json \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY config ./config
COPY docker/healthcheck.mjs ./docker/healthcheck.mjs
# The `sesame` command on PATH (`docker compose exec sesame sesame links list --uai …`): the built
# dist/cli/sesame.js (executable, with its node shebang), run from /app like the server, so it
# reads the same settings.
RUN ln -s /app/dist/cli/sesame.js /usr/local/bin/sesame
# Code and config belong to root and are read-only for the service; only DATA_DIR (embedded mode's
# PRONOTE links) is writable.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
# /health under PUBLIC_URL's path, with Node's own fetch (the image has no curl).
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 CMD ["node", "docker/healthcheck.mjs"]
# SIGTERM drains: no new connection, requests in flight finish, Redis and LDAP close, exit 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/server.js"]
