/* The GIC as a whole: creation, the MMIO map, shared services (trace bus, guest
 * errors) and the interrupt-readiness bookkeeping that links the blocks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gic_internal.h"

void gic_config_default(gic_config_t *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->num_cpus = 4;
    cfg->num_spis = 256;
    cfg->id_bits = 16;
    cfg->pri_bits = 5;
    cfg->lpis = true;
    cfg->gicd_base = 0x08000000;
    cfg->gicr_base = 0x080A0000;
    cfg->gicr_stride = 0x20000;
    cfg->lpi_prop_cache_entries = 1024;
    cfg->num_its = 1;
    /* ITS0 where QEMU's virt board has it; further ITSs above the largest GICR region
     * (512 PEs at a 256 KiB stride ends below 0x1010_0000). */
    for (unsigned i = 0; i < GIC_MAX_ITS; i++)
        cfg->its[i] = (gic_its_config_t){
            .base = i == 0 ? 0x08080000 : 0x20000000 + (uint64_t)(i - 1) * 0x20000,
            .device_bits = 16, .event_bits = 16, .collection_bits = 16,
            /* Intel Agilex 5 HPS GIC-600 cache sizes */
            .device_cache_entries = 32, .event_cache_entries = 256,
            .collection_cache_entries = 16};
}

