#!/usr/bin/env python3
"""Records the GIC traffic of a real Linux guest (docs/traces.md, "Recording").

Boots Debian's arm64 cloud kernel on Debian's QEMU 7.2 (`virt,gic-version=3`,
Cortex-A57) with a busybox initramfs whose /init is one of the scripts beside this
file, and keeps QEMU's `-trace 'gicv3_*'` log. The log is written compressed (xz);
QEMU's per-line pid@time prefix is dropped (it is host time, not guest time, and
would only defeat compression). Runs are bounded by a timeout.

  capture.py --init nvme-boot.sh --smp 4 --nvme 1 --out nvme4.trace.xz

Needs the packages that `make capture-deps` installs and downloads (apt, as root).
"""
import argparse
import glob
import gzip
import lzma
import os
import re
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
KERNEL_PKG = "linux-image-6.1.0-*-cloud-arm64-unsigned"


def cpio_entry(name, mode, data=b"", rdev=(0, 0), ino=[1]):
    """One newc record: the header is 13 eight-digit hex fields."""
    ino[0] += 1
    name_b = name.encode() + b"\0"
    fields = [ino[0], mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(name_b), 0]
    hdr = b"070701" + b"".join(b"%08X" % f for f in fields)
    out = hdr + name_b
    out += b"\0" * (-len(out) % 4)
    out += data + b"\0" * (-len(data) % 4)
    return out


def initramfs(busybox, init_script, modules):
    """A gzip'd cpio: busybox, the /init script, kernel modules it loads (in
    /modules, flat), a console node and mount points."""
    parts = []
    for d in ("bin", "dev", "proc", "sys", "tmp", "modules"):
        parts.append(cpio_entry(d, stat.S_IFDIR | 0o755))
    for m in modules:
        with open(m, "rb") as f:
            parts.append(cpio_entry("modules/" + os.path.basename(m), stat.S_IFREG | 0o644,
                                    f.read()))
    parts.append(cpio_entry("dev/console", stat.S_IFCHR | 0o600, rdev=(5, 1)))
    with open(busybox, "rb") as f:
        parts.append(cpio_entry("bin/busybox", stat.S_IFREG | 0o755, f.read()))
    parts.append(cpio_entry("bin/sh", stat.S_IFLNK | 0o777, b"busybox"))
    with open(init_script, "rb") as f:
        parts.append(cpio_entry("init", stat.S_IFREG | 0o755, f.read()))
    parts.append(cpio_entry("TRAILER!!!", 0))
    # mtime 0 in the gzip header: the same inputs give the same initramfs.
    return gzip.compress(b"".join(parts), mtime=0)


def find_one(pattern):
    hits = sorted(glob.glob(pattern))
    if not hits:
        sys.exit(f"capture: nothing matches {pattern} (run `make capture-deps`)")
    return hits[-1]


PREFIX = re.compile(rb"^\d+@\d+\.\d+:")


def qemu_args(a, tmp, kernel, initrd):
    args = ["qemu-system-aarch64", "-M", "virt,gic-version=3" +
            (",secure=on" if a.secure else ""), "-cpu", "cortex-a57", "-smp", str(a.smp),
            "-m", "1024", "-nographic", "-no-reboot", "-kernel", kernel, "-initrd", initrd,
            "-append", "console=ttyAMA0 quiet panic=-1", "-trace", "gicv3_*",
            "-D", os.path.join(tmp, "trace.log"), "-nic", "none"]
    for i in range(a.nvme):
        img = os.path.join(tmp, f"d{i}.img")
        with open(img, "wb") as f:
            f.truncate(8 << 20)  # sparse, zero: the guest only reads it
        args += ["-drive", f"file={img},if=none,id=d{i},format=raw",
                 "-device", f"nvme,serial=s{i},drive=d{i}"]
    for i in range(a.virtio):
        img = os.path.join(tmp, f"v{i}.img")
        with open(img, "wb") as f:
            f.truncate(8 << 20)
        args += ["-drive", f"file={img},if=none,id=v{i},format=raw",
                 "-device", f"virtio-blk-pci,drive=v{i}"]
    return args


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--init", required=True, help="an /init script (beside this file)")
    p.add_argument("--smp", type=int, default=4)
    p.add_argument("--nvme", type=int, default=1, help="NVMe drives")
    p.add_argument("--virtio", type=int, default=0, help="virtio-blk-pci drives")
    p.add_argument("--modules", default="", help="comma-separated modules for /modules")
    p.add_argument("--secure", action="store_true", help="virt,secure=on (two states)")
    p.add_argument("--pkgdir", default=os.path.join(HERE, "..", "..", "build", "capture"))
    p.add_argument("--timeout", type=int, default=120)
    p.add_argument("--out", required=True, help="OUT.trace.xz")
    p.add_argument("--console", help="also keep the guest's console output here")
    a = p.parse_args()
    pkg = os.path.abspath(a.pkgdir)
    kernel = find_one(os.path.join(pkg, "boot", "vmlinuz-6.1.0-*-cloud-arm64"))
    busybox = os.path.join(pkg, "bin", "busybox")
    init = a.init if os.path.exists(a.init) else os.path.join(HERE, a.init)
    modules = [find_one(os.path.join(pkg, "lib", "modules", "*", "kernel", "drivers", "*",
                                     m + ".ko")) for m in a.modules.split(",") if m]
    with tempfile.TemporaryDirectory() as tmp:
        initrd = os.path.join(tmp, "initrd.gz")
        with open(initrd, "wb") as f:
            f.write(initramfs(busybox, init, modules))
        cmd = ["timeout", str(a.timeout)] + qemu_args(a, tmp, kernel, initrd)
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        console = r.stdout.decode(errors="replace")
        if a.console:
            with open(a.console, "w") as f:
                f.write(console)
        if r.returncode != 0 or "capture: done" not in console:
            sys.stderr.write(console[-3000:])
            sys.exit(f"capture: QEMU exited {r.returncode} before /init finished")
        with open(os.path.join(tmp, "trace.log"), "rb") as f:
            lines = [PREFIX.sub(b"", l) for l in f]
    with lzma.open(a.out, "wb", preset=9 | lzma.PRESET_EXTREME) as f:
        f.writelines(lines)
    print(f"capture: {a.out}: {len(lines)} lines, {os.path.getsize(a.out)} bytes")


if __name__ == "__main__":
    main()
