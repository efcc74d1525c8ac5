#!/bin/sh
# The command line never exits 0 when something went wrong, and says what:
#   outputs into a missing folder exit 2 with the errno text and leave nothing behind;
#   Ctrl-C stops the run, writes a report marked interrupted and exits 130;
#   --strict fails a scenario with no expectations or with unexpected command errors;
#   numbers are parsed strictly; check skips profiles and honours --exclude;
#   `run -` reads standard input; --report - writes the report to standard output.
#   cli_conventions_check.sh GICSIM LIBRARY_DIR WORK_DIR
set -u
fail() { echo "cli_conventions_check: $*" >&2; exit 1; }
[ $# -eq 3 ] || fail "usage: cli_conventions_check.sh GICSIM LIBRARY_DIR WORK_DIR"
g=$1 lib=$2 w=$3
rm -rf "$w" && mkdir -p "$w" || fail "cannot make $w"

# expect_rc RC MESSAGE-SUBSTRING COMMAND...: exit status and a word of explanation.
expect_rc() {
    want=$1 text=$2
    shift 2
    "$@" >"$w/out" 2>"$w/err"
    rc=$?
    [ "$rc" -eq "$want" ] || fail "'$*' exited $rc, expected $want: $(cat "$w/err")"
    grep -q -- "$text" "$w/out" "$w/err" || fail "'$*' did not say '$text': $(cat "$w/err")"
}

for opt in --report --deliveries --vcd --log; do
    expect_rc 2 "No such file or directory" "$g" run "$lib/two-its.yaml" $opt "$w/none/x"
done
[ -z "$(ls "$w")" ] || [ "$(ls "$w")" = "$(printf 'err\nout')" ] || fail "files left: $(ls "$w")"
expect_rc 2 "No such file or directory" "$g" check "$lib/two-its.yaml" --junit "$w/none/j.xml"
rec=$(dirname "$lib")/../traces/recordings/smp2.trace.xz
expect_rc 2 "cannot write: No such file" "$g" replay "$rec" --report "$w/none/r.json"
grep -q "^replay:" "$w/out" && fail "a replay whose report cannot be written printed a summary"
expect_rc 2 "No such file" "$g" report "$lib/../studies/msi-latency-knee" --html "$w/none/x.html"

# Ctrl-C part-way through a 2-second run.
"$g" run "$lib/sparse-population-traffic.yaml" --report "$w/int.json" --vcd "$w/int.vcd" \
    >"$w/int.out" 2>&1 &
pid=$!
sleep 0.5
kill -INT "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] || fail "an interrupted run exited $rc, expected 130"
grep -q '"result": "interrupted"' "$w/int.json" || fail "the report is not marked interrupted"
grep -q '^#[1-9]' "$w/int.vcd" && [ "$(tail -c 1 "$w/int.vcd" | od -An -c | tr -d ' ')" = '\n' ] ||
    fail "the VCD was not closed cleanly at the time the run reached"
ls "$w" | grep -q 'tmp-' && fail "temporary files left behind: $(ls "$w")"

# --strict: a scenario that checks nothing, and one whose command fails unexpectedly.
cat >"$w/nothing.yaml" <<'YAML'
name: nothing
system: {cpus: 1}
steps:
  - wait: 1us
YAML
expect_rc 0 "PASS" "$g" run "$w/nothing.yaml"
expect_rc 1 "no expectations" "$g" run "$w/nothing.yaml" --strict
cat >"$w/cmd-error.yaml" <<'YAML'
name: cmd-error
system: {cpus: 1}
driver: linux
steps:
  - mapti: {device: 9, event: 0, intid: 8192, collection: 0}
  - wait: 1us
  - expect_none: {for: 1us}
YAML
expect_rc 0 "PASS" "$g" run "$w/cmd-error.yaml"
expect_rc 1 "command error" "$g" run "$w/cmd-error.yaml" --strict --quiet
expect_rc 1 "0 passed, 1 failed" "$g" check "$w/cmd-error.yaml" --strict
grep -q "^FAIL" "$w/out" || fail "check --strict did not fail cmd-error.yaml"

# Failures that explain: a level line held high; an LPI pending but disabled; an ack
# masked by PMR.
cat >"$w/stuck.yaml" <<'YAML'
name: stuck
system: {cpus: 1, cpu_model: {ack: auto}}
driver: linux
steps:
  - spi: {intid: 40, level: high}
  - wait_until: quiescent
YAML
expect_rc 1 "keeps taking INTID 40" "$g" run "$w/stuck.yaml"
cat >"$w/lost.yaml" <<'YAML'
name: lost
system: {cpus: 2}
driver: linux
steps:
  - mapc: {collection: 1, cpu: 1}
  - mapd: {device: 1, event_bits: 4}
  - mapti: {device: 1, event: 0, intid: 8192, collection: 1}
  - msi: {device: 1, event: 0}
  - expect: {cpu: 0, intid: 8192, within: 2us}
YAML
expect_rc 1 "pending on CPU 1, not taken: its configuration byte has Enable = 0" \
    "$g" run "$w/lost.yaml"
cat >"$w/masked.yaml" <<'YAML'
name: masked
system: {cpus: 1, cpu_model: {ack: manual}}
driver: linux
steps:
  - sysreg_write: {cpu: 0, reg: ICC_PMR_EL1, value: 0x40}
  - sgi: {from_cpu: 0, intid: 3, targets: [0]}
  - ack: {cpu: 0, expect: 3}
YAML
expect_rc 1 "is masked by ICC_PMR_EL1 = 0x40" "$g" run "$w/masked.yaml"

# Strict numbers.
expect_rc 2 "'-5' is not a whole number" "$g" bench msi-ack --count -5
expect_rc 2 "'abc' is not a whole number" "$g" check -j abc "$lib"
expect_rc 2 "unknown workload" "$g" bench foo
expect_rc 2 "'0' is not a whole number" "$g" bench msi-ack --cpus 0

# check: a profile beside the scenarios is not one; --exclude.
mkdir -p "$w/lib" && cp "$lib/two-its.yaml" "$lib/../profiles/gic600.yaml" "$w/lib/"
expect_rc 0 "1 passed, 0 failed" "$g" check "$w/lib"
expect_rc 1 "0 passed, 0 failed" "$g" check "$w/lib" --exclude 'two-*'

# Standard input and output.
expect_rc 0 "PASS" sh -c "'$g' run - <'$lib/two-its.yaml'"
"$g" run "$lib/two-its.yaml" --report - 2>/dev/null | python3 -c 'import json,sys; json.load(sys.stdin)' ||
    fail "--report - did not write the JSON report to standard output"
echo "cli_conventions_check: OK"
