/* Executing the steps that act on the system (everything but expectations). */
#include <string.h>

#include "cpumodel.h"
#include "deliveries.h"
#include "driver.h"
#include "guestcpu.h"
#include "hypervisor.h"
#include "stats.h"
#include "steps.h"
#include "traffic.h"

#define QUIESCENT_LIMIT_PS 1000000000000ULL /* one simulated second */

static gic_attrs_t attrs(const struct step *st)
{
    return (gic_attrs_t){st->flag, st->device};
}

/* mem_read/mmio_read/reg_read/sysreg_read with `expect`: a check like any other. */
static void compare(struct runner *r, const struct step *st, const char *what, uint64_t v)
{
    if (!st->has_expect)
        return;
    bool ok = (v & st->mask) == (st->expect & st->mask);
    runner_read_check(r, ok, "%s: read 0x%llx, expected 0x%llx (mask 0x%llx)", what,
                 (unsigned long long)(v & st->mask), (unsigned long long)(st->expect & st->mask),
                 (unsigned long long)st->mask);
}

static void lpi_config(struct runner *r, const struct step *st)
{
    uint64_t prop = driver_rd(r, "GICR_PROPBASER", 0) & 0x000FFFFFFFFFF000ULL;
    uint8_t conf = (uint8_t)((st->priority & 0xFC) | 2 | (st->flag ? 1 : 0));
    for (uint64_t i = st->intid; i <= st->intid_last; i++)
        bus_mem_write(r, prop + i - 8192, &conf, 1);
}

/* vlpi_config: the configuration table the vPE's VMAPP gave (or vconf: auto allocated). */
static void vlpi_config(struct runner *r, const struct step *st)
{
    struct vpe_tables t;
    if (!driver_vpe_tables(r, st->vpe, &t) || !t.vconf) {
        runner_fatal(r, "vlpi_config: vPE %u has no configuration table (map it with a vmapp "
                     "step first)", st->vpe);
        return;
    }
    uint8_t conf = (uint8_t)((st->priority & 0xFC) | 2 | (st->flag ? 1 : 0));
    for (uint64_t i = st->intid; i <= st->intid_last; i++)
        bus_mem_write(r, t.vconf + i - 8192, &conf, 1);
}

#define VPENDBASER_VALID (1ULL << 63)
#define VPENDBASER_DOORBELL (1ULL << 62)
#define VPENDBASER_DIRTY (1ULL << 60)
#define VPENDBASER_VGRP1EN (1ULL << 58)
#define VPENDBASER_VGRP0EN (1ULL << 59)

static bool not_dirty(struct runner *r, const void *arg)
{
    uint64_t addr = *(const uint64_t *)arg, v = 0;
    gic_mmio_peek(r->gic, addr, 8, (gic_attrs_t){false, 0}, &v);
    return !(v & VPENDBASER_DIRTY);
}

/* vpe_schedule / vpe_deschedule: one GICR_VPENDBASER write (schedule: Valid, both
 * virtual groups enabled, the vPEID; deschedule: Valid = 0 and Doorbell), then, unless
 * wait: false, software's poll of Dirty: the step ends when a read sees it clear, and
 * the time from the write goes in the report. */
static void vpe_residency(struct runner *r, const struct step *st)
{
    bool sched = st->kind == STEP_VPE_SCHEDULE;
    unsigned cpu = (unsigned)st->cpu;
    uint64_t addr;
    unsigned w;
    if (gic_reg_addr(r->gic, "GICR_VPENDBASER", cpu, &addr, &w) != GIC_OK) {
        runner_fatal(r, "%s: no GICR_VPENDBASER", step_name(st->kind));
        return;
    }
    int vpe = sched ? (int)st->vpe : gic_vpe_resident(r->gic, cpu);
    uint64_t v = sched ? VPENDBASER_VALID | VPENDBASER_VGRP0EN | VPENDBASER_VGRP1EN | st->vpe
                       : st->flag ? VPENDBASER_DOORBELL : 0;
    uint64_t t0 = runner_now(r);
    bus_mmio_write(r, addr, 8, v, (gic_attrs_t){false, 0});
    runner_advance_to(r, runner_now(r));
    if (!st->wait)
        return;
    if (!runner_run_until(r, t0 + QUIESCENT_LIMIT_PS, not_dirty, &addr)) {
        runner_check(r, false, "%s: GICR_VPENDBASER.Dirty still 1 after 1 s",
                     step_name(st->kind));
        return;
    }
    uint64_t last = 0;
    bus_mmio_read(r, addr, 8, (gic_attrs_t){false, 0}, &last); /* the poll that sees it */
    runner_advance_to(r, runner_now(r));
    stats_vpe_residency(r->stats, cpu, vpe, sched, t0, runner_now(r) - t0);
}

