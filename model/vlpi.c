/* GICv4.1 at the redistributor: see vlpi.h for the data structures and why. */
#include <stdlib.h>
#include <string.h>

#include "gic_internal.h"
#include "vcpuif.h"

FIELD(GICR_VPENDBASER, vPEID, 0, 16)
FIELD(GICR_VPENDBASER, VGrp1En, 58, 1)
FIELD(GICR_VPENDBASER, VGrp0En, 59, 1)
FIELD(GICR_VPENDBASER, Dirty, 60, 1)
FIELD(GICR_VPENDBASER, PendingLast, 61, 1)
FIELD(GICR_VPENDBASER, Doorbell, 62, 1)
FIELD(GICR_VPENDBASER, Valid, 63, 1)
FIELD(VLPI_CONF, Enable, 0, 1)
FIELD(VLPI_CONF, Priority, 2, 6)
/* GICv4.1 layout: Size, InnerCache, Shareability, PA, Z, Page_Size, Indirect,
 * OuterCache, Entry_Size (RO), Valid. */
#define VPROPBASER_RW_MASK 0xC7FFFFFFFFFFFF7FULL

enum { VPT_SCAN_CHUNK = 64 }; /* bytes per read of the VPT scan */

static uint32_t vpe_count(const struct gic *g)
{
    return 1u << g->cfg.virt.vpeid_bits;
}

bool vlpi_init(struct gic *g)
{
    if (!g->cfg.virt.gicv4)
        return true;
    g->vpes = calloc(vpe_count(g), sizeof(*g->vpes));
    g->vsgi_busy_until = calloc(g->cfg.num_cpus, sizeof(*g->vsgi_busy_until));
    return g->vpes != NULL && g->vsgi_busy_until != NULL;
}

struct vpe *vlpi_vpe(struct gic *g, uint32_t vpeid)
{
    return g->vpes && vpeid < vpe_count(g) ? g->vpes[vpeid] : NULL;
}

static struct vpe *vpe_get(struct gic *g, uint32_t vpeid)
{
    struct vpe *v = vlpi_vpe(g, vpeid);
    if (v || !g->vpes || vpeid >= vpe_count(g))
        return v;
    v = calloc(1, sizeof(*v));
    if (!v)
        return NULL;
    v->id = vpeid;
    v->resident = VPE_NONE;
    v->db = DOORBELL_NONE;
    g->vpes[vpeid] = v;
    return v;
}

/* Every record of v back to the pool (reset, free): no accounting. */
static void vpe_drop_records(struct gic *g, struct vpe *v)
{
    for (uint32_t i = 0; i < v->pending.cap; i++)
        if (v->pending.slot[i])
            lpi_pool_put(g, v->pending.slot[i]);
    free(v->pending.slot);
    heap_free(&v->ready);
    memset(&v->pending, 0, sizeof(v->pending));
}

void vlpi_free(struct gic *g)
{
    for (uint32_t i = 0; g->vpes && i < vpe_count(g); i++)
        if (g->vpes[i]) {
            vpe_drop_records(g, g->vpes[i]);
            free(g->vpes[i]);
        }
    free(g->vpes);
    free(g->vsgi_busy_until);
    g->vpes = NULL;
    g->vsgi_busy_until = NULL;
}

void vlpi_reset(struct gic *g)
{
    for (uint32_t i = 0; g->vpes && i < vpe_count(g); i++)
        if (g->vpes[i]) {
            vpe_drop_records(g, g->vpes[i]);
            free(g->vpes[i]);
            g->vpes[i] = NULL;
        }
    for (unsigned c = 0; g->gicr && c < g->cfg.num_cpus; c++) {
        g->gicr[c].v = (struct gicr_vlpi){.resident = VPE_NONE};
        if (g->vsgi_busy_until)
            g->vsgi_busy_until[c] = 0;
    }
    memset(&g->vlpi_stats, 0, sizeof(g->vlpi_stats));
    memset(&g->vmovp, 0, sizeof(g->vmovp));
}

/* ---- the vPE's tables in memory ---- */

static uint8_t read_vconf(struct gic *g, const struct vpe *v, uint32_t vintid)
{
    uint8_t conf = 0;
    if (g->cfg.mem.read(g->cfg.mem.opaque, v->vconf + (vintid - INTID_LPI_BASE), &conf, 1))
        gic_guest_error(g, "gicv4.vconf_abort", "vPE %u: configuration byte of vLPI %u "
                        "unreadable", (unsigned)v->id, (unsigned)vintid);
    return conf;
}