static bool config_error(char *err, size_t len, const char *msg)
{
    if (err && len)
        snprintf(err, len, "%s", msg);
    return false;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

static bool its_config_valid(const gic_config_t *c, unsigned i, char *err, size_t len)
{
    const gic_its_config_t *t = &c->its[i];
    char msg[96];
    if (t->device_bits < 1 || t->device_bits > 32 || t->event_bits < 1 ||
        t->event_bits > 32 || t->collection_bits > 16)
        snprintf(msg, sizeof(msg), "ITS%u: device_bits/event_bits 1..32, collection_bits 0..16", i);
    else if (t->base % GIC_FRAME_64K)
        snprintf(msg, sizeof(msg), "ITS%u: base must be 64 KiB aligned", i);
    else if (overlaps(t->base, 2 * GIC_FRAME_64K, c->gicd_base, GIC_FRAME_64K) ||
             overlaps(t->base, 2 * GIC_FRAME_64K, c->gicr_base, c->gicr_stride * c->num_cpus))
        snprintf(msg, sizeof(msg), "ITS%u: frames overlap the GICD or GICR frames", i);
    else if (t->device_cache_entries % 2 || t->event_cache_entries % 2 ||
             t->collection_cache_entries % 2)
        snprintf(msg, sizeof(msg), "ITS%u: cache sizes must be even (2-way)", i);
    else {
        for (unsigned j = 0; j < i; j++)
            if (overlaps(t->base, 2 * GIC_FRAME_64K, c->its[j].base, 2 * GIC_FRAME_64K)) {
                snprintf(msg, sizeof(msg), "ITS%u and ITS%u frames overlap", j, i);
                return config_error(err, len, msg);
            }
        return true;
    }
    return config_error(err, len, msg);
}

static bool config_valid(const gic_config_t *c, char *err, size_t len)
{
    if (c->num_cpus < 1 || c->num_cpus > GIC_MAX_CPUS)
        return config_error(err, len, "num_cpus must be 1..512");
    if (!(c->num_spis % 32 == 0 && c->num_spis <= 960) && c->num_spis != 988)
        return config_error(err, len, "num_spis must be a multiple of 32 up to 960, or 988");
    if (c->id_bits < 14 || c->id_bits > 24)
        return config_error(err, len, "id_bits must be 14..24");
    if (c->pri_bits < 4 || c->pri_bits > 8)
        return config_error(err, len, "pri_bits must be 4..8");
    if (c->gicr_stride < 2 * GIC_FRAME_64K || c->gicr_stride % GIC_FRAME_64K)
        return config_error(err, len, "gicr_stride must be a multiple of 64 KiB, >= 128 KiB");
    const uint64_t pa_limit = 1ULL << GIC_PA_BITS;
    if (c->gicd_base % GIC_FRAME_64K || c->gicr_base % GIC_FRAME_64K ||
        c->gicd_base > pa_limit - GIC_FRAME_64K ||
        c->gicr_base > pa_limit - c->gicr_stride * c->num_cpus)
        return config_error(err, len, "GICD/GICR bases must be 64 KiB aligned, below 2^52");
    if (overlaps(c->gicd_base, GIC_FRAME_64K, c->gicr_base, c->gicr_stride * c->num_cpus))
        return config_error(err, len, "the GICD frame overlaps the GICR region");
    if (c->lpi_prop_cache_entries % 2 || c->lpi_prop_cache_entries > (1u << 20))
        return config_error(err, len, "lpi_prop_cache_entries must be even, <= 2^20");
    if (c->num_its > GIC_MAX_ITS)
        return config_error(err, len, "at most 16 ITSs");
    for (unsigned i = 0; i < c->num_its; i++)
        if (!its_config_valid(c, i, err, len))
            return false;
    return timing_check(&c->timing, err, len);
}

bool gic_config_check(const gic_config_t *cfg, char *err, size_t errlen)
{
    return config_valid(cfg, err, errlen);
}

gic_t *gic_create(const gic_config_t *cfg, char *err, size_t errlen)
{
    if (!config_valid(cfg, err, errlen))
        return NULL;
    if (!cfg->mem.read || !cfg->mem.write) {
        config_error(err, errlen, "a memory port (mem.read, mem.write) is required");
        return NULL;
    }
    gic_t *g = calloc(1, sizeof(*g));
    if (!g)
        return NULL;
    g->cfg = *cfg;
    g->preempt_bits = cfg->pri_bits < 7 ? cfg->pri_bits : 7;
    g->pri_mask = (uint8_t)(0xFF << (8 - cfg->pri_bits));
    sched_init(&g->sched);
    timing_init(&g->tm, &cfg->timing);
    g->gicd.spi = calloc(cfg->num_spis + 1, sizeof(*g->gicd.spi));
    g->gicd.irouter = calloc(cfg->num_spis + 1, sizeof(*g->gicd.irouter));
    g->gicd.nsacr = calloc(64, sizeof(*g->gicd.nsacr));
    g->gicr = calloc(cfg->num_cpus, sizeof(*g->gicr));
    g->cpu = calloc(cfg->num_cpus, sizeof(*g->cpu));
    g->its = calloc(cfg->num_its ? cfg->num_its : 1, sizeof(*g->its));
    bool its_ok = g->its != NULL;
    for (unsigned i = 0; its_ok && i < cfg->num_its; i++)
        its_ok = its_init(g, &g->its[i], i);
    if (!its_ok || !g->gicd.spi || !g->gicd.irouter || !g->gicd.nsacr || !g->gicr || !g->cpu ||
        !lpi_init(g)) {
        gic_destroy(g);
        config_error(err, errlen, "out of memory");
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

/* ---- trace bus and guest errors ---- */

gic_status_t gic_add_trace_listener(gic_t *g, gic_trace_fn fn, void *opaque)
{
    struct gic_listener *l = realloc(g->listeners, (g->n_listeners + 1) * sizeof(*l));
    if (!l)
        return GIC_ERR_NOMEM;
    g->listeners = l;
    l[g->n_listeners++] = (struct gic_listener){fn, opaque};
    return GIC_OK;
}

static void emit(struct gic *g, gic_trace_event_t *ev)
{
    ev->time = g->sched.now;
    for (unsigned i = 0; i < g->n_listeners; i++)
        g->listeners[i].fn(g->listeners[i].opaque, ev);
}

void gic_trace(struct gic *g, gic_trace_kind_t kind, int cpu, uint32_t intid, uint64_t a,
               uint64_t b, uint64_t c)
{
    if (!g->n_listeners)
        return;
    gic_trace_event_t ev = {kind, 0, cpu, intid, a, b, c, NULL, NULL};
    emit(g, &ev);
}

void gic_trace_journey(struct gic *g, unsigned cpu, uint32_t intid,
                       const gic_lpi_journey_t *j)
{
    if (!g->n_listeners)
        return;
    gic_trace_event_t ev = {GIC_TRACE_LPI_TIMING, 0, (int32_t)cpu, intid, 0, 0, 0, NULL, j};
    emit(g, &ev);
}

void gic_guest_error(struct gic *g, const char *rule, const char *fmt, ...)
{
    g->guest_errors++;
    if (!g->n_listeners)
        return;
    char buf[256];
    int n = snprintf(buf, sizeof(buf), "%s: ", rule);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
    va_end(ap);
    gic_trace_event_t ev = {GIC_TRACE_GUEST_ERROR, 0, -1, INTID_SPURIOUS, 0, 0, 0, buf, NULL};
    emit(g, &ev);
}

uint64_t gic_guest_error_count(const gic_t *g)
{
    return g->guest_errors;
}

static const char *const trace_names[] = {
#define GIC_TRACE_NAME(k, n) n,
    GIC_TRACE_KINDS(GIC_TRACE_NAME)
#undef GIC_TRACE_NAME
};

const char *gic_trace_name(gic_trace_kind_t kind)
{
    return (unsigned)kind < GIC_TRACE_NUM_KINDS ? trace_names[kind] : "unknown";
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
        regtab_access(g, &gicd_regset, &g->gicd, (uint32_t)(addr - c->gicd_base), size,
                      is_write, val, a);
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
    g->access_ps = g->tm.mmio_ps;
    gic_status_t st = mmio(g, addr, size, false, val, a);
    if (st == GIC_OK)
        gic_trace(g, GIC_TRACE_MMIO_READ, -1, INTID_SPURIOUS, addr, *val, size);
    return st;
}

gic_status_t gic_mmio_write(gic_t *g, uint64_t addr, unsigned size, uint64_t val,
                            gic_attrs_t a)
{
    g->access_ps = g->tm.mmio_ps;
    if (size < 8)
        val &= mask64(8 * size);
    gic_status_t st = mmio(g, addr, size, true, &val, a);
    if (st == GIC_OK)
        gic_trace(g, GIC_TRACE_MMIO_WRITE, -1, INTID_SPURIOUS, addr, val, size);
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