static void lpi_pending(struct runner *r, const struct step *st)
{
    uint64_t pend = driver_rd(r, "GICR_PENDBASER", (unsigned)st->cpu) & 0x000FFFFFFFFF0000ULL;
    uint8_t byte = 0;
    bus_mem_read(r, pend + st->intid / 8, &byte, 1);
    byte = st->flag ? (uint8_t)(byte | 1u << (st->intid % 8))
                    : (uint8_t)(byte & ~(1u << (st->intid % 8)));
    bus_mem_write(r, pend + st->intid / 8, &byte, 1);
    gic_mem_written(r->gic, pend + st->intid / 8, 1);
}

static void mem_access(struct runner *r, const struct step *st)
{
    uint64_t v = st->value;
    int err = st->kind == STEP_MEM_WRITE ? bus_mem_write(r, st->addr, &v, st->size)
                                         : (v = 0, bus_mem_read(r, st->addr, &v, st->size));
    if (err)
        runner_fatal(r, "%s: address 0x%llx is beyond the 52-bit physical address space",
                     step_name(st->kind), (unsigned long long)st->addr);
    else if (st->kind == STEP_MEM_READ)
        compare(r, st, "mem_read", v);
    else
        gic_mem_written(r->gic, st->addr, st->size);
}

static void mmio(struct runner *r, const struct step *st, uint64_t addr, unsigned size,
                 const char *what)
{
    uint64_t v = 0;
    gic_status_t rc = st->kind == STEP_MMIO_WRITE || st->kind == STEP_REG_WRITE
                          ? bus_mmio_write(r, addr, size, st->value, attrs(st))
                          : bus_mmio_read(r, addr, size, attrs(st), &v);
    if (rc == GIC_ERR_UNMAPPED)
        runner_fatal(r, "%s: 0x%llx is outside every GIC frame", what,
                     (unsigned long long)addr);
    else if (st->kind == STEP_MMIO_READ || st->kind == STEP_REG_READ)
        compare(r, st, what, v);
    runner_advance_to(r, runner_now(r));
}

static void reg(struct runner *r, const struct step *st)
{
    uint64_t addr;
    unsigned width;
    unsigned inst = !strncmp(st->reg, "GITS_", 5) ? st->its : (unsigned)st->cpu;
    if (gic_reg_addr(r->gic, st->reg, inst, &addr, &width) != GIC_OK) {
        char first[80];
        snprintf(first, sizeof(first), "%s0", st->reg);
        if (gic_reg_addr(r->gic, first, 0, &addr, &width) == GIC_OK)
            runner_fatal(r, "%s: '%s' is an array of registers: name one (%s, %s1, ...)",
                         step_name(st->kind), st->reg, first, st->reg);
        else
            runner_fatal(r, "%s: '%s' is not a register of this system", step_name(st->kind),
                         st->reg);
        return;
    }
    mmio(r, st, addr, width, st->reg);
}

/* `secure: true` makes the access from the PE's Secure state (the Secure banks of
 * ICC_CTLR/BPR1/IGRPEN1/AP1R, the Secure view of PMR and RPR, Group 0 acknowledge);
 * the PE returns to the Non-secure state, where scenario steps act, afterwards. */
static void sysreg(struct runner *r, const struct step *st)
{
    uint64_t v = 0;
    if (st->flag)
        bus_set_secure(r, (unsigned)st->cpu, true);
    if (st->kind == STEP_SYSREG_WRITE) {
        bus_sysreg_write(r, (unsigned)st->cpu, (gic_sysreg_t)st->sysreg, st->value);
    } else {
        bus_sysreg_read(r, (unsigned)st->cpu, (gic_sysreg_t)st->sysreg, &v);
        compare(r, st, gic_sysreg_name((gic_sysreg_t)st->sysreg), v);
    }
    if (st->flag)
        bus_set_secure(r, (unsigned)st->cpu, false);
    runner_advance_to(r, runner_now(r));
}

