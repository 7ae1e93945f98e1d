# The chat bots as one image, built the way .ci/run's production pass builds and tests them:
# npm ci, npm run build, npm prune --omit=dev, then the pruned checkout as it is (the bundles read
# the corpus and src/data relative to themselves). One image runs Slack (the default command) or
# Discord (`node --enable-source-maps dist/discord.mjs`). Not built in CI: the test machine has no
# Docker engine; test/deploy/nginx-replicas.test.ts runs the same topology from the same build.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 downloads a prebuilt binary; the compilers are the fallback when none fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY . .
RUN npm ci && npm run build && npm prune --omit=dev && rm -rf test bench docs .ci

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/data
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
# PORT: Slack/Discord HTTP modes (events, interactions, /healthz, /readyz, /metrics);
# METRICS_PORT: the same three endpoints in Socket Mode and the Discord gateway.
EXPOSE 3000 9464
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.METRICS_PORT||process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/slack.mjs"]
