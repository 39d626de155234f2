# klachtflow: one image for the API, the Temporal worker and the migration job. Which one runs is
# chosen by the command (docker-compose.yml): node dist/scripts/{api,worker,migrate}.js.

# ---- build: full dependency tree, compile TypeScript to dist/ ----
FROM node:20-bookworm-slim AS build
WORKDIR /app

# Manifests first so the dependency layer is cached until package*.json change.
COPY package.json package-lock.json ./
RUN npm ci

COPY . .
RUN npm run build

# ---- runtime: production dependencies + compiled output only ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
# One malloc arena per thread of the Temporal core keeps the worker's RSS at its high-water mark; two suffice.
ENV MALLOC_ARENA_MAX=2
WORKDIR /app

# Letters are printed to PDF by Debian's Chromium (see platform/pdf/pdfRenderer.ts); the
# DejaVu fonts give the letters the same glyphs as in development and tests.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
ENV CHROMIUM_PATH=/usr/bin/chromium

COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# dist/ holds the compiled app, including dist/migrations and dist/workflows (the worker bundles
# workflows from there at start-up). Letter templates (.hbs) are read from disk at runtime.
COPY --from=build /app/dist ./dist
COPY templates ./templates

# Files stay root-owned (read-only to the app); the process runs unprivileged.
USER node

EXPOSE 3000
CMD ["node", "dist/scripts/api.js"]
