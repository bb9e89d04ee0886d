#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests when it is missing (Playwright's own
# browser download cannot work offline). Needs root; prints what to do otherwise.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Browser tests need /usr/bin/chromium: run 'sudo apt-get install -y chromium'." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
