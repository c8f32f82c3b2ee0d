#!/usr/bin/env bash
# The contract check (`cargo xtask conform --spec FILE`) over a sample of the APIs.guru
# corpus: every STEP-th document of `cargo xtask corpus`'s collection (the paths under its
# api/ directory in byte order, the first, the (STEP+1)-th, ...), each with a time limit (the
# generation, the harness build and the run against Prism). One JSON summary per document
# (`--summary`) in OUT, then the totals.
#
#   tools/conform-corpus.sh [--step 66] [--limit 180] [--out target/conform-corpus]
#
# Needs the collection (`cargo xtask corpus` downloads it into target/corpus/) and npm for
# Prism. A small fixture document is checked first, untimed, so that the runtime's
# dependencies are built before the clock of the first sampled document starts.
set -uo pipefail
cd "$(dirname "$0")/.."

step=66
limit=180
target="${CARGO_TARGET_DIR:-target}"
out="$target/conform-corpus"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --step) step="${2:?--step N}"; shift 2 ;;
    --limit) limit="${2:?--limit SECONDS}"; shift 2 ;;
    --out) out="${2:?--out DIR}"; shift 2 ;;
    *) echo "usage: $0 [--step N] [--limit SECONDS] [--out DIR]" >&2; exit 2 ;;
  esac
done
api="$target/corpus/package/api"
[[ -d "$api" ]] || { echo "no collection in $api: run \`cargo xtask corpus\` first" >&2; exit 2; }
cargo build --quiet -p xtask || exit 1
xtask="$target/debug/xtask"
mkdir -p "$out"
"$xtask" conform --spec fixtures/specs/minimal.yaml >/dev/null 2>&1

(cd "$api" && find . -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) | sed 's|^\./||' | LC_ALL=C sort) \
  | awk -v step="$step" 'NR % step == 1' > "$out/sample.txt"
i=0
while read -r doc; do
  i=$((i + 1))
  name="$(printf '%03d' "$i")-$(echo "$doc" | tr '/.' '--')"
  start=$(date +%s)
  timeout --kill-after=10 "$limit" "$xtask" conform --spec "$api/$doc" --summary "$out/$name.json" \
    > "$out/$name.log" 2>&1
  status=$?
  echo "$doc	exit $status	$(( $(date +%s) - start )) s" | tee -a "$out/runs.tsv"
done < "$out/sample.txt"

# Totals: documents whose every example was accepted, and the outcomes of all operations.
jq -s '{
  documents: length,
  all_accepted: [.[] | select(.error == null and (.crates[0].operations | all(.outcome == "accepted")))] | length,
  stopped: [.[] | select(.error != null)] | length,
  outcomes: [.[].crates[]?.operations[] | .outcome] | group_by(.) | map({(.[0]): length}) | add
}' "$out"/[0-9]*.json
