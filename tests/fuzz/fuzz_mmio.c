/* libFuzzer target: the GIC's whole software interface, driven at random.
 *
 * The first 8 bytes choose a configuration (security states, 0..2 ITSs, DirectLPI,
 * priority bits, 1..8 CPUs, SPIs, LPI ID bits, ITS sizes, policies and cache sizes,
 * redistributor stride) — or, one time in 16, a "raw" one whose fields and memory
 * map are anything (gic_config_check and gic_create must agree, an accepted map has
 * no overlapping frames); the rest is a sequence of operations, one opcode byte then
 * its operands:
 *   MMIO reads/writes (1/2/4/8 bytes, sometimes other sizes) inside a frame computed
 *   from the configuration (GICD, a CPU's RD or SGI frame, an ITS's control or
 *   translation frame) or at any address; system-register reads/writes of any
 *   gic_sysreg_t (and beyond) on any CPU (and beyond); wires; MSIs; the PE security
 *   state; writes to memory (so that tables and queues hold random contents, anywhere
 *   or near the bases software programmed); gic_run_until(now + small); register
 *   look-up by a fuzzed name; observers; reset; and two shortcuts that program a
 *   working LPI/ITS set-up so that random operations start from deep states.
 *
 * Invariants (abort() = a finding): after every gic_run_until and at the end,
 *   per ITS  msi_offered == msi_translated + sum(msi_dropped) + msi_in_flight,
 *            msi_coalesced <= msi_translated, command_errors <= commands;
 *   LPIs     set_pending == acknowledged + cleared + sum(gic_lpi_pending_count);
 *   gic_check_invariants() (the model's own self-check), except "pending but its
 *   table bit is clear": here software scribbles on pending tables at will (memory
 *   writes, ITTs or two redistributors' tables aliasing), which the architecture
 *   leaves UNPREDICTABLE;
 * and after every operation: an MMIO access inside a frame with a legal size returns
 * GIC_OK and a read returns no bits beyond its size; a bad CPU/register/INTID is
 * GIC_ERR_ARG, never GIC_OK; ICC_IAR*_EL1 returns a special INTID (1020..1023) or one
 * that exists in this configuration; gic_reg_addr accepts no array index >= 2^16.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fuzz_input.h"
#include "gicsim/gicsim.h"
#include "gicsim/mem.h"

#define FRAME_64K 0x10000ULL

struct fz {
    gic_t *gic;
    gic_mem_t *mem;
    gic_config_t cfg;
    struct trace_check tc;
    uint64_t bases[8]; /* addresses software programmed: BASERs, CBASER, PROP/PENDBASER */
    unsigned n_bases;
};

static void remember_base(struct fz *f, uint64_t v)
{
    f->bases[f->n_bases++ % 8] = v & 0x000FFFFFFFFFF000ULL;
}

/* "Raw" configurations (b0 bit 7 and b1 % 8 == 6): fields set to anything, valid or
 * not, to fuzz gic_config_check/gic_create and odd memory maps. */
static uint64_t raw_base(struct fin *in, const gic_config_t *c)
{
    switch (fin_u8(in) & 3) {
    case 0: return fin_u64(in);
    case 1: return c->gicr_base + ((uint64_t)fin_u16(in) << 12);  /* near the GICRs */
    case 2: return (uint64_t)fin_u32(in) << 16;                   /* 64 KiB aligned */
    default: return c->gicd_base + fin_u16(in);                    /* near the GICD */
    }
}

