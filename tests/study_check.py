#!/usr/bin/env python3
"""A study in scenarios/studies/ (docs/studies.md) reruns with its one command
(run.sh OUT -j 2), 100 points or more; `gicsim compare` finds no regression against the
committed results.json (a model change that makes the study worse fails here: rerun the
study and commit its outputs); the committed report.html is the page of the committed
results.json; and the study's finding holds in the fresh results:
  event-cache-nvme  the event cache hit rate grows and the mean msi_to_visible falls
                    with the cache size, for every exponent and rate;
  msi-latency-knee  each profile has a knee (p99 msi_to_visible ten times its value at
                    the lowest rate) and agilex5's comes at a lower rate than gic600's.
usage: study_check.py GICSIM SOURCE_DIR STUDY WORKDIR"""
import json
import os
import shutil
import subprocess
import sys

G, SRC, W = (os.path.abspath(sys.argv[i]) for i in (1, 2, 4))
STUDY = sys.argv[3]
REL = f"scenarios/studies/{STUDY}"


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def rate(text):
    return float(text[:-3]) * 1e6 if text.endswith("M/s") else float(text.rstrip("/s"))


def cache_finding(points):
    groups = {}
    for p in points:
        groups.setdefault((p["traffic.pattern"], p["traffic.rate"]), []).append(p)
    for key, ps in groups.items():
        ps.sort(key=lambda p: p["timing.its_event_cache_entries"])
        hits = [p["event_cache_hit_rate"] for p in ps]
        means = [p["msi_to_visible_mean_ns"] for p in ps]
        if hits != sorted(set(hits)) or means != sorted(set(means), reverse=True):
            fail(f"{key}: hit rate {hits}, mean latency {means}")


def knee_finding(points):
    knee = {}
    for prof in ("gic600", "agilex5"):
        ps = sorted((p for p in points if p["profile"] == prof),
                    key=lambda p: rate(p["traffic.rate"]))
        base = ps[0]["msi_to_visible_p99_ns"]
        above = [rate(p["traffic.rate"]) for p in ps if p["msi_to_visible_p99_ns"] > 10 * base]
        if not above:
            fail(f"{prof}: no knee up to {ps[-1]['traffic.rate']}")
        knee[prof] = above[0]
    if not knee["agilex5"] < knee["gic600"]:
        fail(f"knees: {knee}")


shutil.rmtree(W, ignore_errors=True)
p = subprocess.run([f"{SRC}/{REL}/run.sh", f"{W}/out", "-j", "2"], capture_output=True,
                   text=True, env=dict(os.environ, GICSIM=G))
if p.returncode:
    fail(f"run.sh: exit {p.returncode}: {p.stdout}{p.stderr}")
fresh = json.load(open(f"{W}/out/results.json"))
if len(fresh["points"]) < 100:
    fail(f"{len(fresh['points'])} points")
p = subprocess.run([G, "compare", f"{SRC}/{REL}/results.json", f"{W}/out/results.json"],
                   capture_output=True, text=True)
if p.returncode:
    fail(f"the study regresses against its committed results (rerun {REL}/run.sh and "
         f"commit its outputs):\n{p.stdout}{p.stderr}")
page = f"{W}/page.html"
p = subprocess.run([G, "report", REL, "--html", page], cwd=SRC, capture_output=True,
                   text=True)
if p.returncode or open(page).read() != open(f"{SRC}/{REL}/report.html").read():
    fail(f"{REL}/report.html is not the page of its results.json (gicsim report {REL} "
         f"--html {REL}/report.html): {p.stderr}")
{"event-cache-nvme": cache_finding, "msi-latency-knee": knee_finding}[STUDY](fresh["points"])
print(f"{STUDY}: {len(fresh['points'])} points, no regression, the finding holds")
