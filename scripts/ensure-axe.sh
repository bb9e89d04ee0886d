#!/usr/bin/env bash
# Install axe-core (the accessibility checker the browser tests inject into the page) from the
# npm registry into tests/axe/node_modules, pinned by tests/axe/package-lock.json. Needs npm;
# installs Debian's npm when it is missing and this runs as root, else says what to do.
set -euo pipefail
cd "$(dirname "$0")/../tests/axe"
if [ -f node_modules/axe-core/axe.min.js ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Browser accessibility checks need npm: run 'sudo apt-get install -y npm'." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq npm >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error
