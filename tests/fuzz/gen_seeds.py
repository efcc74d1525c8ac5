#!/usr/bin/env python3
"""Writes the hand-made binary seeds of fuzz_mmio and fuzz_its (corpus/mmio, corpus/its).

The byte layouts are the ones the targets decode (see fuzz_mmio.c / fuzz_its.c): a few
configuration bytes, then operations (one opcode byte and its operands). Each seed
sets up a working system and does something meaningful with it, so that the fuzzer
starts from deep states. Run from anywhere: python3 tests/fuzz/gen_seeds.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def u16(v):
    return struct.pack("<H", v)


def u32(v):
    return struct.pack("<I", v)


def u64(v):
    return struct.pack("<Q", v)


# ---- fuzz_mmio --------------------------------------------------------------------
# config: b0 (security, DirectLPI, ITSs, CPUs), b1 (priority bits, SPIs), b2 (LPI ID
# bits, LPI cache, stride), b3/b4 (ITS0 device/event bits, policy...), b5/b6 (ITS1), b7.
def mmio_cfg(two=False, direct=False, its=1, cpus=4, spis32=2, idbits=16):
    b0 = int(two) | int(direct) << 1 | its << 2 | (cpus - 1) << 4
    b1 = spis32 << 3 | 1                      # priority bits 4 + (b1 % 5)
    b2 = 8 + (idbits - 14 - 8 % 3) % 3        # LPI cache 1024, 128 KiB stride
    return bytes([b0, b1, b2, 0x0F, 0x0F, 0x4F, 0x8F, 0xFF])


def m_setup_lpis(cpu, how=0):
    return bytes([16, cpu << 1, how])


def m_setup_its(its=0, how=0):
    return bytes([16, 1 | its << 1, how])


def m_cmd(its, opidx, dev=0, pintid=0, ev=0, a=0, b=0, c=0):
    # opidx indexes {MOVI, INT, CLEAR, SYNC, MAPD, MAPC, MAPTI, MAPI, INV, INVALL, MOVALL,
    # DISCARD, MAPD, MAPTI, 0, VMAPTI}; a/b/c: ITT page, ICID, DW3 (or CPU, CPU2, ICID).
    return bytes([17, its, opidx, dev, pintid, ev, a, b, c])


def m_run(ns):
    return bytes([14]) + u16(ns)


def m_msi(its, dev, ev):
    return bytes([10, its, 0, dev, ev])


def m_ack(cpu, g0=0):
    return bytes([18, 1, cpu, g0])


def m_write(frame_sel, off, value, size=4, secure=0):
    sz = {4: 0, 8: 2, 1: 4, 2: 5}[size]
    return bytes([0, sz, frame_sel]) + u16(off) + value.to_bytes(size, "little") + \
        bytes([secure, 0])


def m_sysreg_w(cpu, reg, value):
    return bytes([7, cpu, reg, 1]) + u64(value)


def m_spi(intid, level):
    return bytes([9]) + u16(intid) + bytes([level, 1])


def mmio_seeds():
    lpi_msi = mmio_cfg() + m_setup_lpis(0) + m_setup_lpis(1) + m_setup_its(0) + \
        m_cmd(0, 5, a=1, b=0, c=0) + m_cmd(0, 4, dev=1, ev=3, a=1) + \
        m_cmd(0, 6, dev=1, pintid=5, ev=2) + m_cmd(0, 3, a=1) + m_run(10) + \
        m_msi(0, 1, 2) + m_run(10) + m_ack(1) + m_run(10) + m_msi(0, 1, 7) + m_run(10)
    GICD = 0xC0  # frame 0, offset in the first 4 KiB, aligned
    spi = mmio_cfg(two=True, its=0) + \
        m_write(GICD, 0x000, 0x37, secure=1) + \
        m_write(GICD, 0x084, 0xFFFFFFFF, secure=1) + \
        m_write(GICD, 0x104, 0xFFFFFFFF) + m_write(GICD, 0x428, 0x80808080, secure=1) + \
        m_write(0x00, 0x6140, 0x1, size=8) + m_write(GICD, 0xC08, 0xAAAAAAAA, secure=1) + \
        m_setup_lpis(0) + m_setup_lpis(1) + m_spi(40, 1) + m_spi(41, 1) + m_spi(41, 0) + \
        m_run(5) + m_ack(0) + m_ack(1) + m_run(5)
    # SGIs: ICC_SGI1R_EL1 (index 24) to CPUs 1..3, PMR, BPR, then acknowledge.
    SGI0 = 0xC3 | 1 << 3  # SGI frame of CPU 1
    sgi = mmio_cfg(direct=True, its=2, cpus=4) + m_setup_lpis(0) + m_setup_lpis(1) + \
        m_setup_lpis(2) + m_write(SGI0, 0x100, 0xFFFF) + m_write(SGI0, 0x080, 0xFFFF) + \
        m_sysreg_w(0, 24, 3 << 24 | 0xE) + m_sysreg_w(1, 8, 0xF8) + \
        m_run(1) + m_ack(1) + m_ack(2) + m_sysreg_w(1, 2, 3) + \
        m_write(0x82, 0x040, 8200, size=4) + m_run(1) + m_ack(0)
    return {"lpi-msi": lpi_msi, "spi-two-states": spi, "sgi-directlpi": sgi}


# ---- fuzz_its ---------------------------------------------------------------------
# config: c0 (CPUs, stall, PTA, DirectLPI, two ITSs, indirect, tiny caches), c1 (device
# and event bits), c2 (collection bits, queue pages), c3 (LPI cache, event cache).
def its_cfg(cpus=2, stall=False, pta=False, direct=False, two=False, indirect=False,
            tiny=False, dbits=8, ebits=8, cbits=4, qpages=1, lpicache=2, page=2,
            v4=False, vpeid=0, vmovp_list=False, timing=0):
    """page: GITS_BASER.Page_Size of the tables, 0 4K, 1 16K, 2 64K. v4: GICv4.1, with
    3 + 2 * vpeid vPEID bits and, with vmovp_list, the multi-ITS VMOVP form."""
    c0 = (cpus - 1) | stall << 2 | pta << 3 | direct << 4 | two << 5 | indirect << 6 | \
        tiny << 7
    c1 = (dbits - 1) | (ebits - 1) << 4
    c2 = cbits | (qpages - 1) << 3 | timing << 4 | vpeid << 6
    return bytes([c0, c1, c2, lpicache | page << 4 | v4 << 6 | vmovp_list << 7])


OPS = {"MAPD": 0, "MAPC": 1, "MAPTI": 2, "MAPI": 3, "MOVI": 4, "MOVALL": 5, "DISCARD": 6,
       "INT": 7, "CLEAR": 8, "INV": 9, "INVALL": 10, "SYNC": 11}


def cmd(name, dev=0, ev=0, icid=0, lpi=0, cpu=0, cpu2=0, publish=True, its=0):
    """One biased command: sel (opcode index, CPU2), a (DeviceID), b (EventID or Size),
    x (ICID, CPU, publish), then the LPI byte."""
    sel = OPS[name] | cpu2 << 4
    x = icid | cpu << 4
    # The target publishes (writes GITS_CWRITER) after the command when x & 3 == 0.
    out = bytes([its << 7, sel, dev, ev, x, lpi])
    if publish and x & 3:
        out += bytes([5 | its << 7, 0])  # an explicit GITS_CWRITER write
    return out


def msi(dev, ev, n=1, via_mmio=False, run=True, its=0):
    return bytes([6 | its << 7, (n - 1) | (0 if via_mmio else 4) | (16 if run else 0), dev, ev])


def ack(cpu, eoi=True):
    return bytes([9, cpu << 2 | (0 if eoi else 0xC0)])


def run(ns):
    return bytes([8, ns])


# GICv4.1 operations (config with v4=True): step 3 is a V command, step 4 a vPE/virtual
# interface operation (fuzz_its.c v_command / vpe_op).
VOPS = {"VMAPP": 0, "VMAPTI": 2, "VMAPI": 4, "VMOVI": 5, "VMOVP": 6, "VSYNC": 7,
        "VINVALL": 8, "INVDB": 9, "VSGI": 10, "VMAPP_V0": 12, "INT": 13, "CLEAR": 14}


def vx(vpe, nvpe=8, its_list=None):
    """The x byte naming vpe (x % (nvpe + 1)), even (publish), with ITSList bits."""
    for x in range(0, 256, 2):
        if x % (nvpe + 1) == vpe and (its_list is None or (x >> 4) & 3 == its_list):
            return x
    raise ValueError(vpe)


def vcmd(name, vpe, a=0, b=0, vintid=0, db=None, its=0, its_list=None):
    """a: DeviceID (a & 31), CPU ((a >> 4) % (cpus + 1)), SGI or sequence; b: EventID,
    VPT size (14 + b & 3), VSGI bits; vintid: 8192 + vintid; db: 8192 + db or none."""
    sel = VOPS[name] | (0 if db is None else 1) << 4
    out = bytes([3 | its << 7, sel, a, b, vx(vpe, its_list=its_list), vintid])
    return out + (b"" if db is None else bytes([db]))


def vop(kind, cpu=0, vpe=0, arg=0, hi=0, extra=b"", cpus=2):
    """kind: 0 schedule, 2 deschedule, 3 GITS_SGIR (arg: vINTID), 4 VSGIR+VSGIPENDR,
    5 INVLPIR/INVALLR V = 1, 6 VCONF byte, 7 ICV ack; hi: sel's top bits."""
    for sel in range(256):
        if sel & 7 == kind and (sel >> 3) % cpus == cpu and sel >> 6 == hi and \
                (kind != 3 or (sel >> 4) & 15 == arg):
            return bytes([4, sel, vx(vpe)]) + extra
    raise ValueError(kind)