static void write_vpt_bit(struct gic *g, const struct vpe *v, uint32_t vintid, bool set)
{
    uint8_t byte = 0;
    uint64_t a = v->vpt + vintid / 8;
    if (g->cfg.mem.read(g->cfg.mem.opaque, a, &byte, 1))
        return;
    uint8_t nb = set ? (uint8_t)(byte | 1u << (vintid % 8)) : (uint8_t)(byte & ~(1u << (vintid % 8)));
    if (nb != byte)
        g->cfg.mem.write(g->cfg.mem.opaque, a, &nb, 1);
}

static void apply_vconf(struct gic *g, struct gic_irq *irq, uint8_t conf)
{
    irq->priority = (uint8_t)(FIELD_EX(conf, VLPI_CONF, Priority) << 2) & vcpuif_vpri_mask(g);
    irq->enabled = FIELD_EX(conf, VLPI_CONF, Enable);
}

/* Timing: a vLPI pending now is presentable after its configuration read (through the
 * distributor's memory interface: vLPI configuration is not cached) and signalling. */
static uint64_t vlpi_visible_time(struct gic *g)
{
    if (!g->tm.on)
        return 0;
    return timing_signalled_at(&g->tm,
                               timing_lpi_lookup(&g->tm, &g->dist_mem, g->sched.now, true));
}

static bool parsed_resident(const struct gic *g, const struct vpe *v)
{
    return v->resident != VPE_NONE && g->gicr[v->resident].v.resident == (int32_t)v->id;
}

/* Puts irq in or out of the resident heap as its state says. */
static void place(struct gic *g, struct vpe *v, struct gic_irq *irq)
{
    bool want = parsed_resident(g, v) && irq->enabled && irq->latch;
    if (irq->heap_pos)
        heap_remove(&v->ready, irq);
    if (want && !heap_insert(&v->ready, irq))
        gic_guest_error(g, "lpi.no_memory", "vLPI %u not presented: host out of memory",
                        (unsigned)irq->intid);
}

static struct gic_irq *new_record(struct gic *g, struct vpe *v, uint32_t vintid)
{
    struct gic_irq *irq = lpi_pool_get(g);
    if (irq)
        irq->intid = vintid;
    if (!irq || !lpi_set_insert(&v->pending, irq)) {
        if (irq)
            lpi_pool_put(g, irq);
        gic_guest_error(g, "lpi.no_memory", "vLPI %u lost: host out of memory", (unsigned)vintid);
        return NULL;
    }
    irq->target = v->cpu;
    irq->grp = GRP_G1NS;
    irq->edge = irq->latch = true;
    apply_vconf(g, irq, read_vconf(g, v, vintid));
    irq->visible_at = vlpi_visible_time(g);
    return irq;
}

static void release(struct gic *g, struct vpe *v, struct gic_irq *irq)
{
    if (irq->heap_pos)
        heap_remove(&v->ready, irq);
    write_vpt_bit(g, v, irq->intid, false);
    lpi_set_erase(&v->pending, irq->intid);
    lpi_pool_put(g, irq);
}

/* ---- doorbells ---- */

static void doorbell_event(void *ctx, uint64_t arg)
{
    struct gic *g = ctx;
    gicr_lpi_set_pending(g, (unsigned)(arg >> 32), (uint32_t)arg);
}

/* A vLPI became pending for non-resident v: its per-vLPI doorbell if it has one, else
 * the vPE's default doorbell if armed (once: it disarms). */
static void ring(struct gic *g, struct vpe *v, uint32_t db)
{
    uint32_t intid = db;
    if (db == DOORBELL_NONE) {
        if (!v->db_armed || v->db == DOORBELL_NONE)
            return;
        intid = v->db;
        v->db_armed = false;
    }
    g->vlpi_stats.doorbells++;
    GIC_TRACE(g, .kind = GIC_TRACE_DOORBELL, .cpu = v->cpu, .intid = intid, .value = v->id);
    uint64_t at = timing_doorbell(&g->tm, g->sched.now);
    uint64_t arg = (uint64_t)(uint16_t)v->cpu << 32 | intid;
    if (at <= g->sched.now || !sched_at(&g->sched, at, doorbell_event, g, arg))
        doorbell_event(g, arg);
}

