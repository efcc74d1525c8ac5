#!/usr/bin/env python3
"""`gicsim sweep`: the cross product runs, one report and summary per point;
results.csv and results.json are the same with -j 1 and -j 3 (seeded points,
independent of the worker) and agree with each other; a rerun resumes (only a point
whose report is missing runs again); the figures follow the parameters (a bigger event
cache hits more); reports are read as JSON (a reformatted report gives the same row, a
corrupt one is named with its line); bad grids and values exit 2 with one line before
any point runs; a directory holding another sweep is refused; --collect rebuilds the
tables or names a missing point and its task, --task runs one slice, bad executor
options exit 2.
usage: sweep_check.py GICSIM WORKDIR"""
import csv
import glob
import json
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
aj = open(f"{W}/a/results.json").read()
if aj != open(f"{W}/b/results.json").read():
    fail("results.json differs between -j 1 and -j 3")
if glob.glob(f"{W}/a/**/*.tmp-*", recursive=True):
    fail("temporary files left behind")
if len(glob.glob(f"{W}/a/point-*/summary.txt")) != 12:
    fail("not one summary.txt per point")
rows = list(csv.DictReader(a.splitlines()))
if len(rows) != 12 or rows[5]["traffic.rate"] != "7.33333M/s":
    fail(f"expected 12 points in grid order, got {[r['traffic.rate'] for r in rows]}")
js = json.loads(aj)
if js["parameters"] != ["timing.its_event_cache_entries", "traffic.rate"]:
    fail(f"results.json parameters: {js['parameters']}")
for r, p in zip(rows, js["points"]):
    if list(p)[:4] != ["point", *js["parameters"], "result"] or list(p)[3:] != js["figures"]:
        fail(f"results.json keys: {list(p)}")
    if str(p["traffic.rate"]) != r["traffic.rate"] or p["result"] != r["result"] or any(
            float(p[k]) != float(r[k]) for k in js["figures"][1:]):
        fail(f"results.json and results.csv disagree at point {r['point']}")
if not isinstance(js["points"][0]["timing.its_event_cache_entries"], int) or \
        js["points"][0]["traffic.rate"] != "1M/s":
    fail("results.json: numbers as numbers, values with units as strings")
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

# A reformatted report reads the same (a JSON reader, not a text scan); a corrupt one
# is named with its line, and the results are not replaced.
rp = f"{W}/a/point-0004/report.json"
orig = open(rp).read()
open(rp, "w").write(json.dumps(json.loads(orig), indent=1, sort_keys=True))
os.remove(f"{W}/a/results.csv")
sweep(f"{W}/a")
if open(f"{W}/a/results.csv").read() != a:
    fail("a reformatted report changed the results")
open(rp, "w").write(orig.replace('"deliveries": ', '"deliveries" ', 1))
p = sweep(f"{W}/a", rc=2)
if f"{rp}:" not in p.stderr or open(f"{W}/a/results.csv").read() != a:
    fail(f"a corrupt report: {p.stderr!r}")
open(rp, "w").write(orig)

# Every value is checked before any point runs: a bad last value leaves no point.
p = subprocess.run([G, "sweep", f"{W}/s.yaml", "--grid", "cpus=1,2", "--grid",
                    "traffic.rate=1M/s,2M/s,fast", "--out", f"{W}/e"],
                   capture_output=True, text=True)
if p.returncode != 2 or "--grid traffic.rate=fast" not in p.stderr or \
        p.stderr.count("\n") != 1 or os.path.exists(f"{W}/e"):
    fail(f"a bad value: exit {p.returncode}, {p.stderr!r}")
p = sweep(f"{W}/a", "--grid", "cpus=1", rc=2)
if "holds another sweep" not in p.stderr:
    fail(f"another sweep in the same --out: {p.stderr!r}")

for grid in ["cpus", "traffic.rate=1M/s..2k/s:3", "x=1..5:1", "cpus=1,"]:
    p = subprocess.run([G, "sweep", f"{W}/s.yaml", "--grid", grid, "--out", f"{W}/c"],
                       capture_output=True, text=True)
    if p.returncode != 2 or "--grid" not in p.stderr or p.stderr.count("\n") != 1:
        fail(f"--grid {grid}: exit {p.returncode}, {p.stderr!r}")
p = subprocess.run([G, "sweep", f"{W}/s.yaml", "--grid", "timing.nosuch=1", "--out",
                    f"{W}/d"], capture_output=True, text=True)
if p.returncode != 2 or "timing: unknown parameter 'nosuch'" not in p.stderr:
    fail(f"a bad key: exit {p.returncode}, {p.stderr!r}")
# --collect rebuilds the tables of a finished sweep; --task runs one slice; bad
# combinations of the executor options exit 2 with one line.
os.remove(f"{W}/a/results.csv")
p = subprocess.run([G, "sweep", "--collect", f"{W}/a"], capture_output=True, text=True)
if p.returncode or open(f"{W}/a/results.csv").read() != a:
    fail(f"--collect: exit {p.returncode}, {p.stderr!r}")
os.remove(f"{W}/a/point-0011/report.json")
p = subprocess.run([G, "sweep", "--collect", f"{W}/a"], capture_output=True, text=True)
if p.returncode != 1 or "point 11 has no report: array task 11" not in p.stderr:
    fail(f"--collect with a point missing: exit {p.returncode}, {p.stderr!r}")
p = subprocess.run([G, "sweep", "--task", "11", f"{W}/a"], capture_output=True, text=True)
if p.returncode or "task 11: points 11 to 11, 1 run now" not in p.stdout:
    fail(f"--task: exit {p.returncode}, {p.stdout!r} {p.stderr!r}")
for extra, word in [(["--executor", "pbs"], "--executor 'pbs'"),
                    (["--partition", "x"], "need --executor slurm"),
                    (["--max-parallel", "0"], "--max-parallel: '0'"),
                    (["--collect", f"{W}/a"], "--collect and --task take a DIR")]:
    p = sweep(f"{W}/f", *extra, rc=2)
    if word not in p.stderr or p.stderr.count("\n") != 1:
        fail(f"{extra}: {p.stderr!r}")
for args, word in [(["--task", "12", f"{W}/a"], "has tasks 0 to 11"),
                   (["--collect", W], "sweep.json: No such file")]:
    p = subprocess.run([G, "sweep", *args], capture_output=True, text=True)
    if p.returncode != 2 or word not in p.stderr or p.stderr.count("\n") != 1:
        fail(f"{args}: exit {p.returncode}, {p.stderr!r}")
print("sweep behaves")
