#!/usr/bin/env bash
# Builds the compose-go reference loader (main.go here, compose-go pinned by go.mod/go.sum) from the
# Go module proxy, once per version of its sources and of Go, into a cache folder outside the
# repository; an interrupted build leaves nothing behind that looks complete. Prints the binary's path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v go >/dev/null || { echo "error: go is not installed: the compose-go reference is built from the Go module proxy" >&2; exit 1; }
key=$( (go version; cd "$here" && cat go.mod go.sum *.go build.sh) | sha256sum | cut -c1-16)
cache=${CDK8S_COMPOSE_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-compose/cluster}
out=$cache/compose-go-$key
if [ -x "$out/compose-go" ]; then echo "$out/compose-go"; exit 0; fi
mkdir -p "$cache"
work=$(mktemp -d "$cache/.build-compose-go.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "building the compose-go reference loader into $out (first time only, under a minute)" >&2
(cd "$here" && go build -mod=readonly -trimpath -ldflags "-s -w" -o "$work/compose-go" .)
rm -rf "$out"
mv "$work" "$out"
trap - EXIT
echo "$out/compose-go"
