/* libFuzzer target: the ITS command queue and MSI translation, from a valid set-up.
 *
 * The first 4 bytes choose the system: 1..4 CPUs, one or two ITSs, error policy
 * (ignore or stall), PTA, DirectLPI, flat or two-level device table, table page size
 * (4/16/64 KiB), DeviceID / EventID / collection bits, queue size, cache sizes. Then everything is set up as a
 * driver would (GICD affinity routing + Group 1, redistributors awake with a shared
 * configuration table with LPIs 8192..8447 enabled, one pending table each,
 * EnableLPIs, CPU interfaces with PMR 0xF0 and Group 1 enabled, device and
 * collection tables, command queue, GITS_CTLR.Enabled). The rest of the input is a
 * stream of operations:
 *   - commands written to the queue: the opcode is table[byte % 16] (the 12
 *     physical commands, some twice, and one arbitrary byte), DeviceIDs 0..31 (and
 *     some in level-2 pages 1..3),
 *     EventIDs 0..63, ICIDs 0..15, LPIs 8192..8447, RDbases of existing PEs (and one
 *     beyond), ITTs in a per-device area; sometimes a flipped bit anywhere in the
 *     packet, sometimes a 32-byte random packet; queue full is handled as a driver
 *     does (publish, let the ITS drain);
 *   - GITS_CWRITER writes: the new write pointer, with Retry, beyond the queue, and
 *     as two 32-bit halves;
 *   - MSIs (gic_msi, and GITS_TRANSLATER writes of 16 and 32 bits with the DeviceID
 *     in the bus attributes), in bursts;
 *   - writes into the device table, the collection table, ITTs (valid-bit flips or
 *     random entries), level-1 entries of a two-level device table, configuration
 *     bytes, pending-table bits;
 *   - redistributor operations: EnableLPIs off/on, SETLPIR/CLRLPIR/INVLPIR/INVALLR;
 *   - ITS off/on, and while it is off (and quiescent) new CBASER / BASERs;
 *   - ICC_IAR1/IAR0 reads followed (mostly) by EOIR writes; gic_run_until(now + x).
 *
 * Invariants (abort() = a finding), after every operation:
 *   per ITS  msi_offered == msi_translated + sum(msi_dropped) + msi_in_flight;
 *   LPIs     set_pending == acknowledged + cleared + sum(gic_lpi_pending_count);
 *   gic_check_invariants() — strictly as long as the input did nothing that lets
 *   software or the ITS write the LPI tables behind the redistributors' back (a DTE
 *   or a MAPD whose ITT overlaps them, a pending-table write); after such a "wild"
 *   operation only "pending but its table bit is clear" is tolerated;
 *   ICC_IAR* returns 1023 or an LPI that exists, and that LPI is no longer pending;
 * after every gic_run_until: no MSI in flight, and an enabled ITS with a valid queue
 * has drained it (CREADR == CWRITER) or is stalled.
 * Timing: the configuration bytes pick the ideal profile or one of three timing
 * profiles (gic600-like; one queue entry, translation and read slot with slow memory;
 * long links and commands with a narrow bus); then "running" goes on until nothing is
 * scheduled, so the same checks apply.
 *
 * GICv4.1 (config byte 3 bit 6; bit 7: the multi-ITS VMOVP form; byte 2 bits 6..7: 3,
 * 5, 7 or 9 vPEID bits): each ITS also gets a flat vPE table, the vPEs one VPT each
 * and one VCONF (vLPIs 8192..8447 enabled), every CPU's virtual interface is on; the
 * operations then include V commands (VMAPP with V = 1 and 0, VMAPTI, VMAPI, VMOVI,
 * VMOVP in both forms, VSYNC, VINVALL, INVDB, VSGI, INT/CLEAR of virtual ITEs, any
 * GICv4 opcode) with vPEIDs up to one beyond the table, vINTIDs, doorbells (none, an
 * LPI, anything), VPT sizes around the limits, RDbases one beyond; GICR_VPENDBASER
 * schedule/deschedule (also while Dirty), GITS_SGIR, GICR_VSGIR + VSGIPENDR (checked
 * against gic_vsgi_pending once not Busy), GICR_INVLPIR/INVALLR with V = 1, VCONF
 * bytes, and ICV_IAR0/1 + EOIR (the vINTID must be 1023, a vSGI or an LPI, and no longer
 * pending for the resident vPE). The vLPI/vSGI accounting identities are checked with
 * the others; a packet that may move a VPT onto another table (a flipped bit in VMAPP, a
 * random packet) counts as "wild" ("VPT bit is clear" tolerated then); an ITS waiting at
 * a multi-ITS VMOVP counts as drained.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "gicsim/gicsim.h"
#include "gicsim/mem.h"

#define PAGE_64K 0x10000ULL
#define PROP_BASE 0x10000000ULL
#define PEND_BASE 0x11000000ULL /* + cpu * 64 KiB */
#define ITS_REGION(i) (0x20000000ULL + (uint64_t)(i) * 0x01000000ULL)
#define DT_BASE(i) ITS_REGION(i)                  /* flat: up to 8 pages; L1: 1 page */
#define L2_BASE(i) (ITS_REGION(i) + 0x00400000ULL) /* level-2 pages, 64 KiB each */
#define CT_BASE(i) (ITS_REGION(i) + 0x00800000ULL)
#define QUEUE_BASE(i) (ITS_REGION(i) + 0x00C00000ULL)
#define ITT_BASE(i, dev) (0x40000000ULL + (uint64_t)(i) * 0x10000000ULL + \
                          (uint64_t)((dev) & 31) * 0x80000ULL)
