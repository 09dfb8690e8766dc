# The police performance API on Node 24 (LTS). `docker compose up` runs it against PostgreSQL (an empty
# database: docs/operations.md); alone (`docker run -p 4000:4000 <image>`) it serves the made-up
# demo data from an in-memory PGlite. The image has no TypeScript compiler (dev dependencies are
# pruned), so `npm run <script>` (which builds first) does not work in it: run the compiled
# scripts, `node dist/scripts/<script>.js` (docs/operations.md lists them).
FROM node:24-slim AS build
WORKDIR /app
# npm ci runs the postinstall (prisma generate), which reads the Prisma schema.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# Stand-in packages named by package.json's overrides (stubs/README.md).
COPY stubs ./stubs
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
# The compiled server and scripts with their runtime dependencies, migrations (prisma/), the demo
# data set (data/seed) and the reference data (data/reference).
COPY --from=build --chown=node:node /app ./
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Applies pending migrations, loads the seed into an empty store, serves /graphql and the explorer at /.
CMD ["node", "dist/src/main.js"]
