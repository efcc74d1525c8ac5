#!/usr/bin/env python3
"""Overrides without editing files (docs/scenario-format.md, "Overrides"):
  * `run --set/--profile/--seed` gives the same report as the same keys written in the
    file (host time aside);
  * `traffic.rate` reaches every traffic step, `steps.N.K` one step;
  * a bad override exits 2 with one line naming the option as typed;
  * a profile file with `base: gic600` inherits, `profile show` prints built-ins as
    shipped and a file's effective parameters; a base cycle is refused;
  * `help` and the man page list `profile`.
usage: overrides_check.py GICSIM PROFILES_DIR WORKDIR"""
import json
import os
import shutil
import subprocess
import sys

G, PROFILES, W = sys.argv[1], sys.argv[2], sys.argv[3]


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def run(*args, rc=0):
    p = subprocess.run([G, *args], capture_output=True, text=True)
    if p.returncode != rc:
        fail(f"{args}: exit {p.returncode}, expected {rc}: {p.stderr}")
    return p


def report(path):
    r = json.load(open(path))
    r.pop("host_time_s")
    r.pop("file")
    for e in r["expectations"]:  # the edited file has more lines
        e.pop("line")
    return r


SCENARIO = """name: ov
system:
  cpus: 2
{extra}driver: linux
steps:
  - traffic: {{devices: 2, events: 8, map: auto, rate: 5M/s, count: 200}}
  - wait_until: quiescent
  - traffic: {{devices: 2, events: 8, rate: 5M/s, count: 100}}
  - wait_until: quiescent
  - expect_count: {{count: 1, within: 1ms}}
"""

shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)
base = f"{W}/base.yaml"
open(base, "w").write(SCENARIO.format(extra=""))
edited = f"{W}/edited.yaml"
text = SCENARIO.format(extra="  profile: agilex5\n  seed: 7\n  timing: {mem_read_ns: 150}\n")
open(edited, "w").write(text.replace("cpus: 2", "cpus: 4")
                        .replace("rate: 5M/s, count: 100", "rate: 9M/s, count: 100"))
run("run", edited, "-q", "--report", f"{W}/edited.json")
run("run", base, "-q", "--report", f"{W}/set.json", "--profile", "agilex5", "--seed", "7",
    "--set", "timing.mem_read_ns=150", "--set", "cpus=4", "--set", "steps.2.traffic.rate=9M/s")
a, b = report(f"{W}/edited.json"), report(f"{W}/set.json")
if a != b:
    fail("--set differs from editing the file")
if b["timing"]["parameters"]["mem_read_ns"] != 150 or b["system"]["cpus"] != 4:
    fail("overrides not in effect")

# traffic.rate reaches both traffic steps: at 1M/s instead of 5M/s the run is longer.
run("run", base, "-q", "--report", f"{W}/slow.json", "--set", "traffic.rate=1M/s")
if report(f"{W}/slow.json")["simulated_time_ps"] < 300 * 10**6:  # 300 MSIs at 1M/s
    fail("traffic.rate did not slow every traffic step")

for args, text in [
    (["--set", "timing.mem_read_ns=abc"], "--set timing.mem_read_ns=abc: mem_read_ns: 'abc'"),
    (["--set", "timing.nosuch=1"], "--set timing.nosuch=1: timing: unknown parameter"),
    (["--set", "msi.count=3"], "--set msi.count=3: the scenario has no 'msi' step"),
    (["--set", "steps.9.traffic.rate=1M/s"], "'9' is not an index of a list of 5"),
    (["--set", "cpus"], "expected KEY=VALUE"),
    (["--seed", "7x"], "--seed: '7x' is not a whole number"),
    (["--profile", "nosuch"], "--profile nosuch: profile 'nosuch': no such profile"),
]:
    p = run("run", base, "-q", *args, rc=2)
    if text not in p.stderr or p.stderr.count("\n") != 1:
        fail(f"{args}: expected one line with '{text}', got {p.stderr!r}")

# Profiles: show as shipped; inherit; refuse a cycle.
if run("profile", "show", "gic600").stdout != open(f"{PROFILES}/gic600.yaml").read():
    fail("profile show gic600 is not the shipped file")
open(f"{W}/slow-mem.yaml", "w").write("name: slow-mem\nbase: gic600\nmem_read_ns: 150\n")
shown = run("profile", "show", f"{W}/slow-mem.yaml").stdout
if "mem_read_ns: 150\n" not in shown or "its_event_cache_entries: 1024\n" not in shown:
    fail(f"base: gic600 not inherited:\n{shown}")
run("run", base, "-q", "--report", f"{W}/p.json", "--profile", f"{W}/slow-mem.yaml")
params = report(f"{W}/p.json")["timing"]["parameters"]
if params["mem_read_ns"] != 150 or params["clock_hz"] != 1000000000:
    fail("a scenario with the inheriting profile")
open(f"{W}/loop.yaml", "w").write("name: loop\nbase: loop.yaml\n")
p = run("profile", "show", f"{W}/loop.yaml", rc=2)
if "more than 8 profiles deep" not in p.stderr:
    fail(f"base cycle: {p.stderr}")
if "profile" not in run("help").stdout or "show NAME" not in run("help", "profile").stdout:
    fail("help does not list profile")
man = run("help", "--man").stdout
if ".SS profile" not in man:
    fail("the man page has no profile section")
print("overrides and profiles behave")
