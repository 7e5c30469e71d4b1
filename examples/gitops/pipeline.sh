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
  pulumi preview --stack "$stack" --diff --json --show-sames >preview.json
  npx koophone-audit preview.json --markdown report.md --html report.html
}

# How many resources the preview in preview.json would change (every step but "same").
changes_planned() {
  node -e 'const s = JSON.parse(require("fs").readFileSync("preview.json", "utf8")).changeSummary ?? {};
    console.log(Object.entries(s).reduce((n, [op, count]) => (op === "same" ? n : n + count), 0));'
}

# Applies, then writes the report of what the up paid (paid.md, paid.html) from the state before and after it,
# also when the up failed after paying.
apply() {
  pulumi stack export --stack "$stack" >state-before.json
  status=0
  pulumi up --stack "$stack" --yes --parallel 64 || status=$?
  pulumi stack export --stack "$stack" >state-after.json
  npx koophone-audit state-after.json --before state-before.json --markdown paid.md --html paid.html
  rm -f state-before.json state-after.json
  [ "$status" -eq 0 ] || exit "$status"
  pulumi preview --stack "$stack" --expect-no-changes
}

case "${1:-}" in
  pull-request)
    preview_and_report
    ;; # post report.md as the pull-request comment; attach report.html
  merge)
    apply
    ;; # keep paid.md and paid.html: what the up paid, to reconcile with Billing Center's orders
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