static void wire(struct runner *r, const struct step *st)
{
    for (int phase = 0; phase < (st->level == 2 ? 2 : 1); phase++) {
        bool level = st->level == 2 ? phase == 0 : st->level == 1;
        if (st->kind == STEP_SPI)
            r->bus->set_spi(r->bus->ctx, st->intid, level);
        else
            r->bus->set_ppi(r->bus->ctx, (unsigned)st->cpu, st->intid, level);
    }
    runner_advance_to(r, runner_now(r));
}

/* One ICC_SGI1R_EL1 write per affinity cluster of the targets (16 PEs each). */
static void sgi(struct runner *r, const struct step *st)
{
    uint64_t intid = (uint64_t)st->intid << 24;
    if (st->all_but_self) {
        bus_sysreg_write(r, (unsigned)st->cpu, ICC_SGI1R_EL1, intid | 1ULL << 40);
    } else {
        for (unsigned i = 0; i < st->n_list; i++) {
            uint32_t aff = gic_cpu_affinity(st->list[i]);
            uint64_t v = intid | 1u << (aff & 0xF) | (uint64_t)(aff >> 8 & 0xFF) << 16 |
                         (uint64_t)(aff >> 16 & 0xFF) << 32;
            bus_sysreg_write(r, (unsigned)st->cpu, ICC_SGI1R_EL1, v);
        }
    }
    runner_advance_to(r, runner_now(r));
}

static bool quiet(struct runner *r, const void *arg)
{
    (void)arg;
    return gic_next_event_time(r->gic) == GIC_TIME_NEVER &&
           sched_next_time(&r->sched) == UINT64_MAX;
}

/* ack/eoi/dir with `virtual: true`: ICV_IAR0/1, ICV_EOIR0/1, ICV_DIR (an EL1 access
 * with HCR_EL2.IMO = FMO = 1, whatever the PE's state). */
static void virtual_access(struct runner *r, const struct step *st)
{
    unsigned cpu = (unsigned)st->cpu;
    if (st->kind == STEP_ACK) {
        uint64_t id = 1023;
        bus_sysreg_read(r, cpu, st->group ? ICV_IAR1_EL1 : ICV_IAR0_EL1, &id);
        if (id < 1020 || id > 1023)
            guests_record(r->guests, cpu, (uint32_t)id);
        if (st->has_expect)
            runner_check(r, id == st->expect, "ack on CPU %u: ICV_IAR%u_EL1 read %llu, "
                         "expected %llu", cpu, st->group, (unsigned long long)id,
                         (unsigned long long)st->expect);
    } else {
        gic_sysreg_t reg = st->kind == STEP_DIR ? ICV_DIR_EL1
                           : st->group          ? ICV_EOIR1_EL1
                                                : ICV_EOIR0_EL1;
        bus_sysreg_write(r, cpu, reg, st->intid);
    }
    runner_advance_to(r, runner_now(r));
}

/* The INTID a CPU took most often among the last deliveries, and how often. */
static uint32_t most_taken(struct runner *r, unsigned cpu, unsigned *times)
{
    size_t n_del;
    const struct delivery *del = deliveries_all(r->deliveries, &n_del);
    uint32_t best = 1023;
    *times = 0;
    size_t from = n_del > 64 ? n_del - 64 : 0;
    for (size_t i = from; i < n_del; i++) {
        unsigned n = 0;
        for (size_t k = from; k < n_del; k++)
            n += del[k].cpu == cpu && del[k].intid == del[i].intid && !del[k].virt;
        if (del[i].cpu == cpu && n > *times)
        {
            best = del[i].intid;
            *times = n;
        }
    }
    return best;
}

/* What keeps a run from becoming quiescent, for wait_until's message. */
static void still_busy(struct runner *r, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = 0;
    for (unsigned i = 0; i < r->s->gic.num_its && n + 80 < len; i++)
        if (gic_its_busy(r->gic, i))
            n += (size_t)snprintf(buf + n, len - n, "%sITS%u busy (%u commands queued%s)",
                                  n ? "; " : "", i, gic_its_queue_depth(r->gic, i),
                                  gic_its_stalled(r->gic, i) ? ", stalled" : "");
    for (unsigned c = 0; c < r->s->gic.num_cpus && n + 120 < len; c++) {
        unsigned times;
        uint32_t intid = most_taken(r, c, &times);
        if (times >= 16)
            n += (size_t)snprintf(buf + n, len - n, "%sCPU %u keeps taking INTID %u (%u of "
                                  "the last 64 deliveries: a level interrupt whose line is "
                                  "held high?)", n ? "; " : "", c, intid, times);
    }
    if (traffic_active(r->traffic) && n + 60 < len)
        n += (size_t)snprintf(buf + n, len - n, "%s%u traffic generators still sending",
                              n ? "; " : "", traffic_active(r->traffic));
    if (!n)
        snprintf(buf, len, "events keep being scheduled (the GIC's next at %llu ps)",
                 (unsigned long long)gic_next_event_time(r->gic));
}

