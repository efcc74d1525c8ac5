#!/bin/sh
# What a user sees when opening a run's waveform: gtkwave (under a virtual X server)
# loads the .gtkw that `gicsim run --vcd` wrote, and its Tcl interface must report
#   - an initial view from 0 to the end of the run (not gtkwave's default of a few ps),
#   - the rows a cycle-approximate user inspects, by their full per-block names,
# and, with imagemagick's `import`, a screenshot of the window is taken (kept as
# PREFIX.png for a person to look at) and must be a real picture, not an empty one.
#   waveform_view_check.sh GICSIM SCENARIO PREFIX
set -u
fail() { echo "waveform_view_check: $*" >&2; exit 1; }
[ $# -eq 3 ] || fail "usage: waveform_view_check.sh GICSIM SCENARIO PREFIX"
gicsim=$1 scenario=$2 prefix=$3
dir=$(dirname "$prefix")
mkdir -p "$dir"
"$gicsim" run "$scenario" --quiet --vcd "$prefix.vcd" || fail "gicsim run failed"
# The run's last timestamp is the VCD's last #t line.
t_end=$(grep '^#' "$prefix.vcd" | tail -1 | tr -d '#')
[ -n "$t_end" ] && [ "$t_end" -gt 0 ] || fail "no end time in $prefix.vcd"

cat >"$prefix.tcl" <<'TCL'
puts "window [gtkwave::getWindowStartTime] [gtkwave::getWindowEndTime]"
for {set i 0} {$i < [gtkwave::getTotalNumTraces]} {incr i} {
    puts "trace [gtkwave::getTraceNameFromIndex $i]"
}
gtkwave::/File/Quit
TCL
# From another folder, as a user opening a CI artifact would: the paths are relative.
(cd / && timeout -k 5 60 xvfb-run -a -s "-screen 0 1600x900x24" \
    gtkwave -S "$prefix.tcl" "$(cd "$dir" && pwd)/$(basename "$prefix").gtkw") \
    >"$prefix.log" 2>&1 || { cat "$prefix.log"; fail "gtkwave failed"; }
start=$(sed -n 's/^window \([0-9]*\) [0-9]*$/\1/p' "$prefix.log")
end=$(sed -n 's/^window [0-9]* \([0-9]*\)$/\1/p' "$prefix.log")
[ "$start" = 0 ] || fail "the view starts at '$start'"
[ -n "$end" ] && [ "$end" -ge "$t_end" ] && [ "$end" -le $((t_end * 2)) ] ||
    fail "the view ends at '$end' ps; the run ends at $t_end ps"
for row in step cpu0_irq cpu0_ack_intid gicr0_pending_lpis gicr0_link dist_lpi_prop_miss \
           its0_command its0_msi_queue its0_translations_in_flight its0_mem_reads \
           its0_event_cache_miss; do
    grep -q "^trace .*$row" "$prefix.log" || fail "no '$row' row in the view"
done

if command -v import >/dev/null 2>&1; then
    cat >"$prefix.shot.sh" <<SH
gtkwave "$prefix.gtkw" >/dev/null 2>&1 &
pid=\$!
sleep 4
import -window root "$prefix.png"
kill \$pid
SH
    timeout -k 5 60 xvfb-run -a -s "-screen 0 1600x900x24" sh "$prefix.shot.sh" ||
        fail "the screenshot failed"
    # A blank screen compresses to almost nothing; gtkwave's window with its rows and
    # waves does not. The mean brightness also rules out an all-black or white frame.
    size=$(wc -c <"$prefix.png")
    [ "$size" -gt 20000 ] || fail "screenshot $prefix.png is $size bytes: nothing drawn?"
    mean=$(identify -format '%[fx:mean]' "$prefix.png")
    awk -v m="$mean" 'BEGIN { exit !(m > 0.05 && m < 0.95) }' ||
        fail "screenshot $prefix.png is uniform (mean $mean)"
fi
echo "waveform_view_check: OK (view 0..$end ps for a run of $t_end ps; screenshot $prefix.png)"