static bool raw_config(struct fin *in, gic_config_t *c)
{
    uint8_t m = fin_u8(in);
    if (m & 1)
        c->gicd_base = raw_base(in, c);
    if (m & 2)
        c->gicr_base = raw_base(in, c);
    if (m & 4)
        c->gicr_stride = (uint64_t)(fin_u8(in) % 5) * 0x10000 + (fin_bool(in) ? 0x1000 : 0);
    if (m & 8)
        c->num_cpus = fin_u16(in) % 600;
    if (m & 16) {
        c->num_its = fin_u8(in) % 18;
        for (unsigned i = 0; i < c->num_its && i < GIC_MAX_ITS; i++)
            if (fin_bool(in))
                c->its[i].base = raw_base(in, c);
    }
    if (m & 32)
        c->id_bits = 12 + fin_u8(in) % 8; /* 12..19: invalid below 14; bounded scans */
    if (m & 64) {
        c->pri_bits = fin_u8(in) % 10;
        c->num_spis = fin_u16(in) % 1000;
    }
    if (m & 128) {
        c->lpi_prop_cache_entries = fin_u32(in) % ((1u << 20) + 3);
        for (unsigned i = 0; i < GIC_MAX_ITS; i++) {
            c->its[i].device_cache_entries = fin_u8(in);
            c->its[i].event_cache_entries = fin_u16(in);
            c->its[i].device_bits = fin_u8(in) % 34;
            c->its[i].collection_bits = fin_u8(in) % 18;
        }
    }
    return true;
}

static bool overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    unsigned __int128 ae = (unsigned __int128)a + alen, be = (unsigned __int128)b + blen;
    return a < be && b < ae;
}

/* An accepted configuration's frames must not overlap (docs/impdef.md: "overlapping
 * frames are rejected by gic_create") nor run past 2^64. */
static bool check_frames(const gic_config_t *c)
{
    unsigned __int128 top = (unsigned __int128)1 << 64;
    uint64_t rsize = c->gicr_stride * c->num_cpus;
    if (overlap(c->gicd_base, FRAME_64K, c->gicr_base, rsize) ||
        (unsigned __int128)c->gicd_base + FRAME_64K > top ||
        (unsigned __int128)c->gicr_base + rsize > top) {
        char what[200];
        snprintf(what, sizeof(what), "gic_create accepted GICD 0x%llx and GICR 0x%llx + %u x "
                 "0x%llx, which overlap or pass 2^64", (unsigned long long)c->gicd_base,
                 (unsigned long long)c->gicr_base, c->num_cpus,
                 (unsigned long long)c->gicr_stride);
        fixed_finding("gicd-gicr-overlap", what);
        return false;
    }
    for (unsigned i = 0; i < c->num_its; i++) {
        uint64_t b = c->its[i].base;
        FUZZ_CHECK(!overlap(b, 2 * FRAME_64K, c->gicd_base, FRAME_64K) &&
                       !overlap(b, 2 * FRAME_64K, c->gicr_base, rsize) &&
                       (unsigned __int128)b + 2 * FRAME_64K <= top,
                   "ITS%u at 0x%llx overlaps GICD/GICR or passes 2^64", i,
                   (unsigned long long)b);
        for (unsigned j = 0; j < i; j++)
            FUZZ_CHECK(!overlap(b, 2 * FRAME_64K, c->its[j].base, 2 * FRAME_64K),
                       "ITS%u and ITS%u overlap", j, i);
    }
    return true;
}