#define NUM_LPIS 256
/* GICv4.1 */
#define VT_BASE(i) (ITS_REGION(i) + 0x00D00000ULL)    /* flat vPE table, <= 16 KiB */
#define VPT_BASE(vpe) (0x60000000ULL + (uint64_t)((vpe) & 0x3FF) * PAGE_64K)
#define VCONF_BASE 0x70000000ULL

enum { OP_MOVI = 0x01, OP_INT = 0x03, OP_CLEAR = 0x04, OP_SYNC = 0x05, OP_MAPD = 0x08,
       OP_MAPC = 0x09, OP_MAPTI = 0x0A, OP_MAPI = 0x0B, OP_INV = 0x0C, OP_INVALL = 0x0D,
       OP_MOVALL = 0x0E, OP_DISCARD = 0x0F,
       OP_VMOVI = 0x21, OP_VMOVP = 0x22, OP_VSGI = 0x23, OP_VSYNC = 0x25, OP_VMAPP = 0x29,
       OP_VMAPTI = 0x2A, OP_VMAPI = 0x2B, OP_VINVALL = 0x2D, OP_INVDB = 0x2E };

struct fz {
    gic_t *gic;
    gic_mem_t *mem;
    gic_config_t cfg;
    struct trace_check tc;
    bool indirect;
    unsigned page_code;  /* GITS_BASER.Page_Size of both tables: 0 4K, 1 16K, 2 64K */
    uint64_t page;
    unsigned queue_pages;
    uint64_t cw[2];     /* the driver's write pointer per ITS */
    bool wild;          /* the ITS may have written outside the tables set up here */
    bool timed;         /* a timing profile: running "until now" is not enough */
    bool v4;            /* GICv4.1 */
    unsigned nvpe;      /* 2^vpeid_bits */
};

static const gic_attrs_t NS = {false, 0};

static uint64_t rd(struct fz *f, const char *name, unsigned inst)
{
    uint64_t a, v = 0;
    unsigned w;
    if (gic_reg_addr(f->gic, name, inst, &a, &w) == GIC_OK)
        gic_mmio_read(f->gic, a, w, NS, &v);
    return v;
}

static void wr(struct fz *f, const char *name, unsigned inst, uint64_t v)
{
    uint64_t a;
    unsigned w;
    FUZZ_CHECK(gic_reg_addr(f->gic, name, inst, &a, &w) == GIC_OK, "no register %s", name);
    gic_mmio_write(f->gic, a, w, v, NS);
}

static uint64_t queue_bytes(const struct fz *f)
{
    return f->queue_pages * 4096ULL;
}

/* Could an ITT at itt with 2^(size + 1) entries reach the configuration or pending
 * tables, or (GICv4.1, 16-byte ITEs) the VPTs? Then ITE writes scribble on them
 * ("wild"). */
static bool itt_hits_lpi_tables(const struct fz *f, uint64_t itt, unsigned size)
{
    uint64_t bytes = (f->v4 ? 16ULL : 8ULL) << (size & 31);
    return (itt < PEND_BASE + 4 * PAGE_64K && itt + bytes > PROP_BASE) ||
           (f->v4 && itt < VPT_BASE(0x3FF) + PAGE_64K && itt + bytes > VPT_BASE(0));
}

static void note_mapd(struct fz *f, const uint64_t dw[4])
{
    if ((dw[0] & 0xFF) == OP_MAPD &&
        itt_hits_lpi_tables(f, dw[2] & 0x000FFFFFFFFFFF00ULL, (unsigned)(dw[1] & 31)))
        f->wild = true;
}

/* A DeviceID from an operand byte: 0..31 mostly, sometimes in level-2 pages 1..3 of a
 * two-level table (beyond a small flat one), or anything. */
static uint32_t devid(const struct fz *f, struct fin *in, uint8_t a)
{
    if ((a & 0xE0) == 0xE0)
        return fin_u32(in);
    if ((a & 0xE0) == 0xC0)
        return (uint32_t)((a & 3) * (f->page / 8) + (a >> 2 & 7));
    return a & 31;
}

/* Where the DTE of dev is, with the level-1 entries of a two-level table pointing at
 * level-2 pages in order (as set up; table_write may change that). */
static uint64_t dte_addr(const struct fz *f, unsigned its, uint32_t dev)
{
    if (!f->indirect)
        return DT_BASE(its) + (uint64_t)dev * 8;
    uint64_t per = f->page / 8;
    return L2_BASE(its) + dev / per * f->page + dev % per * 8;
}

static uint64_t rdbase(const struct fz *f, unsigned its, unsigned cpu)
{
    return f->cfg.its[its].pta ? (f->cfg.gicr_base + cpu * f->cfg.gicr_stride) >> 16 : cpu;
}

/* ---- invariants ---- */

static void check(struct fz *f)
{
    fuzz_check_accounting(f->gic, &f->cfg);
    char why[256] = "";
    if (!gic_check_invariants(f->gic, why, sizeof(why)))
        FUZZ_CHECK(f->wild && strstr(why, "bit is clear"), "gic_check_invariants: %s", why);
}

/* An ITS waiting at a multi-ITS VMOVP for the other listed ITSs has rightly not drained:
 * busy with nothing left to run (its command in memory may have been overwritten since:
 * it executed already). */
