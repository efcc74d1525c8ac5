/* The GIC as a whole: creation, reset and destruction of the blocks, the MMIO map,
 * time and the signal outputs. The configuration's defaults and checks are in
 * config.c, the trace bus and guest errors in trace.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gic_internal.h"
#include "vcpuif.h"

gic_t *gic_create(const gic_config_t *cfg, char *err, size_t errlen)
{
    if (!gic_config_check(cfg, err, errlen))
        return NULL;
    if (!cfg->mem.read || !cfg->mem.write) {
        if (err && errlen)
            snprintf(err, errlen, "a memory port (mem.read, mem.write) is required");
        return NULL;
    }
    gic_t *g = calloc(1, sizeof(*g));
    if (!g)
        return NULL;
    g->cfg = *cfg;
    g->preempt_bits = cfg->pri_bits < 7 ? cfg->pri_bits : 7;
    g->pri_mask = (uint8_t)(0xFF << (8 - cfg->pri_bits));
    unsigned dist_bits = cfg->dist_pri_bits ? cfg->dist_pri_bits : cfg->pri_bits;
    g->dist_pri_mask = (uint8_t)(0xFF << (8 - dist_bits));
    sched_init(&g->sched);
    timing_init(&g->tm, &cfg->timing);
    g->gicd.spi = calloc(cfg->num_spis + 1, sizeof(*g->gicd.spi));
    g->gicd.irouter = calloc(cfg->num_spis + 1, sizeof(*g->gicd.irouter));
    g->gicd.nsacr = calloc(64, sizeof(*g->gicd.nsacr));
    g->gicr = calloc(cfg->num_cpus, sizeof(*g->gicr));
    g->cpu = calloc(cfg->num_cpus, sizeof(*g->cpu));
    if (cfg->virt.enabled)
        g->vcpu = calloc(cfg->num_cpus, sizeof(*g->vcpu));
    g->its = calloc(cfg->num_its ? cfg->num_its : 1, sizeof(*g->its));
    bool its_ok = g->its != NULL;
    for (unsigned i = 0; its_ok && i < cfg->num_its; i++)
        its_ok = its_init(g, &g->its[i], i);
    if (!its_ok || !g->gicd.spi || !g->gicd.irouter || !g->gicd.nsacr || !g->gicr || !g->cpu ||
        (cfg->virt.enabled && !g->vcpu) ||
        !lpi_init(g)) {
        gic_destroy(g);
        if (err && errlen)
            snprintf(err, errlen, "out of memory");
        return NULL;
    }
    gic_reset(g);
    return g;
}

void gic_destroy(gic_t *g)
{
    if (!g)
        return;
    lpi_free(g);
    for (unsigned i = 0; g->its && i < g->cfg.num_its; i++)
        its_free(&g->its[i]);
    free(g->its);
    for (unsigned c = 0; g->cpu && c < g->cfg.num_cpus; c++)
        for (int k = 0; k < GIC_NUM_GRPS; k++)
            heap_free(&g->cpu[c].ready[k]);
    free(g->cpu);
    free(g->vcpu);
    free(g->gicr);
    free(g->gicd.spi);
    free(g->gicd.irouter);
    free(g->gicd.nsacr);
    free(g->listeners);
    sched_free(&g->sched);
    free(g);
}

void gic_reset(gic_t *g)
{
    lpi_reset(g); /* first: it releases pending LPIs from the ready heaps */
    for (unsigned c = 0; c < g->cfg.num_cpus; c++)
        for (int k = 0; k < GIC_NUM_GRPS; k++)
            g->cpu[c].ready[k].n = 0;
    uint64_t now = g->sched.now; /* reset drops pending events; time goes on */
    sched_free(&g->sched);
    g->sched.now = now;
    gicd_reset(g);
    for (unsigned c = 0; c < g->cfg.num_cpus; c++) {
        g->gicr[c].cpu = c;
        gicr_reset(g, &g->gicr[c]);
        cpuif_reset(g, c);
        if (g->vcpu)
            vcpuif_reset(g, c);
    }
    for (unsigned i = 0; i < g->cfg.num_its; i++)
        its_reset(g, &g->its[i]);
    mem_if_init(&g->dist_mem, &g->cfg.timing);
    g->guest_errors = 0;
}

const gic_config_t *gic_get_config(const gic_t *g)
{
    return &g->cfg;
}

bool gic_ds(const struct gic *g)
{
    return g->gicd.ds;
}

/* ---- affinity ---- */

uint32_t gic_cpu_affinity(unsigned cpu)
{
    /* Aff0 0..15 (what an SGI target list reaches with RS = 0), then Aff1, Aff2. */
    return (cpu % 16) | ((cpu / 16 % 256) << 8) | ((cpu / 4096) << 16);
}

int gic_cpu_by_affinity(const struct gic *g, uint32_t aff)
{
    uint32_t aff0 = aff & 0xFF, aff1 = (aff >> 8) & 0xFF, aff2 = (aff >> 16) & 0xFF;
    if (aff0 >= 16 || (aff >> 24) != 0)
        return NO_CPU;
    uint32_t cpu = aff2 * 4096 + aff1 * 16 + aff0;
    return cpu < g->cfg.num_cpus ? (int)cpu : NO_CPU;
}

/* ---- MMIO map ---- */

static bool in_frame(uint64_t addr, uint64_t base, uint64_t size)
{
    return addr >= base && addr - base < size;
}

