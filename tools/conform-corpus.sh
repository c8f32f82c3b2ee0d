#!/usr/bin/env bash
# The contract check (`cargo xtask conform --spec FILE`) over a sample of the APIs.guru
# corpus: every STEP-th document of `cargo xtask corpus`'s collection (the paths under its
# api/ directory in byte order, the first, the (STEP+1)-th, ...), each with a time limit (the
# generation, the harness build and the run against Prism). One JSON summary per document
# (`--summary`) in OUT with the log of its run and Prism's log (each request's violations),
# then the totals.
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
  cat "$target"/conform/logs/prism-*.log > "$out/$name.prism.log" 2>/dev/null
  rm -f "$target"/conform/logs/prism-*.log
  echo "$doc	exit $status	$(( $(date +%s) - start )) s" | tee -a "$out/runs.tsv"
done < "$out/sample.txt"

# Totals: documents checked (a summary written), those whose examples all pass (no
# refusal or decode failure but known limitations), those whose every example was accepted
# and decoded, and the outcomes of all operations (a known limitation counted apart).
echo "$(wc -l < "$out/sample.txt") documents sampled, $(ls "$out"/[0-9]*.json | wc -l) with a summary"
jq -s '{
  checked: [.[] | select(.crates | length > 0)] | length,
  pass: [.[] | select(.crates | length > 0) | select(all(.crates[0].operations[]; .outcome == "accepted" or .known_limitation != null or (.outcome != "refused" and .outcome != "undecodable")))] | length,
  all_accepted: [.[] | select(.crates | length > 0) | select(all(.crates[0].operations[]; .outcome == "accepted"))] | length,
  stopped_before_running: [.[] | select(.crates | length == 0) | .error] ,
  outcomes: [.[].crates[]?.operations[] | .outcome + (if .known_limitation != null and .outcome != "accepted" then " (known limitation)" else "" end)] | group_by(.) | map({(.[0]): length}) | add
}' "$out"/[0-9]*.json
