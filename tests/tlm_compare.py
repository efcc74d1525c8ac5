#!/usr/bin/env python3
"""Runs scenarios natively (gicsim) and on the SystemC platform (gicsim-tlm) and
requires the same results:

  * the same exit status and the same summary on stdout (host time masked);
  * byte-identical deliveries files (every acknowledged INTID, per CPU, in order);
  * the same JSON report without host_time_s: expectations and their messages, MSI
    and LPI accounting, command errors, latencies, cache statistics, guest errors,
    simulated time;
  * the same event log, once the GITS_TRANSLATER writes are taken out of both (under
    TLM an MSI is a register write, so it also shows as gic_mmio_write);
  * the same core waveform (VCD): the same values at the same times. The order of
    changes within one instant may differ, and the ITS's busy and cmd_queue_depth are
    left out: the waveform samples them on register writes, and the TLM run has one
    more register write per MSI;
  * in the platform's sc_trace VCD, each CPU's sc_signal IRQ/FIQ with the edges the
    core's waveform has for that line.

usage: tlm_compare.py GICSIM GICSIM_TLM SCENARIO...
Exits 0 when every scenario matches, 1 otherwise, 2 on usage errors.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

TRANSLATER = 0x10040


def run(binary, scenario, out):
    os.makedirs(out, exist_ok=True)
    args = [binary, "run", scenario, "--report", f"{out}/report.json",
            "--log", f"{out}/events.jsonl", "--vcd", f"{out}/wave.vcd",
            "--deliveries", f"{out}/deliveries.txt"]
    if binary.endswith("gicsim-tlm"):
        args += ["--sc-vcd", f"{out}/lines.vcd"]
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=100)
    except subprocess.TimeoutExpired:
        return "timeout", "", f"{binary} did not finish within 100 s"
    summary = re.sub(r"host [0-9.]+ s", "host X s", p.stdout)
    return p.returncode, summary, p.stderr


def report(path):
    with open(path) as f:
        r = json.load(f)
    r.pop("host_time_s", None)
    return r


def events(path, translaters):
    keep = []
    with open(path) as f:
        for line in f:
            ev = json.loads(line)
            if ev["event"] == "gic_mmio_write" and ev["addr"] in translaters:
                continue
            keep.append(line)
    return keep


def read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()


def vcd_edges(path, wanted):
    """{name: [(t, value)]} for the 1-bit variables named in wanted (full dotted
    scope path, e.g. 'cpu_interfaces.cpu0.irq'), changes only, last value per time."""
    ids, scope, edges, t = {}, [], {}, 0
    for line in read(path).splitlines():
        tok = line.split()
        if not tok:
            continue
        if tok[0] == "$scope":
            scope.append(tok[2])
        elif tok[0] == "$upscope":
            scope.pop()
        elif tok[0] == "$var":
            name = ".".join(scope + [tok[4]])
            if name in wanted:
                ids.setdefault(tok[3], []).append(wanted[name])
        elif tok[0].startswith("#"):
            t = int(tok[0][1:])
        elif tok[0][0] in "01xz" and tok[0][1:] in ids:
            for key in ids[tok[0][1:]]:
                e = edges.setdefault(key, [])
                if e and e[-1][0] == t:
                    e.pop()
                value = 1 if tok[0][0] == "1" else 0
                if (e[-1][1] if e else 0) != value:
                    e.append((t, value))
    return edges


# Waveform variables the core's VCD samples (rather than follows) on register writes:
# under TLM each MSI is one more register write, so they may be sampled more often.
SAMPLED = ("busy", "cmd_queue_depth", "msi_queue", "translations_in_flight", "mem_reads")


def vcd_changes(path):
    """The header (up to $enddefinitions) and, per time, the set of value changes: the
    order of changes within one instant carries no meaning. SAMPLED variables left out."""
    header, changes, t, skip = [], {}, 0, set()
    lines = read(path).splitlines()
    for line in lines:
        header.append(line)
        tok = line.split()
        if tok and tok[0] == "$var" and tok[4].split("_", 1)[-1] in SAMPLED:
            skip.add(tok[3])
        if line.startswith("$enddefinitions"):
            break
    for line in lines[len(header):]:
        if line.startswith("#"):
            t = int(line[1:])
        elif line and not line.startswith("$"):
            var = line.split()[1] if line[0] in "brs" else line[1:]
            if var not in skip:
                changes.setdefault(t, set()).add(line)
    return header, {k: v for k, v in changes.items() if v}


def lines_match(core_vcd, lines_vcd, cpus):
    core, sysc = {}, {}
    for c in range(cpus):
        for sig in ("irq", "fiq"):
            core[f"cpu_interfaces.cpu{c}.cpu{c}_{sig}"] = (c, sig)
            sysc[f"SystemC.cpu{c}.{sig}"] = (c, sig)
    a, b = vcd_edges(core_vcd, core), vcd_edges(lines_vcd, sysc)
    for key in sorted(set(a) | set(b)):
        if a.get(key, []) != b.get(key, []):
            return f"cpu{key[0]} {key[1]}: core {a.get(key, [])[:4]}... sc_signal " \
                   f"{b.get(key, [])[:4]}..."
    return None


def compare(gicsim, tlm, scenario, tmp):
    name = os.path.splitext(os.path.basename(scenario))[0]
    na, ta = f"{tmp}/{name}/native", f"{tmp}/{name}/tlm"
    rc_n, sum_n, err_n = run(gicsim, scenario, na)
    rc_t, sum_t, err_t = run(tlm, scenario, ta)
    if rc_n != rc_t or err_n != err_t:
        return f"exit status {rc_n} vs {rc_t}; stderr {err_n!r} vs {err_t!r}"
    if rc_n == 2:
        return None  # bad input: refused the same way
    if sum_n != sum_t:
        return "summaries differ:\n" + sum_n + "---\n" + sum_t
    if read(f"{na}/deliveries.txt") != read(f"{ta}/deliveries.txt"):
        return "deliveries differ"
    rn, rt = report(f"{na}/report.json"), report(f"{ta}/report.json")
    if rn != rt:
        diff = [k for k in rn if rn.get(k) != rt.get(k)]
        return f"reports differ in {diff}"
    translaters = {int(i["base"], 16) + TRANSLATER for i in rn["its"]}
    if events(f"{na}/events.jsonl", translaters) != events(f"{ta}/events.jsonl", translaters):
        return "event logs differ (GITS_TRANSLATER writes aside)"
    if vcd_changes(f"{na}/wave.vcd") != vcd_changes(f"{ta}/wave.vcd"):
        return "core waveforms differ"
    why = lines_match(f"{ta}/wave.vcd", f"{ta}/lines.vcd", rn["system"]["cpus"])
    if why:
        return "sc_signal IRQ/FIQ do not follow the core: " + why
    return None


def main(argv):
    if len(argv) < 4 or not all(os.access(b, os.X_OK) for b in argv[1:3]):
        print(__doc__.strip().splitlines()[-3], file=sys.stderr)
        return 2
    status = 0
    with tempfile.TemporaryDirectory(prefix="tlm_compare.") as tmp:
        for scenario in argv[3:]:
            why = compare(argv[1], argv[2], scenario, tmp)
            print(f"{'FAIL' if why else 'ok  '} {scenario}{': ' + why if why else ''}")
            status |= 1 if why else 0
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