/* ---- link messages ---- */

/* Makes vintid pending for v (NULL: not mapped) with no accounting: a new vLPI (in the
 * VPT; presented if v is resident, else ringing a doorbell), coalesced, or dropped for
 * *why. */
static inline __attribute__((always_inline)) enum vlpi_result
offer(struct gic *g, struct vpe *v, uint32_t vintid, uint32_t doorbell, gic_vlpi_drop_t *why)
{
    if (!v || !v->mapped) {
        *why = GIC_VLPI_DROP_VPE_UNMAPPED;
        return VLPI_DROP;
    }
    if (vintid < INTID_LPI_BASE || (uint64_t)vintid >> v->vpt_bits) {
        *why = GIC_VLPI_DROP_VPT_RANGE;
        return VLPI_DROP;
    }
    if (lpi_set_find(&v->pending, vintid))
        return VLPI_COALESCED;
    struct gic_irq *irq = new_record(g, v, vintid);
    if (!irq) {
        *why = GIC_VLPI_DROP_HOST_MEMORY;
        return VLPI_DROP;
    }
    write_vpt_bit(g, v, vintid, true);
    GIC_TRACE(g, .kind = GIC_TRACE_VSET_PENDING, .cpu = v->resident, .intid = vintid,
              .value = v->id);
    g->vlpi_visible = parsed_resident(g, v) ? irq->visible_at : 0; /* for the journey */
    if (parsed_resident(g, v)) {
        place(g, v, irq);
        vcpuif_update(g, (unsigned)v->resident);
    } else if (v->resident == VPE_NONE && irq->enabled) {
        ring(g, v, doorbell);
    }
    return VLPI_NEW_PENDING;
}

enum vlpi_result gicr_vlpi_set_pending(struct gic *g, unsigned cpu, uint32_t vpeid,
                                       uint32_t vintid, uint32_t doorbell)
{
    (void)cpu; /* the vPE's state is found by vPEID wherever the message went */
    gic_vlpi_drop_t why = GIC_VLPI_DROP_VPE_UNMAPPED;
    enum vlpi_result r = offer(g, vlpi_vpe(g, vpeid), vintid, doorbell, &why);
    gic_vlpi_stats_t *s = &g->vlpi_stats;
    s->offered++;
    if (r == VLPI_NEW_PENDING)
        s->set_pending++;
    else if (r == VLPI_COALESCED)
        s->coalesced++;
    else
        s->dropped[why]++;
    return r;
}

void gicr_vlpi_dropped_at_its(struct gic *g)
{
    g->vlpi_stats.offered++;
    g->vlpi_stats.dropped[GIC_VLPI_DROP_VPE_UNMAPPED]++;
}

void gicr_vlpi_clear_pending(struct gic *g, uint32_t vpeid, uint32_t vintid)
{
    struct vpe *v = vlpi_vpe(g, vpeid);
    struct gic_irq *irq = v ? lpi_set_find(&v->pending, vintid) : NULL;
    if (!irq)
        return;
    release(g, v, irq);
    g->vlpi_stats.cleared++;
    if (parsed_resident(g, v))
        vcpuif_update(g, (unsigned)v->resident);
}

void gicr_vlpi_inv_all(struct gic *g, uint32_t vpeid)
{
    struct vpe *v = vlpi_vpe(g, vpeid);
    if (!v || !v->mapped)
        return;
    for (uint32_t i = 0; i < v->pending.cap; i++) {
        struct gic_irq *irq = v->pending.slot[i];
        if (irq) {
            apply_vconf(g, irq, read_vconf(g, v, irq->intid));
            place(g, v, irq);
        }
    }
    if (parsed_resident(g, v))
        vcpuif_update(g, (unsigned)v->resident);
}

bool gicr_vlpi_inv_direct(struct gic *g, uint32_t vpeid, bool all, uint32_t vintid)
{
    struct vpe *v = vlpi_vpe(g, vpeid);
    if (!v || !v->mapped)
        return false;
    if (all) {
        gicr_vlpi_inv_all(g, vpeid);
        return true;
    }
    struct gic_irq *irq = lpi_set_find(&v->pending, vintid);
    if (irq) {
        apply_vconf(g, irq, read_vconf(g, v, vintid));
        place(g, v, irq);
        if (parsed_resident(g, v))
            vcpuif_update(g, (unsigned)v->resident);
    }
    return true;
}

