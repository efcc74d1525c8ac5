#!/bin/sh
# Same scenario, same seed, same output: runs each scenario twice with every output
# (--report, --log, --vcd with its .gtkw, --deliveries) and requires the two sets of
# files to be byte-identical, after deleting the report's host_time_s line (wall
# clock). Both runs write to the same path (the .gtkw names its VCD by absolute
# path) and their files are then moved into two separate directories for comparison.
#
# usage: determinism_check.sh GICSIM SCENARIO...
# Exits 0 when every scenario is deterministic, 1 otherwise, 2 on usage errors.

gicsim=$1
shift 2>/dev/null
if [ -z "$gicsim" ] || [ ! -x "$gicsim" ] || [ $# -eq 0 ]; then
    echo "usage: $0 GICSIM SCENARIO..." >&2
    exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/determinism.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

status=0
for scenario in "$@"; do
    name=$(basename "$scenario" .yaml)
    for run in a b; do
        mkdir -p "$tmp/out" "$tmp/$run/$name"
        "$gicsim" run "$scenario" --quiet --report "$tmp/out/report.json" \
            --log "$tmp/out/events.jsonl" --vcd "$tmp/out/wave.vcd" \
            --deliveries "$tmp/out/deliveries.txt"
        rc=$?
        if [ "$rc" -ne 0 ]; then
            echo "FAIL $scenario: run $run exited with status $rc"
            status=1
        fi
        # host_time_s is the only field allowed to differ.
        grep -v '"host_time_s"' "$tmp/out/report.json" >"$tmp/out/report.tmp" &&
            mv "$tmp/out/report.tmp" "$tmp/out/report.json"
        mv "$tmp/out"/* "$tmp/$run/$name/"
        rmdir "$tmp/out"
    done
    files=$(cd "$tmp/a/$name" && ls)
    for f in report.json events.jsonl wave.vcd wave.gtkw deliveries.txt; do
        case " $(echo $files) " in
        *" $f "*) ;;
        *)
            echo "FAIL $scenario: $f was not written"
            status=1
            ;;
        esac
    done
    for f in $files; do
        if ! cmp -s "$tmp/a/$name/$f" "$tmp/b/$name/$f"; then
            echo "FAIL $scenario: $f differs between two runs"
            cmp "$tmp/a/$name/$f" "$tmp/b/$name/$f" | head -n 1
            status=1
        fi
    done
    [ "$status" -eq 0 ] && echo "ok   $scenario: $(echo $files | wc -w | tr -d ' ') files identical"
done
exit $status