static void config_from(struct fin *in, gic_config_t *c)
{
    gic_config_default(c);
    uint8_t b0 = fin_u8(in), b1 = fin_u8(in), b2 = fin_u8(in), b3 = fin_u8(in);
    uint8_t b4 = fin_u8(in), b5 = fin_u8(in), b6 = fin_u8(in), b7 = fin_u8(in);
    bool raw = b0 >> 7 && (b1 & 7) == 6;
    c->two_security_states = b0 & 1;
    c->direct_lpi = b0 >> 1 & 1;
    c->num_its = (b0 >> 2 & 3) > 2 ? 2 : b0 >> 2 & 3;
    c->num_cpus = 1 + (b0 >> 4 & 7);
    c->lpis = !(b0 >> 7 && (b1 & 7) == 7); /* rarely no LPIs */
    c->pri_bits = 4 + b1 % 5;
    c->num_spis = (b1 >> 3 & 7) == 7 ? 988 : 32u * (b1 >> 3 & 7);
    c->id_bits = 14 + b2 % 3;
    c->gicr_stride = b2 >> 7 ? 0x40000 : 0x20000;
    c->lpi_prop_cache_entries = (b2 >> 2 & 3) == 0 ? 0 : (b2 >> 2 & 3) == 1 ? 2 : 1024;
    /* Virtualization (EL2, ICH/ICV) in about half the runs, LRs 1..16, 5..8 bits. */
    c->virt.enabled = b2 >> 4 & 1;
    c->virt.list_registers = 1 + (b7 >> 4);
    c->virt.priority_bits = 5 + (b7 & 3);
    c->virt.preemption_bits = 5 + (b7 >> 2 & 3) % (c->virt.priority_bits - 4);
    if (c->virt.preemption_bits > 7)
        c->virt.preemption_bits = 7;
    for (unsigned i = 0; i < c->num_its; i++) {
        gic_its_config_t *t = &c->its[i];
        uint8_t d = i ? b5 : b3, e = i ? b6 : b4;
        t->device_bits = 1 + (d & 31);
        t->event_bits = 1 + (e & 31);
        t->collection_bits = d >> 5 & 1 ? 0 : 1 + (b7 >> (4 * i) & 15);
        t->pta = d >> 6 & 1;
        t->error_policy = d >> 7 ? GIC_ITS_ERRORS_STALL : GIC_ITS_ERRORS_IGNORE;
        t->seis = e >> 5 & 1;
        if (e >> 6 & 1) { /* tiny caches: constant evictions */
            t->device_cache_entries = 2;
            t->event_cache_entries = (e >> 7) ? 0 : 2;
            t->collection_cache_entries = 2;
        }
    }
    if (raw)
        raw_config(in, c);
}

/* An address inside one of the frames of this configuration (or anywhere). */
static uint64_t frame_addr(struct fz *f, struct fin *in, unsigned size)
{
    const gic_config_t *c = &f->cfg;
    uint8_t sel = fin_u8(in);
    uint32_t off = fin_u16(in);
    if (sel & 0x80) /* most registers live in the first 4 KiB */
        off &= 0xFFF;
    if (sel & 0x40) /* naturally aligned, as drivers access registers */
        off &= ~(uint32_t)(size - 1);
    unsigned cpu = (sel >> 3 & 7) % c->num_cpus;
    switch (sel & 7) {
    case 0: case 1: return c->gicd_base + off;
    case 2: return c->gicr_base + cpu * c->gicr_stride + off;
    case 3: return c->gicr_base + cpu * c->gicr_stride + FRAME_64K + off;
    case 4: return c->gicr_base + cpu * c->gicr_stride + (fin_u8(in) & 3) * FRAME_64K + off;
    case 5: case 6:
        if (c->num_its) {
            unsigned i = (sel >> 3 & 1) % c->num_its;
            return c->its[i].base + ((sel & 7) == 6 ? FRAME_64K : 0) + off;
        }
        return c->gicd_base + off;
    default: return fin_u64(in); /* anywhere: mostly unmapped */
    }
}

static bool in_frames(const gic_config_t *c, uint64_t a)
{
    if (a - c->gicd_base < FRAME_64K)
        return true;
    if (a - c->gicr_base < c->gicr_stride * c->num_cpus)
        return true;
    for (unsigned i = 0; i < c->num_its; i++)
        if (a - c->its[i].base < 2 * FRAME_64K)
            return true;
    return false;
}

static bool valid_size(unsigned s)
{
    return s == 1 || s == 2 || s == 4 || s == 8;
}