static gic_status_t mmio(gic_t *g, uint64_t addr, unsigned size, bool is_write,
                         uint64_t *val, gic_attrs_t a)
{
    const gic_config_t *c = &g->cfg;
    if (size != 1 && size != 2 && size != 4 && size != 8)
        return GIC_ERR_ARG;
    if (in_frame(addr, c->gicd_base, GIC_FRAME_64K)) {
        uint32_t off = (uint32_t)(addr - c->gicd_base);
        if (gicd_offset_reserved(g, off)) {
            if (!is_write)
                *val = 0;
            gic_guest_error(g, "mmio.reserved", "GICD: %s of reserved offset 0x%x (MBIS = 0)",
                            is_write ? "write" : "read", (unsigned)off);
            return GIC_OK;
        }
        regtab_access(g, &gicd_regset, &g->gicd, off, size, is_write, val, a);
        return GIC_OK;
    }
    if (in_frame(addr, c->gicr_base, c->gicr_stride * c->num_cpus)) {
        uint64_t rel = addr - c->gicr_base;
        struct gicr *r = &g->gicr[rel / c->gicr_stride];
        uint64_t off = rel % c->gicr_stride;
        if (off < GIC_FRAME_64K)
            regtab_access(g, &gicr_rd_regset, r, (uint32_t)off, size, is_write, val, a);
        else if (off < 2 * GIC_FRAME_64K)
            regtab_access(g, &gicr_sgi_regset, r, (uint32_t)(off - GIC_FRAME_64K), size,
                          is_write, val, a);
        else {
            gic_guest_error(g, "mmio.reserved", "GICR: access to unimplemented frame 0x%llx",
                            (unsigned long long)addr);
            if (!is_write)
                *val = 0;
        }
        return GIC_OK;
    }
    for (unsigned i = 0; i < c->num_its; i++) {
        struct its *its = &g->its[i];
        if (in_frame(addr, its->cfg.base, GIC_FRAME_64K)) {
            regtab_access(g, &its_ctrl_regset, its, (uint32_t)(addr - its->cfg.base), size,
                          is_write, val, a);
            return GIC_OK;
        }
        if (in_frame(addr, its->cfg.base + GIC_FRAME_64K, GIC_FRAME_64K)) {
            regtab_access(g, &its_trans_regset, its,
                          (uint32_t)(addr - its->cfg.base - GIC_FRAME_64K), size, is_write,
                          val, a);
            return GIC_OK;
        }
    }
    return GIC_ERR_UNMAPPED;
}

gic_time_t gic_last_access_time(const gic_t *g)
{
    return g->access_ps;
}

gic_status_t gic_mmio_read(gic_t *g, uint64_t addr, unsigned size, gic_attrs_t a,
                           uint64_t *val)
{
    g->access_ps = timing_mmio(&g->tm);
    gic_status_t st = mmio(g, addr, size, false, val, a);
    if (st == GIC_OK)
        GIC_TRACE(g, .kind = GIC_TRACE_MMIO_READ, .addr = addr, .value = *val, .size = size);
    return st;
}

gic_status_t gic_mmio_write(gic_t *g, uint64_t addr, unsigned size, uint64_t val,
                            gic_attrs_t a)
{
    g->access_ps = timing_mmio(&g->tm);
    if (size < 8)
        val &= mask64(8 * size);
    gic_status_t st = mmio(g, addr, size, true, &val, a);
    if (st == GIC_OK)
        GIC_TRACE(g, .kind = GIC_TRACE_MMIO_WRITE, .addr = addr, .value = val, .size = size);
    return st;
}

gic_status_t gic_reg_addr(const gic_t *g, const char *name, unsigned inst, uint64_t *addr,
                          unsigned *width)
{
    uint32_t off;
    const gic_config_t *c = &g->cfg;
    if (regtab_lookup(&gicd_regset, name, &off, width)) {
        *addr = c->gicd_base + off;
        return GIC_OK;
    }
    if (regtab_lookup(&its_ctrl_regset, name, &off, width))
        return inst < c->num_its ? (*addr = c->its[inst].base + off, GIC_OK) : GIC_ERR_ARG;
    if (regtab_lookup(&its_trans_regset, name, &off, width)) {
        if (inst >= c->num_its)
            return GIC_ERR_ARG;
        *addr = c->its[inst].base + GIC_FRAME_64K + off;
        return GIC_OK;
    }
    if (inst >= c->num_cpus)
        return GIC_ERR_ARG;
    uint64_t rd = c->gicr_base + (uint64_t)inst * c->gicr_stride;
    if (regtab_lookup(&gicr_rd_regset, name, &off, width)) {
        *addr = rd + off;
        return GIC_OK;
    }
    if (regtab_lookup(&gicr_sgi_regset, name, &off, width)) {
        *addr = rd + GIC_FRAME_64K + off;
        return GIC_OK;
    }
    return GIC_ERR_ARG;
}

/* ---- time and signals ---- */

gic_time_t gic_now(const gic_t *g)
{
    return g->sched.now;
}

gic_time_t gic_next_event_time(const gic_t *g)
{
    return sched_next_time(&g->sched);
}

void gic_run_until(gic_t *g, gic_time_t t)
{
    sched_run_until(&g->sched, t);
}

void gic_set_signal_handler(gic_t *g, gic_signal_fn fn, void *opaque)
{
    g->signal_fn = fn;
    g->signal_opaque = opaque;
}

bool gic_signal_level(const gic_t *g, unsigned cpu, gic_signal_t sig)
{
    if (cpu >= g->cfg.num_cpus)
        return false;
    return sig == GIC_SIG_IRQ ? g->cpu[cpu].irq : g->cpu[cpu].fiq;
}
