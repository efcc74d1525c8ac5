#!/usr/bin/env python3
"""`gicsim sweep`: the cross product runs, one report per point; results.csv is the
same with -j 1 and -j 3 (seeded points, independent of the worker); a rerun resumes
(only a point whose report is missing runs again); the figures follow the parameters
(a bigger event cache hits more); bad grids exit 2 with one line.
usage: sweep_check.py GICSIM WORKDIR"""
import csv
import os
import shutil
import subprocess
import sys

G, W = sys.argv[1], sys.argv[2]
SCENARIO = """name: sweep-check
system: {cpus: 2, seed: 3}
driver: linux
steps:
  - traffic: {devices: 16, events: 64, map: auto, pattern: zipf:1.1, rate: 5M/s, count: 300}
  - wait_until: quiescent
  - stats: reset
  - traffic: {devices: 16, events: 64, pattern: zipf:1.1, rate: 5M/s, count: 1000}
  - wait_until: quiescent
  - expect_count: {count: 1, within: 1ms}
"""


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def sweep(out, *extra, rc=0):
    p = subprocess.run([G, "sweep", f"{W}/s.yaml", "--grid",
                        "timing.its_event_cache_entries=64,256,1024", "--grid",
                        "traffic.rate=1M/s..20M/s:4", "--out", out, *extra],
                       capture_output=True, text=True)
    if p.returncode != rc:
        fail(f"sweep {extra}: exit {p.returncode}: {p.stderr}")
    return p


shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)
open(f"{W}/s.yaml", "w").write(SCENARIO)
sweep(f"{W}/a", "-j", "1")
sweep(f"{W}/b", "-j", "3")
a = open(f"{W}/a/results.csv").read()
if a != open(f"{W}/b/results.csv").read():
    fail("results differ between -j 1 and -j 3")
rows = list(csv.DictReader(a.splitlines()))
if len(rows) != 12 or rows[5]["traffic.rate"] != "7.33333M/s":
    fail(f"expected 12 points in grid order, got {[r['traffic.rate'] for r in rows]}")
rate = {r["timing.its_event_cache_entries"]: float(r["event_cache_hit_rate"]) for r in rows}
if not rate["64"] < rate["256"] < rate["1024"]:
    fail(f"event cache hit rate does not grow with the cache: {rate}")

# Resume: only point 7 runs again; its report and the results come back the same.
keep = os.stat(f"{W}/a/point-0003/report.json").st_mtime_ns
os.remove(f"{W}/a/point-0007/report.json")
sweep(f"{W}/a", "-j", "2")
if os.stat(f"{W}/a/point-0003/report.json").st_mtime_ns != keep:
    fail("a finished point ran again")
if open(f"{W}/a/results.csv").read() != a:
    fail("resumed results differ")

for grid in ["cpus", "traffic.rate=1M/s..2k/s:3", "x=1..5:1"]:
    p = subprocess.run([G, "sweep", f"{W}/s.yaml", "--grid", grid, "--out", f"{W}/c"],
                       capture_output=True, text=True)
    if p.returncode != 2 or "--grid" not in p.stderr or p.stderr.count("\n") != 1:
        fail(f"--grid {grid}: exit {p.returncode}, {p.stderr!r}")
p = subprocess.run([G, "sweep", f"{W}/s.yaml", "--grid", "timing.nosuch=1", "--out",
                    f"{W}/d"], capture_output=True, text=True)
if p.returncode != 2 or "timing: unknown parameter 'nosuch'" not in p.stderr:
    fail(f"a bad key: exit {p.returncode}, {p.stderr!r}")
print("sweep behaves")
