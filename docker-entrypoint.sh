#!/bin/sh
# Migrations on start (safe from several containers: an advisory lock serialises them).
#   app        one box: Caddy on $PORT in front of the ingestion tier (webhook:app, granian,
#              $CRM_RES_WEBHOOK_PROCESSES processes) and the dashboard (crm_res/runtime/serve.py)
#   worker     RQ workers ($WORKER_PROCESSES) and the cron scheduler
#   webhook    the ingestion tier alone on $PORT (docker-compose.scale.yml runs several)
#   dashboard  the Reflex dashboard alone on $PORT (docker-compose.scale.yml)
#   front      Caddy alone on $PORT, routing to the `webhook` and `dashboard` services (deploy/Caddyfile.scaled)
set -e
# Files the app writes (the generated secret key, media) are private to its user.
umask 077
# Reflex's state on the product's Redis, not in .states/ on disk.
if [ -n "${REDIS_URL:-}" ] && [ -z "${REFLEX_REDIS_URL:-}" ]; then export REFLEX_REDIS_URL="$REDIS_URL"; fi
# Prometheus multiprocess mode: every process of this container writes its metrics here and
# /metrics adds them up; emptied at start (an earlier run's counts would be added to this one's).
export PROMETHEUS_MULTIPROC_DIR="${PROMETHEUS_MULTIPROC_DIR:-/tmp/crm-res-metrics}"
rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
case "${1:-app}" in
  front) exec caddy run --config /app/deploy/Caddyfile.scaled --adapter caddyfile ;;
esac
python -m crm_res db upgrade
case "${1:-app}" in
  app)       exec python -m crm_res.runtime.serve ;;
  worker)    exec python worker.py --processes "${WORKER_PROCESSES:-2}" ;;
  webhook)   exec python -m granian --interface asgi --host 0.0.0.0 --port "$PORT" --no-ws \
                 --workers "${CRM_RES_WEBHOOK_PROCESSES:-2}" --log-level warning webhook:app ;;
  dashboard) exec reflex run --env prod --single-port --frontend-port "$PORT" --backend-port "$PORT" ;;
  demo)      exec python -m crm_res demo ;;
  *)         exec "$@" ;;
esac
