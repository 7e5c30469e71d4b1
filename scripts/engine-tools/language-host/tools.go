//go:build tools

// Package tools pins the Node.js language host that runs Pulumi programs written in TypeScript. It lives in its
// own module because the host was last released inside github.com/pulumi/pulumi/sdk/v3 at v3.68.0, and a module
// can require only one version of sdk/v3 (the CLI's module needs v3.248.0).
package tools

import (
	_ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
	_ "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python"
)
