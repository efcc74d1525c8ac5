#!/bin/sh
# Opens the sample VCD and its save file in a real gtkwave under a virtual X
# server, and checks that gtkwave saw every variable (facilities) and placed every
# trace of the save file (signals plus a begin and an end marker per group).
#   gtkwave_check.sh PATH/TO/vcd_sample OUTPUT_PREFIX
# Exits non-zero on any mismatch, on a gtkwave failure, or after 60 s.
set -u

fail() {
    echo "gtkwave_check: $*" >&2
    exit 1
}

[ $# -eq 2 ] || fail "usage: gtkwave_check.sh VCD_SAMPLE OUTPUT_PREFIX"
sample=$1
vcd=$2.vcd
gtkw=$2.gtkw
tcl=$2.tcl
log=$2.log

out=$("$sample" "$vcd" "$gtkw") || fail "$sample failed"
vars=$(echo "$out" | sed -n 's/^vars \([0-9][0-9]*\)$/\1/p')
[ -n "$vars" ] || fail "no 'vars N' line from $sample: $out"

# Counted from the file itself, so that a writer bug that drops or duplicates a
# declaration cannot agree with the generator's own count.
declared=$(grep -c '^\$var wire ' "$vcd")
[ "$declared" -eq "$vars" ] || fail "$declared \$var lines in $vcd, generator says $vars"
# Top-level scopes: a $scope at nesting depth 0.
groups=$(awk '/^\$scope /{ if (d++ == 0) n++ } /^\$upscope /{ d-- } END { print n + 0 }' "$vcd")

# gtkwave runs the script once the dump and the save file are loaded; quitting
# through the menu action makes it exit instead of waiting for a user.
cat >"$tcl" <<'EOF'
puts "facs [gtkwave::getNumFacs]"
puts "traces [gtkwave::getTotalNumTraces]"
puts "window [gtkwave::getWindowStartTime] [gtkwave::getWindowEndTime]"
gtkwave::/File/Quit
EOF

timeout -k 5 60 xvfb-run -a gtkwave -S "$tcl" "$vcd" "$gtkw" >"$log" 2>&1
rc=$?
cat "$log"
[ $rc -eq 0 ] || fail "gtkwave exited with $rc (124: timed out)"

facs=$(sed -n 's/^facs \([0-9][0-9]*\)$/\1/p' "$log")
traces=$(sed -n 's/^traces \([0-9][0-9]*\)$/\1/p' "$log")
[ -n "$facs" ] || fail "gtkwave printed no facility count"
[ "$facs" -eq "$vars" ] || fail "gtkwave found $facs facilities, $vars variables written"
# A save-file name gtkwave cannot resolve is silently skipped, so the trace count
# is what proves the .gtkw names and group markers are right.
expected=$((vars + 2 * groups))
[ -n "$traces" ] || fail "gtkwave printed no trace count"
[ "$traces" -eq "$expected" ] || fail "gtkwave placed $traces traces, expected $expected"
# The save file opens zoomed to the whole run (vcd_sample ends at 200): the view
# starts at 0 and ends after the run, not at a few time units (gtkwave's default).
start=$(sed -n 's/^window \([0-9][0-9]*\) [0-9][0-9]*$/\1/p' "$log")
end=$(sed -n 's/^window [0-9][0-9]* \([0-9][0-9]*\)$/\1/p' "$log")
[ "$start" = 0 ] || fail "the initial view starts at '$start', not 0"
[ -n "$end" ] && [ "$end" -ge 200 ] && [ "$end" -le 400 ] ||
    fail "the initial view ends at '$end': it should span the run (200) and not much more"
echo "gtkwave_check: OK ($facs facilities, $traces traces in $groups groups)"
