#!/bin/sh
# Bad input must be refused cleanly: for every tests/bad_scenarios/*.yaml,
# `gicsim run FILE` must exit with status 2 within 5 seconds and print exactly one
# line on stderr that names the file and contains the text of the file's first
# line, `# expect: <substring>` (e.g. `# expect: :7:5: mapd: unknown key 'devcie'`).
#
# usage: bad_input_check.sh GICSIM [DIR]   (DIR defaults to bad_scenarios beside this script)
# Exits 0 when every file behaves, 1 listing the ones that do not, 2 on usage errors.

gicsim=$1
dir=${2:-$(dirname "$0")/bad_scenarios}
limit=5

if [ -z "$gicsim" ] || [ ! -x "$gicsim" ]; then
    echo "usage: $0 GICSIM [DIR]" >&2
    exit 2
fi
if [ ! -d "$dir" ]; then
    echo "$0: no directory $dir" >&2
    exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bad_input.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# Runs "$@" with stdout/stderr to $tmp/out and $tmp/err; sets rc, killing the command
# after $limit seconds (rc = 124 then). Uses timeout(1) when present, else a watchdog.
run_limited() {
    if command -v timeout >/dev/null 2>&1; then
        timeout -s KILL "$limit" "$@" >"$tmp/out" 2>"$tmp/err"
        rc=$?
        [ "$rc" -eq 137 ] && rc=124
        return 0
    fi
    "$@" >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    ( sleep "$limit"; kill -9 "$pid" 2>/dev/null && : >"$tmp/killed" ) &
    dog=$!
    wait "$pid"
    rc=$?
    kill "$dog" 2>/dev/null
    wait "$dog" 2>/dev/null
    if [ -e "$tmp/killed" ]; then
        rm -f "$tmp/killed"
        rc=124
    fi
    return 0
}

failures=""
count=0
for file in "$dir"/*.yaml; do
    [ -e "$file" ] || continue
    count=$((count + 1))
    first=$(head -n 1 "$file")
    case $first in
    "# expect: "*) expect=${first#"# expect: "} ;;
    *)
        failures="$failures
  $file: first line is not '# expect: <substring>'"
        continue
        ;;
    esac
    run_limited "$gicsim" run "$file"
    why=""
    lines=$(wc -l <"$tmp/err" | tr -d ' ')
    if [ "$rc" -eq 124 ]; then
        why="did not finish within ${limit} s"
    elif [ "$rc" -ne 2 ]; then
        why="exit status $rc, expected 2"
    elif [ "$lines" -ne 1 ] || [ -n "$(tail -c 1 "$tmp/err")" ]; then
        why="stderr has $lines line(s), expected exactly one"
    elif ! grep -F -e "$file" "$tmp/err" >/dev/null; then
        why="stderr does not name the file"
    elif ! grep -F -e "$expect" "$tmp/err" >/dev/null; then
        why="stderr does not contain '$expect'"
    fi
    if [ -n "$why" ]; then
        failures="$failures
  $file: $why
    stderr: $(head -c 400 "$tmp/err" | tr '\n' ' ')"
    fi
done

if [ "$count" -eq 0 ]; then
    echo "$0: no .yaml files in $dir" >&2
    exit 2
fi
if [ -n "$failures" ]; then
    echo "bad input check: failures:$failures"
    exit 1
fi
echo "bad input check: all $count files refused as expected"
exit 0
