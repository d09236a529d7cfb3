#!/usr/bin/env bash
# Install axe-core, the accessibility rules tests/e2e/test_accessibility.py runs in the browser, pinned,
# into .tools/ (git-ignored) when it is missing or another version; Node's npm comes from Debian when missing.
# Idempotent; quiet when all is there.
set -euo pipefail
AXE_VERSION="4.10.3"
TOOLS="$(cd "$(dirname "$0")/.." && pwd)/.tools"
PACKAGE="$TOOLS/node_modules/axe-core/package.json"

if [ -f "$PACKAGE" ] && grep -q "\"version\": \"$AXE_VERSION\"" "$PACKAGE"; then exit 0; fi

if ! command -v npm >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  echo "Installing from Debian: nodejs npm"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

echo "Installing axe-core $AXE_VERSION into $TOOLS"
npm install --prefix "$TOOLS" --no-save --no-package-lock --no-audit --no-fund --silent "axe-core@$AXE_VERSION"