/* VMOVI: the pending state goes with the vLPI to its new vPE. A move is not an offer:
 * the vLPI stays counted as set pending once, and is cleared if it merges into one
 * already pending there or the destination cannot take it. */
void gicr_vlpi_move(struct gic *g, uint32_t from, uint32_t to, uint32_t vintid)
{
    struct vpe *v = vlpi_vpe(g, from);
    struct gic_irq *irq = v ? lpi_set_find(&v->pending, vintid) : NULL;
    if (from == to || !irq)
        return;
    release(g, v, irq);
    if (parsed_resident(g, v))
        vcpuif_update(g, (unsigned)v->resident);
    gic_vlpi_drop_t why;
    if (offer(g, vlpi_vpe(g, to), vintid, DOORBELL_NONE, &why) != VLPI_NEW_PENDING)
        g->vlpi_stats.cleared++;
}

/* INVDB: the default doorbell is an LPI of the vPE's redistributor; its configuration
 * byte is re-read as INV would (a doorbell rung while disabled stays pending there and
 * is taken once enabled and invalidated). */
void gicr_vlpi_invdb(struct gic *g, uint32_t vpeid)
{
    struct vpe *v = vlpi_vpe(g, vpeid);
    if (!v || !v->mapped || v->db == DOORBELL_NONE)
        return;
    gicr_lpi_inv(g, (unsigned)v->cpu, v->db);
}

/* ---- vSGIs (docs/impdef.md G10) ---- */

void gicr_vsgi_set_pending(struct gic *g, uint32_t vpeid, uint32_t vintid)
{
    struct vpe *v = vlpi_vpe(g, vpeid);
    vintid &= 15;
    g->vlpi_stats.vsgi_offered++;
    if (!v || !v->mapped) { /* unmapped between GITS_SGIR and its arrival */
        g->vlpi_stats.vsgi_dropped++;
        gic_guest_error(g, "gicv4.sgir_dropped", "vSGI %u for vPE %u dropped at the "
                        "redistributor (the vPE is not mapped)", (unsigned)vintid,
                        (unsigned)vpeid);
        return;
    }
    if (v->sgi_pending >> vintid & 1) {
        g->vlpi_stats.vsgi_coalesced++;
        return;
    }
    v->sgi_pending |= (uint16_t)(1u << vintid);
    g->vlpi_stats.vsgi_set_pending++;
    v->sgi_visible_at[vintid] = g->tm.on ? timing_signalled_at(&g->tm, g->sched.now) : 0;
    GIC_TRACE(g, .kind = GIC_TRACE_VSGI_SET_PENDING, .cpu = v->resident, .intid = vintid,
              .value = vpeid);
    if (parsed_resident(g, v))
        vcpuif_update(g, (unsigned)v->resident);
    else if (v->resident == VPE_NONE && (v->sgi_enabled >> vintid & 1))
        ring(g, v, DOORBELL_NONE); /* the default doorbell, as for a vLPI */
}

void gicr_vsgi_config(struct gic *g, uint32_t vpeid, uint32_t vintid, uint32_t arg)
{
    struct vpe *v = vlpi_vpe(g, vpeid);
    uint16_t bit = (uint16_t)(1u << (vintid & 15));
    if (!v || !v->mapped)
        return;
    if (arg >> 10 & 1) { /* Clear: the pending state only */
        if (!(v->sgi_pending & bit))
            return;
        v->sgi_pending &= (uint16_t)~bit;
        g->vlpi_stats.vsgi_cleared++;
    } else {
        v->sgi_prio[vintid & 15] = (uint8_t)(arg & 0xF0);
        v->sgi_grp1 = (uint16_t)((v->sgi_grp1 & ~bit) | (arg >> 8 & 1 ? bit : 0));
        v->sgi_enabled = (uint16_t)((v->sgi_enabled & ~bit) | (arg >> 9 & 1 ? bit : 0));
    }
    if (parsed_resident(g, v))
        vcpuif_update(g, (unsigned)v->resident);
}

