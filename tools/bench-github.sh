#!/usr/bin/env bash
# Type-check cost of a crate generated from GitHub's REST API document, against
# openapi-generator's `rust` client of the same document, in the same run (BENCHMARKS.md,
# section 6).
#
#   tools/bench-github.sh                      # fetches @octokit/openapi 23.0.2 from npm
#   tools/bench-github.sh --spec api.json      # another copy of the document
#   tools/bench-github.sh --runs 3             # rounds (median reported), default 1
#
# Each crate is generated into a temporary directory and checked in a target directory of
# its own: dependencies first (`cargo check`, not timed), then the crate alone,
# `touch src/lib.rs; CARGO_INCREMENTAL=0 cargo check`, under `/usr/bin/time` for the wall
# time, the CPU time and the peak memory (maximum resident set size). Measured: ours with
# every feature, ours with only the `repos` tag (`--no-default-features --features
# rustls,repos`), and openapi-generator 7.26 (`pip install openapi-generator-cli==7.26.0`,
# which needs a Java runtime, e.g. Debian's default-jre-headless). Rounds interleave the
# three. Needs about 10 GB of memory and 10 minutes on 2 cores for one round.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=1
spec=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="${2:?--runs N}"; shift 2 ;;
    --spec) spec="$(realpath "${2:?--spec FILE}")"; shift 2 ;;
    *) echo "usage: $0 [--spec FILE] [--runs N]" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-github.XXXXXX")
trap 'rm -rf "$work"' EXIT
export CARGO_TERM_COLOR=never
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR

if [[ -z "$spec" ]]; then
  (cd "$work" && npm pack --silent @octokit/openapi@23.0.2 >/dev/null && tar xzf octokit-openapi-23.0.2.tgz)
  spec="$work/package/generated/api.github.com.json"
fi
command -v openapi-generator-cli >/dev/null || pip install --quiet openapi-generator-cli==7.26.0

echo "generating..." >&2
cargo run -q -p xtask -- generate --spec "$spec" --out "$work/ours" --crate-name github >&2
openapi-generator-cli generate -i "$spec" -g rust -o "$work/peer" --skip-validate-spec >/dev/null
lines() { find "$1/src" -name '*.rs' -print0 | xargs -0 cat | wc -l; }

# name dir cargo-args...
variants=(
  "ours|$work/ours|"
  "ours, repos only|$work/ours|--no-default-features --features rustls,repos"
  "openapi-generator 7.26|$work/peer|"
)

echo "building dependencies..." >&2
for v in "${variants[@]}"; do
  IFS='|' read -r name dir args <<<"$v"
  # shellcheck disable=SC2086
  (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo check -q $args 2>/dev/null || true)
done

declare -A wall cpu rss
for ((round = 1; round <= runs; round++)); do
  for v in "${variants[@]}"; do
    IFS='|' read -r name dir args <<<"$v"
    echo "round $round: $name" >&2
    touch "$dir/src/lib.rs"
    # shellcheck disable=SC2086
    (cd "$dir" && CARGO_TARGET_DIR="$dir/target" CARGO_INCREMENTAL=0 \
      /usr/bin/time -f '%e %U %S %M' -o "$work/time" cargo check -q $args 2>/dev/null)
    read -r e u s m <"$work/time"
    wall[$name]+="$e "
    cpu[$name]+="$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }') "
    rss[$name]+="$m "
  done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
peer="openapi-generator 7.26"
pw=$(median <<<"${wall[$peer]}")
pc=$(median <<<"${cpu[$peer]}")
pm=$(median <<<"${rss[$peer]}")
echo
echo "| crate | lines | wall | CPU | peak memory | wall / peer | CPU / peer | memory / peer |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for v in "${variants[@]}"; do
  IFS='|' read -r name dir args <<<"$v"
  w=$(median <<<"${wall[$name]}")
  c=$(median <<<"${cpu[$name]}")
  m=$(median <<<"${rss[$name]}")
  awk -v n="$name" -v l="$(lines "$dir")" -v w="$w" -v c="$c" -v m="$m" \
    -v pw="$pw" -v pc="$pc" -v pm="$pm" 'BEGIN {
      printf "| %s | %d | %.1f s | %.1f s | %.2f GB | %.2f | %.2f | %.2f |\n",
        n, l, w, c, m / 1048576, w / pw, c / pc, m / pm }'
done
