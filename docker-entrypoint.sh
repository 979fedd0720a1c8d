#!/bin/sh
# Migrations on start (safe from several containers: an advisory lock serialises them).
set -e
# Files the app writes (the generated secret key, media) are private to its user.
umask 077
# Reflex's state on the product's Redis, not in .states/ on disk.
if [ -n "${REDIS_URL:-}" ] && [ -z "${REFLEX_REDIS_URL:-}" ]; then export REFLEX_REDIS_URL="$REDIS_URL"; fi
python -m crm_res db upgrade
case "${1:-app}" in
  app)     exec reflex run --env prod --single-port --frontend-port "$PORT" --backend-port "$PORT" ;;
  worker)  exec python worker.py --processes "${WORKER_PROCESSES:-2}" ;;
  webhook) exec python -m granian --interface asgi --host 0.0.0.0 --port "$PORT" webhook:app ;;
  demo)    exec python -m crm_res demo ;;
  *)       exec "$@" ;;
esac
