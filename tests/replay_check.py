#!/usr/bin/env python3
"""gicsim replay against a committed QEMU recording (docs/traces.md):

  replay_check.py WORKDIR GICSIM TRACE.xz [GICSIM_TLM]

- the recording replays with 0 mismatches, and the summary counts what the trace holds
  (events, reads, IAR reads);
- one ICC_IAR1 value altered (an LPI's, the last one, and a timer's) is found: exit 1,
  the altered line named, both values printed, the events before it listed;
- corrupted or truncated lines are refused with exit 2 naming FILE:LINE;
- --to-scenario writes a scenario `gicsim run` passes, and fails when its IAR expect
  is altered;
- --profile gic600 replays with reads reported, not asserted;
- the event log of two replays is byte-identical (determinism);
- gicsim-tlm replays it with the same summary (when given).
"""
import lzma
import os
import re
import subprocess
import sys

work, gicsim, trace = sys.argv[1:4]
tlm = sys.argv[4] if len(sys.argv) > 4 else None
os.makedirs(work, exist_ok=True)
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(*args, tool=gicsim):
    r = subprocess.run([tool, *args], capture_output=True, text=True, timeout=300)
    return r.returncode, r.stdout + r.stderr


with lzma.open(trace, "rt") as f:
    lines = f.read().split("\n")[:-1]
base = os.path.join(work, os.path.basename(trace).split(".")[0])


def variant(name, edit, newline=True):
    path = f"{base}.{name}.log"
    with open(path, "w") as f:
        text = "\n".join(edit(list(lines)))
        f.write(text + ("\n" if newline else ""))
    return path


SUMMARY = re.compile(r"replay: (\d+) events, (\d+) reads checked, (\d+) mismatches")

# 1. The recording as committed.
rc, out = run("replay", trace)
m = SUMMARY.search(out)
check(rc == 0 and m and m.group(3) == "0", f"replay {trace}: rc {rc}: {out[-500:]}")
iar_lines = [i for i, l in enumerate(lines) if l.startswith("gicv3_icc_iar1_read ")]
if m:
    check(int(m.group(2)) >= len(iar_lines) > 0, f"reads checked {m.group(2)} < IARs {len(iar_lines)}")

# 2. Altered IAR values: an LPI, the last IAR of the trace, a timer PPI.
def alter_at(idx):
    def edit(ls):
        old = int(ls[idx].rsplit("0x", 1)[1], 16)
        ls[idx] = ls[idx].rsplit("0x", 1)[0] + "0x%x" % (old ^ 1 if old != 1023 else 27)
        return ls
    return edit


lpi = [i for i in iar_lines if int(lines[i].rsplit("0x", 1)[1], 16) >= 8192]
picks = {"lpi": lpi[len(lpi) // 2] if lpi else None, "last": iar_lines[-1],
         "timer": next((i for i in iar_lines if lines[i].endswith("0x1b")), None)}
for name, idx in picks.items():
    if idx is None:
        continue
    path = variant("iar-" + name, alter_at(idx))
    rc, out = run("replay", path)
    check(rc == 1, f"altered IAR ({name}) at line {idx + 1}: rc {rc}")
    check(f"{path}:{idx + 1}: mismatch" in out, f"altered IAR ({name}): line not named: {out[-400:]}")
    check("1 mismatches" in out and "the events that led there" in out,
          f"altered IAR ({name}): summary/context missing")

# 3. Corrupted and truncated lines: exit 2 with FILE:LINE.
k = iar_lines[len(iar_lines) // 3]
corruptions = {
    "bad-hex": (k, lambda l: l.replace("value 0x", "value 0xzz")),
    "bad-event": (k, lambda l: "gicv3_icc_frobnicate" + l[l.index(" "):]),
    "not-a-trace-line": (k, lambda l: "hello world"),
    "missing-field": (k, lambda l: l.rsplit(" value", 1)[0]),
    "cut-its-line": (next(i for i, l in enumerate(lines) if l.startswith("gicv3_its_cmd_mapd")),
                     lambda l: l[:-6]),
}
for name, (idx, fn) in corruptions.items():
    def edit(ls, idx=idx, fn=fn):
        ls[idx] = fn(ls[idx])
        return ls
    path = variant(name, edit)
    rc, out = run("replay", path)
    check(rc == 2 and f"{path}:{idx + 1}:" in out, f"corrupted ({name}) line {idx + 1}: rc {rc}: {out[-300:]}")
path = variant("truncated", lambda ls: ls[: len(ls) // 2] + [ls[len(ls) // 2][:25]], newline=False)
rc, out = run("replay", path)
check(rc == 2 and f"{path}:{len(lines) // 2 + 1}: truncated" in out, f"truncated: rc {rc}: {out[-300:]}")
with open(trace, "rb") as f:
    data = f.read()
cut = f"{base}.cut.trace.xz"
with open(cut, "wb") as f:
    f.write(data[: len(data) // 2])
rc, out = run("replay", cut)
check(rc == 2 and cut in out, f"truncated .xz: rc {rc}: {out[-300:]}")

# 4. --to-scenario: an ordinary scenario that passes, and fails when altered.
yaml = f"{base}.yaml"
rc, out = run("replay", trace, "--to-scenario", yaml)
check(rc == 0, f"--to-scenario: rc {rc}")
rc, out = run("run", yaml, "--quiet")
check(rc == 0, f"gicsim run {yaml}: rc {rc}: {out[-300:]}")
with open(yaml) as f:
    ytext = f.read()
acks = [m for m in re.finditer(r"ack: \{cpu: (\d+), expect: (\d+)\}", ytext)]
if acks:
    a = acks[len(acks) // 2]
    bad = ytext[: a.start(2)] + str(int(a.group(2)) ^ 1) + ytext[a.end(2):]
    with open(f"{base}.bad.yaml", "w") as f:
        f.write(bad)
    rc, out = run("run", f"{base}.bad.yaml", "--quiet")
    check(rc == 1, f"altered scenario expect: rc {rc}")

# 5. Under gic600 reads are reported, not asserted.
rc, out = run("replay", trace, "--profile", "gic600", "--report", f"{base}.gic600.json")
check(rc == 0 and re.search(r"reads compared under gic600 .* \d+ differ", out),
      f"--profile gic600: rc {rc}: {out[-300:]}")

# 6. Determinism of the event log.
logs = []
for i in range(2):
    p = f"{base}.{i}.jsonl"
    run("replay", trace, "--log", p, "--vcd", f"{base}.{i}.vcd")
    with open(p, "rb") as f:
        logs.append(f.read())
check(logs[0] == logs[1] and len(logs[0]) > 0, "event logs of two replays differ")

# 7. gicsim-tlm: the same summary.
if tlm:
    rc2, out2 = run("replay", trace, tool=tlm)
    m2 = SUMMARY.search(out2)
    check(rc2 == 0 and m and m2 and m2.group(0) == m.group(0),
          f"gicsim-tlm replay: rc {rc2}: {out2[-300:]}")

print("%d failures" % len(failures))
sys.exit(1 if failures else 0)
