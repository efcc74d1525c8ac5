#!/bin/sh
# The ITS event-cache sizing study (docs/studies.md): 9 cache sizes x 4 zipf exponents
# x 3 offered rates = 108 points, one command:
#   scenarios/studies/event-cache-nvme/run.sh OUT [-j N | --executor slurm ...]
# OUT gets a report per point, results.csv, results.json and report.html. GICSIM names
# the binary (default: gicsim on the PATH).
set -eu
[ $# -ge 1 ] || { echo "usage: $0 OUT [gicsim sweep options]" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)
shift
g=${GICSIM:-gicsim}
case $g in */*) g=$(cd "$(dirname "$g")" && pwd)/$(basename "$g") ;; esac
cd "$(dirname "$0")"
exec "$g" sweep study.yaml \
    --grid timing.its_event_cache_entries=16,32,64,128,256,512,1024,2048,4096 \
    --grid traffic.pattern=zipf:0.6,zipf:0.8,zipf:1.0,zipf:1.2 \
    --grid traffic.rate=5M/s,20M/s,50M/s \
    --out "$out" "$@"
