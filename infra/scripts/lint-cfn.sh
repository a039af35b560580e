#!/usr/bin/env bash
# Synthesizes the Theta stack for every stage into a private temp dir and runs cfn-lint on the
# templates. Exits non-zero on any cfn-lint error or warning; the only tolerated findings are the
# rule ids in IGNORED_CHECKS below, each documented with its reason (see also docs/deploy.md).
set -euo pipefail

cd "$(dirname "$0")/../.."

if ! command -v cfn-lint >/dev/null 2>&1; then
  echo "lint-cfn: cfn-lint is not installed (pip install cfn-lint)" >&2
  exit 2
fi

# Documented exceptions: "RULE_ID  reason". Empty today: the templates lint clean. (One scoped
# exception lives in the template itself: each Lambda function carries cfn-lint metadata ignoring
# W3005, see infra/lib/constructs/theta-function.ts.)
IGNORED_CHECKS=(
)

# Stages to lint: the arguments, or all of them (e.g. `bash infra/scripts/lint-cfn.sh prod`).
if [ "$#" -gt 0 ]; then STAGES=("$@"); else STAGES=(dev staging prod); fi

out_dir="$(mktemp -d "${TMPDIR:-/tmp}/theta-cfn-lint.XXXXXX")"
trap 'rm -rf "$out_dir"' EXIT

ignore_args=()
if [ "${#IGNORED_CHECKS[@]}" -gt 0 ]; then
  ignore_args=(--ignore-checks "${IGNORED_CHECKS[@]%% *}")
fi

status=0
for stage in "${STAGES[@]}"; do
  echo "lint-cfn: synthesizing stage=$stage"
  # A private --output dir: other engineers' `cdk synth` runs in this checkout keep their cdk.out.
  # esbuild's per-function bundling chatter is kept out of the way unless synth fails.
  if ! npx cdk synth --quiet --no-notices -c "stage=$stage" --output "$out_dir/$stage" >"$out_dir/synth-$stage.log" 2>&1; then
    cat "$out_dir/synth-$stage.log" >&2
    echo "lint-cfn: cdk synth failed for stage=$stage" >&2
    exit 1
  fi
  for template in "$out_dir/$stage"/*.template.json; do
    echo "lint-cfn: cfn-lint $(basename "$template") (stage=$stage)"
    # cfn-lint exit code is a bit mask: 2 = error, 4 = warning, 8 = informational, 1 = fatal.
    set +e
    cfn-lint --format parseable "${ignore_args[@]}" -- "$template"
    rc=$?
    set -e
    if [ $((rc & (1 | 2 | 4))) -ne 0 ]; then
      status=1
    fi
  done
done

if [ "$status" -ne 0 ]; then
  echo "lint-cfn: FAILED (cfn-lint reported errors or warnings)" >&2
else
  echo "lint-cfn: OK (stages: ${STAGES[*]})"
fi
exit "$status"
