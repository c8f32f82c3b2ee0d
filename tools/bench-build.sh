#!/usr/bin/env bash
# Build cost of the generated crate (plex-butler): dependency crates, cold builds in a fresh
# target directory (dev and release), and the crate alone with its dependencies prebuilt.
#
#   tools/bench-build.sh            # default features (rustls with ring)
#   tools/bench-build.sh --runs 5   # more warm rebuilds per profile (median reported)
#
# Prints a Markdown table (as in BENCHMARKS.md). Takes about two minutes on 2 cores; the
# fresh target directory is removed at the end. Network is used only if crates are not yet
# in the local Cargo cache (the cold build times compilation, never downloads: sources are
# fetched first).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
if [[ "${1:-}" == "--runs" ]]; then runs="${2:?--runs N}"; fi

crate=plex-butler
lib=plex-butler/src/lib.rs
target=$(mktemp -d "${TMPDIR:-/tmp}/bench-build.XXXXXX")
trap 'rm -rf "$target"' EXIT
export CARGO_TERM_COLOR=never

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Distinct packages in the graph, the crate itself excluded.
count() {
  cargo tree -q -p "$crate" --prefix none --format '{p}' "$@" |
    sed -e 's/ (\*)$//' -e 's/ (proc-macro)$//' | sort -u | grep -vc "^$crate v"
}

cargo fetch -q

deps_normal=$(count -e normal)
deps_all=$(count -e normal,build)
deps_notls=$(count -e normal --no-default-features)
deps_full=$(count -e normal --all-features)

# The same crate with idna_adapter pinned to its unicode-rs stream (1.1.x), which an
# application can choose in its own Cargo.lock (as idna_adapter documents): ICU4X's crates
# drop out of url's IDNA support. Measured on a standalone copy; the workspace is untouched.
pinned_dir=$(mktemp -d "${TMPDIR:-/tmp}/bench-build-pin.XXXXXX")
trap 'rm -rf "$target" "$pinned_dir"' EXIT
cp -r plex-butler Cargo.lock "$pinned_dir/"
mv "$pinned_dir/Cargo.lock" "$pinned_dir/plex-butler/"
printf '\n[workspace]\n' >>"$pinned_dir/plex-butler/Cargo.toml"
deps_pinned=$(cd "$pinned_dir/plex-butler" &&
  cargo update -q -p idna_adapter --precise 1.1.0 2>/dev/null &&
  count -e normal || echo "n/a")

timed_build() { # profile flags... -> seconds
  local start end
  start=$(now)
  cargo build -q -p "$crate" --target-dir "$target" "$@"
  end=$(now)
  seconds "$start" "$end"
}

cold_dev=$(timed_build --timings)
cold_release=$(timed_build --release)
timings=$(ls -t "$target"/cargo-timings/cargo-timing-*.html 2>/dev/null | head -1 || true)

warm() { # CARGO_INCREMENTAL value, then build flags -> median seconds
  local incremental=$1
  shift
  for _ in $(seq "$runs"); do
    touch "$lib"
    CARGO_INCREMENTAL=$incremental timed_build "$@"
    echo
  done | median
}
warm_dev=$(warm 1)
warm_dev_noinc=$(warm 0)
warm_release=$(warm 0 --release)

cat <<EOF
| measure | plex-butler |
|---|---:|
| dependency crates, normal (default features) | $deps_normal |
| dependency crates, normal + build (default features) | $deps_all |
| dependency crates, normal, no TLS (\`--no-default-features\`) | $deps_notls |
| dependency crates, normal, all features | $deps_full |
| dependency crates, normal (default features), idna_adapter pinned to 1.1 | $deps_pinned |
| cold \`cargo build\` (dev), fresh target dir | ${cold_dev} s |
| cold \`cargo build --release\`, fresh target dir | ${cold_release} s |
| crate alone, dev, incremental (touch lib.rs, median of $runs) | ${warm_dev} s |
| crate alone, dev, non-incremental (median of $runs) | ${warm_dev_noinc} s |
| crate alone, release (median of $runs) | ${warm_release} s |
EOF
if [[ -n "$timings" ]]; then
  # The slowest units of the cold dev build, from cargo's --timings report.
  echo
  echo "Slowest units of the cold dev build:"
  python3 - "$timings" <<'PY' 2>/dev/null || true
import json, re, sys
text = open(sys.argv[1]).read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);", text, re.S).group(1))
units.sort(key=lambda u: -u["duration"])
for u in units[:8]:
    print(f"  {u['duration']:6.2f} s  {u['name']} {u.get('target', '').strip()}")
PY
fi