void gicr_vmapp(struct gic *g, unsigned cpu, uint32_t vpeid, bool valid, uint64_t vpt,
                unsigned vpt_bits, uint64_t vconf, uint32_t db)
{
    struct vpe *v = valid ? vpe_get(g, vpeid) : vlpi_vpe(g, vpeid);
    if (!v) {
        if (valid)
            gic_guest_error(g, "lpi.no_memory", "vPE %u not mapped: host out of memory",
                            (unsigned)vpeid);
        return;
    }
    if (v->resident != VPE_NONE) {
        bool same = valid && v->mapped && v->cpu == (int)cpu && v->vpt == vpt &&
                    v->vconf == vconf && v->vpt_bits == vpt_bits;
        if (!same)
            gic_guest_error(g, "gicv4.vmapp_resident", "VMAPP %s vPE %u while it is resident "
                            "on CPU %d (ignored)", valid ? "remaps" : "unmaps",
                            (unsigned)vpeid, v->resident);
        v->db = same ? db : v->db;
        return;
    }
    if (!valid) {
        while (v->pending.n) {
            uint32_t i = 0;
            while (!v->pending.slot[i])
                i++;
            gicr_vlpi_clear_pending(g, vpeid, v->pending.slot[i]->intid);
        }
        g->vlpi_stats.vsgi_cleared += (unsigned)__builtin_popcount(v->sgi_pending);
        v->sgi_pending = 0;
        v->mapped = false;
        return;
    }
    if (v->mapped && (v->vpt != vpt || v->vpt_bits != vpt_bits) && v->pending.n)
        gic_guest_error(g, "gicv4.vmapp_new_vpt", "VMAPP gives vPE %u a new VPT while %u vLPIs "
                        "are pending in the old one", (unsigned)vpeid, v->pending.n);
    bool fresh = !v->mapped;
    v->mapped = true;
    v->cpu = (int16_t)cpu;
    v->vpt = vpt, v->vconf = vconf, v->vpt_bits = vpt_bits;
    v->db = db;
    if (fresh) {
        v->db_armed = true; /* never resident yet: the first vLPI rings (docs/impdef.md G6) */
        v->sgi_enabled = v->sgi_grp1 = 0; /* vSGIs: disabled, Group 0, priority 0 (G10) */
        memset(v->sgi_prio, 0, sizeof(v->sgi_prio));
    }
}

/* ---- residency: GICR_VPENDBASER ---- */

static void make_resident(struct gic *g, unsigned cpu)
{
    struct gicr_vlpi *rv = &g->gicr[cpu].v;
    struct vpe *v = vlpi_vpe(g, rv->vpeid);
    if (!v || v->resident != (int)cpu)
        return;
    rv->resident = (int32_t)v->id;
    uint64_t vis = vlpi_visible_time(g);
    for (uint32_t i = 0; i < v->pending.cap; i++) {
        struct gic_irq *irq = v->pending.slot[i];
        if (irq) {
            irq->visible_at = vis;
            place(g, v, irq);
        }
    }
    uint64_t sgi_vis = g->tm.on ? timing_signalled_at(&g->tm, g->sched.now) : 0;
    for (unsigned n = 0; n < 16; n++)
        if (v->sgi_pending >> n & 1)
            v->sgi_visible_at[n] = sgi_vis;
    GIC_TRACE(g, .kind = GIC_TRACE_VPE_RESIDENT, .cpu = (int32_t)cpu, .value = v->id,
              .level = 1);
    vcpuif_update(g, cpu);
}

static void resident_event(void *ctx, uint64_t cpu)
{
    make_resident(ctx, (unsigned)cpu);
}

/* The VPT scan: bits set in memory that the model does not hold (software set them,
 * PTZ = 0) become pending; the first 1 KiB (vINTIDs below 8192) is skipped. Returns
 * when the scan's reads complete, issued from `at` on the distributor's interface. */
static uint64_t scan_vpt(struct gic *g, struct vpe *v, uint64_t at)
{
    uint64_t end = (1ULL << v->vpt_bits) / 8, done = at;
    uint8_t buf[4096];
    for (uint64_t off = INTID_LPI_BASE / 8; off < end; off += sizeof(buf)) {
        size_t n = end - off < sizeof(buf) ? (size_t)(end - off) : sizeof(buf);
        if (g->cfg.mem.read(g->cfg.mem.opaque, v->vpt + off, buf, n)) {
            gic_guest_error(g, "gicv4.vpt_abort", "vPE %u: VPT unreadable", (unsigned)v->id);
            break;
        }
        for (size_t k = 0; k < n; k++)
            for (unsigned b = 0; buf[k] && b < 8; b++) {
                uint32_t vintid = (uint32_t)((off + k) * 8 + b);
                if (buf[k] >> b & 1 && !lpi_set_find(&v->pending, vintid) &&
                    new_record(g, v, vintid))
                    g->vlpi_stats.set_pending++, g->vlpi_stats.offered++;
            }
        if (g->tm.on)
            for (size_t k = 0; k < n; k += VPT_SCAN_CHUNK)
                done = max_u64(done, mem_if_read(&g->tm, &g->dist_mem, at, VPT_SCAN_CHUNK));
    }
    return done;
}

