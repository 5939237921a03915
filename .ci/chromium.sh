#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (playwright-core drives it; no browser download).
# Prints the executable's path. Idempotent.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
fi
command -v chromium
