#!/usr/bin/env python3
"""`gicsim sweep --executor slurm` against a real single-node Slurm on this machine:
munged, slurmctld and slurmd (Debian's packages) started here with a munge key and a
minimal slurm.conf written into a temporary folder, every daemon on 127.0.0.1 (checked
in /proc/net/tcp), stopped at the end.

A 12-point sweep submitted as one job array (2 points per task, at most 2 at once, an
explicit partition) must give results.csv and results.json byte-identical to a local
`-j 2` run, reports equal but for the host time, and the same HTML. A task made to fail
is reported by `sweep --collect` (exit 1, its task and the reason), the same sweep
command resubmits that task alone, and the results come back identical.

The 108-point event-cache study (scenarios/studies, docs/studies.md) then runs with its
one command through Slurm and locally, with byte-identical results.

Exit 77 (skipped) when the Slurm or munge packages are not installed.
usage: slurm_check.py GICSIM WORKDIR [STUDY_RUN_SH]"""
import getpass
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

G, W = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
STUDY = sys.argv[3] if len(sys.argv) > 3 else None
NEEDED = ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo", "scancel"]
SCENARIO = """name: slurm-check
system: {cpus: 2, seed: 11}
driver: linux
steps:
  - traffic: {devices: 8, events: 64, map: auto, pattern: zipf:1.1, rate: 5M/s, count: 200}
  - wait_until: quiescent
  - stats: reset
  - traffic: {devices: 8, events: 64, pattern: zipf:1.1, rate: 5M/s, count: 600}
  - wait_until: quiescent
  - expect_count: {count: 1, within: 1ms}
"""
GRID = ["--grid", "timing.its_event_cache_entries=64,256,1024",
        "--grid", "traffic.rate=1M/s..20M/s:4"]
CONF = """ClusterName=gicsimtest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort={ctld_port}
SlurmdPort={slurmd_port}
CommunicationParameters=NoInAddrAny,NoCtldInAddrAny
AuthType=auth/munge
AuthInfo=socket={d}/munge.sock
CredType=cred/munge
SlurmUser={user}
SlurmdUser={user}
StateSaveLocation={d}/state
SlurmdSpoolDir={d}/spool
SlurmctldPidFile={d}/slurmctld.pid
SlurmdPidFile={d}/slurmd.pid
SlurmctldLogFile={d}/slurmctld.log
SlurmdLogFile={d}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SwitchType=switch/none
MpiDefault=none
MailProg=/bin/true
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
SchedulerParameters=sched_interval=1
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=gicsimnode NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=2 RealMemory=1 State=UNKNOWN
PartitionName=gicsimtest Nodes=gicsimnode Default=YES MaxTime=INFINITE State=UP
"""
daemons = []


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, cond, seconds):
    end = time.time() + seconds
    while time.time() < end:
        if cond():
            return
        time.sleep(0.2)
    fail(f"timed out waiting for {what}")


def start(d, name, *args):
    log = open(f"{d}/{name}.out", "w")
    daemons.append(subprocess.Popen([name, *args], stdout=log, stderr=subprocess.STDOUT))


def listening_ports():
    """Local TCP ports in LISTEN state with their address (hex, as /proc shows it)."""
    found = {}
    for path in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in open(path).read().splitlines()[1:]:
            f = line.split()
            if f[3] == "0A":
                addr, port = f[1].split(":")
                found.setdefault(int(port, 16), []).append(addr)
    return found


def cluster(d):
    """Starts munged, slurmctld and slurmd on 127.0.0.1; returns the environment."""
    ctld_port, slurmd_port = free_port(), free_port()
    for sub in ("state", "spool"):
        os.makedirs(f"{d}/{sub}")
    with open(f"{d}/munge.key", "wb") as k:
        k.write(os.urandom(1024))
    os.chmod(f"{d}/munge.key", 0o600)
    start(d, "munged", "-F", "-f", f"--socket={d}/munge.sock", f"--key-file={d}/munge.key",
          f"--pid-file={d}/munged.pid", f"--log-file={d}/munged.log",
          f"--seed-file={d}/munged.seed")
    wait_for("munged's socket", lambda: os.path.exists(f"{d}/munge.sock"), 10)
    open(f"{d}/slurm.conf", "w").write(CONF.format(
        d=d, ctld_port=ctld_port, slurmd_port=slurmd_port, user=getpass.getuser()))
    env = dict(os.environ, SLURM_CONF=f"{d}/slurm.conf")
    os.environ["SLURM_CONF"] = env["SLURM_CONF"]
    start(d, "slurmctld", "-D", "-i", "-f", f"{d}/slurm.conf")
    start(d, "slurmd", "-D", "-N", "gicsimnode", "-f", f"{d}/slurm.conf")
    wait_for("the node to be idle", lambda: subprocess.run(
        ["sinfo", "-h", "-o", "%T"], capture_output=True, text=True).stdout.strip() == "idle",
             30)
    ports = listening_ports()
    for port in (ctld_port, slurmd_port):
        if ports.get(port) != ["0100007F"]:
            fail(f"port {port} listens on {ports.get(port)}, not 127.0.0.1 only")
    return env