static void check_access(struct fz *f, uint64_t a, unsigned size, gic_status_t st)
{
    if (!valid_size(size))
        FUZZ_CHECK(st == GIC_ERR_ARG, "size %u accepted (status %d)", size, st);
    else if (in_frames(&f->cfg, a))
        FUZZ_CHECK(st == GIC_OK, "access to 0x%llx (frame) failed: %d", (unsigned long long)a, st);
    else
        FUZZ_CHECK(st == GIC_ERR_UNMAPPED, "access to 0x%llx (no frame): status %d",
                   (unsigned long long)a, st);
}

static void note_write(struct fz *f, uint64_t a, uint64_t v)
{
    /* Remember what looks like a table/queue address so memory writes can hit it. */
    if (v >> 12 && (v & 0x000FFFFFFFFFF000ULL) && in_frames(&f->cfg, a))
        remember_base(f, v);
}

static void check_iar(struct fz *f, unsigned cpu, uint64_t v)
{
    const gic_config_t *c = &f->cfg;
    bool ok = v < 32 + c->num_spis || (v >= 1020 && v <= 1023) ||
              (c->lpis && v >= 8192 && v < (1ULL << c->id_bits));
    FUZZ_CHECK(ok, "CPU %u: IAR returned INTID %llu, which does not exist", cpu,
               (unsigned long long)v);
}

static void check_accounting(struct fz *f)
{
    gic_its_stats_t dummy;
    fuzz_check_accounting(f->gic, &f->cfg);
    FUZZ_CHECK(gic_its_get_stats(f->gic, f->cfg.num_its, &dummy) == GIC_ERR_ARG,
               "stats of no ITS");
    char why[256] = "";
    if (!gic_check_invariants(f->gic, why, sizeof(why)))
        FUZZ_CHECK(strstr(why, "table bit is clear"), "gic_check_invariants: %s", why);
}

static void wr(struct fz *f, const char *name, unsigned inst, uint64_t v)
{
    uint64_t a;
    unsigned w;
    if (gic_reg_addr(f->gic, name, inst, &a, &w) == GIC_OK)
        gic_mmio_write(f->gic, a, w, v, (gic_attrs_t){f->cfg.two_security_states, 0});
}

/* Shortcut: the redistributor of cpu gets LPI tables and EnableLPIs, the CPU interface
 * Group 1 enabled, the distributor affinity routing and Group 1. */
static void setup_lpis(struct fz *f, unsigned cpu, uint8_t how)
{
    uint64_t prop = 0x40000000ULL, pend = 0x41000000ULL + (uint64_t)cpu * 0x10000;
    uint8_t conf[64];
    memset(conf, 0xa3, sizeof(conf));
    gic_mem_write(f->mem, prop + (how & 0x3F) * 64, conf, sizeof(conf));
    wr(f, "GICD_CTLR", 0, f->cfg.two_security_states ? 0x37 : 0x13);
    wr(f, "GICR_WAKER", cpu, 0);
    wr(f, "GICR_PROPBASER", cpu, prop | (f->cfg.id_bits - 1));
    wr(f, "GICR_PENDBASER", cpu, pend | (uint64_t)(how >> 7) << 62);
    wr(f, "GICR_CTLR", cpu, 1);
    gic_sysreg_write(f->gic, cpu, ICC_SRE_EL1, 7);
    gic_sysreg_write(f->gic, cpu, ICC_PMR_EL1, 0xF0);
    gic_sysreg_write(f->gic, cpu, ICC_IGRPEN1_EL1, 1);
}

/* Shortcut: ITS its gets flat device and collection tables, a queue, and Enabled. */
static void setup_its(struct fz *f, unsigned its, uint8_t how)
{
    uint64_t base = 0x50000000ULL + (uint64_t)its * 0x01000000;
    wr(f, "GITS_CTLR", its, 0);
    gic_run_until(f->gic, gic_now(f->gic));
    wr(f, "GITS_BASER0", its, 1ULL << 63 | (uint64_t)(how & 1) << 62 | base | 2u << 8 | 3);
    wr(f, "GITS_BASER1", its, 1ULL << 63 | (base + 0x40000) | 2u << 8 | 0);
    wr(f, "GITS_CBASER", its, 1ULL << 63 | (base + 0x80000) | (how >> 1 & 15));
    wr(f, "GITS_CWRITER", its, 0);
    wr(f, "GITS_CTLR", its, 1);
    remember_base(f, base + 0x80000);
}

