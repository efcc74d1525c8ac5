#!/bin/sh
# Runs every fuzz target for SECONDS on a copy of its seed corpus.
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS
#
# BUILD_DIR is a build configured with -DGICSIM_FUZZ=ON (targets in BUILD_DIR/bin).
# Each target fuzzes in a temporary directory (the committed corpus is never
# modified) with -max_total_time=SECONDS -timeout=10 -rss_limit_mb=2048. The exit
# status is non-zero if any target found a crash, leak, timeout or OOM; the finding
# (reproducer and log) is kept and its path printed.
#
# Environment: FUZZ_TARGETS="scenario mmio its" (a subset), FUZZ_ARGS (more libFuzzer
# flags, e.g. "-jobs=2 -workers=2"), FUZZ_KEEP=1 (keep the temporary directories and
# the corpus they grew, e.g. to merge new seeds by hand).
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 BUILD_DIR SECONDS" >&2
    exit 2
fi
build=$1
seconds=$2
case $seconds in
'' | *[!0-9]*) echo "$0: SECONDS must be a number" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
targets=${FUZZ_TARGETS:-scenario mmio its}
work=$(mktemp -d "${TMPDIR:-/tmp}/gicsim-fuzz.XXXXXX")
status=0

for t in $targets; do
    bin=$build/bin/fuzz_$t
    if [ ! -x "$bin" ]; then
        echo "$0: $bin not found (configure with -DGICSIM_FUZZ=ON and build)" >&2
        status=2
        continue
    fi
    dir=$work/$t
    mkdir -p "$dir/corpus" "$dir/artifacts"
    cp "$here/corpus/$t/"* "$dir/corpus/" 2>/dev/null
    dict=
    [ -f "$here/$t.dict" ] && dict=-dict=$here/$t.dict
    echo "== fuzz_$t: $seconds s (log: $dir/log)"
    start=$(date +%s)
    # shellcheck disable=SC2086 # FUZZ_ARGS and dict are lists of flags
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$dir/artifacts/" -print_final_stats=1 $dict ${FUZZ_ARGS:-} \
        "$dir/corpus" >"$dir/log" 2>&1
    rc=$?
    end=$(date +%s)
    # With -jobs the workers log to fuzz-N.log in the current directory: none here.
    stats=$(grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$dir/log" |
        sed 's/^stat:://' | tr -s ' ' | tr '\n' ' ')
    cov=$(grep -E '#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$dir/log" | tail -1 | grep -oE 'cov: [0-9]+ ft: [0-9]+')
    echo "   $((end - start)) s, exit $rc; $cov; $stats"
    found=
    for a in "$dir"/artifacts/*; do
        [ -e "$a" ] || continue
        case $(basename "$a") in
        crash-*) kind=crash ;;
        leak-*) kind=leak ;;
        timeout-*) kind=timeout ;;
        oom-*) kind=oom ;;
        slow-unit-*) continue ;;
        *) kind=finding ;;
        esac
        found=1
        echo "   FOUND $kind: $a"
    done
    if [ -z "$found" ] && [ $rc -ne 0 ]; then
        found=1
        echo "   FOUND: fuzz_$t exited $rc without an artifact (see the log)"
    fi
    if [ -n "$found" ]; then
        status=1
        grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz invariant|.*runtime error)' "$dir/log" | head -5 |
            sed 's/^/   /'
        echo "   log: $dir/log"
    fi
done

if [ $status -eq 0 ] && [ -z "${FUZZ_KEEP:-}" ]; then
    rm -rf "$work"
else
    echo "results kept in $work"
fi
exit $status