static void cpu_access(struct runner *r, const struct step *st)
{
    unsigned cpu = (unsigned)st->cpu;
    if (st->virt) {
        virtual_access(r, st);
        return;
    }
    if (st->kind == STEP_ACK) {
        uint64_t intid = 1023;
        bus_sysreg_read(r, cpu, st->group ? ICC_IAR1_EL1 : ICC_IAR0_EL1, &intid);
        if (intid < 1020 || intid > 1023) /* not a special INTID: SPIs, LPIs, ... */
            cpus_record_delivery(r->cpus, cpu, (uint32_t)intid);
        char why[240] = "";
        if (st->has_expect && intid != st->expect && intid >= 1020 && intid <= 1023) {
            strcpy(why, ": ");
            gic_cpu_why_spurious(r->gic, cpu, st->group, why + 2, sizeof(why) - 2);
        }
        if (st->has_expect)
            runner_read_check(r, intid == st->expect, "ack on CPU %u: ICC_IAR%u_EL1 read %llu, "
                         "expected %llu%s", cpu, st->group, (unsigned long long)intid,
                         (unsigned long long)st->expect, why);
    } else {
        gic_sysreg_t reg = st->kind == STEP_DIR ? ICC_DIR_EL1
                           : st->group          ? ICC_EOIR1_EL1
                                                : ICC_EOIR0_EL1;
        bus_sysreg_write(r, cpu, reg, st->intid);
    }
    runner_advance_to(r, runner_now(r));
}

/* traffic: the driver maps the devices first when asked (map: auto). */
static void traffic(struct runner *r, const struct step *st)
{
    if (st->map_auto && st->passthrough)
        hyp_map_passthrough(r->hyp, st);
    else if (st->map_auto)
        driver_map_auto(r->driver, st);
    traffic_start(r->traffic, st);
}

void steps_execute(struct runner *r, const struct step *st)
{
    switch (st->kind) {
    case STEP_LPI_CONFIG: lpi_config(r, st); break;
    case STEP_LPI_PENDING: lpi_pending(r, st); break;
    case STEP_VLPI_CONFIG: vlpi_config(r, st); break;
    case STEP_VPE_SCHEDULE: case STEP_VPE_DESCHEDULE: vpe_residency(r, st); break;
    case STEP_MEM_WRITE: case STEP_MEM_READ: mem_access(r, st); break;
    case STEP_MMIO_WRITE: case STEP_MMIO_READ: mmio(r, st, st->addr, st->size, "mmio"); break;
    case STEP_REG_WRITE: case STEP_REG_READ: reg(r, st); break;
    case STEP_SYSREG_WRITE: case STEP_SYSREG_READ: sysreg(r, st); break;
    case STEP_MSI: traffic_msi(r->traffic, st); runner_advance_to(r, runner_now(r)); break;
    case STEP_SPI: case STEP_PPI: wire(r, st); break;
    case STEP_SGI: sgi(r, st); break;
    case STEP_WAIT: runner_advance_to(r, runner_now(r) + st->time); break;
    case STEP_WAIT_UNTIL:
        if (!runner_run_until(r, runner_now(r) + QUIESCENT_LIMIT_PS, quiet, NULL)) {
            char busy[400];
            still_busy(r, busy, sizeof(busy));
            runner_check(r, false, "wait_until: not quiescent after 1 s of simulated time: %s",
                         busy);
        }
        break;
    case STEP_ACK: case STEP_EOI: case STEP_DIR: cpu_access(r, st); break;
    case STEP_TRAFFIC: traffic(r, st); break;
    case STEP_PE_STATE:
        bus_set_el(r, (unsigned)st->cpu, st->el, st->imo, st->fmo);
        runner_advance_to(r, runner_now(r));
        break;
    case STEP_VM: case STEP_INJECT: case STEP_LINK: case STEP_RUN: case STEP_EXIT:
        hyp_step(r->hyp, st);
        break;
    default: /* ITS command steps */
        driver_commands(r, st->its, st->cmds, st->n_cmds, st->wait);
        runner_advance_to(r, runner_now(r)); /* wait: false still settles this instant */
        break;
    }
}
