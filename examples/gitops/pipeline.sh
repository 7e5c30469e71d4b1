#!/usr/bin/env bash
# The GitOps flow, one stage per CI event:
#   pipeline.sh pull-request   preview, and the auditor's report for the pull-request comment
#   pipeline.sh merge          apply, then prove that nothing is left to do
#   pipeline.sh scheduled      nightly: renewals fall due with time, not with commits, so preview and report,
#                              and apply only when phones have fallen due
# Any failure (a preview, the report, a renewal, something left to do after it) exits non-zero, so that the CI
# or the scheduler alerts. Credentials come from the CI's secret store as HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK
# (never in the repository).
set -euo pipefail
stack="${STACK:-prod}"

preview_and_report() {
  pulumi preview --stack "$stack" --diff --json >preview.json
  npx koophone-audit preview.json --markdown report.md --html report.html
}

# How many resources the preview in preview.json would change (every step but "same").
changes_planned() {
  node -e 'const s = JSON.parse(require("fs").readFileSync("preview.json", "utf8")).changeSummary ?? {};
    console.log(Object.entries(s).reduce((n, [op, count]) => (op === "same" ? n : n + count), 0));'
}

apply() {
  pulumi up --stack "$stack" --yes --parallel 64
  pulumi preview --stack "$stack" --expect-no-changes
}

case "${1:-}" in
  pull-request)
    preview_and_report
    ;; # post report.md as the pull-request comment; attach report.html
  merge)
    apply
    ;;
  scheduled)
    preview_and_report
    due="$(changes_planned)"
    if [ "$due" -eq 0 ]; then
      echo "scheduled: nothing has fallen due"
    else
      echo "scheduled: $due resources to change (report.md lists the renewals); applying"
      apply
    fi
    ;; # keep report.md and report.html as the run's artifacts
  *)
    echo "usage: $0 pull-request|merge|scheduled" >&2
    exit 2
    ;;
esac
