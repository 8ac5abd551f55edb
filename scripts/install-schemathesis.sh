#!/usr/bin/env bash
# Installs schemathesis (PyPI, pinned) into its own virtualenv for scripts/schemathesis.mjs, the
# API fuzzing step of `npm test`. Does nothing when that version is already there.
#
# Location: $CHAT_SCHEMATHESIS_DIR, default ${XDG_CACHE_HOME:-~/.cache}/chat-schemathesis
# (scripts/schemathesis.mjs looks there too). Needs python3 with venv and pip; without them it
# says so and stops, and the fuzzing step then fails in CI (skips elsewhere).
set -euo pipefail

SCHEMATHESIS_VERSION=${SCHEMATHESIS_VERSION:-4.32.5}
DIR=${CHAT_SCHEMATHESIS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/chat-schemathesis}
log() { printf '[install-schemathesis] %s\n' "$*"; }

if [ "$("$DIR/venv/bin/st" --version 2>/dev/null)" = "st, version $SCHEMATHESIS_VERSION" ]; then
  log "schemathesis $SCHEMATHESIS_VERSION: already there ($DIR/venv)"
  exit 0
fi
# shellcheck source=lib/pip-venv.sh
. "$(dirname "$0")/lib/pip-venv.sh"
pip_venv_install schemathesis "$SCHEMATHESIS_VERSION" "$DIR" "schemathesis==$SCHEMATHESIS_VERSION"