static void schedule_vpe(struct gic *g, struct gicr *r, uint64_t val)
{
    struct gicr_vlpi *rv = &r->v;
    uint32_t id = (uint32_t)FIELD_EX(val, GICR_VPENDBASER, vPEID);
    struct vpe *v = vlpi_vpe(g, id);
    if (!v || !v->mapped) {
        gic_guest_error(g, "gicv4.schedule_unmapped", "GICR%u: GICR_VPENDBASER makes vPE %u "
                        "resident, which no VMAPP mapped (ignored)", r->cpu, (unsigned)id);
        return;
    }
    if (v->resident != VPE_NONE) {
        gic_guest_error(g, "gicv4.schedule_twice", "GICR%u: vPE %u is already resident on "
                        "CPU %d (ignored)", r->cpu, (unsigned)id, v->resident);
        return;
    }
    if (v->cpu != (int)r->cpu)
        gic_guest_error(g, "gicv4.schedule_elsewhere", "GICR%u: vPE %u is mapped to CPU %d; "
                        "its vLPIs are delivered there", r->cpu, (unsigned)id, v->cpu);
    rv->valid = true;
    rv->vpeid = id;
    rv->grp0en = FIELD_EX(val, GICR_VPENDBASER, VGrp0En);
    rv->grp1en = FIELD_EX(val, GICR_VPENDBASER, VGrp1En);
    rv->pending_last = false;
    v->resident = (int16_t)r->cpu;
    g->vlpi_stats.residency_changes++;
    uint64_t now = g->sched.now;
    uint64_t done = scan_vpt(g, v, g->tm.on ? timing_residency(&g->tm, now) : now);
    rv->dirty_until = done;
    rv->last_dirty_ps = done - now;
    if (done <= now || !sched_at(&g->sched, done, resident_event, g, r->cpu))
        make_resident(g, r->cpu);
}

/* The end of a deschedule's Dirty period: nothing changes but Dirty, which software
 * polls; an event there lets a waiter see it go at the exact time. */
static void dirty_over_event(void *ctx, uint64_t cpu)
{
    (void)ctx, (void)cpu;
}

static void deschedule_vpe(struct gic *g, struct gicr *r, uint64_t val)
{
    struct gicr_vlpi *rv = &r->v;
    struct vpe *v = vlpi_vpe(g, rv->vpeid);
    bool last = false;
    if (v) {
        for (uint32_t i = 0; i < v->ready.n; i++)
            v->ready.v[i]->heap_pos = 0;
        last = v->ready.n > 0 || (v->sgi_pending & v->sgi_enabled);
        v->ready.n = 0;
        v->resident = VPE_NONE;
        v->db_armed = FIELD_EX(val, GICR_VPENDBASER, Doorbell);
    }
    rv->valid = false;
    rv->resident = VPE_NONE;
    rv->doorbell = FIELD_EX(val, GICR_VPENDBASER, Doorbell);
    rv->pending_last = last;
    g->vlpi_stats.residency_changes++;
    uint64_t now = g->sched.now;
    rv->dirty_until = g->tm.on ? timing_residency(&g->tm, now) : now;
    rv->last_dirty_ps = rv->dirty_until - now;
    if (rv->dirty_until > now)
        (void)sched_at(&g->sched, rv->dirty_until, dirty_over_event, g, r->cpu);
    GIC_TRACE(g, .kind = GIC_TRACE_VPE_RESIDENT, .cpu = (int32_t)r->cpu, .value = rv->vpeid,
              .level = 0);
    vcpuif_update(g, r->cpu);
}