/* An ITS command at the queue position CWRITER points at, then CWRITER moved on. */
static void queue_command(struct fz *f, struct fin *in, unsigned its)
{
    uint64_t cbaser = 0, cwriter = 0, a;
    unsigned w;
    if (gic_reg_addr(f->gic, "GITS_CBASER", its, &a, &w) != GIC_OK)
        return;
    gic_mmio_read(f->gic, a, 8, (gic_attrs_t){0}, &cbaser);
    gic_mmio_read(f->gic, a + 8, 8, (gic_attrs_t){0}, &cwriter);
    uint64_t q = cbaser & 0x000FFFFFFFFFF000ULL, size = ((cbaser & 0xFF) + 1) * 4096;
    uint64_t dw[4];
    uint8_t op = fin_u8(in);
    static const uint8_t ops[16] = {0x01, 0x03, 0x04, 0x05, 0x08, 0x09, 0x0A, 0x0B,
                                    0x0C, 0x0D, 0x0E, 0x0F, 0x08, 0x0A, 0x00, 0x2A};
    unsigned opcode = op & 0x80 ? op : ops[op & 15];
    dw[0] = (uint64_t)(fin_u8(in) & 15) << 32 | opcode;
    dw[1] = (uint64_t)(8192 + fin_u8(in)) << 32 | (fin_u8(in) & 31);
    if (opcode == 0x05 || opcode == 0x09 || opcode == 0x0E) { /* SYNC, MAPC, MOVALL */
        unsigned cpu = fin_u8(in) % (f->cfg.num_cpus + 1), cpu2 = fin_u8(in) % f->cfg.num_cpus;
        bool pta = f->cfg.its[its].pta;
        uint64_t rd = pta ? (f->cfg.gicr_base + cpu * f->cfg.gicr_stride) >> 16 : cpu;
        uint64_t rd2 = pta ? (f->cfg.gicr_base + cpu2 * f->cfg.gicr_stride) >> 16 : cpu2;
        dw[2] = 1ULL << 63 | rd << 16 | (fin_u8(in) & 7);
        dw[3] = rd2 << 16;
    } else {
        dw[2] = 1ULL << 63 | (0x60000000ULL + (uint64_t)(fin_u8(in) & 15) * 0x1000) |
                (fin_u8(in) & 7);
        dw[3] = fin_u8(in);
    }
    if (op & 0x40)
        dw[fin_u8(in) & 3] ^= fin_u64(in);
    gic_mem_write(f->mem, q + (cwriter & 0xFFFE0) % size, dw, sizeof(dw));
    gic_mmio_write(f->gic, a + 8, 8, ((cwriter & 0xFFFE0) + 32) % size, (gic_attrs_t){0});
}

