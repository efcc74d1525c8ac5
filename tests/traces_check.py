#!/usr/bin/env python3
"""A waveform and an event log attach to a gic_t without the scenario runner
(traces/traces.h): `gicsim demo --vcd --log` and `gicsim-tlm bench msi-ack --vcd`.

    traces_check.py OUTDIR GICSIM [GICSIM_TLM]

Checks each VCD declares every block's variables (per CPU 4, per redistributor 4, the
distributor 3, per ITS 15), that the IRQ line of a CPU that took an interrupt rose and fell, that the
.gtkw save file names the VCD, and that every event-log line is a JSON object whose
fields are the named ones (no a/b/c).
"""
import json
import os
import re
import subprocess
import sys


def fail(msg):
    print(f"traces_check: {msg}", file=sys.stderr)
    sys.exit(1)


def vcd_vars(path):
    """{scope path + name: id} and the value changes per id."""
    ids, scope, changes = {}, [], {}
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w:
                continue
            if w[0] == "$scope":
                scope.append(w[2])
            elif w[0] == "$upscope":
                scope.pop()
            elif w[0] == "$var":
                ids[".".join(scope + [w[4]])] = w[3]
            elif re.match(r"^[01][^\s]+$", w[0]):
                changes.setdefault(w[0][1:], []).append(w[0][0])
            elif w[0].startswith("b") and len(w) == 2:
                changes.setdefault(w[1], []).append(w[0][1:])
    return ids, changes


def check_vcd(path, cpus, its, irq_cpu, var="irq"):
    ids, changes = vcd_vars(path)
    want = 4 * cpus + 4 * cpus + 3 + 15 * its
    if len(ids) != want:
        fail(f"{path}: {len(ids)} variables, want {want}")
    name = f"cpu_interfaces.cpu{irq_cpu}.cpu{irq_cpu}_{var}"
    vid = ids.get(name)
    if vid is None:
        fail(f"{path}: no {name}")
    seq = changes.get(vid, [])
    if var == "irq" and ("1" not in seq or seq[-1] != "0"):
        fail(f"{path}: cpu{irq_cpu} IRQ never rose and fell: {seq[:10]}")
    if var != "irq" and len(set(seq)) < 3:
        fail(f"{path}: cpu{irq_cpu} {var} took fewer than 3 values: {seq[:10]}")
    gtkw = path[:-4] + ".gtkw"
    with open(gtkw) as f:
        if f'[dumpfile] "{os.path.basename(path)}"' not in f.read():
            fail(f"{gtkw} does not name {os.path.basename(path)} relative to itself")


def check_log(path):
    n = 0
    with open(path) as f:
        for line in f:
            n += 1

            def no_duplicates(pairs, n=n):
                keys = [k for k, _ in pairs]
                if len(keys) != len(set(keys)):
                    fail(f"{path}:{n}: a key appears twice: {keys}")
                return dict(pairs)

            ev = json.loads(line, object_pairs_hook=no_duplicates)
            if "t_ps" not in ev or "event" not in ev:
                fail(f"{path}:{n}: no t_ps/event")
            if set(ev) & {"a", "b", "c", "text"}:
                fail(f"{path}:{n}: unnamed fields: {line.strip()}")
            if ev["event"].startswith("gic_mmio") and not ev.get("reg", "").startswith(("GICD_", "GICR_", "GITS_")):
                fail(f"{path}:{n}: an MMIO access without its register's name: {line.strip()}")
    if n == 0:
        fail(f"{path}: empty")


def main():
    out, gicsim = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    vcd, log = f"{out}/demo.vcd", f"{out}/demo.jsonl"
    subprocess.run([gicsim, "demo", "--vcd", vcd, "--log", log], check=True,
                   stdout=subprocess.DEVNULL)
    check_vcd(vcd, cpus=4, its=1, irq_cpu=2)  # the demo's SPI 40 goes to CPU 2
    check_log(log)
    if len(sys.argv) > 3:
        tvcd = f"{out}/tlm.vcd"
        subprocess.run([sys.argv[3], "bench", "msi-ack", "--count", "200", "--vcd", tvcd],
                       check=True, stdout=subprocess.DEVNULL)
        # The bench's CPU acknowledges at the instant IRQ rises, so the line's pulses
        # have no width in the VCD; the acknowledged INTIDs show the traffic.
        check_vcd(tvcd, cpus=1, its=1, irq_cpu=0, var="ack_intid")
    print("traces_check: ok")


main()
