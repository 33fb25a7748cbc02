//go:build tools

// Package tools pins sops, which proves the SOPS-encrypted Secrets decrypt with the age identity.
package tools

import _ "github.com/getsops/sops/v3/cmd/sops"

// age-keygen makes the identity the tests encrypt to and decrypt with.
import _ "filippo.io/age/cmd/age-keygen"