static void reg_by_name(struct fz *f, struct fin *in)
{
    static const char *const prefixes[] = {"GICD_", "GICR_", "GITS_", ""};
    char name[64];
    int n = snprintf(name, sizeof(name), "%s", prefixes[fin_u8(in) & 3]);
    unsigned len = fin_u8(in) % 40;
    for (unsigned i = 0; i < len && (size_t)n + 1 < sizeof(name); i++)
        name[n++] = (char)fin_u8(in);
    name[n] = 0;
    unsigned inst = fin_u8(in) % 10;
    uint64_t addr = 0;
    unsigned width = 0;
    if (gic_reg_addr(f->gic, name, inst, &addr, &width) != GIC_OK)
        return;
    FUZZ_CHECK(valid_size(width), "gic_reg_addr(%s): width %u", name, width);
    size_t nl = strlen(name), d = nl;
    while (d && name[d - 1] >= '0' && name[d - 1] <= '9')
        d--;
    if (d < nl) {
        unsigned long long idx = 0;
        for (size_t i = d; i < nl && idx <= 0xFFFFFFFFULL; i++)
            idx = idx * 10 + (unsigned)(name[i] - '0');
        if (idx >= 0x10000) { /* regtab_lookup: (n - first) * width wraps */
            char what[160];
            snprintf(what, sizeof(what), "gic_reg_addr accepted '%s' (index %s) as 0x%llx",
                     name, name + d, (unsigned long long)addr);
            fixed_finding("reg-name-index-wraps", what);
            return;
        }
    }
    uint64_t v = 0;
    gic_status_t st = gic_mmio_read(f->gic, addr, width, (gic_attrs_t){0}, &v);
    FUZZ_CHECK(st == GIC_OK, "gic_reg_addr(%s) gave 0x%llx, which does not map (%d)", name,
               (unsigned long long)addr, st);
}

static void observe(struct fz *f, struct fin *in)
{
    unsigned cpu = fin_u8(in) % (f->cfg.num_cpus + 1), its = fin_u8(in) % (f->cfg.num_its + 1);
    uint32_t intid = 8192 + fin_u16(in);
    (void)gic_cpu_running_priority(f->gic, cpu < f->cfg.num_cpus ? cpu : 0);
    (void)gic_cpu_pending_priority(f->gic, cpu < f->cfg.num_cpus ? cpu : 0);
    (void)gic_its_queue_depth(f->gic, its);
    (void)gic_its_busy(f->gic, its);
    (void)gic_its_stalled(f->gic, its);
    (void)gic_signal_level(f->gic, cpu, GIC_SIG_IRQ);
    (void)gic_next_event_time(f->gic);
    (void)gic_guest_error_count(f->gic);
    if (cpu < f->cfg.num_cpus)
        (void)gic_lpi_is_pending(f->gic, cpu, intid);
    (void)gic_its_error_count(f->gic, its, 0x010000 | fin_u16(in));
}