static bool at_vmovp(struct fz *f, unsigned its)
{
    return f->v4 && f->cfg.virt.vmovp_list && gic_its_busy(f->gic, its) &&
           gic_next_event_time(f->gic) > gic_now(f->gic);
}

static void run(struct fz *f, uint64_t ps)
{
    gic_run_until(f->gic, gic_now(f->gic) + ps);
    /* Timing: let everything already started finish (translations, messages on the
     * links, commands, the IRQ lines' arbitration) before the "after running" checks. */
    for (unsigned n = 0; f->timed && n < 1000000; n++) {
        gic_time_t t = gic_next_event_time(f->gic);
        if (t == GIC_TIME_NEVER)
            break;
        gic_run_until(f->gic, t);
        if (n % 64 == 0)
            check(f);
    }
    check(f);
    for (unsigned i = 0; i < f->cfg.num_its; i++) {
        gic_its_stats_t s;
        gic_its_get_stats(f->gic, i, &s);
        FUZZ_CHECK(s.msi_in_flight == 0, "ITS%u: %llu MSIs in flight after running", i,
                   (unsigned long long)s.msi_in_flight);
        uint64_t ctlr = rd(f, "GITS_CTLR", i), cbaser = rd(f, "GITS_CBASER", i);
        uint64_t cwriter = rd(f, "GITS_CWRITER", i), creadr = rd(f, "GITS_CREADR", i);
        if ((ctlr & 1) && cbaser >> 63)
            FUZZ_CHECK((creadr & 1) || (creadr & 0xFFFE0) == (cwriter & 0xFFFE0) ||
                           at_vmovp(f, i),
                       "ITS%u: enabled, not stalled, CREADR 0x%llx != CWRITER 0x%llx after "
                       "running", i, (unsigned long long)creadr, (unsigned long long)cwriter);
        FUZZ_CHECK(!(ctlr >> 31) == gic_its_busy(f->gic, i), "ITS%u: Quiescent %d, busy %d", i,
                   (int)(ctlr >> 31), gic_its_busy(f->gic, i));
    }
}

/* ---- set-up ---- */

static void setup_its_tables(struct fz *f, unsigned i)
{
    const gic_its_config_t *t = &f->cfg.its[i];
    uint64_t max_pages = 0x400000 / f->page; /* 4 MiB for each table */
    uint64_t dt_pages = ((8ULL << t->device_bits) + f->page - 1) / f->page;
    if (f->indirect) {
        uint64_t l1 = 1ULL << 63 | L2_BASE(i); /* level-2 page 0 */
        gic_mem_write(f->mem, DT_BASE(i), &l1, 8);
        dt_pages = 1;
    }
    if (dt_pages > max_pages)
        dt_pages = max_pages;
    unsigned cbits = t->collection_bits ? t->collection_bits : 16;
    uint64_t ct_pages = ((8ULL << cbits) + f->page - 1) / f->page;
    if (ct_pages > max_pages)
        ct_pages = max_pages;
    uint64_t ps = (uint64_t)f->page_code << 8;
    wr(f, "GITS_BASER0", i, 1ULL << 63 | (uint64_t)f->indirect << 62 | DT_BASE(i) | ps |
                                (dt_pages - 1));
    wr(f, "GITS_BASER1", i, 1ULL << 63 | CT_BASE(i) | ps | (ct_pages - 1));
    wr(f, "GITS_CBASER", i, 1ULL << 63 | QUEUE_BASE(i) | (f->queue_pages - 1));
    wr(f, "GITS_CWRITER", i, 0);
    f->cw[i] = 0;
    if (f->v4) { /* flat vPE table, 32-byte entries */
        uint64_t vt_pages = (32ULL * f->nvpe + f->page - 1) / f->page;
        wr(f, "GITS_BASER2", i, 1ULL << 63 | VT_BASE(i) | ps | (vt_pages - 1));
    }
}

static void setup(struct fz *f)
{
    const gic_config_t *c = &f->cfg;
    uint8_t conf[NUM_LPIS];
    memset(conf, 0xa0 | 2 | 1, sizeof(conf));
    gic_mem_write(f->mem, PROP_BASE, conf, sizeof(conf));
    wr(f, "GICD_CTLR", 0, 0x12); /* ARE, EnableGrp1 */
    for (unsigned cpu = 0; cpu < c->num_cpus; cpu++) {
        wr(f, "GICR_WAKER", cpu, 0);
        wr(f, "GICR_PROPBASER", cpu, PROP_BASE | (c->id_bits - 1));
        wr(f, "GICR_PENDBASER", cpu, PEND_BASE + cpu * PAGE_64K);
        wr(f, "GICR_CTLR", cpu, 1);
        gic_sysreg_write(f->gic, cpu, ICC_SRE_EL1, 7);
        gic_sysreg_write(f->gic, cpu, ICC_PMR_EL1, 0xF0);
        gic_sysreg_write(f->gic, cpu, ICC_IGRPEN1_EL1, 1);
    }
    for (unsigned i = 0; i < c->num_its; i++) {
        setup_its_tables(f, i);
        wr(f, "GITS_CTLR", i, 1);
    }
    if (!f->v4)
        return;
    gic_mem_write(f->mem, VCONF_BASE, conf, sizeof(conf)); /* vLPIs 8192..8447 at 0xa0 */
    for (unsigned cpu = 0; cpu < c->num_cpus; cpu++) { /* the guest's virtual interface */
        gic_sysreg_write(f->gic, cpu, ICH_VMCR_EL2, 0xF0ULL << 24 | 3);
        gic_sysreg_write(f->gic, cpu, ICH_HCR_EL2, 1);
    }
}

