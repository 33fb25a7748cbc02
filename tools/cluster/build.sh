#!/usr/bin/env bash
# Builds the real cluster components from the Go module proxy, once per set of pinned versions:
# kube-apiserver, kube-controller-manager, kube-scheduler and kubectl (go/kubernetes), etcd
# (go/etcd) and kwok with its stage definitions (go/kwok). The binaries (~600 MB) live outside the
# repository in a cache folder keyed by the pinned go.mod/go.sum files and the Go version; a build that
# is interrupted leaves nothing behind that looks complete. Prints the folder holding the binaries.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v go >/dev/null || { echo "error: go is not installed: the cluster suite builds Kubernetes from the Go module proxy" >&2; exit 1; }
key=$( (go version; cd "$here/go" && cat */go.mod */go.sum */*.go "$here/build.sh") | sha256sum | cut -c1-16)
cache=${CDK8S_COMPOSE_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-compose/cluster}
out=$cache/$key
if [ -f "$out/complete" ]; then echo "$out"; exit 0; fi
mkdir -p "$cache"
work=$(mktemp -d "$cache/.build.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
version=v1.37.2
stamp="-X k8s.io/component-base/version.gitVersion=$version -X k8s.io/component-base/version.gitMajor=1"
stamp="$stamp -X k8s.io/component-base/version.gitMinor=37 -X k8s.io/component-base/version.gitTreeState=clean"
stamp="$stamp -X k8s.io/client-go/pkg/version.gitVersion=$version -X k8s.io/client-go/pkg/version.gitMajor=1"
stamp="$stamp -X k8s.io/client-go/pkg/version.gitMinor=37"
started=$SECONDS
echo "building the cluster components into $out (first time only, about 7 minutes)" >&2
(cd "$here/go/kubernetes" && go build -trimpath -ldflags "-s -w $stamp" -o "$work/bin/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl)
(cd "$here/go/etcd" && go build -trimpath -ldflags "-s -w" -o "$work/bin/etcd" .)
(cd "$here/go/kwok" && go build -trimpath -ldflags "-s -w" -o "$work/bin/kwok" sigs.k8s.io/kwok/cmd/kwok)
# kwok refuses to start without stages; its module ships them as kustomize folders.
kwok_dir=$(cd "$here/go/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)
for stage in node/fast node/heartbeat pod/fast; do
  for file in "$kwok_dir/kustomize/stage/$stage"/*.yaml; do
    case "$(basename "$file")" in kustomization.yaml) continue ;; esac
    printf -- '---\n' >>"$work/stages.yaml"
    cat "$file" >>"$work/stages.yaml"
  done
done
echo "built in $((SECONDS - started)) s" >"$work/build-time"
touch "$work/complete"
rm -rf "$out"
mv "$work" "$out"
trap - EXIT
echo "$out"
