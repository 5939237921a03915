#!/usr/bin/env bash
# Installs Debian's Chromium (and a Chinese font) for the browser tests (playwright-core drives it; no browser download).
# Prints the executable's path. Idempotent.
set -euo pipefail
# With a CJK font, so that the workbench's Chinese pages render (and their screenshots show) as users see them.
if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium fonts-noto-cjk >&2
fi
command -v chromium
