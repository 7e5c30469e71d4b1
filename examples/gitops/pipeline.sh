#!/usr/bin/env bash
# The GitOps flow, one stage per CI event:
#   pipeline.sh pull-request   preview, and the auditor's report for the pull-request comment
#   pipeline.sh merge          apply, then prove that nothing is left to do
# Credentials come from the CI's secret store as HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK (never in the repository).
set -euo pipefail
stack="${STACK:-prod}"
case "${1:-}" in
  pull-request)
    pulumi preview --stack "$stack" --diff --json >preview.json
    npx koophone-audit preview.json --markdown report.md --html report.html
    ;; # post report.md as the pull-request comment; attach report.html
  merge)
    pulumi up --stack "$stack" --yes --parallel 64
    pulumi preview --stack "$stack" --expect-no-changes
    ;;
  *)
    echo "usage: $0 pull-request|merge" >&2
    exit 2
    ;;
esac
