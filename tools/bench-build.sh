#!/usr/bin/env bash
# Build cost of the generated crate (plex-butler): dependency crates, cold builds in a fresh
# target directory (dev and release), and the crate alone with its dependencies prebuilt.
#
#   tools/bench-build.sh                   # default features (rustls with ring)
#   tools/bench-build.sh --runs 5          # more warm rebuilds per profile (median reported)
#   tools/bench-build.sh --compare b1aec9f # one more column: the crate as committed there
#
# The crate is measured as a user builds it: copied out of the workspace into a temporary
# directory as a standalone package (so the workspace's profile overrides, e.g. an optimised
# `syn` for the generator's tests, do not apply) with this workspace's Cargo.lock (same
# versions). Two copies: as generated, and without its `small-idna` feature (and the
# `idna_adapter ~1.1` requirement behind it), i.e. with url's IDNA on ICU4X (idna_adapter
# 1.2.x), which is what a crate gets when it leaves the choice to the application's lock.
#
# Prints Markdown tables (as in BENCHMARKS.md). Takes about four minutes on 2 cores; the
# temporary directories are removed at the end. Sources are fetched before anything is
# timed (network only if they are not in the local Cargo cache yet).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
compare=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="${2:?--runs N}"; shift 2 ;;
    --compare) compare="${2:?--compare REV}"; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--compare REV]" >&2; exit 2 ;;
  esac
done

crate=plex-butler
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
export CARGO_TERM_COLOR=never
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# A standalone copy of the crate in $work/$1, with the workspace's lock; from git revision
# $2 if given, else generated from the working tree with its runtime vendored.
standalone() {
  local dir="$work/$1" rev="${2:-}" src=.
  mkdir -p "$dir"
  if [[ -n "$rev" ]]; then
    # The generator as committed at $rev makes the crate (a revision before the runtime
    # became a crate of its own, 0371dd2, has no --runtime option: check it out instead).
    src="$work/src-$1"
    git worktree add -q --detach "$src" "$rev"
  fi
  # In this repository the crate depends on the workspace's runtime crate; a user's copy
  # (generated anywhere else) vendors it: generate exactly that.
  (cd "$src" && cargo run -q -p xtask -- generate --spec spec/plex-api-spec.yaml --tag Butler \
    --out "$dir/$crate" --crate-name "$crate" --runtime vendored >/dev/null)
  cp "$src/Cargo.lock" "$dir/$crate/"
  if [[ -n "$rev" ]]; then
    git worktree remove --force "$src"
  fi
  printf '\n[workspace]\n' >>"$dir/$crate/Cargo.toml"
  (cd "$dir/$crate" && cargo fetch -q)
}

# Distinct packages in the graph, the crate itself and its runtime (`runtime/`, shipped with it)
# excluded (run inside a copy).
count() {
  cargo tree -q --prefix none --format '{p}' "$@" |
    sed -e 's/ (\*)$//' -e 's/ (proc-macro)$//' | sort -u | grep -vcE "^$crate(-runtime)? v"
}

# One cold build: "W s (CPU C s)", wall time and the user + system time of every compiler
# process (on 2 cores, wall is about CPU / 2 where the build parallelises).
cold() { # target dir, build flags...
  local target=$1 TIMEFORMAT='%U %S' start end cpu
  shift
  rm -rf "$target"
  start=$(now)
  cpu=$({ time cargo build -q --target-dir "$target" "$@" >"$work/build.log" 2>&1; } 2>&1) ||
    { cat "$work/build.log" >&2; exit 1; }
  end=$(now)
  echo "$(seconds "$start" "$end") s (CPU $(awk -v t="$cpu" 'BEGIN { split(t, a, " "); printf "%.1f", a[1] + a[2] }') s)"
}

# The crate alone, its dependencies (its runtime crate included) built: touch lib.rs and
# rebuild; median of $runs.
warm() { # target dir, CARGO_INCREMENTAL value, build flags...
  local target=$1 incremental=$2 start end
  shift 2
  for _ in $(seq "$runs"); do
    touch src/lib.rs
    start=$(now)
    CARGO_INCREMENTAL=$incremental cargo build -q --target-dir "$target" "$@"
    end=$(now)
    seconds "$start" "$end"
    echo
  done | median
}

copies=(generated icu4x)
titles=("as generated" "without small-idna (ICU4X)")
standalone generated
standalone icu4x
(
  cd "$work/icu4x/$crate"
  sed -i -e '/^idna_adapter = /d' -e '/^small-idna = /d' -e 's/, "small-idna"//' Cargo.toml runtime/Cargo.toml
  cargo update -q -p idna_adapter
)
if [[ -n "$compare" ]]; then
  standalone compare "$compare"
  copies+=(compare)
  titles+=("at $compare")
fi

declare -A deps cold_dev cold_release warm_dev warm_dev_noinc warm_release
for copy in "${copies[@]}"; do
  cd "$work/$copy/$crate"
  deps[$copy]="$(count -e normal) / $(count -e normal,build) / $(count -e normal --no-default-features) / $(count -e normal --all-features)"
  cold_dev[$copy]=$(cold "$work/$copy/target-dev" --timings)
  cold_release[$copy]=$(cold "$work/$copy/target-release" --release)
  warm_dev[$copy]="$(warm "$work/$copy/target-dev" 1) s"
  warm_dev_noinc[$copy]="$(warm "$work/$copy/target-dev" 0) s"
  warm_release[$copy]="$(warm "$work/$copy/target-release" 0 --release) s"
  cd - >/dev/null
done

row() { # label, name of an associative array
  local -n values=$2
  printf '| %s |' "$1"
  for copy in "${copies[@]}"; do printf ' %s |' "${values[$copy]}"; done
  echo
}
printf '| measure |'
printf ' %s |' "${titles[@]}"
echo
printf '|---|'
for _ in "${copies[@]}"; do printf -- '---:|'; done
echo
row "dependency crates: normal / + build / no TLS / all features" deps
row "cold \`cargo build\` (dev), fresh target dir: wall (CPU)" cold_dev
row "cold \`cargo build --release\`, fresh target dir: wall (CPU)" cold_release
row "crate alone, dev, incremental (touch lib.rs, median of $runs)" warm_dev
row "crate alone, dev, non-incremental (median of $runs)" warm_dev_noinc
row "crate alone, release (median of $runs)" warm_release

# The slowest units of the cold dev build (as generated), from cargo's --timings report.
timings=$(ls -t "$work"/generated/target-dev/cargo-timings/cargo-timing-*.html 2>/dev/null | head -1 || true)
if [[ -n "$timings" ]] && command -v python3 >/dev/null; then
  echo
  echo "Slowest units of the cold dev build (as generated):"
  python3 - "$timings" <<'PY' || true
import json, re, sys
text = open(sys.argv[1]).read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);", text, re.S).group(1))
units.sort(key=lambda u: -u["duration"])
for u in units[:8]:
    print(f"  {u['duration']:6.2f} s  {u['name']} {u.get('target', '').strip()}")
PY
fi
