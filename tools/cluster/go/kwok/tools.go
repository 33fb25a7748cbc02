//go:build tools

// Package tools pins kwok, which gives the cluster suite nodes and pods without a container runtime.
package tools

import _ "sigs.k8s.io/kwok/cmd/kwok"
