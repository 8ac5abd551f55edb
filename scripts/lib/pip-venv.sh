# Sourced by scripts/install-moto.sh and scripts/install-schemathesis.sh: installs one pinned PyPI
# tool into its own virtualenv. The caller defines log().
#
# pip_venv_install NAME VERSION DIR PIP_SPEC: (re)creates DIR/venv and pip-installs PIP_SPEC
# there; without python3's venv module it says SKIPPED and installs nothing.
pip_venv_install() {
  local name=$1 version=$2 dir=$3 spec=$4 started
  if ! python3 -m venv --help >/dev/null 2>&1; then
    log "SKIPPED: needs python3 with the venv module"
    return 0
  fi
  started=$SECONDS
  rm -rf "$dir/venv"
  mkdir -p "$dir"
  python3 -m venv "$dir/venv"
  "$dir/venv/bin/pip" install --quiet --disable-pip-version-check "$spec"
  log "$name $version installed in $((SECONDS - started))s ($dir/venv)"
}
