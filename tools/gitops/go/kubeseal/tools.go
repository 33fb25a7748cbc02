//go:build tools

// Package tools pins kubeseal, which proves the SealedSecrets unseal with the controller's key.
package tools

import _ "github.com/bitnami-labs/sealed-secrets/cmd/kubeseal"