/* 0: ideal; 1: gic600-like; 2: one of everything (queue, translation, read, write)
 * and slow memory; 3: long links and commands, a narrow bus. */
static void timing_from(gic_timing_t *t, unsigned kind)
{
    static const gic_timing_t profiles[3] = {
        {.clock_hz = 1000000000, .mmio_access_cycles = 8, .its_input_queue_entries = 16,
         .its_accept_cycles = 2, .its_issue_cycles = 4, .its_translations = 5,
         .its_lookup_cycles = 2, .its_command_cycles = 16, .its_per_lpi_cycles = 2,
         .mem_read_ns = 90, .mem_write_ns = 60, .mem_max_reads = 5, .mem_max_writes = 1,
         .mem_bytes_per_cycle = 16, .link_its_dist_cycles = 6, .link_dist_redist_cycles = 6,
         .lpi_cache_hit_cycles = 4, .redist_arbitration_cycles = 8,
         .cpuif_signal_cycles = 10, .ich_access_cycles = 2, .lr_signal_cycles = 4,
         .vpe_residency_cycles = 100, .doorbell_cycles = 20},
        {.clock_hz = 100000000, .its_input_queue_entries = 1, .its_translations = 1,
         .its_issue_cycles = 1, .mem_read_ns = 500, .mem_write_ns = 700,
         .mem_max_reads = 1, .mem_max_writes = 1, .cpuif_signal_cycles = 1},
        {.clock_hz = 2000000000, .its_command_cycles = 1000, .its_per_lpi_cycles = 50,
         .link_its_dist_cycles = 3000, .link_dist_redist_cycles = 1,
         .mem_read_ns = 10, .mem_write_ns = 10, .mem_max_reads = 32, .mem_max_writes = 32,
         .mem_bytes_per_cycle = 1},
    };
    *t = kind ? profiles[kind - 1] : (gic_timing_t){0};
}

static void config_from(struct fz *f, struct fin *in)
{
    gic_config_t *c = &f->cfg;
    uint8_t c0 = fin_u8(in), c1 = fin_u8(in), c2 = fin_u8(in), c3 = fin_u8(in);
    gic_config_default(c);
    c->num_cpus = 1 + (c0 & 3);
    c->direct_lpi = c0 >> 4 & 1;
    c->num_its = 1 + (c0 >> 5 & 1);
    c->lpi_prop_cache_entries = (c3 & 3) == 0 ? 0 : (c3 & 3) == 1 ? 2 : 1024;
    timing_from(&c->timing, c2 >> 4 & 3);
    f->timed = (c2 >> 4 & 3) != 0;
    f->indirect = c0 >> 6 & 1;
    f->queue_pages = 1 + (c2 >> 3 & 1);
    f->page_code = (c3 >> 4 & 3) > 2 ? 2 : c3 >> 4 & 3;
    f->page = 4096ULL << (2 * f->page_code);
    for (unsigned i = 0; i < c->num_its; i++) {
        gic_its_config_t *t = &c->its[i];
        t->error_policy = c0 >> 2 & 1 ? GIC_ITS_ERRORS_STALL : GIC_ITS_ERRORS_IGNORE;
        t->pta = c0 >> 3 & 1;
        t->device_bits = 1 + (c1 & 15);
        t->event_bits = 1 + (c1 >> 4);
        t->collection_bits = (c2 & 7) > 4 ? 16 : (c2 & 7);
        if (c0 >> 7) { /* tiny caches: evictions all the time */
            t->device_cache_entries = 2;
            t->event_cache_entries = c3 >> 2 & 1 ? 0 : 2;
            t->collection_cache_entries = 2;
            t->vpe_cache_entries = 2;
        }
    }
    f->v4 = c3 >> 6 & 1;
    if (f->v4) {
        gic_config_enable_gicv4(c);
        c->virt.vpeid_bits = 3 + 2 * (c2 >> 6 & 3);
        c->virt.vmovp_list = c3 >> 7;
        f->nvpe = 1u << c->virt.vpeid_bits;
    }
}

/* ---- the command queue ---- */

static bool queue_full(struct fz *f, unsigned its)
{
    uint64_t creadr = rd(f, "GITS_CREADR", its) & 0xFFFE0;
    return (f->cw[its] + 32) % queue_bytes(f) == creadr;
}

static void publish(struct fz *f, unsigned its)
{
    wr(f, "GITS_CWRITER", its, f->cw[its]);
}

/* Writes a packet at the driver's write pointer; false when the queue stays full. */
static bool put(struct fz *f, unsigned its, const uint64_t dw[4])
{
    if (queue_full(f, its)) {
        publish(f, its);
        run(f, 0);
        if (queue_full(f, its))
            return false;
    }
    note_mapd(f, dw);
    gic_mem_write(f->mem, QUEUE_BASE(its) + f->cw[its], dw, 32);
    f->cw[its] = (f->cw[its] + 32) % queue_bytes(f);
    return true;
}

