# syntax=docker/dockerfile:1
# The connector as a source image for Airbyte-style platforms (see README "Run it on a platform").
#   docker build -t calabi/source-zendesk-support:0.2.0 .
#   docker run --rm calabi/source-zendesk-support:0.2.0 spec

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /src
RUN npm install -g pnpm@12.4.2
COPY . .
RUN pnpm install --frozen-lockfile \
 && TURBO_TELEMETRY_DISABLED=1 pnpm exec turbo run build --filter=@calabi/cli... --filter=@calabi/zendesk-common... --filter=@calabi/streams-support... \
      --filter=@calabi/streams-help-center... --filter=@calabi/streams-community... --filter=@calabi/destination-jsonl... \
 && sh image/install.sh /opt/calabi

FROM node:20.20.2-bookworm-slim
ARG VERSION=0.2.0
ENV NODE_ENV=production \
    CALABI_HOME=/opt/calabi \
    AIRBYTE_ENTRYPOINT="/opt/calabi/entrypoint.sh"
COPY --from=build --chown=root:root /opt/calabi /opt/calabi
USER node
WORKDIR /home/node
LABEL io.airbyte.name="calabi/source-zendesk-support" \
      io.airbyte.version="${VERSION}" \
      org.opencontainers.image.title="Calabi Connect for Zendesk" \
      org.opencontainers.image.description="Zendesk Support source speaking the Airbyte protocol (spec, check, discover, read)" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}"
ENTRYPOINT ["/opt/calabi/entrypoint.sh"]
