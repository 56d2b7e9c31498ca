#!/usr/bin/env bash
# Restore a backup made by backup.sh into DATABASE_URL (an empty or existing database) and the media folder.
# Usage: DATABASE_URL=postgres://... scripts/restore.sh backups/<stamp>
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
backup="${1:?usage: restore.sh backups/<stamp> (without .dump)}"
media_root="${MEDIA_ROOT:-media}"
pg_restore --clean --if-exists --no-owner --no-privileges --dbname="$DATABASE_URL" "$backup.dump"
mkdir -p "$media_root"
tar -xzf "$backup-media.tar.gz" -C "$media_root"
# Cached pages and the interface-strings version belong to the database that was replaced.
"${PYTHON:-.venv/bin/python}" manage.py clear_cache
echo "restored $backup"