static void biased_command(struct fz *f, struct fin *in, unsigned its)
{
    static const uint8_t table[16] = {OP_MAPD, OP_MAPC, OP_MAPTI, OP_MAPI, OP_MOVI, OP_MOVALL,
                                      OP_DISCARD, OP_INT, OP_CLEAR, OP_INV, OP_INVALL, OP_SYNC,
                                      OP_MAPTI, OP_INT, OP_MAPD, 0};
    uint8_t sel = fin_u8(in), a = fin_u8(in), b = fin_u8(in), x = fin_u8(in);
    unsigned op = table[sel & 15];
    if (!op)
        op = fin_u8(in); /* anything: unknown, GICv4, or a valid one again */
    uint32_t dev = devid(f, in, a), ev = b & 63, icid = x & 15;
    if ((b & 0xC0) == 0xC0)
        ev = fin_u32(in);
    uint32_t lpi = 8192 + fin_u8(in);
    if ((x & 0xF0) == 0xF0)
        lpi = fin_u32(in);
    unsigned ncpu = f->cfg.num_cpus;
    unsigned cpu1 = (x >> 4) % (ncpu + 1), cpu2 = (sel >> 4) % ncpu;
    bool valid = (sel & 0x30) != 0x30;
    uint64_t dw[4] = {(uint64_t)dev << 32 | op, ev, 0, 0};
    switch (op) {
    case OP_MAPD:
        dw[1] = b & 31 ? (b & 31) % f->cfg.its[its].event_bits : (b >> 5); /* Size */
        if ((b & 0xE0) == 0xE0)
            dw[1] = b & 31; /* possibly beyond ID_bits */
        dw[2] = (uint64_t)valid << 63 | ITT_BASE(its, dev);
        break;
    case OP_MAPC:
        dw[2] = (uint64_t)valid << 63 | rdbase(f, its, cpu1) << 16 | icid;
        break;
    case OP_MAPTI:
        dw[1] |= (uint64_t)lpi << 32;
        dw[2] = icid;
        break;
    case OP_MAPI: case OP_MOVI:
        dw[2] = icid;
        break;
    case OP_INVALL:
        dw[2] = icid;
        break;
    case OP_SYNC:
        dw[2] = rdbase(f, its, cpu1) << 16;
        break;
    case OP_MOVALL:
        dw[2] = rdbase(f, its, cpu1) << 16;
        dw[3] = rdbase(f, its, cpu2) << 16;
        break;
    default: break;
    }
    if ((sel & 0xC0) == 0xC0) { /* a flipped bit anywhere: RES0 bits, fields, opcode */
        uint8_t bit = fin_u8(in);
        dw[bit >> 6] ^= 1ULL << (bit & 63);
    }
    if (put(f, its, dw) && (x & 3) == 0)
        publish(f, its);
}

static void random_command(struct fz *f, struct fin *in, unsigned its)
{
    uint64_t dw[4];
    for (int i = 0; i < 4; i++)
        dw[i] = fin_u64(in);
    if (f->v4 && (dw[0] & 0xFF) == OP_VMAPP)
        f->wild = true; /* a VPT anywhere */
    put(f, its, dw);
}

/* ---- GICv4.1 ---- */

static uint32_t vpe_of(const struct fz *f, uint8_t x)
{
    return x % (f->nvpe + 1); /* one beyond the vPE table: VCPU_OOR */
}

static uint32_t doorbell_of(struct fin *in, unsigned how)
{
    switch (how & 3) {
    case 0: return 1023; /* none */
    case 3: return fin_u32(in);
    default: return 8192 + fin_u8(in);
    }
}

static void v_command(struct fz *f, struct fin *in, unsigned its)
{
    static const uint8_t table[16] = {OP_VMAPP, OP_VMAPP, OP_VMAPTI, OP_VMAPTI, OP_VMAPI,
                                      OP_VMOVI, OP_VMOVP, OP_VSYNC, OP_VINVALL, OP_INVDB,
                                      OP_VSGI, OP_VSGI, OP_VMAPP, OP_INT, OP_CLEAR, 0};
    uint8_t sel = fin_u8(in), a = fin_u8(in), b = fin_u8(in), x = fin_u8(in);
    unsigned op = table[sel & 15];
    if (!op)
        op = 0x20 | (fin_u8(in) & 15); /* any GICv4 opcode, defined or not */
    uint32_t vpe = vpe_of(f, x), dev = devid(f, in, a), ev = b & 63;
    uint32_t vintid = 8192 + fin_u8(in), db = doorbell_of(in, sel >> 4);
    if ((b & 0xC0) == 0xC0)
        vintid = b & 1 ? fin_u32(in) : fin_u8(in) & 15;
    unsigned cpu = (a >> 4) % (f->cfg.num_cpus + 1);
    uint64_t dw[4] = {op, (uint64_t)vpe << 32, 0, 0};
    switch (op) {
    case OP_VMAPP: { /* slot 12: V = 0; VPT sizes 14..17 (17: beyond 16 ID bits) */
        bool valid = (sel & 15) != 12;
        unsigned bits = (b & 0x3C) == 0x3C ? (unsigned)(fin_u8(in) & 31) + 1 : 14 + (b & 3);
        dw[0] |= (uint64_t)(b >> 6 & 1) << 8 | (uint64_t)(b >> 7) << 9 | VCONF_BASE;
        dw[1] |= db;
        dw[2] = (uint64_t)valid << 63 | rdbase(f, its, cpu) << 16;
        dw[3] = VPT_BASE(vpe) | (bits - 1);
        break;
    }
    case OP_VMAPTI: case OP_VMAPI:
        dw[0] |= (uint64_t)dev << 32;
        dw[1] |= ev;
        dw[2] = (uint64_t)db << 32 | (op == OP_VMAPTI ? vintid : 0);
        break;
    case OP_VMOVI:
        dw[0] |= (uint64_t)dev << 32;
        dw[1] |= ev;
        dw[2] = (uint64_t)db << 32 | (b >> 6 & 1);
        break;
    case OP_VMOVP: /* SequenceNumber 0..3, ITSList from x (or this ITS), DB sometimes */
        dw[0] |= (uint64_t)(a & 3) << 32;
        dw[1] |= b & 0x10 ? (uint64_t)(x >> 4 & 3) : 1u << its;
        dw[2] = rdbase(f, its, cpu) << 16 | (uint64_t)(b >> 7) << 63;
        dw[3] = db;
        break;
    case OP_VSGI: /* Enable, Clear, Group, Priority [7:4], vINTID */
        dw[0] |= (uint64_t)(b & 7) << 8 | (uint64_t)(b >> 4) << 20 | (uint64_t)(a & 15) << 32;
        break;
    case OP_INT: case OP_CLEAR:
        dw[0] |= (uint64_t)dev << 32;
        dw[1] = ev;
        break;
    default: break;
    }
    if ((sel & 0xC0) == 0xC0) { /* a flipped bit: a VPT or VCONF may land anywhere */
        uint8_t bit = fin_u8(in);
        dw[bit >> 6] ^= 1ULL << (bit & 63);
        f->wild = true;
    }
    if (put(f, its, dw) && (x & 1) == 0)
        publish(f, its);
}

