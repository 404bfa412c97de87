#!/bin/sh
# Runs manage.py on the server with the production settings, as the site's user, e.g.
#   sudo /srv/erfaringssentrum/app/deploy/manage.sh migrate
# (The units read the same file through systemd's EnvironmentFile: keep its values plain,
# without quotes or spaces.)
set -eu
cd /srv/erfaringssentrum/app
set -a
. /etc/erfaringssentrum/env
set +a
exec runuser -u erfaringssentrum -- .venv/bin/python manage.py "$@"
