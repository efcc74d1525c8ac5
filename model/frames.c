/* The memory map (gic_frames): the one description of where the GIC's register frames
 * sit. The MMIO decode in gic.c, gic_reg_addr and every bus wrapper read it, so a
 * frame moves in one place. */
#include "gic_internal.h"

static size_t put(gic_frame_t *out, size_t max, size_t n, gic_frame_t f)
{
    if (n < max)
        out[n] = f;
    return n + 1;
}

size_t gic_config_frames(const gic_config_t *c, gic_frame_t *out, size_t max)
{
    size_t n = 0;
    n = put(out, max, n,
            (gic_frame_t){GIC_FRAME_GICD, 0, c->gicd_base, GIC_FRAME_SIZE, GIC_FRAME_SIZE,
                          "GICD"});
    n = put(out, max, n,
            (gic_frame_t){GIC_FRAME_GICR, 0, c->gicr_base,
                          c->gicr_stride * (uint64_t)c->num_cpus, c->gicr_stride, "GICR"});
    unsigned num_its = c->num_its < GIC_MAX_ITS ? c->num_its : GIC_MAX_ITS;
    for (unsigned i = 0; i < num_its; i++) {
        /* The translation frame is the 64 KiB after the control frame (GITS_TRANSLATER at
         * ITS_base + 0x10040): the architecture fixes it, so it is not configured. */
        uint64_t base = c->its[i].base;
        n = put(out, max, n,
                (gic_frame_t){GIC_FRAME_ITS_CTRL, i, base, GIC_FRAME_SIZE, GIC_FRAME_SIZE,
                              "GITS"});
        n = put(out, max, n,
                (gic_frame_t){GIC_FRAME_ITS_TRANSLATER, i, base + GIC_FRAME_SIZE,
                              GIC_FRAME_SIZE, GIC_FRAME_SIZE, "GITS_TRANSLATER"});
        /* GICv4.1: the vSGI frame (GITS_SGIR at ITS_base + 0x20020) follows. */
        if (c->virt.gicv4)
            n = put(out, max, n,
                    (gic_frame_t){GIC_FRAME_ITS_SGI, i, base + GIC_ITS_SGI_OFFSET,
                                  GIC_FRAME_SIZE, GIC_FRAME_SIZE, "GITS_SGI"});
    }
    return n;
}

size_t gic_frames(const gic_t *g, gic_frame_t *out, size_t max)
{
    size_t n = g->n_frames < max ? g->n_frames : max;
    for (size_t i = 0; i < n; i++)
        out[i] = g->frames[i];
    return g->n_frames;
}

const gic_frame_t *gic_frame_of(const struct gic *g, gic_frame_kind_t kind, unsigned index)
{
    for (size_t i = 0; i < g->n_frames; i++)
        if (g->frames[i].kind == kind && g->frames[i].index == index)
            return &g->frames[i];
    return NULL;
}
