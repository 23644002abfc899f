#!/usr/bin/env bash
# `make serve`: the production stack on this machine, in the foreground — gunicorn, the task worker
# and the publish_scheduled scheduler (clinic/deploy/Procfile, run by honcho). Ctrl+C stops them all.
# Needs DATABASE_URL (PostgreSQL). Optional: REDIS_URL, FRONTEND_CACHE_PURGE_URL, PORT (8000), and
# everything clinic/settings/production.py reads. Defaults for a plain-HTTP stack on loopback are set
# here only when not given: SECURE_SSL_REDIRECT=0, SECURE_COOKIES=0, ALLOWED_HOSTS, a SECRET_KEY kept
# in .serve-secret-key.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -z "${DATABASE_URL:-}" ]; then
  echo "make serve runs the production stack on PostgreSQL: set DATABASE_URL, e.g." >&2
  echo "    createdb clinic && DATABASE_URL=postgresql://postgres@127.0.0.1:5432/clinic make serve" >&2
  exit 2
fi
case "$DATABASE_URL" in
  postgres://*|postgresql://*|pgsql://*) ;;
  *) echo "DATABASE_URL must be a PostgreSQL URL for make serve (got ${DATABASE_URL%%:*}://…)." >&2; exit 2 ;;
esac

PORT=${PORT:-8000}
export DJANGO_SETTINGS_MODULE=clinic.settings.production
export BIND=${BIND:-127.0.0.1:$PORT}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export CSRF_TRUSTED_ORIGINS=${CSRF_TRUSTED_ORIGINS:-http://127.0.0.1:$PORT,http://localhost:$PORT}
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-0}
export SECURE_COOKIES=${SECURE_COOKIES:-0}
export SECURE_HSTS_SECONDS=${SECURE_HSTS_SECONDS:-0}
if [ -z "${SECRET_KEY:-}" ]; then
  [ -s .serve-secret-key ] || .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))" > .serve-secret-key
  chmod 600 .serve-secret-key
  SECRET_KEY=$(cat .serve-secret-key)
  export SECRET_KEY
fi

.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/python manage.py compilemessages -l es --ignore ".venv/*" -v 0
if [ "${SERVE_DEMO:-0}" = 1 ]; then
  # The demo's Site takes the address served here (while it still has a placeholder hostname).
  .venv/bin/python manage.py load_demo_content --site-url "${SITE_URL:-http://${BIND/#0.0.0.0/127.0.0.1}/}"
fi
echo "Serving http://$BIND/ with production settings: gunicorn, the task worker, the scheduler. Ctrl+C stops all."
exec .venv/bin/honcho -f clinic/deploy/Procfile -d . start
