/* The GIC as a whole: creation, reset and destruction of the blocks, MMIO decode over
 * the frame map (frames.c), time and the signal outputs. The configuration's defaults
 * and checks are in config.c, the trace bus and guest errors in trace.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gic_internal.h"
#include "vcpuif.h"

static void decode_init(gic_t *g);

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
    g->n_frames = gic_config_frames(&g->cfg, g->frames, GIC_MAX_FRAMES);
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
        !lpi_init(g) || !vlpi_init(g)) {
        gic_destroy(g);
        if (err && errlen)
            snprintf(err, errlen, "out of memory");
        return NULL;
    }
    decode_init(g);
    gic_reset(g);
    return g;
}

void gic_destroy(gic_t *g)
{
    if (!g)
        return;
    vlpi_free(g);
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
    vlpi_reset(g); /* first: vLPI records go back to the pool */
    lpi_reset(g); /* it releases pending LPIs from the ready heaps */
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

/* ---- MMIO decode, from the frame map (frames.c) ---- */

/* The decode table: the frame map with each frame's register table and block. */
static void decode_init(gic_t *g)
{
    for (size_t i = 0; i < g->n_frames; i++) {
        const gic_frame_t *f = &g->frames[i];
        struct mmio_frame *d = &g->decode[i];
        d->base = f->base;
        d->size = f->size;
        switch (f->kind) {
        case GIC_FRAME_GICD:
            d->set = &gicd_regset, d->blk = &g->gicd;
            break;
        case GIC_FRAME_GICR:
            d->set = NULL, d->blk = g->gicr;
            break;
        case GIC_FRAME_ITS_CTRL:
            d->set = &its_ctrl_regset, d->blk = &g->its[f->index];
            break;
        case GIC_FRAME_ITS_TRANSLATER:
            d->set = &its_trans_regset, d->blk = &g->its[f->index];
            break;
        case GIC_FRAME_ITS_SGI:
            d->set = &its_sgi_regset, d->blk = &g->its[f->index];
            break;
        }
    }
}

/* The frame holding addr, in map order (GICD, GICR, then each ITS, as the hand-written
 * decode before it tested them); addr below a base wraps and fails the one compare. */
static const struct mmio_frame *frame_at(const gic_t *g, uint64_t addr)
{
    for (size_t i = 0; i < g->n_frames; i++)
        if (addr - g->decode[i].base < g->decode[i].size)
            return &g->decode[i];
    return NULL;
}

/* In the redistributor region: the frame of the CPU at rel, NULL in the reserved part
 * of a stride wider than RD_base + SGI_base. */
static const struct gic_regset *gicr_frame(gic_t *g, uint64_t rel, void **blk,
                                           uint32_t *off)
{
    uint64_t in = rel % g->cfg.gicr_stride;
    *blk = &g->gicr[rel / g->cfg.gicr_stride];
    if (in < GIC_GICR_SGI_OFFSET) {
        *off = (uint32_t)in;
        return &gicr_rd_regset;
    }
    *off = (uint32_t)(in - GIC_GICR_SGI_OFFSET);
    if (in - GIC_GICR_SGI_OFFSET < GIC_FRAME_SIZE)
        return &gicr_sgi_regset;
    *off = (uint32_t)(in - GIC_GICR_VLPI_OFFSET);
    return g->cfg.virt.gicv4 && in - GIC_GICR_VLPI_OFFSET < GIC_FRAME_SIZE ? &gicr_vlpi_regset
                                                                          : NULL;
}

/* The register table, block and offset that addr reaches. NULL set with *f NULL: no
 * frame (a bus error); NULL set with *f set: the reserved part of a redistributor's
 * stride. Shared by the access, the debugger's peek and the register names. */
static const struct gic_regset *resolve(gic_t *g, uint64_t addr, const struct mmio_frame **f,
                                        void **blk, uint32_t *off)
{
    *f = frame_at(g, addr);
    if (!*f)
        return NULL;
    *blk = (*f)->blk;
    *off = (uint32_t)(addr - (*f)->base);
    return (*f)->set ? (*f)->set : gicr_frame(g, addr - (*f)->base, blk, off);
}