static uint64_t read_vpendbaser(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)idx, (void)a;
    const struct gicr_vlpi *rv = &((struct gicr *)blk)->v;
    uint64_t v = FIELD_DP(0, GICR_VPENDBASER, vPEID, rv->vpeid);
    v = FIELD_DP(v, GICR_VPENDBASER, VGrp1En, rv->grp1en);
    v = FIELD_DP(v, GICR_VPENDBASER, VGrp0En, rv->grp0en);
    v = FIELD_DP(v, GICR_VPENDBASER, Dirty, g->sched.now < rv->dirty_until);
    v = FIELD_DP(v, GICR_VPENDBASER, PendingLast, !rv->valid && rv->pending_last);
    v = FIELD_DP(v, GICR_VPENDBASER, Doorbell, rv->doorbell);
    return FIELD_DP(v, GICR_VPENDBASER, Valid, rv->valid);
}

static void write_vpendbaser(struct gic *g, void *blk, unsigned idx, uint64_t val, gic_attrs_t a)
{
    (void)idx, (void)a;
    struct gicr *r = blk;
    struct gicr_vlpi *rv = &r->v;
    bool valid = FIELD_EX(val, GICR_VPENDBASER, Valid);
    if (g->sched.now < rv->dirty_until) {
        gic_guest_error(g, "gicv4.vpendbaser_dirty", "GICR%u: GICR_VPENDBASER written while "
                        "Dirty = 1 (ignored)", r->cpu);
        return;
    }
    if (valid && rv->valid) {
        gic_guest_error(g, "gicv4.vpendbaser_valid", "GICR%u: GICR_VPENDBASER.Valid written 1 "
                        "while a vPE is resident (ignored)", r->cpu);
        return;
    }
    if (valid)
        schedule_vpe(g, r, val);
    else if (rv->valid)
        deschedule_vpe(g, r, val);
    else
        rv->doorbell = FIELD_EX(val, GICR_VPENDBASER, Doorbell);
}

static uint64_t read_vpropbaser(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)g, (void)idx, (void)a;
    /* Entry_Size [61:59]: bytes / 8 - 1 of a 32-byte entry (docs/its-tables.md) */
    return ((struct gicr *)blk)->v.vpropbaser | 3ULL << 59;
}

static void write_vpropbaser(struct gic *g, void *blk, unsigned idx, uint64_t v, gic_attrs_t a)
{
    (void)g, (void)idx, (void)a;
    ((struct gicr *)blk)->v.vpropbaser = v & VPROPBASER_RW_MASK;
}

/* GICR_VSGIR / GICR_VSGIPENDR (docs/impdef.md G10): writing a vPEID starts a query of
 * that vPE's pending vSGIs, by vPEID whichever redistributor is asked; Busy reads 1
 * while it runs (one 64-byte read on the distributor's memory interface, where a
 * non-resident vPE's state would come from), then Pending[15:0] reports them. */
FIELD(GICR_VSGIR, vPEID, 0, 16)
FIELD(GICR_VSGIPENDR, Pending, 0, 16)
FIELD(GICR_VSGIPENDR, Busy, 31, 1)

static void vsgi_query_done(void *ctx, uint64_t cpu)
{
    (void)ctx, (void)cpu; /* Busy clears: an event so that a poller sees it on time */
}

static uint64_t read_vsgir(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)g, (void)idx, (void)a;
    return ((struct gicr *)blk)->v.vsgir;
}

static void write_vsgir(struct gic *g, void *blk, unsigned idx, uint64_t val, gic_attrs_t a)
{
    (void)idx, (void)a;
    struct gicr *r = blk;
    struct gicr_vlpi *rv = &r->v;
    uint64_t now = g->sched.now;
    uint64_t *busy = &g->vsgi_busy_until[r->cpu];
    if (now < *busy) {
        gic_guest_error(g, "gicv4.vsgir_busy", "GICR%u: GICR_VSGIR written while "
                        "GICR_VSGIPENDR.Busy = 1 (ignored)", r->cpu);
        return;
    }
    rv->vsgir = (uint16_t)FIELD_EX(val, GICR_VSGIR, vPEID);
    struct vpe *v = vlpi_vpe(g, rv->vsgir);
    if (!v || !v->mapped)
        gic_guest_error(g, "gicv4.vsgir_unmapped", "GICR%u: GICR_VSGIR names vPE %u, which "
                        "is not mapped (Pending reads 0)", r->cpu, (unsigned)rv->vsgir);
    *busy = g->tm.on ? mem_if_read(&g->tm, &g->dist_mem, now, 64) : now;
    if (*busy > now)
        (void)sched_at(&g->sched, *busy, vsgi_query_done, g, r->cpu);
}