def its_seeds():
    basic = its_cfg() + cmd("MAPC", icid=0, cpu=0) + cmd("MAPC", icid=1, cpu=1) + \
        cmd("MAPD", dev=1, ev=3) + cmd("MAPTI", dev=1, ev=0, lpi=0, icid=0) + \
        cmd("MAPTI", dev=1, ev=1, lpi=1, icid=1) + cmd("MAPI", dev=1, ev=2, icid=0) + \
        cmd("SYNC", cpu=0) + msi(1, 0) + msi(1, 1, via_mmio=True) + ack(0) + ack(1) + \
        cmd("INT", dev=1, ev=1) + cmd("MOVI", dev=1, ev=1, icid=0) + cmd("SYNC", cpu=1) + \
        msi(1, 0) + cmd("MOVALL", cpu=0, cpu2=1) + ack(1) + ack(1) + \
        cmd("DISCARD", dev=1, ev=0) + cmd("INV", dev=1, ev=1) + cmd("INVALL", icid=1) + \
        msi(1, 0, n=3) + run(10) + ack(0)
    # Stall policy, PTA, two ITSs, two-level device table: an error stalls the queue,
    # CWRITER.Retry retries it; the second ITS shares the LPIs.
    stall = its_cfg(stall=True, pta=True, two=True, indirect=True, qpages=2, page=0) + \
        cmd("MAPC", icid=0, cpu=0) + cmd("MAPD", dev=2, ev=4) + \
        cmd("MAPTI", dev=3, ev=0, lpi=9) + run(1) + \
        bytes([5, 3]) + run(1) + cmd("MAPTI", dev=2, ev=0, lpi=9) + \
        bytes([5, 3 | 8]) + msi(2, 0) + ack(0) + \
        cmd("MAPC", icid=0, cpu=1, its=1) + cmd("MAPD", dev=2, ev=2, its=1) + \
        cmd("MAPTI", dev=2, ev=1, lpi=9, its=1) + msi(2, 1, its=1) + ack(1) + \
        bytes([14, 2]) + cmd("MAPD", dev=2, ev=4) + msi(2, 0) + ack(0)
    # Tiny caches, DirectLPI, four CPUs: configuration changes, INV/INVALL, EnableLPIs
    # off and on, SETLPIR/CLRLPIR, a CBASER re-initialisation.
    churn = its_cfg(cpus=4, direct=True, tiny=True, cbits=2, lpicache=1) + \
        cmd("MAPC", icid=0, cpu=2) + cmd("MAPC", icid=1, cpu=3) + cmd("MAPD", dev=5, ev=5) + \
        cmd("MAPTI", dev=5, ev=0, lpi=20, icid=0) + cmd("MAPTI", dev=5, ev=1, lpi=21, icid=1) + \
        cmd("MAPTI", dev=5, ev=2, lpi=22, icid=1) + msi(5, 0, n=3) + \
        bytes([12, 0x01 | 2 << 2, 0x00, 20]) + bytes([12, 0x03, 0xa1, 21]) + \
        msi(5, 0, n=3) + ack(2) + ack(3) + bytes([13, 0 | 3 << 3, 0]) + \
        bytes([13, 3 | 1 << 3, 30]) + bytes([13, 1 | 3 << 3, 0]) + ack(3) + ack(1) + \
        bytes([13, 4 | 1 << 3, 30]) + bytes([14, 2 | 4]) + msi(5, 2) + ack(3) + \
        bytes([11, 4 | 2, 5, 1]) + msi(5, 1) + run(5) + ack(3)
    # GICv4.1: a vPE with a passed-through device, resident (a vLPI and a vSGI taken
    # through ICV_IAR1), descheduled (doorbells, a vSGI query), moved, unmapped.
    v4 = its_cfg(v4=True, timing=1) + vcmd("VMAPP", 1, a=0, b=2, db=0) + \
        cmd("MAPD", dev=1, ev=3) + vcmd("VMAPTI", 1, a=1, b=0, vintid=0) + \
        vcmd("VMAPTI", 1, a=1, b=1, vintid=1, db=9) + vcmd("VSYNC", 1) + \
        vcmd("VSGI", 1, a=3, b=0x85) + run(2) + vop(0, cpu=0, vpe=1, hi=3) + run(10) + \
        msi(1, 0) + run(2) + vop(7, cpu=0, hi=1) + vop(3, vpe=1, arg=3) + run(2) + \
        vop(7, cpu=0, hi=1) + vop(2, cpu=0, hi=2) + run(2) + msi(1, 1) + msi(1, 0) + \
        run(2) + ack(0) + ack(0) + vop(3, vpe=1, arg=3) + vop(4, cpu=0, vpe=1, hi=2) + \
        vcmd("VMOVP", 1, a=0x10) + vcmd("VSYNC", 1) + run(2) + vop(0, cpu=1, vpe=1, hi=3) + \
        run(10) + vop(7, cpu=1, hi=1) + vop(7, cpu=1, hi=1) + vop(7, cpu=1, hi=1) + \
        vcmd("INVDB", 1) + vcmd("VINVALL", 1) + vop(5, cpu=1, vpe=1, extra=bytes([0])) + \
        vop(2, cpu=1) + run(2) + vcmd("VMAPP_V0", 1) + msi(1, 0) + run(2)
    # Two ITSs, the multi-ITS VMOVP form: ITS0 waits at VMOVP until ITS1 reaches it.
    vmovp = its_cfg(two=True, v4=True, vmovp_list=True) + \
        vcmd("VMAPP", 3, a=0, b=2, db=0) + vcmd("VMAPP", 3, a=0, b=2, db=0, its=1) + \
        cmd("MAPD", dev=1, ev=3, its=1) + vcmd("VMAPTI", 3, a=1, vintid=2, its=1) + \
        vcmd("VMOVP", 3, a=0x11, b=0x10, its_list=3) + run(1) + \
        vcmd("VMOVP", 3, a=0x11, b=0x10, its=1, its_list=3) + run(1) + \
        vop(0, cpu=1, vpe=3, hi=3) + run(10) + msi(1, 0, its=1) + run(2) + \
        vop(7, cpu=1, hi=1)
    return {"basic": basic, "stall-retry-two-its": stall, "churn-directlpi": churn,
            "gicv4": v4, "gicv4-vmovp-list": vmovp}


