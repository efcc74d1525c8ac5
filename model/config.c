/* The configuration: defaults (QEMU virt's map, GIC-600 cache sizes) and the checks
 * gic_create makes before building anything. */
#include <stdio.h>
#include <string.h>

#include "gic_internal.h"

static uint64_t default_its_base(unsigned i, bool gicv4);

void gic_config_default(gic_config_t *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->num_cpus = 4;
    cfg->num_spis = 256;
    cfg->id_bits = 16;
    cfg->pri_bits = 5;
    cfg->mbis = true;
    cfg->lpis = true;
    cfg->gicd_base = 0x08000000;
    cfg->gicr_base = 0x080A0000;
    cfg->gicr_stride = 0x20000;
    cfg->lpi_prop_cache_entries = 1024;
    cfg->num_its = 1;
    /* The virtual interface of a Cortex-A-class PE (ICH_VTR_EL2 0x90000003: 4 LRs,
     * 5 priority and preemption bits); the maintenance interrupt at Arm's BSA PPI 25. */
    cfg->virt = (gic_virt_config_t){.enabled = false, .list_registers = 4, .priority_bits = 5,
                                    .preemption_bits = 5, .maintenance_intid = 25,
                                    .gicv4 = false, .vpeid_bits = 16};
    /* ITS0 where QEMU's virt board has it; further ITSs above the largest GICR region
     * (512 PEs at a 256 KiB stride ends below 0x1010_0000). */
    for (unsigned i = 0; i < GIC_MAX_ITS; i++)
        cfg->its[i] = (gic_its_config_t){
            .base = default_its_base(i, false),
            .device_bits = 16, .event_bits = 16, .collection_bits = 16,
            /* Intel Agilex 5 HPS GIC-600 cache sizes */
            .device_cache_entries = 32, .event_cache_entries = 256,
            .collection_cache_entries = 16, .vpe_cache_entries = 16};
}

static uint64_t default_its_base(unsigned i, bool gicv4)
{
    if (gicv4) /* three frames: ITS0 between GICD and GICR, the rest 256 KiB apart */
        return i == 0 ? 0x08040000 : 0x20000000 + (uint64_t)(i - 1) * 0x40000;
    return i == 0 ? 0x08080000 : 0x20000000 + (uint64_t)(i - 1) * 0x20000;
}

void gic_config_enable_gicv4(gic_config_t *cfg)
{
    cfg->virt.enabled = cfg->virt.gicv4 = true;
    if (cfg->gicr_stride < 4 * GIC_FRAME_64K)
        cfg->gicr_stride = 4 * GIC_FRAME_64K;
    for (unsigned i = 0; i < GIC_MAX_ITS; i++)
        if (cfg->its[i].base == default_its_base(i, false))
            cfg->its[i].base = default_its_base(i, true);
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

/* An ITS's frames: control and translation, and with GICv4.1 the vSGI frame. */
static uint64_t its_span(const gic_config_t *c)
{
    return (c->virt.gicv4 ? 3 : 2) * (uint64_t)GIC_FRAME_64K;
}

static bool its_config_valid(const gic_config_t *c, unsigned i, char *err, size_t len)
{
    const gic_its_config_t *t = &c->its[i];
    uint64_t span = its_span(c);
    char msg[96];
    if (t->device_bits < 1 || t->device_bits > 32 || t->event_bits < 1 ||
        t->event_bits > 32 || t->collection_bits > 16)
        snprintf(msg, sizeof(msg), "ITS%u: device_bits/event_bits 1..32, collection_bits 0..16", i);
    else if (t->base % GIC_FRAME_64K)
        snprintf(msg, sizeof(msg), "ITS%u: base must be 64 KiB aligned", i);
    else if (overlaps(t->base, span, c->gicd_base, GIC_FRAME_64K) ||
             overlaps(t->base, span, c->gicr_base, c->gicr_stride * c->num_cpus))
        snprintf(msg, sizeof(msg), "ITS%u: frames overlap the GICD or GICR frames", i);
    else if (t->device_cache_entries % 2 || t->event_cache_entries % 2 ||
             t->collection_cache_entries % 2)
        snprintf(msg, sizeof(msg), "ITS%u: cache sizes must be even (2-way)", i);
    else {
        for (unsigned j = 0; j < i; j++)
            if (overlaps(t->base, span, c->its[j].base, span)) {
                snprintf(msg, sizeof(msg), "ITS%u and ITS%u frames overlap", j, i);
                return config_error(err, len, msg);
            }
        return true;
    }
    return config_error(err, len, msg);
}

/* ICH_VTR_EL2: 1..16 LRs, PRIbits 5..8, PREbits 5..PRIbits (at most 7). */
static bool virt_config_valid(const gic_virt_config_t *v, char *err, size_t len)
{
    if (!v->enabled)
        return true;
    if (v->list_registers < 1 || v->list_registers > 16)
        return config_error(err, len, "virtualization: list_registers must be 1..16");
    if (v->priority_bits < 5 || v->priority_bits > 8)
        return config_error(err, len, "virtualization: priority_bits must be 5..8");
    if (v->preemption_bits < 5 || v->preemption_bits > v->priority_bits ||
        v->preemption_bits > 7)
        return config_error(err, len, "virtualization: preemption_bits must be 5..7 and at "
                                      "most priority_bits");
    if (v->maintenance_intid < 16 || v->maintenance_intid > 31)
        return config_error(err, len, "virtualization: maintenance_intid must be a PPI (16..31)");
    return true;
}

bool gic_config_check(const gic_config_t *c, char *err, size_t len)
{
    if (c->num_cpus < 1 || c->num_cpus > GIC_MAX_CPUS)
        return config_error(err, len, "num_cpus must be 1..512");
    if (!(c->num_spis % 32 == 0 && c->num_spis <= 960) && c->num_spis != 988)
        return config_error(err, len, "num_spis must be a multiple of 32 up to 960, or 988");
    if (c->id_bits < 14 || c->id_bits > 24)
        return config_error(err, len, "id_bits must be 14..24");
    if (c->pri_bits < 4 || c->pri_bits > 8)
        return config_error(err, len, "pri_bits must be 4..8");
    if (c->dist_pri_bits && (c->dist_pri_bits < 4 || c->dist_pri_bits > 8))
        return config_error(err, len, "dist_pri_bits must be 0 (= pri_bits) or 4..8");
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
    if (c->virt.gicv4 && c->gicr_stride < 4 * GIC_FRAME_64K)
        return config_error(err, len, "gicv4 needs gicr_stride >= 256 KiB (VLPI frame)");
    for (unsigned i = 0; i < c->num_its; i++)
        if (!its_config_valid(c, i, err, len))
            return false;
    if (!virt_config_valid(&c->virt, err, len))
        return false;
    if (c->virt.gicv4) {
        if (!c->virt.enabled || !c->lpis)
            return config_error(err, len, "gicv4 needs virtualization and LPIs");
        if (c->virt.vpeid_bits < 1 || c->virt.vpeid_bits > 16)
            return config_error(err, len, "vpeid_bits must be 1..16");
        for (unsigned i = 0; i < c->num_its; i++)
            if (c->its[i].vpe_cache_entries % 2 || c->its[i].vpe_cache_entries > (1u << 16))
                return config_error(err, len, "vpe_cache_entries must be even, <= 65536");
    }
    return timing_check(&c->timing, err, len);
}
