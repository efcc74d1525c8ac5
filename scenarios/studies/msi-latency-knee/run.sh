#!/bin/sh
# The MSI latency knee study (docs/studies.md): 2 profiles x 60 offered rates = 120
# points, one command:
#   scenarios/studies/msi-latency-knee/run.sh OUT [-j N | --executor slurm ...]
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
    --grid profile=gic600,agilex5 \
    --grid traffic.rate=5M/s..300M/s:60 \
    --out "$out" "$@"