static gic_status_t mmio(gic_t *g, uint64_t addr, unsigned size, bool is_write,
                         uint64_t *val, gic_attrs_t a)
{
    if (size != 1 && size != 2 && size != 4 && size != 8)
        return GIC_ERR_ARG;
    const struct mmio_frame *f;
    void *blk;
    uint32_t off;
    const struct gic_regset *set = resolve(g, addr, &f, &blk, &off);
    if (!f)
        return GIC_ERR_UNMAPPED;
    if (!set) {
        gic_guest_error(g, "mmio.reserved", "GICR: access to unimplemented frame 0x%llx",
                        (unsigned long long)addr);
        if (!is_write)
            *val = 0;
        return GIC_OK;
    }
    if (set == &gicd_regset && gicd_offset_reserved(g, off)) {
        if (!is_write)
            *val = 0;
        gic_guest_error(g, "mmio.reserved", "GICD: %s of reserved offset 0x%x (MBIS = 0)",
                        is_write ? "write" : "read", (unsigned)off);
        return GIC_OK;
    }
    regtab_access(g, set, blk, off, size, is_write, val, a);
    return GIC_OK;
}

gic_status_t gic_mmio_peek(gic_t *g, uint64_t addr, unsigned size, gic_attrs_t a,
                           uint64_t *val)
{
    *val = 0;
    if (size != 1 && size != 2 && size != 4 && size != 8)
        return GIC_ERR_ARG;
    const struct mmio_frame *f;
    void *blk;
    uint32_t off;
    const struct gic_regset *set = resolve(g, addr, &f, &blk, &off);
    if (!f)
        return GIC_ERR_UNMAPPED;
    if (!set || (set == &gicd_regset && gicd_offset_reserved(g, off)))
        return GIC_ERR_ARG; /* reserved: a read would be RAZ with a guest error */
    return regtab_peek(g, set, blk, off, size, a, val) ? GIC_OK : GIC_ERR_ARG;
}

bool gic_reg_name(gic_t *g, uint64_t addr, char *buf, size_t len)
{
    const struct mmio_frame *f;
    void *blk;
    uint32_t off;
    const struct gic_regset *set = resolve(g, addr, &f, &blk, &off);
    if (!set || !regtab_name(set, off, buf, len))
        return false;
    /* Which redistributor or ITS: "GICR_WAKER[2]", "GITS_CWRITER[0]". */
    size_t n = strlen(buf);
    if (!f->set)
        snprintf(buf + n, len - n, "[%u]", ((struct gicr *)blk)->cpu);
    else if (set == &its_ctrl_regset || set == &its_trans_regset || set == &its_sgi_regset)
        snprintf(buf + n, len - n, "[%u]", ((struct its *)blk)->idx);
    return true;
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

/* A register's address: its frame's base in the map plus its offset in the table. */
gic_status_t gic_reg_addr(const gic_t *g, const char *name, unsigned inst, uint64_t *addr,
                          unsigned *width)
{
    static const struct {
        const struct gic_regset *set;
        gic_frame_kind_t kind;
        uint64_t in_gicr; /* offset of the frame within a redistributor's stride */
    } sets[] = {
        {&gicd_regset, GIC_FRAME_GICD, 0},
        {&its_ctrl_regset, GIC_FRAME_ITS_CTRL, 0},
        {&its_trans_regset, GIC_FRAME_ITS_TRANSLATER, 0},
        {&its_sgi_regset, GIC_FRAME_ITS_SGI, 0},
        {&gicr_rd_regset, GIC_FRAME_GICR, 0},
        {&gicr_sgi_regset, GIC_FRAME_GICR, GIC_GICR_SGI_OFFSET},
        {&gicr_vlpi_regset, GIC_FRAME_GICR, GIC_GICR_VLPI_OFFSET},
    };
    for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
        uint32_t off;
        if (!regtab_lookup(sets[i].set, name, &off, width))
            continue;
        bool gicr = sets[i].kind == GIC_FRAME_GICR;
        bool its = sets[i].kind == GIC_FRAME_ITS_CTRL ||
                   sets[i].kind == GIC_FRAME_ITS_TRANSLATER || sets[i].kind == GIC_FRAME_ITS_SGI;
        const gic_frame_t *f = gic_frame_of(g, sets[i].kind, its ? inst : 0);
        if (!f || (gicr && inst >= g->cfg.num_cpus) ||
            (sets[i].set == &gicr_vlpi_regset && !g->cfg.virt.gicv4))
            return GIC_ERR_ARG;
        *addr = f->base + (gicr ? inst * f->stride + sets[i].in_gicr : 0) + off;
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
