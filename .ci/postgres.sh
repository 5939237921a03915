#!/usr/bin/env bash
# Installs (if needed) and starts Debian's PostgreSQL on 127.0.0.1, with a role and database for the
# repository tests, then prints the URL to use as TEST_DATABASE_URL. Idempotent.
set -euo pipefail
if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  # The package is there but its cluster is not (removed, or a minimal image): make one.
  pg_createcluster "$(ls /usr/lib/postgresql | sort -n | tail -n 1)" main >&2
fi
read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1)
if [ "$status" != "online" ]; then
  pg_ctlcluster "$version" "$cluster" start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
as_postgres "psql -q -p $port -tc \"SELECT 1 FROM pg_roles WHERE rolname='isa'\" | grep -q 1 || psql -q -p $port -c \"CREATE ROLE isa LOGIN PASSWORD 'isa'\"" >&2
as_postgres "psql -q -p $port -tc \"SELECT 1 FROM pg_database WHERE datname='isa_test'\" | grep -q 1 || psql -q -p $port -c \"CREATE DATABASE isa_test OWNER isa\"" >&2
echo "postgres://isa:isa@127.0.0.1:${port}/isa_test"