def stop():
    for p in reversed(daemons):
        p.terminate()
    for p in reversed(daemons):
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def gicsim(*args, rc=0):
    p = subprocess.run([G, *args], capture_output=True, text=True)
    if p.returncode != rc:
        fail(f"gicsim {args}: exit {p.returncode} (expected {rc}): {p.stdout}{p.stderr}")
    return p


def wait_jobs(out):
    """Waits for every job submitted for the sweep in out to end."""
    jobs = [l.split()[0] for l in open(f"{out}/slurm/jobs.txt").read().splitlines()]
    wait_for("the jobs to end", lambda: not subprocess.run(
        ["squeue", "-h", "-j", ",".join(jobs)], capture_output=True, text=True).stdout.strip(),
             120)


def submit(out):
    """The sweep on Slurm, to its end."""
    p = gicsim("sweep", f"{W}/s.yaml", *GRID, "--out", out, "--executor", "slurm",
               "--partition", "gicsimtest", "--max-parallel", "2", "--points-per-task", "2")
    wait_jobs(out)
    return p.stdout


def study():
    """The study's one command through Slurm and locally: the same results."""
    env = dict(os.environ, GICSIM=G)
    runs = [[f"{W}/study-slurm", "--executor", "slurm", "--points-per-task", "4"],
            [f"{W}/study-local", "-j", "2"]]
    for args in runs:
        p = subprocess.run([STUDY, *args], env=env, capture_output=True, text=True)
        if p.returncode:
            fail(f"{STUDY} {args}: exit {p.returncode}: {p.stdout}{p.stderr}")
    wait_jobs(f"{W}/study-slurm")
    for f in ("results.csv", "results.json"):
        if open(f"{W}/study-slurm/{f}", "rb").read() != open(f"{W}/study-local/{f}",
                                                              "rb").read():
            fail(f"the study's {f} differs between Slurm and the local run")
    return len(json.load(open(f"{W}/study-local/results.json"))["points"])


def same_results(local, slurm):
    for f in ("results.csv", "results.json"):
        if open(f"{local}/{f}", "rb").read() != open(f"{slurm}/{f}", "rb").read():
            fail(f"{f} differs between the local run and Slurm")
    for i in range(12):
        a, b = (json.load(open(f"{d}/point-{i:04d}/report.json")) for d in (local, slurm))
        a.pop("host_time_s"), b.pop("host_time_s")
        if a != b:
            fail(f"point {i}: the reports differ")
    pages = [open(f"{d}/report.html").read().replace(d, "DIR").replace(os.path.relpath(d),
                                                                        "DIR")
             for d in (local, slurm)]
    if pages[0] != pages[1]:
        fail("report.html differs")


def main(d):
    shutil.rmtree(W, ignore_errors=True)
    os.makedirs(W)
    open(f"{W}/s.yaml", "w").write(SCENARIO)
    cluster(d)
    local, slurm = f"{W}/local", f"{W}/slurm"
    gicsim("sweep", f"{W}/s.yaml", *GRID, "--out", local, "-j", "2")
    out = submit(slurm)
    if "array tasks 0-5 (6 of 6; 12 points" not in out:
        fail(f"submission: {out!r}")
    same_results(local, slurm)

    # A task that fails (its point's folder is a file) is reported, then resubmitted alone.
    shutil.rmtree(f"{slurm}/point-0005")
    open(f"{slurm}/point-0005", "w").close()
    os.remove(f"{slurm}/results.csv")
    keep = os.stat(f"{slurm}/point-0004/report.json").st_mtime_ns
    if "array tasks 2 (1 of 6" not in submit(slurm):
        fail("not only the task of the missing point was submitted")
    p = gicsim("sweep", "--collect", slurm, rc=1)
    if "point 5 has no report: array task 2 (" not in p.stderr or \
            "Not a directory" not in p.stderr or os.path.exists(f"{slurm}/results.csv"):
        fail(f"the failed task is not reported: {p.stderr!r}")
    os.remove(f"{slurm}/point-0005")
    if "array tasks 2 (1 of 6" not in submit(slurm):
        fail("the failed task is not resubmitted alone")
    if os.stat(f"{slurm}/point-0004/report.json").st_mtime_ns != keep:
        fail("a finished point ran again")
    same_results(local, slurm)
    print("slurm sweep agrees with the local one; a failed task is reported and resubmitted "
          "alone")
    if STUDY:
        print(f"the study's {study()} points agree between Slurm and the local run")


if __name__ == "__main__":
    missing = [n for n in NEEDED if not shutil.which(n)]
    if missing:
        print(f"SKIP: not installed: {' '.join(missing)} (make test installs slurmctld, "
              f"slurmd, slurm-client and munge)")
        sys.exit(77)
    d = tempfile.mkdtemp(prefix="gicsim-slurm-")
    try:
        main(d)
    finally:
        stop()
        shutil.rmtree(d, ignore_errors=True)
