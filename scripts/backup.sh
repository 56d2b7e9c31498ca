#!/usr/bin/env bash
# Back up the site: a PostgreSQL custom-format dump plus the media folder.
# Usage: DATABASE_URL=postgres://... scripts/backup.sh [BACKUP_DIR]
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
backup_dir="${1:-backups}"
media_root="${MEDIA_ROOT:-media}"
stamp="$(date +%Y%m%d-%H%M%S)"
mkdir -p "$backup_dir" "$media_root"
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$backup_dir/$stamp.dump"
tar -czf "$backup_dir/$stamp-media.tar.gz" -C "$media_root" .
echo "$backup_dir/$stamp"
