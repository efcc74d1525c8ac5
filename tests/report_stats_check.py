#!/usr/bin/env python3
"""The report's measurement sections agree with its own totals (docs/timing.md,
"Measuring"): `gicsim run SCENARIO --report` on a scenario with one `stats: reset`
must give two windows that split the deliveries, histograms over the last window
whose bins add up to its count and are log-spaced and ordered, msi_to_visible never
above msi_to_irq, and throughput columns that add up to the ITS and LPI totals.

usage: report_stats_check.py GICSIM SCENARIO"""
import json
import subprocess
import sys
import tempfile


def check(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)


def main():
    gicsim, scenario = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        out = f"{tmp}/r.json"
        p = subprocess.run([gicsim, "run", scenario, "--report", out, "-q"])
        check(p.returncode == 0, f"run exited {p.returncode}")
        r = json.load(open(out))
    w = r["windows"]
    check(len(w) == 2, f"two windows, got {len(w)}")
    check(w[0]["from_ps"] == 0 and w[0]["to_ps"] == w[1]["from_ps"] > 0, "windows adjoin")
    check(w[1]["to_ps"] == r["simulated_time_ps"], "last window ends with the run")
    for m, all_stats in r["latency"].items():
        n = w[0]["latency"][m]["count"] + w[1]["latency"][m]["count"]
        check(n == all_stats["all"]["count"], f"{m}: windows split the deliveries")
    check(w[1]["latency"]["msi_to_irq"]["count"] == 500, "window 1 holds the trickle")
    check(w[1]["latency"]["msi_to_irq"]["p99_ns"] < r["latency"]["msi_to_irq"]["all"]["p99_ns"],
          "set-up backlog left out of window 1")
    lat0 = w[0]["latency"]
    check(lat0["msi_to_visible"]["max_ns"] <= 150 < lat0["msi_to_irq"]["p99_ns"],
          "msi_to_visible excludes the CPU backlog")
    h = r["histograms"]
    check(h["window"] == 1 and h["from_ps"] == w[1]["from_ps"], "histograms: last window")
    for m, hist in h["metrics"].items():
        bins = hist["bins"]
        check(hist["zero"] + sum(b[2] for b in bins) == hist["count"], f"{m}: bins add up")
        check(hist["count"] == w[1]["latency"][m]["count"], f"{m}: histogram count")
        for lo, hi, n in bins:
            check(n > 0 and (lo == 0 and hi == 1 or 1.2 < hi / lo < 1.32),
                  f"{m}: bin [{lo}, {hi}) log-spaced")
        check(all(a[1] <= b[0] for a, b in zip(bins, bins[1:])), f"{m}: bins ordered")
    t = r["throughput"]
    its = r["its"][0]
    check(sum(t["offered"]) == its["msi"]["offered"], "offered adds up")
    check(sum(t["translated"]) == its["msi"]["translated"], "translated adds up")
    check(sum(t["delivered"]) == r["deliveries"], "delivered adds up")
    hits = sum(c["hits"] for c in its["caches"].values())
    check(sum(t["its_cache_hits"]) == hits, "ITS cache hits add up")
    check(sum(t["lpi_cache_misses"]) == r["lpi"]["property_cache"]["lpi"]["misses"],
          "LPI cache misses add up")
    check(len(t["t_ns"]) == len(t["offered"]) and len(t["t_ns"]) >= 50, "enough windows")
    check(t["t_ns"][-1] <= r["simulated_time_ps"] / 1e3 < t["t_ns"][-1] + t["window_ns"],
          "the last window holds the end of the run")
    check(max(t["in_flight_max"]) > 0, "occupancy seen")
    print("report statistics consistent")


main()