static void step(struct fz *f, struct fin *in)
{
    const gic_config_t *c = &f->cfg;
    uint8_t op = fin_u8(in);
    switch (op % 20) {
    case 0: case 1: case 2: { /* MMIO write inside a frame */
        unsigned size = fin_size(in);
        uint64_t a = frame_addr(f, in, size), v = fin_uN(in, size);
        gic_attrs_t at = {fin_bool(in), fin_u8(in) & 15};
        check_access(f, a, size, gic_mmio_write(f->gic, a, size, v, at));
        note_write(f, a, v);
        break;
    }
    case 3: case 4: { /* MMIO read inside a frame */
        unsigned size = fin_size(in);
        uint64_t a = frame_addr(f, in, size), v = 0;
        gic_status_t st = gic_mmio_read(f->gic, a, size, (gic_attrs_t){fin_bool(in), 0}, &v);
        check_access(f, a, size, st);
        if (st == GIC_OK && size < 8)
            FUZZ_CHECK(!(v >> (8 * size)), "%u-byte read of 0x%llx returned 0x%llx", size,
                       (unsigned long long)a, (unsigned long long)v);
        break;
    }
    case 5: { /* MMIO of any size at any address */
        unsigned size = fin_u8(in) % 10;
        uint64_t a = fin_u64(in), v = 0;
        if (fin_bool(in)) {
            check_access(f, a, size, gic_mmio_write(f->gic, a, size, fin_u64(in),
                                                    (gic_attrs_t){fin_bool(in), fin_u32(in)}));
        } else {
            check_access(f, a, size, gic_mmio_read(f->gic, a, size, (gic_attrs_t){0}, &v));
        }
        break;
    }
    case 6: { /* system register read */
        unsigned cpu = fin_u8(in) % (c->num_cpus + 1);
        gic_sysreg_t reg = (gic_sysreg_t)(fin_u8(in) % (GIC_NUM_SYSREGS + 1));
        uint64_t v = 0;
        gic_status_t st = gic_sysreg_read(f->gic, cpu, reg, &v);
        if (cpu >= c->num_cpus || reg >= GIC_NUM_SYSREGS)
            FUZZ_CHECK(st != GIC_OK, "sysreg read of CPU %u reg %d accepted", cpu, (int)reg);
        else if (!c->virt.enabled && (reg == ICC_IAR0_EL1 || reg == ICC_IAR1_EL1 ||
                                      reg == ICC_HPPIR0_EL1 || reg == ICC_HPPIR1_EL1))
            check_iar(f, cpu, v);
        break;
    }
    case 7: case 8: { /* system register write */
        unsigned cpu = fin_u8(in) % (c->num_cpus + 1);
        gic_sysreg_t reg = (gic_sysreg_t)(fin_u8(in) % (GIC_NUM_SYSREGS + 1));
        uint64_t v = fin_bool(in) ? fin_u64(in) : fin_u16(in);
        gic_status_t st = gic_sysreg_write(f->gic, cpu, reg, v);
        if (cpu >= c->num_cpus || reg >= GIC_NUM_SYSREGS)
            FUZZ_CHECK(st != GIC_OK, "sysreg write of CPU %u reg %d accepted", cpu, (int)reg);
        else if (c->virt.enabled && fin_bool(in)) /* the PE's EL and HCR_EL2 routing */
            FUZZ_CHECK(gic_cpu_set_el(f->gic, cpu, 1 + fin_bool(in), fin_bool(in),
                                      fin_bool(in)) == GIC_OK, "gic_cpu_set_el refused");
        break;
    }
    case 9: { /* wires */
        uint16_t intid = fin_u16(in) % 1100;
        bool level = fin_bool(in);
        if (fin_bool(in)) {
            gic_status_t st = gic_set_spi(f->gic, intid, level);
            if (intid < 32 || intid >= 32 + c->num_spis)
                FUZZ_CHECK(st != GIC_OK, "SPI %u accepted", intid);
        } else {
            unsigned cpu = fin_u8(in) % (c->num_cpus + 1);
            gic_status_t st = gic_set_ppi(f->gic, cpu, intid % 40, level);
            if (cpu >= c->num_cpus || intid % 40 < 16 || intid % 40 > 31)
                FUZZ_CHECK(st != GIC_OK, "PPI %u of CPU %u accepted", intid % 40, cpu);
        }
        break;
    }
    case 10: { /* MSI */
        unsigned its = fin_u8(in) % (c->num_its + 1);
        uint8_t sel = fin_u8(in);
        uint32_t dev = sel & 1 ? fin_u32(in) : fin_u8(in) & 15;
        uint32_t ev = sel & 2 ? fin_u32(in) : fin_u8(in) & 31;
        gic_status_t st = gic_msi(f->gic, its, dev, ev);
        FUZZ_CHECK((st == GIC_OK) == (its < c->num_its), "gic_msi(ITS%u) returned %d", its, st);
        break;
    }
    case 11: { /* PE security state */
        unsigned cpu = fin_u8(in) % (c->num_cpus + 1);
        gic_status_t st = gic_cpu_set_secure(f->gic, cpu, fin_bool(in));
        if (cpu >= c->num_cpus)
            FUZZ_CHECK(st != GIC_OK, "set_secure of CPU %u accepted", cpu);
        break;
    }
    case 12: case 13: { /* memory: near a programmed base, or anywhere */
        uint8_t sel = fin_u8(in);
        uint64_t a = f->n_bases && !(sel & 0x80)
                         ? f->bases[sel % (f->n_bases < 8 ? f->n_bases : 8)] + fin_u16(in)
                         : fin_u64(in) & ((1ULL << 53) - 1);
        uint8_t buf[64];
        unsigned len = 1 + fin_u8(in) % sizeof(buf);
        for (unsigned i = 0; i < len; i++)
            buf[i] = fin_u8(in);
        int rc = gic_mem_write(f->mem, a, buf, len);
        FUZZ_CHECK((rc == 0) == (a + len <= (1ULL << GIC_PA_BITS)),
                   "gic_mem_write(0x%llx, %u) returned %d", (unsigned long long)a, len, rc);
        break;
    }
    case 14: case 15: /* time */
        gic_run_until(f->gic, gic_now(f->gic) + (uint64_t)fin_u16(in) * 1000);
        check_accounting(f);
        break;
    case 16: { /* shortcuts to deep states */
        uint8_t sel = fin_u8(in);
        if (sel & 1 && c->num_its)
            setup_its(f, (sel >> 1 & 1) % c->num_its, fin_u8(in));
        else if (c->lpis)
            setup_lpis(f, (sel >> 1) % c->num_cpus, fin_u8(in));
        break;
    }
    case 17: /* an ITS command through the queue */
        if (c->num_its)
            queue_command(f, in, fin_u8(in) % c->num_its);
        break;
    case 18: /* acknowledge and EOI like a handler */
        if (fin_u8(in) & 7) {
            unsigned cpu = fin_u8(in) % c->num_cpus;
            bool g0 = fin_u8(in) & 1;
            uint64_t v = 1023;
            gic_sysreg_read(f->gic, cpu, g0 ? ICC_IAR0_EL1 : ICC_IAR1_EL1, &v);
            check_iar(f, cpu, v);
            if (v < 1020 || v > 1023)
                gic_sysreg_write(f->gic, cpu, g0 ? ICC_EOIR0_EL1 : ICC_EOIR1_EL1, v);
        } else {
            reg_by_name(f, in);
        }
        break;
    default:
        if (fin_u8(in) == 0xA5) { /* reset: rare */
            uint64_t before = gic_now(f->gic);
            gic_reset(f->gic);
            if (gic_now(f->gic) < before) { /* sched_free -> sched_init sets now = 0 */
                fixed_finding("reset-rewinds-time", "gic_reset moved gic_now() back to 0");
                f->tc.last_time = gic_now(f->gic);
            }
            check_accounting(f);
        } else {
            observe(f, in);
        }
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fin in = {data, size};
    struct fz f = {0};
    config_from(&in, &f.cfg);
    f.mem = gic_mem_create();
    if (!f.mem)
        abort();
    f.cfg.mem = gic_mem_as_port(f.mem);
    char err[160];
    bool valid = gic_config_check(&f.cfg, err, sizeof(err));
    FUZZ_CHECK(valid || err[0], "gic_config_check failed without a message");
    err[0] = 0;
    f.gic = gic_create(&f.cfg, err, sizeof(err));
    FUZZ_CHECK(!f.gic == !valid, "gic_config_check says %d, gic_create %s (%s)", valid,
               f.gic ? "succeeded" : "failed", err);
    if (!f.gic || !check_frames(&f.cfg)) {
        FUZZ_CHECK(f.gic || err[0], "gic_create failed without a message");
        gic_destroy(f.gic);
        gic_mem_destroy(f.mem);
        return 0;
    }
    f.tc = (struct trace_check){f.gic, &f.cfg, 0, 0};
    FUZZ_CHECK(gic_add_trace_listener(f.gic, trace_check_event, &f.tc) == GIC_OK, "listener");
    for (unsigned n = 0; !fin_empty(&in) && n < 4096; n++)
        step(&f, &in);
    gic_run_until(f.gic, gic_now(f.gic) + 1000000);
    check_accounting(&f);
    fuzz_summary(f.gic, &f.cfg);
    gic_destroy(f.gic);
    gic_mem_destroy(f.mem);
    return 0;
}