static void vpe_op(struct fz *f, struct fin *in, unsigned its)
{
    uint8_t sel = fin_u8(in), x = fin_u8(in);
    unsigned cpu = (sel >> 3) % f->cfg.num_cpus;
    uint32_t vpe = vpe_of(f, x);
    switch (sel & 7) {
    case 0: case 1: /* schedule (VGrp0En/VGrp1En from sel), also while Dirty or valid */
        wr(f, "GICR_VPENDBASER", cpu, 1ULL << 63 | (uint64_t)(sel >> 6) << 58 | vpe);
        break;
    case 2: /* deschedule, Doorbell from sel */
        wr(f, "GICR_VPENDBASER", cpu, (uint64_t)(sel >> 7) << 62);
        break;
    case 3:
        wr(f, "GITS_SGIR", its, (uint64_t)vpe << 32 | (sel >> 4 & 15));
        break;
    case 4: { /* GICR_VSGIR, then GICR_VSGIPENDR: Busy, or the vPE's pending vSGIs */
        wr(f, "GICR_VSGIR", cpu, vpe);
        if (sel & 0x80)
            run(f, 0);
        uint64_t v = rd(f, "GICR_VSGIPENDR", cpu);
        if (!(v >> 31))
            FUZZ_CHECK((v & 0xFFFF) == gic_vsgi_pending(f->gic, rd(f, "GICR_VSGIR", cpu) & 0xFFFF),
                       "CPU %u: GICR_VSGIPENDR 0x%llx", cpu, (unsigned long long)v);
        break;
    }
    case 5: /* GICR_INVLPIR / INVALLR with V = 1 */
        wr(f, sel & 0x80 ? "GICR_INVALLR" : "GICR_INVLPIR", cpu,
           1ULL << 63 | (uint64_t)vpe << 32 | (8192 + fin_u8(in)));
        break;
    case 6: { /* a VCONF byte, invalidated or not */
        uint8_t v = fin_u8(in);
        gic_mem_write(f->mem, VCONF_BASE + fin_u8(in), &v, 1);
        break;
    }
    default: { /* the guest: ICV_IAR1/IAR0, then (mostly) ICV_EOIR */
        bool g0 = sel >> 7;
        uint64_t v = 1023;
        gic_sysreg_read(f->gic, cpu, g0 ? ICV_IAR0_EL1 : ICV_IAR1_EL1, &v);
        FUZZ_CHECK(v == 1023 || v < 16 || (v >= 8192 && v < (1ULL << f->cfg.id_bits)),
                   "CPU %u: ICV_IAR returned %llu (no LRs are written)", cpu,
                   (unsigned long long)v);
        int res = gic_vpe_resident(f->gic, cpu);
        if (v >= 8192 && v != 1023 && res >= 0)
            FUZZ_CHECK(!gic_vlpi_is_pending(f->gic, (uint32_t)res, (uint32_t)v),
                       "CPU %u: vLPI %llu still pending after it was acknowledged", cpu,
                       (unsigned long long)v);
        if (v != 1023 && (sel & 0x40))
            gic_sysreg_write(f->gic, cpu, g0 ? ICV_EOIR0_EL1 : ICV_EOIR1_EL1, v);
        break;
    }
    }
}

