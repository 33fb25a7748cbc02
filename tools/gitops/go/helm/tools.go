//go:build tools

// Package tools pins helm, which proves the Helm output: helm lint passes and helm template renders what convert writes.
package tools

import _ "helm.sh/helm/v4/cmd/helm"
