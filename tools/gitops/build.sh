#!/usr/bin/env bash
# Builds the real GitOps clients from the Go module proxy, once per set of pinned versions: helm
# (go/helm), sops and age-keygen (go/sops), kubeseal (go/kubeseal). The suites that prove our Helm,
# SOPS and Sealed Secrets outputs run these binaries, never a re-implementation. They live outside the
# repository in a cache folder keyed by the pinned go.mod/go.sum files and the Go version; an
# interrupted build leaves nothing that looks complete. Prints the folder holding the binaries.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v go >/dev/null || { echo "error: go is not installed: the GitOps suites build helm, sops and kubeseal from the Go module proxy" >&2; exit 1; }
key=$( (go version; cd "$here/go" && cat */go.mod */go.sum */*.go "$here/build.sh") | sha256sum | cut -c1-16)
cache=${CDK8S_COMPOSE_GITOPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-compose/gitops}
out=$cache/$key
if [ -f "$out/complete" ]; then echo "$out"; exit 0; fi
mkdir -p "$cache"
work=$(mktemp -d "$cache/.build.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
started=$SECONDS
echo "building helm, sops, age-keygen and kubeseal into $out (first time only, a few minutes)" >&2
(cd "$here/go/helm" && go build -trimpath -ldflags "-s -w" -o "$work/bin/" helm.sh/helm/v4/cmd/helm)
(cd "$here/go/sops" && go build -trimpath -ldflags "-s -w" -o "$work/bin/" \
  github.com/getsops/sops/v3/cmd/sops filippo.io/age/cmd/age-keygen)
(cd "$here/go/kubeseal" && go build -trimpath -ldflags "-s -w" -o "$work/bin/" \
  github.com/bitnami-labs/sealed-secrets/cmd/kubeseal)
echo "built in $((SECONDS - started)) s" >"$work/build-time"
touch "$work/complete"
rm -rf "$out"
mv "$work" "$out"
trap - EXIT
echo "$out"
