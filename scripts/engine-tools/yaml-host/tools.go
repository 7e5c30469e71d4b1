//go:build tools

// Package tools pins the YAML language host that runs Pulumi programs written in YAML (pulumi-yaml). It lives in
// its own module because pulumi-yaml requires its own versions of github.com/pulumi/pulumi/pkg/v3 and sdk/v3,
// older than the CLI's.
package tools

import (
	_ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
)
