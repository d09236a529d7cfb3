#!/usr/bin/env bash
# Install what the tests need from Debian when it is missing: Chromium (browser tests)
# and PostgreSQL (store tests on a real server, backups with pg_dump). Idempotent; quiet when all is there.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
# pg_dump / pg_restore for `python -m qmi backup|restore` on PostgreSQL (and their tests).
command -v pg_dump >/dev/null 2>&1 || missing+=(postgresql-client)
# Fonts so that screenshots and PDFs render French accents.
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing from Debian: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# axe-core for the accessibility tests (npm, pinned; installs Debian's nodejs/npm when missing).
bash "$(dirname "$0")/install_axe.sh"
