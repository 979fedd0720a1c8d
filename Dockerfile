# CRM-RES production image: one image, the command picks the role (app | worker | webhook).
# Build: docker build -t crm-res .     Run: see docker-compose.yml
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm unzip curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:/app/.tools/node_modules/.bin:$PATH REFLEX_USE_SYSTEM_BUN=1 \
    REFLEX_TELEMETRY_ENABLED=false
COPY requirements.txt ./
RUN pip install -r requirements.txt
RUN npm install --silent --no-fund --no-audit --prefix /app/.tools bun@1
COPY . .
RUN pip install --no-deps . \
    && reflex init --no-agents --loglevel warning \
    && reflex export --frontend-only --no-zip --loglevel warning

FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends nodejs postgresql-client curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 crm
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=crm:crm /app /app
ENV PATH=/opt/venv/bin:/app/.tools/node_modules/.bin:$PATH REFLEX_USE_SYSTEM_BUN=1 \
    REFLEX_TELEMETRY_ENABLED=false PORT=3000 PYTHONUNBUFFERED=1
USER crm
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD curl -fsS http://127.0.0.1:${PORT}/health/live || exit 1
ENTRYPOINT ["/app/docker-entrypoint.sh"]
CMD ["app"]