static uint64_t read_vsgipendr(struct gic *g, void *blk, unsigned idx, gic_attrs_t a)
{
    (void)idx, (void)a;
    const struct gicr *r = blk;
    const struct gicr_vlpi *rv = &r->v;
    if (g->sched.now < g->vsgi_busy_until[r->cpu])
        return FIELD_DP(0, GICR_VSGIPENDR, Busy, 1);
    const struct vpe *v = vlpi_vpe(g, rv->vsgir);
    return FIELD_DP(0, GICR_VSGIPENDR, Pending, v && v->mapped ? v->sgi_pending : 0);
}

static const struct gic_reg gicr_vlpi_regs[] = {
    {"GICR_VPROPBASER", 0x0070, 1, 0, 8, SZ32 | SZ64, read_vpropbaser, write_vpropbaser},
    {"GICR_VPENDBASER", 0x0078, 1, 0, 8, SZ32 | SZ64, read_vpendbaser, write_vpendbaser},
    {"GICR_VSGIR", 0x0080, 1, 0, 4, SZ32, read_vsgir, write_vsgir},
    {"GICR_VSGIPENDR", 0x0088, 1, 0, 4, SZ32, read_vsgipendr, NULL},
};

const struct gic_regset gicr_vlpi_regset = {"GICR VLPI_base", gicr_vlpi_regs,
                                            sizeof(gicr_vlpi_regs) / sizeof(gicr_vlpi_regs[0])};

/* ---- the virtual CPU interface's side ---- */

void vlpi_acknowledged(struct gic *g, unsigned cpu, struct gic_irq *irq)
{
    struct vpe *v = g->vpes[g->gicr[cpu].v.resident];
    release(g, v, irq);
    g->vlpi_stats.acknowledged++;
}

struct vpe *vlpi_resident(struct gic *g, unsigned cpu)
{
    int32_t id = g->gicr[cpu].v.resident;
    return id == VPE_NONE ? NULL : g->vpes[id];
}

void vsgi_acknowledged(struct gic *g, unsigned cpu, uint32_t vintid)
{
    struct vpe *v = vlpi_resident(g, cpu);
    v->sgi_pending &= (uint16_t)~(1u << vintid);
    g->vlpi_stats.vsgi_acknowledged++;
}

/* ---- observers ---- */

int gic_vpe_resident(const gic_t *g, unsigned cpu)
{
    return g->vpes && cpu < g->cfg.num_cpus ? g->gicr[cpu].v.resident : VPE_NONE;
}

bool gic_vlpi_is_pending(const gic_t *g, uint32_t vpeid, uint32_t vintid)
{
    const struct vpe *v = vlpi_vpe((struct gic *)g, vpeid);
    return v && lpi_set_find(&v->pending, vintid) != NULL;
}

uint16_t gic_vsgi_pending(const gic_t *g, uint32_t vpeid)
{
    const struct vpe *v = vlpi_vpe((struct gic *)g, vpeid);
    return v && v->mapped ? v->sgi_pending : 0;
}

unsigned gic_vlpi_pending_count(const gic_t *g, uint32_t vpeid)
{
    const struct vpe *v = vlpi_vpe((struct gic *)g, vpeid);
    return v ? v->pending.n : 0;
}

static const char *const vlpi_drop_names[] = {
#define GIC_VLPI_DROP_NAME(k, n) n,
    GIC_VLPI_DROP_REASONS(GIC_VLPI_DROP_NAME)
#undef GIC_VLPI_DROP_NAME
};

const char *gic_vlpi_drop_name(gic_vlpi_drop_t reason)
{
    return (unsigned)reason < GIC_NUM_VLPI_DROPS ? vlpi_drop_names[reason] : "unknown";
}

void gic_get_vlpi_stats(const gic_t *g, gic_vlpi_stats_t *out)
{
    *out = g->vlpi_stats;
    out->pending = out->vsgi_pending = 0;
    for (uint32_t i = 0; g->vpes && i < vpe_count(g); i++)
        if (g->vpes[i]) {
            out->pending += g->vpes[i]->pending.n;
            out->vsgi_pending += (unsigned)__builtin_popcount(g->vpes[i]->sgi_pending);
        }
    out->vpe_cache_hits = out->vpe_cache_misses = 0;
    for (unsigned i = 0; i < g->cfg.num_its; i++) {
        out->vpe_cache_hits += g->its[i].vpe_cache.hits;
        out->vpe_cache_misses += g->its[i].vpe_cache.misses;
    }
}