static void cwriter_write(struct fz *f, struct fin *in, unsigned its)
{
    uint8_t how = fin_u8(in);
    uint64_t a;
    unsigned w;
    gic_reg_addr(f->gic, "GITS_CWRITER", its, &a, &w);
    switch (how & 7) {
    case 0: case 1: case 2: publish(f, its); break;
    case 3: /* Retry; first (how & 8) replace the command at CREADR with a SYNC, as a
             * driver recovering from a stall does (only then: otherwise the command there
             * may be one under way) */
        if (how & 8 && rd(f, "GITS_CREADR", its) & 1) {
            uint64_t dw[4] = {OP_SYNC, 0, rdbase(f, its, 0) << 16, 0};
            uint64_t creadr = rd(f, "GITS_CREADR", its) & 0xFFFE0;
            gic_mem_write(f->mem, QUEUE_BASE(its) + creadr, dw, sizeof(dw));
        }
        wr(f, "GITS_CWRITER", its, f->cw[its] | 1);
        break;
    case 4: /* beyond the queue (ignored), or anywhere in the Offset field */
        wr(f, "GITS_CWRITER", its, how & 8 ? queue_bytes(f) + 32ULL * fin_u8(in)
                                           : (uint64_t)fin_u32(in));
        break;
    case 5: /* two 32-bit halves */
        gic_mmio_write(f->gic, a, 4, (uint32_t)(f->cw[its] | (how >> 3 & 1)), NS);
        gic_mmio_write(f->gic, a + 4, 4, 0, NS);
        break;
    case 6: /* a stale pointer: commands behind CREADR run again / are skipped */
        wr(f, "GITS_CWRITER", its, (uint64_t)(fin_u8(in) % (queue_bytes(f) / 32)) * 32);
        break;
    default: { /* several commands in one CWRITER write */
        unsigned n = 1 + (how >> 3) % 8;
        for (unsigned k = 0; k < n && !fin_empty(in); k++)
            biased_command(f, in, its);
        publish(f, its);
        break;
    }
    }
    /* The hardware pointer is the one that counts from now on. */
    if ((how & 7) == 4 || (how & 7) == 6)
        f->cw[its] = rd(f, "GITS_CWRITER", its) & 0xFFFE0;
}

/* ---- memory ---- */

static void table_write(struct fz *f, struct fin *in, unsigned its)
{
    uint8_t sel = fin_u8(in), a = fin_u8(in), b = fin_u8(in);
    uint64_t addr;
    switch (sel & 3) {
    case 0: /* DTE of a DeviceID */
        addr = dte_addr(f, its, devid(f, in, a));
        break;
    case 1: /* CTE of ICID a */
        addr = CT_BASE(its) + (uint64_t)(a & 15) * 8;
        break;
    case 2: /* ITE of (DeviceID a, EventID b) */
        addr = ITT_BASE(its, a) + (uint64_t)(b & 63) * 8;
        break;
    default: /* a level-1 entry of a two-level device table: its own level-2 page,
              * another one, or invalid */
        if (!f->indirect)
            return;
        addr = DT_BASE(its) + (uint64_t)(a & 3) * 8;
        {
            unsigned page = b & 2 ? b >> 2 & 3 : a & 3;
            uint64_t e = b & 1 ? 1ULL << 63 | (L2_BASE(its) + page * f->page) : 0;
            gic_mem_write(f->mem, addr, &e, 8);
        }
        return;
    }
    uint64_t e = 0;
    gic_mem_read(f->mem, addr, &e, 8);
    if (sel & 4) {
        e ^= 1ULL << 63; /* valid flip: the rest of the entry stays sane */
    } else {
        e = fin_u64(in);
        if ((sel & 3) == 0 && e >> 63 &&
            itt_hits_lpi_tables(f, e & 0x000FFFFFFFFFFF00ULL, (unsigned)(e & 31)))
            f->wild = true; /* a random ITT address */
    }
    gic_mem_write(f->mem, addr, &e, 8);
}

static void lpi_config(struct fz *f, struct fin *in)
{
    uint8_t sel = fin_u8(in), v = fin_u8(in);
    uint32_t lpi = 8192 + fin_u8(in);
    gic_mem_write(f->mem, PROP_BASE + lpi - 8192, &v, 1);
    unsigned cpu = (sel >> 2) % f->cfg.num_cpus;
    switch (sel & 3) {
    case 0: break; /* no invalidation: may or may not be seen */
    case 1:
        if (f->cfg.direct_lpi)
            wr(f, "GICR_INVLPIR", cpu, lpi);
        break;
    case 2:
        if (f->cfg.direct_lpi)
            wr(f, "GICR_INVALLR", cpu, 0);
        break;
    default: {
        uint64_t dw[4] = {OP_INVALL, 0, (uint64_t)(sel >> 4), 0};
        if (put(f, sel >> 6 & (f->cfg.num_its - 1), dw))
            publish(f, sel >> 6 & (f->cfg.num_its - 1));
        break;
    }
    }
}

static void redistributor(struct fz *f, struct fin *in)
{
    uint8_t sel = fin_u8(in);
    unsigned cpu = (sel >> 3) % f->cfg.num_cpus;
    uint32_t lpi = 8192 + fin_u8(in);
    switch (sel & 7) {
    case 0: wr(f, "GICR_CTLR", cpu, 0); break;                  /* EnableLPIs off */
    case 1: case 2: wr(f, "GICR_CTLR", cpu, 1); break;          /* (back) on */
    case 3: wr(f, "GICR_SETLPIR", cpu, lpi); break;             /* DirectLPI or ignored */
    case 4: wr(f, "GICR_CLRLPIR", cpu, lpi); break;
    case 5: wr(f, "GICR_INVLPIR", cpu, lpi); (void)rd(f, "GICR_SYNCR", cpu); break;
    case 6: { /* a pending-table bit behind the redistributor's back */
        uint64_t a = PEND_BASE + cpu * PAGE_64K + lpi / 8;
        uint8_t byte = 0;
        gic_mem_read(f->mem, a, &byte, 1);
        byte ^= (uint8_t)(1u << (lpi % 8));
        gic_mem_write(f->mem, a, &byte, 1);
        f->wild = true;
        break;
    }
    default: { /* off, the pending table zeroed or not, and on with PTZ */
        wr(f, "GICR_CTLR", cpu, 0);
        wr(f, "GICR_PENDBASER", cpu, PEND_BASE + cpu * PAGE_64K | (uint64_t)(sel >> 7) << 62);
        wr(f, "GICR_CTLR", cpu, 1);
        break;
    }
    }
}

