"""gunicorn's settings for the site (deploy/systemd/erfaringssentrum-web.service); the smoke
test (scripts/smoke-deploy.sh) runs gunicorn with this file too."""

import os

# Only nginx, on the same machine, talks to gunicorn.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the pages are short and the database is local. Two per core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * os.cpu_count() + 1)
timeout = 30
graceful_timeout = 20
# A worker is replaced now and then, so a slow leak never grows for weeks.
max_requests = 2000
max_requests_jitter = 200
# Logs go to the journal (stdout/stderr); nginx keeps the access log.
accesslog = None
errorlog = "-"
