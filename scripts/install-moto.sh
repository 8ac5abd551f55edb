#!/usr/bin/env bash
# Installs moto (PyPI, pinned) with its server mode into its own virtualenv: a local
# S3-compatible endpoint that backend/test/attachments.spec.ts runs the S3 storage against.
# Does nothing when that version is already there.
#
# Location: $CHAT_MOTO_DIR, default ${XDG_CACHE_HOME:-~/.cache}/chat-moto (the test looks there
# too). Needs python3 with venv and pip; without them it says so and stops, and the S3 test then
# fails in CI (skips elsewhere, saying why).
set -euo pipefail

MOTO_VERSION=${MOTO_VERSION:-5.2.5}
DIR=${CHAT_MOTO_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/chat-moto}
log() { printf '[install-moto] %s\n' "$*"; }

if [ "$("$DIR/venv/bin/python" -c 'import moto; print(moto.__version__)' 2>/dev/null)" = "$MOTO_VERSION" ] &&
  [ -x "$DIR/venv/bin/moto_server" ]; then
  log "moto $MOTO_VERSION: already there ($DIR/venv)"
  exit 0
fi
# shellcheck source=lib/pip-venv.sh
. "$(dirname "$0")/lib/pip-venv.sh"
pip_venv_install moto "$MOTO_VERSION" "$DIR" "moto[server]==$MOTO_VERSION"