static void its_control(struct fz *f, struct fin *in, unsigned its)
{
    uint8_t sel = fin_u8(in);
    switch (sel & 3) {
    case 0: wr(f, "GITS_CTLR", its, 0); break;
    case 1: wr(f, "GITS_CTLR", its, 1); break;
    default: /* shut down, wait for Quiescent, new tables/queue, start again */
        wr(f, "GITS_CTLR", its, 0);
        run(f, 0);
        if (!(rd(f, "GITS_CTLR", its) >> 31))
            break;
        if (sel & 4) {
            setup_its_tables(f, its); /* same tables: the contents survive */
        } else {
            wr(f, "GITS_CBASER", its, 1ULL << 63 | QUEUE_BASE(its) | (f->queue_pages - 1));
            f->cw[its] = 0;
        }
        if (!(sel & 8))
            wr(f, "GITS_CTLR", its, 1);
        break;
    }
}

/* ---- CPUs and MSIs ---- */

static void cpu_access(struct fz *f, struct fin *in)
{
    uint8_t sel = fin_u8(in);
    unsigned cpu = (sel >> 2) % f->cfg.num_cpus;
    bool g0 = (sel & 3) == 3;
    uint64_t v = 1023;
    gic_sysreg_read(f->gic, cpu, g0 ? ICC_IAR0_EL1 : ICC_IAR1_EL1, &v);
    bool lpi = v >= 8192 && v < (1ULL << f->cfg.id_bits);
    FUZZ_CHECK(v == 1023 || lpi, "CPU %u: IAR returned %llu (only LPIs are enabled)", cpu,
               (unsigned long long)v);
    if (lpi)
        FUZZ_CHECK(!gic_lpi_is_pending(f->gic, cpu, (uint32_t)v),
                   "CPU %u: LPI %llu still pending after it was acknowledged", cpu,
                   (unsigned long long)v);
    if (v != 1023 && (sel & 0xC0) != 0xC0)
        gic_sysreg_write(f->gic, cpu, g0 ? ICC_EOIR0_EL1 : ICC_EOIR1_EL1, v);
    if ((sel & 0xC0) == 0x80) /* EOI of nothing / of another INTID */
        gic_sysreg_write(f->gic, cpu, ICC_EOIR1_EL1, 8192 + fin_u8(in));
}

static void msis(struct fz *f, struct fin *in, unsigned its)
{
    uint8_t sel = fin_u8(in), a = fin_u8(in), b = fin_u8(in);
    unsigned n = 1 + (sel & 3);
    uint32_t dev = devid(f, in, a), ev = b & 63;
    for (unsigned k = 0; k < n; k++) {
        if (sel & 4) {
            gic_msi(f->gic, its, dev, ev + k);
        } else {
            uint64_t addr;
            unsigned w;
            gic_reg_addr(f->gic, "GITS_TRANSLATER", its, &addr, &w);
            gic_mmio_write(f->gic, addr, sel & 8 ? 2 : 4, ev + k, (gic_attrs_t){false, dev});
        }
    }
    if (sel & 16)
        run(f, 0);
}

static void step(struct fz *f, struct fin *in)
{
    uint8_t op = fin_u8(in);
    unsigned its = (op >> 7) & (f->cfg.num_its - 1);
    switch (op & 15) {
    case 0: case 1: case 2: biased_command(f, in, its); break;
    case 3: f->v4 ? v_command(f, in, its) : biased_command(f, in, its); break;
    case 4: f->v4 ? vpe_op(f, in, its) : biased_command(f, in, its); break;
    case 5: cwriter_write(f, in, its); break;
    case 6: case 7: msis(f, in, its); break;
    case 8: run(f, (uint64_t)fin_u8(in) * 1000); break;
    case 9: case 10: cpu_access(f, in); break;
    case 11: table_write(f, in, its); break;
    case 12: lpi_config(f, in); break;
    case 13: redistributor(f, in); break;
    case 14: its_control(f, in, its); break;
    default:
        if (op & 0x40)
            random_command(f, in, its);
        else
            biased_command(f, in, its);
        break;
    }
    check(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fin in = {data, size};
    struct fz f = {0};
    config_from(&f, &in);
    f.mem = gic_mem_create();
    if (!f.mem)
        abort();
    f.cfg.mem = gic_mem_as_port(f.mem);
    char err[160];
    f.gic = gic_create(&f.cfg, err, sizeof(err));
    FUZZ_CHECK(f.gic, "gic_create: %s", err);
    f.tc = (struct trace_check){f.gic, &f.cfg, 0, 0};
    FUZZ_CHECK(gic_add_trace_listener(f.gic, trace_check_event, &f.tc) == GIC_OK, "listener");
    setup(&f);
    run(&f, 0);
    for (unsigned n = 0; !fin_empty(&in) && n < 4096; n++)
        step(&f, &in);
    for (unsigned i = 0; i < f.cfg.num_its; i++)
        publish(&f, i);
    run(&f, 1000000);
    fuzz_summary(f.gic, &f.cfg);
    gic_destroy(f.gic);
    gic_mem_destroy(f.mem);
    return 0;
}
