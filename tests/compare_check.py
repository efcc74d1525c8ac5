#!/usr/bin/env python3
"""`gicsim compare`: an unchanged rerun passes (exit 0, nothing differs); a halved ITS
event cache is flagged (exit 1, the event cache hit rate a REGRESSION), for reports and
for sweeps' results.json; the reverse change is an improvement (exit 0); a threshold
above the change passes; a point B lacks is a regression; --all lists every figure; bad
input exits 2 with one line naming the file or option.
usage: compare_check.py GICSIM WORKDIR"""
import json
import os
import shutil
import subprocess
import sys

G, W = sys.argv[1], sys.argv[2]
SCENARIO = """name: compare-check
system: {cpus: 2, seed: 3%s}
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


def run(*args, rc=0):
    p = subprocess.run([G, *args], capture_output=True, text=True)
    if p.returncode != rc:
        fail(f"{args}: exit {p.returncode} (expected {rc}): {p.stdout}{p.stderr}")
    return p


def lines_with(out, *words):
    return [l for l in out.splitlines() if all(w in l for w in words)]


shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)
open(f"{W}/full.yaml", "w").write(SCENARIO % "")
# gic600 has 1024 event cache entries: half of them.
open(f"{W}/half.yaml", "w").write(SCENARIO % ", timing: {its_event_cache_entries: 512}")
a, a2, b = f"{W}/a.json", f"{W}/a2.json", f"{W}/b.json"
run("run", f"{W}/full.yaml", "--report", a, "-q")
run("run", f"{W}/full.yaml", "--report", a2, "-q")
run("run", f"{W}/half.yaml", "--report", b, "-q")

# Reports.
p = run("compare", a, a2)
if " 0 differ, 0 regress" not in p.stdout or p.stdout.count("\n") != 1:
    fail(f"an unchanged rerun: {p.stdout!r}")
p = run("compare", a, b, rc=1)
if not lines_with(p.stdout, "ITS0 event cache hit rate", "pp", "REGRESSION"):
    fail(f"a halved cache is not flagged:\n{p.stdout}")
if not lines_with(p.stdout, "latency", "(ns)", "REGRESSION"):
    fail(f"the halved cache's latency is not flagged:\n{p.stdout}")
p = run("compare", b, a)
if "REGRESSION" in p.stdout or not lines_with(p.stdout, "event cache hit rate", "better"):
    fail(f"the bigger cache is not an improvement:\n{p.stdout}")
p = run("compare", a, b, "--threshold", "50")
if "REGRESSION" in p.stdout or "regress beyond 50%" not in p.stdout:
    fail(f"changes below the threshold:\n{p.stdout}")
p = run("compare", a, a2, "--all")
n = int(p.stdout.splitlines()[-1].split()[1])
if n < 30 or len(p.stdout.splitlines()) != n + 2:
    fail(f"--all lists {len(p.stdout.splitlines())} lines for {n} figures")

# Sweeps: points matched by parameters.
grid = ["--grid", "traffic.rate=2M/s,10M/s", "--grid", "cpus=1,2"]
run("sweep", f"{W}/full.yaml", *grid, "--out", f"{W}/sa", "-j", "2")
run("sweep", f"{W}/full.yaml", *grid, "--out", f"{W}/sa2", "-j", "1")
run("sweep", f"{W}/half.yaml", *grid, "--out", f"{W}/sb", "-j", "2")
p = run("compare", f"{W}/sa/results.json", f"{W}/sa2/results.json")
if " 0 differ, 0 regress" not in p.stdout:
    fail(f"an unchanged sweep: {p.stdout!r}")
p = run("compare", f"{W}/sa/results.json", f"{W}/sb/results.json", rc=1)
if len(lines_with(p.stdout, "event_cache_hit_rate", "REGRESSION")) != 4:
    fail(f"the halved cache is not flagged at every point:\n{p.stdout}")
r = json.load(open(f"{W}/sa2/results.json"))
r["points"] = r["points"][1:][::-1]  # another order, and point 0 missing
json.dump(r, open(f"{W}/short.json", "w"))
p = run("compare", f"{W}/sa/results.json", f"{W}/short.json", rc=1)
if lines_with(p.stdout, "REGRESSION") != lines_with(p.stdout, "traffic.rate=2M/s cpus=1]",
                                                     "(missing)", "REGRESSION"):
    fail(f"a missing point:\n{p.stdout}")

# Bad input: exit 2, one line naming the file or the option.
open(f"{W}/bad.json", "w").write('{"result": "pass",\n "windows": [}\n')
open(f"{W}/other.json", "w").write('{"a": 1}\n')
r["parameters"] = ["cpus"]
json.dump(r, open(f"{W}/params.json", "w"))
for args, word in [([a, f"{W}/nosuch.json"], "nosuch.json: No such file"),
                   ([a, f"{W}/bad.json"], "bad.json:2: unexpected '}'"),
                   ([a, f"{W}/other.json"], "other.json: neither"),
                   ([a, f"{W}/sa/results.json"], "compare like with like"),
                   ([f"{W}/sa/results.json", f"{W}/params.json"], "different parameters"),
                   ([a, b, "--threshold", "5%"], "--threshold: '5%'"),
                   ([a, b, "--threshold", "-1"], "--threshold: '-1'"),
                   ([a, b, "--threshold"], "--threshold needs a value"),
                   ([a, b, "--bogus"], "unknown option '--bogus'"),
                   ([a, b, a], "two files"),
                   ([a], "usage: gicsim compare")]:
    p = run("compare", *args, rc=2)
    if word not in p.stderr or (word != "usage: gicsim compare" and p.stderr.count("\n") != 1):
        fail(f"compare {args}: {p.stderr!r} (expected one line with {word!r})")
if "usage: gicsim compare" not in run("help", "compare").stdout or \
        ".SS compare" not in run("help", "--man").stdout:
    fail("help and the man page do not describe compare")
print("compare behaves")
