# syntax=docker/dockerfile:1
# reauth-bot: build with the dev dependencies, then run on the compiled output with production ones only.
#   docker build -t reauth-bot .
#   docker run --env-file .env -v reauth-data:/app/data -p 3000:3000 reauth-bot
# See docs/operating.md, "Docker".

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm 11 skips install scripts unless allowed, and nothing here needs one: the same with npm 10.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY handlers ./handlers
COPY store ./store
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# The file store's default place (REAUTH_DB=./data/reauth.json) is the one directory the bot may write.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME /app/data
USER node
EXPOSE 3000
# GET /healthz: on PORT in HTTP mode, on METRICS_PORT in Socket Mode.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 CMD ["node", "dist/src/healthcheck.js"]
# node itself, not npm, is the container's process: it receives SIGTERM and stops cleanly.
CMD ["node", "--max-old-space-size=512", "dist/src/main.js"]