def crashers():
    """Reproducers of known findings (fail with GICSIM_FUZZ_STRICT=1)."""
    name = b"IROUTER2305843009213693984"
    reg = mmio_cfg() + bytes([18, 0, 0, len(name)]) + name + bytes([0])
    reset = mmio_cfg() + m_run(1000) + bytes([19, 0xA5])
    # Raw configuration (b0 bit 7, b1 % 8 == 6), field mask 1 (GICD base), "near the
    # GICRs" + 0x10 << 12: the GICD frame on top of CPU 0's SGI frame.
    overlap = bytes([0x84, 6, 8, 0x0F, 0x0F, 0, 0, 0xFF, 1, 1]) + u16(0x10)
    return {"fuzz_mmio-reg-name-index-wraps": reg, "fuzz_mmio-reset-rewinds-time": reset,
            "fuzz_mmio-gicd-gicr-overlap": overlap}


def main():
    for sub, seeds in (("mmio", mmio_seeds()), ("its", its_seeds())):
        d = os.path.join(HERE, "corpus", sub)
        os.makedirs(d, exist_ok=True)
        for name, data in seeds.items():
            assert len(data) < 4096
            with open(os.path.join(d, name + ".bin"), "wb") as f:
                f.write(data)
    for name, data in crashers().items():
        with open(os.path.join(HERE, "crashers", name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
