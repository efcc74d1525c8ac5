/* The KVM-like hypervisor model: flush on entry, fold on exit and on maintenance,
 * HW-linked physical interrupts, level resampling, world switch time. Register
 * accesses go through the bus like any software's; a world switch costs the profile's
 * ich_access time per ICH register access plus cpu_model.world_switch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "guestcpu.h"
#include "hypervisor.h"
#include "its_encode.h"

#define MAX_VMS 16
#define MAX_LINKS 64
#define LR_EOI (1ull << 41)
#define HCR_EN 1u
#define HCR_UIE 2u
#define HCR_LRENPIE 4u
#define HCR_NPIE 8u

struct vint {
    uint32_t vintid;
    uint8_t prio;
    bool grp1, hw;
    uint32_t pintid;
    bool level, line;   /* level-sensitive software interrupt and its input level */
    bool pending, active;
    int lr;             /* the LR holding it while its vCPU runs, or -1 */
};

struct vcpu {
    int pe;             /* the PE it runs on, or -1 */
    /* GICv4.1: the vCPU's vPE (vPEID = vm * 64 + vcpu), the redistributor VMAPP/VMOVP
     * last put it on, and its default doorbell (a physical LPI of the host's). */
    uint32_t vpe, doorbell;
    int vpe_cpu;
    bool by_doorbell;   /* entered by the doorbell handler, not by a `run` step */
    struct vint *v;     /* the list (sorted at each flush) */
    unsigned n, cap;
    uint32_t vmcr, apr[2][4];
    struct guest_stack guest;
};

struct vm {
    unsigned n;
    struct vcpu *vcpu;
    uint32_t next_vintid; /* passed-through events get vINTIDs from 8192 up */
};

struct link {
    uint32_t pintid;
    int cpu;            /* a PPI's PE; -1 for an SPI */
    unsigned vm, vcpu;
    uint32_t vintid;
    uint8_t prio;
};

struct hypervisor {
    struct runner *r;
    struct vm vms[MAX_VMS];
    struct vcpu **on_pe;          /* the vCPU each PE runs, or NULL */
    struct link links[MAX_LINKS];
    unsigned n_links;
    unsigned nr_lrs, n_apr;
    uint64_t ich_ps;              /* one ICH register access */
    uint64_t doorbell_runs;       /* vCPUs a doorbell brought back */
    uint16_t vmovp_seq;           /* multi-ITS VMOVP: the next SequenceNumber */
    /* a `run` step under way: the doorbell handler leaves its PE and vCPU alone */
    int claim_pe;
    struct vcpu *claim_vc;
};

struct hypervisor *hyp_new(struct runner *r)
{
    if (!r->s->hypervisor_kvm)
        return NULL;
    struct hypervisor *h = calloc(1, sizeof(*h));
    if (!h || !(h->on_pe = calloc(r->s->gic.num_cpus, sizeof(*h->on_pe))))
        abort();
    const gic_config_t *c = &r->s->gic;
    h->r = r;
    h->claim_pe = -1;
    h->nr_lrs = c->virt.list_registers;
    h->n_apr = c->virt.preemption_bits <= 5 ? 1 : 1u << (c->virt.preemption_bits - 5);
    h->ich_ps = c->timing.clock_hz
                    ? (uint64_t)c->timing.ich_access_cycles * (1000000000000ULL / c->timing.clock_hz)
                    : 0;
    return h;
}

void hyp_free(struct hypervisor *h)
{
    if (!h)
        return;
    for (unsigned m = 0; m < MAX_VMS; m++) {
        for (unsigned i = 0; i < h->vms[m].n; i++)
            free(h->vms[m].vcpu[i].v);
        free(h->vms[m].vcpu);
    }
    free(h->on_pe);
    free(h);
}

static uint64_t rd(struct hypervisor *h, unsigned cpu, gic_sysreg_t reg)
{
    uint64_t v = 0;
    bus_sysreg_read(h->r, cpu, reg, &v);
    return v;
}

static void wr(struct hypervisor *h, unsigned cpu, gic_sysreg_t reg, uint64_t v)
{
    bus_sysreg_write(h->r, cpu, reg, v);
}

void hyp_boot(struct hypervisor *h)
{
    struct runner *r = h->r;
    unsigned maint = r->s->gic.virt.maintenance_intid;
    for (unsigned c = 0; c < r->s->gic.num_cpus; c++) {
        bus_set_el(r, c, 2, true, true);
        wr(h, c, ICC_CTLR_EL1, rd(h, c, ICC_CTLR_EL1) | 2); /* EOImode: split drop/deactivate */
        driver_wr(r, "GICR_ISENABLER0", c, 1u << maint);
    }
}

/* ---- the per-vCPU list ---- */

static struct vcpu *find_vcpu(struct hypervisor *h, unsigned vm, unsigned vcpu)
{
    if (vm >= MAX_VMS || vcpu >= h->vms[vm].n) {
        runner_fatal(h->r, "vm %u vcpu %u is not declared (a `vm:` step declares it)", vm, vcpu);
        return NULL;
    }
    return &h->vms[vm].vcpu[vcpu];
}

static struct vint *find_vint(struct vcpu *vc, uint32_t vintid, bool add)
{
    for (unsigned i = 0; i < vc->n; i++)
        if (vc->v[i].vintid == vintid)
            return &vc->v[i];
    if (!add)
        return NULL;
    if (vc->n == vc->cap) {
        vc->cap = vc->cap ? 2 * vc->cap : 16;
        if (!(vc->v = realloc(vc->v, vc->cap * sizeof(*vc->v))))
            abort();
    }
    struct vint *e = &vc->v[vc->n++];
    *e = (struct vint){.vintid = vintid, .lr = -1};
    return e;
}

/* Active interrupts first (they must stay in the LRs), then pending ones by priority
 * and vINTID: the order LRs are filled in. */
static int vint_cmp(const void *a, const void *b)
{
    const struct vint *x = a, *y = b;
    if (x->active != y->active)
        return x->active ? -1 : 1;
    if (x->prio != y->prio)
        return x->prio < y->prio ? -1 : 1;
    return x->vintid < y->vintid ? -1 : x->vintid > y->vintid;
}

static uint64_t make_lr(const struct vint *e)
{
    uint64_t lr = (uint64_t)(e->pending | e->active << 1) << 62 | (uint64_t)e->grp1 << 60 |
                  (uint64_t)e->prio << 48 | e->vintid;
    if (e->hw)
        return lr | 1ull << 61 | (uint64_t)e->pintid << 32;
    return e->level ? lr | LR_EOI : lr; /* level: a maintenance interrupt to resample */
}

/* Fills the LRs from the list; returns the number of ICH accesses. */
static unsigned flush(struct hypervisor *h, struct vcpu *vc, unsigned cpu)
{
    bool overflow = false, evicted_active = false, placed_pending = false;
    unsigned used = 0;
    if (vc->n) /* an empty list may have no array yet */
        qsort(vc->v, vc->n, sizeof(*vc->v), vint_cmp);
    for (unsigned i = 0; i < vc->n; i++) {
        struct vint *e = &vc->v[i];
        e->lr = -1;
        if (used < h->nr_lrs) {
            wr(h, cpu, (gic_sysreg_t)(ICH_LR0_EL2 + used), make_lr(e));
            placed_pending |= e->pending && !e->active;
            e->lr = (int)used++;
        } else {
            overflow = true;
            evicted_active |= e->active;
        }
    }
    for (unsigned n = used; n < h->nr_lrs; n++)
        wr(h, cpu, (gic_sysreg_t)(ICH_LR0_EL2 + n), 0);
    /* Underflow only when it cannot fire at once (two LRs at least); no-pending once a
     * pending interrupt is in the LRs; LRENP when an active interrupt was left out. */
    uint32_t hcr = HCR_EN | (overflow && h->nr_lrs >= 2 ? HCR_UIE : 0) |
                   (overflow && placed_pending ? HCR_NPIE : 0) | (evicted_active ? HCR_LRENPIE : 0);
    wr(h, cpu, ICH_HCR_EL2, hcr);
    return h->nr_lrs + 1;
}

/* EOIcount: the guest deactivated interrupts that were not in an LR, highest priority
 * (the innermost handler) first. */
static void deactivate_evicted(struct hypervisor *h, struct vcpu *vc, unsigned cpu, unsigned k)
{
    while (k--) {
        struct vint *best = NULL;
        for (unsigned i = 0; i < vc->n; i++)
            if (vc->v[i].active && vc->v[i].lr < 0 && (!best || vc->v[i].prio < best->prio))
                best = &vc->v[i];
        if (!best)
            return;
        best->active = false;
        if (best->hw) {
            hyp_host_enter(h, cpu);
            wr(h, cpu, ICC_DIR_EL1, best->pintid);
            hyp_host_leave(h, cpu);
        }
    }
}

/* Reads the LRs back into the list, resamples level interrupts, drops finished ones;
 * returns the number of ICH accesses. */
static unsigned fold(struct hypervisor *h, struct vcpu *vc, unsigned cpu)
{
    uint64_t hcr = rd(h, cpu, ICH_HCR_EL2);
    deactivate_evicted(h, vc, cpu, (unsigned)(hcr >> 27 & 31));
    unsigned out = 0;
    for (unsigned i = 0; i < vc->n; i++) {
        struct vint *e = &vc->v[i];
        if (e->lr >= 0) { /* read back, and empty the LR for the next flush */
            gic_sysreg_t reg = (gic_sysreg_t)(ICH_LR0_EL2 + e->lr);
            uint64_t lr = rd(h, cpu, reg);
            e->pending = lr >> 62 & 1;
            e->active = lr >> 63 & 1;
            e->lr = -1;
            wr(h, cpu, reg, 0);
        }
        if (e->level && e->line && !e->pending)
            e->pending = true;  /* resample: the line is still asserted */
        if (e->level && !e->line && e->pending && !e->active)
            e->pending = false; /* retired: the line went low before the guest took it */
        if (e->pending || e->active)
            vc->v[out++] = *e;
    }
    vc->n = out;
    wr(h, cpu, ICH_HCR_EL2, hcr & ~(uint64_t)(31u << 27 | HCR_EN));
    return 2 * h->nr_lrs + 2;
}

/* A running vCPU sees a change to its list at once (KVM kicks it: exit, fold, flush). */
static void refresh(struct hypervisor *h, struct vcpu *vc)
{
    if (vc->pe < 0)
        return;
    fold(h, vc, (unsigned)vc->pe);
    flush(h, vc, (unsigned)vc->pe);
}

/* ---- steps ---- */

/* ---- GICv4.1: a vPE per vCPU ---- */

static void its_cmd(struct hypervisor *h, struct scn_cmd *c)
{
    c->line = h->r->s->steps[h->r->cur_step].line;
    driver_commands(h->r, 0, c, 1, true);
}

/* As KVM at VM creation (its_vpe_init + VMAPP): every vCPU's vPE mapped to the
 * redistributor of PE vcpu % cpus, one configuration table for the VM, a VPT and a
 * default doorbell per vPE. */
static void map_vpes(struct hypervisor *h, unsigned id, struct vm *vm)
{
    struct runner *r = h->r;
    const gic_config_t *g = &r->s->gic;
    uint64_t vconf = runner_alloc(r, (1ULL << g->id_bits) - 8192, 0x10000);
    for (unsigned i = 0; i < vm->n; i++) {
        struct vcpu *vc = &vm->vcpu[i];
        vc->vpe = id * 64 + i;
        if ((uint64_t)vc->vpe >> g->virt.vpeid_bits) {
            runner_fatal(r, "vm %u vcpu %u: its vPE %u does not fit vpeid_bits %u (vPEID = "
                         "vm * 64 + vcpu)", id, i, vc->vpe, g->virt.vpeid_bits);
            return;
        }
        vc->doorbell = driver_lpi_alloc(r, 0xa0);
        vc->vpe_cpu = (int)(i % g->num_cpus);
        struct scn_cmd c = {{0}, false, 0, false, true, false};
        enc_vmapp(c.dw, vc->vpe, driver_rdbase(r, 0, (unsigned)vc->vpe_cpu), true, 0,
                  g->id_bits, vconf, vc->doorbell, true, true);
        its_cmd(h, &c);
        enc_vpe(c.dw, ITS_OP_VSYNC, vc->vpe);
        its_cmd(h, &c);
    }
}

#define VPENDBASER_VALID (1ULL << 63)
#define VPENDBASER_DOORBELL (1ULL << 62)
#define VPENDBASER_DIRTY (1ULL << 60)
#define VPENDBASER_VGRPEN (3ULL << 58)

static bool vpe_clean(struct runner *r, const void *arg)
{
    uint64_t v = 0;
    gic_mmio_peek(r->gic, *(const uint64_t *)arg, 8, (gic_attrs_t){false, 0}, &v);
    return !(v & VPENDBASER_DIRTY);
}

/* GICR_VPENDBASER on cpu; with wait, the host polls Dirty until it clears, and the
 * time that took goes in the report's residency changes (as a step's would). */
static void vpendbaser(struct hypervisor *h, unsigned cpu, uint64_t v, bool wait)
{
    struct runner *r = h->r;
    uint64_t addr, t0 = runner_now(r);
    unsigned w;
    bool sched = v & VPENDBASER_VALID;
    int vpe = sched ? (int)(v & 0xFFFF) : gic_vpe_resident(r->gic, cpu);
    if (gic_reg_addr(r->gic, "GICR_VPENDBASER", cpu, &addr, &w) != GIC_OK)
        return;
    /* The host does not write GICR_VPENDBASER while an earlier change's Dirty period
     * runs (one the doorbell handler started without waiting): it polls first. */
    if (wait && !runner_run_until(r, runner_now(r) + 1000000000000ULL, vpe_clean, &addr)) {
        runner_check(r, false, "CPU %u: GICR_VPENDBASER.Dirty still 1 after 1 s", cpu);
        return;
    }
    bus_mmio_write(r, addr, 8, v, (gic_attrs_t){false, 0});
    if (!wait)
        return;
    if (!runner_run_until(r, runner_now(r) + 1000000000000ULL, vpe_clean, &addr)) {
        runner_check(r, false, "CPU %u: GICR_VPENDBASER.Dirty still 1 after 1 s", cpu);
        return;
    }
    runner_vpe_residency(r, cpu, vpe, sched, t0, runner_now(r) - t0, true);
}

/* Entering a vCPU on cpu: its vPE follows it (VMOVP + VSYNC when it moved, as KVM's
 * vPE affinity change does), then becomes resident. */
static void vpe_enter(struct hypervisor *h, struct vcpu *vc, unsigned cpu, bool wait)
{
    if (!h->r->s->gic.virt.gicv4 || vc->vpe_cpu < 0)
        return;
    if (vc->vpe_cpu != (int)cpu && wait) {
        struct scn_cmd c = {{0}, false, 0, false, false, false};
        /* GITS_TYPER.VMOVP = 0: the multi-ITS form, ITSList = ITS0 (the one ITS the
         * hypervisor maps vPEs in), a new SequenceNumber each time, as Linux does */
        enc_vmovp_full(c.dw, vc->vpe, driver_rdbase(h->r, 0, cpu), h->vmovp_seq++,
                       h->r->s->gic.virt.vmovp_list ? 1 : 0, false, 0);
        its_cmd(h, &c);
        enc_vpe(c.dw, ITS_OP_VSYNC, vc->vpe);
        its_cmd(h, &c);
        vc->vpe_cpu = (int)cpu;
    }
    vpendbaser(h, cpu, VPENDBASER_VALID | VPENDBASER_VGRPEN | vc->vpe, wait);
}

/* Leaving it: descheduled with Doorbell = 1 (the vCPU is taken to block, as on WFI). */
static void vpe_leave(struct hypervisor *h, struct vcpu *vc, unsigned cpu)
{
    if (h->r->s->gic.virt.gicv4 && vc->vpe_cpu >= 0)
        vpendbaser(h, cpu, VPENDBASER_DOORBELL, true);
}

/* traffic {vm, map: auto}: the hypervisor passes the devices through to the VM: MAPD
 * each device, VMAPTI each event to a vLPI (vINTIDs from 8192, enabled at 0xa0 in the
 * VM's configuration table) of a vCPU chosen round-robin, VSYNC. */
void hyp_map_passthrough(struct hypervisor *h, const struct step *st)
{
    struct runner *r = h->r;
    if (st->vm >= MAX_VMS || !h->vms[st->vm].n) {
        runner_fatal(r, "traffic: vm %u is not declared (a `vm:` step declares it)", st->vm);
        return;
    }
    struct vm *vm = &h->vms[st->vm];
    unsigned bits = 1;
    while ((1ULL << bits) < st->events)
        bits++;
    struct scn_cmd c = {{0}, false, st->line, false, false, false};
    for (uint32_t d = 0; d < st->devices && !r->fatal[0]; d++) {
        c.itt_auto = true;
        enc_mapd(c.dw, st->first_device + d, bits, 0, true);
        driver_commands(r, st->its, &c, 1, false);
        c.itt_auto = false;
        for (uint32_t e = 0; e < st->events; e++) {
            struct vcpu *vc = &vm->vcpu[(d * st->events + e) % vm->n];
            uint32_t vintid = vm->next_vintid++;
            struct vpe_tables t;
            if (driver_vpe_tables(r, vc->vpe, &t) && t.vconf) {
                uint8_t conf = 0xa0 | 2 | 1;
                bus_mem_write(r, t.vconf + vintid - 8192, &conf, 1);
            }
            enc_vmapti(c.dw, st->first_device + d, e, vc->vpe, vintid, 1023);
            driver_commands(r, st->its, &c, 1, false);
        }
    }
    for (unsigned i = 0; i < vm->n; i++) {
        enc_vpe(c.dw, ITS_OP_VSYNC, vm->vcpu[i].vpe);
        driver_commands(r, st->its, &c, 1, i + 1 == vm->n);
    }
}

static void declare(struct hypervisor *h, const struct step *st)
{
    struct vm *vm = &h->vms[st->vm];
    if (vm->n) {
        runner_fatal(h->r, "vm %u is declared twice", st->vm);
        return;
    }
    if (!(vm->vcpu = calloc(st->count, sizeof(*vm->vcpu))))
        abort();
    vm->n = st->count;
    for (unsigned i = 0; i < vm->n; i++) {
        vm->vcpu[i].pe = -1;
        vm->vcpu[i].vpe_cpu = -1;
        /* A vCPU's virtual interface starts as a guest finds it: VPMR 0, VBPRs at their
         * minimum (ICH_VMCR_EL2 read at boot holds them); guest_ready: as a booted guest
         * kernel leaves it, Group 1 enabled (VENG1) and VPMR 0xF8. */
        vm->vcpu[i].vmcr = (uint32_t)rd(h, 0, ICH_VMCR_EL2) & ~(0xFFu << 24 | 3u);
        if (st->flag)
            vm->vcpu[i].vmcr |= 0xF8u << 24 | 2u;
    }
    vm->next_vintid = 8192;
    if (h->r->s->gic.virt.gicv4)
        map_vpes(h, st->vm, vm);
}

static void inject(struct hypervisor *h, const struct step *st)
{
    struct vcpu *vc = find_vcpu(h, st->vm, st->vcpu);
    if (!vc)
        return;
    if (vc->pe >= 0)
        fold(h, vc, (unsigned)vc->pe);
    struct vint *e = find_vint(vc, st->intid, st->level != 0);
    if (e) {
        e->prio = st->priority;
        e->grp1 = st->group;
        if (st->level == 2) {
            e->pending = true;
        } else {
            e->level = true; /* level-sensitive: pending exactly while the line is high */
            e->line = st->level == 1;
            e->pending = e->line;
        }
    }
    if (vc->pe >= 0)
        flush(h, vc, (unsigned)vc->pe);
}

/* HW link: the physical interrupt is enabled and routed to the PE given (SPIs). */
static void link(struct hypervisor *h, const struct step *st)
{
    struct runner *r = h->r;
    if (!find_vcpu(h, st->vm, st->vcpu))
        return;
    if (h->n_links == MAX_LINKS) {
        runner_fatal(r, "link: at most %d linked interrupts", MAX_LINKS);
        return;
    }
    unsigned cpu = (unsigned)st->cpu;
    h->links[h->n_links++] = (struct link){st->intid, st->intid < 32 ? st->cpu : -1, st->vm,
                                           st->vcpu, st->vintid, st->priority};
    if (st->intid < 32) {
        driver_wr(r, "GICR_ISENABLER0", cpu, 1u << st->intid);
    } else {
        char name[32];
        snprintf(name, sizeof(name), "GICD_IROUTER%u", st->intid);
        driver_wr(r, name, 0, gic_cpu_affinity(cpu));
        snprintf(name, sizeof(name), "GICD_ISENABLER%u", st->intid / 32);
        driver_wr(r, name, 0, 1u << (st->intid % 32));
    }
}

static void world_switch(struct hypervisor *h, unsigned accesses)
{
    struct runner *r = h->r;
    runner_advance_to(r, runner_now(r) + r->s->world_switch + accesses * h->ich_ps);
}

static void enter(struct hypervisor *h, struct vcpu *vc, unsigned cpu);
static void leave(struct hypervisor *h, unsigned cpu);

static void run(struct hypervisor *h, const struct step *st)
{
    struct runner *r = h->r;
    unsigned cpu = (unsigned)st->cpu;
    struct vcpu *vc = find_vcpu(h, st->vm, st->vcpu);
    if (!vc)
        return;
    if (vc->pe == (int)cpu && r->s->gic.virt.gicv4)
        return; /* a doorbell already brought it back here */
    /* A vCPU the doorbell handler entered is the hypervisor's, not the scenario's: the
     * scheduler takes it off (as KVM preempts it) to run this one; while it does, no
     * doorbell enters anything on this PE or this vCPU elsewhere. */
    h->claim_pe = (int)cpu, h->claim_vc = vc;
    if (vc->pe >= 0 && vc->by_doorbell)
        leave(h, (unsigned)vc->pe);
    if (h->on_pe[cpu] && h->on_pe[cpu]->by_doorbell)
        leave(h, cpu);
    if (vc->pe >= 0 || h->on_pe[cpu]) {
        h->claim_pe = -1, h->claim_vc = NULL;
        runner_fatal(r, "run: vm %u vcpu %u is running, or CPU %u runs a vCPU (exit first)",
                     st->vm, st->vcpu, cpu);
        return;
    }
    world_switch(h, 2 + 2 * h->n_apr + h->nr_lrs);
    vpe_enter(h, vc, cpu, true);
    enter(h, vc, cpu);
    h->claim_pe = -1, h->claim_vc = NULL;
}

/* The register part of entering a vCPU (no time: run's world switch precedes it). */
static void enter(struct hypervisor *h, struct vcpu *vc, unsigned cpu)
{
    struct runner *r = h->r;
    wr(h, cpu, ICH_VMCR_EL2, vc->vmcr);
    for (unsigned n = 0; n < h->n_apr; n++) {
        wr(h, cpu, (gic_sysreg_t)(ICH_AP0R0_EL2 + n), vc->apr[0][n]);
        wr(h, cpu, (gic_sysreg_t)(ICH_AP1R0_EL2 + n), vc->apr[1][n]);
    }
    vc->pe = (int)cpu;
    vc->by_doorbell = false;
    h->on_pe[cpu] = vc;
    bus_set_el(r, cpu, 1, true, true);
    flush(h, vc, cpu);
    guests_restore(r->guests, cpu, &vc->guest);
}

static void exit_vcpu(struct hypervisor *h, const struct step *st)
{
    unsigned cpu = (unsigned)st->cpu;
    if (!h->on_pe[cpu]) {
        runner_fatal(h->r, "exit: CPU %u runs no vCPU", cpu);
        return;
    }
    leave(h, cpu);
}

/* The vCPU on cpu exits: its state saved, its vPE descheduled, the world switch. */
static void leave(struct hypervisor *h, unsigned cpu)
{
    struct runner *r = h->r;
    struct vcpu *vc = h->on_pe[cpu];
    bus_set_el(r, cpu, 2, true, true);
    guests_save(r->guests, cpu, &vc->guest);
    fold(h, vc, cpu);
    vc->vmcr = (uint32_t)rd(h, cpu, ICH_VMCR_EL2);
    for (unsigned n = 0; n < h->n_apr; n++) {
        vc->apr[0][n] = (uint32_t)rd(h, cpu, (gic_sysreg_t)(ICH_AP0R0_EL2 + n));
        vc->apr[1][n] = (uint32_t)rd(h, cpu, (gic_sysreg_t)(ICH_AP1R0_EL2 + n));
    }
    vpe_leave(h, vc, cpu); /* the PE counts as busy until its vPE is descheduled */
    vc->pe = -1;
    h->on_pe[cpu] = NULL;
    world_switch(h, 3 + 2 * h->n_apr + 2 * h->nr_lrs);
}

void hyp_step(struct hypervisor *h, const struct step *st)
{
    switch (st->kind) {
    case STEP_VM: declare(h, st); break;
    case STEP_INJECT: inject(h, st); break;
    case STEP_LINK: link(h, st); break;
    case STEP_RUN: run(h, st); break;
    case STEP_EXIT: exit_vcpu(h, st); break;
    default: break;
    }
    runner_advance_to(h->r, runner_now(h->r));
}

/* ---- the host's interrupt handler ---- */

void hyp_host_enter(struct hypervisor *h, unsigned cpu)
{
    if (h->on_pe[cpu])
        bus_set_el(h->r, cpu, 2, true, true);
}

void hyp_host_leave(struct hypervisor *h, unsigned cpu)
{
    if (h->on_pe[cpu])
        bus_set_el(h->r, cpu, 1, true, true);
}

/* A vPE's doorbell: KVM wakes its vCPU. Here the vCPU is entered on the PE that took
 * the doorbell (its vPE's redistributor) when that PE runs no vCPU: its vPE becomes
 * resident there, without the world-switch time of a `run` step (the host is in its
 * interrupt handler; docs/scenario-format.md, GICv4.1). */
static bool doorbell(struct hypervisor *h, unsigned cpu, uint32_t intid)
{
    for (unsigned m = 0; m < MAX_VMS; m++)
        for (unsigned i = 0; i < h->vms[m].n; i++) {
            struct vcpu *vc = &h->vms[m].vcpu[i];
            if (vc->doorbell != intid)
                continue;
            if (vc->pe < 0 && !h->on_pe[cpu] && vc->vpe_cpu == (int)cpu &&
                h->claim_pe != (int)cpu && h->claim_vc != vc) {
                h->doorbell_runs++;
                vpe_enter(h, vc, cpu, false);
                enter(h, vc, cpu);
                vc->by_doorbell = true;
            }
            return true;
        }
    return false;
}

bool hyp_host_irq(struct hypervisor *h, unsigned cpu, uint32_t intid)
{
    if (intid == h->r->s->gic.virt.maintenance_intid) {
        if (h->on_pe[cpu])
            refresh(h, h->on_pe[cpu]); /* EOI, underflow, no-pending, LRENP: fold, flush */
        return true;
    }
    if (h->r->s->gic.virt.gicv4 && doorbell(h, cpu, intid))
        return true;
    for (unsigned i = 0; i < h->n_links; i++) {
        const struct link *l = &h->links[i];
        if (l->pintid != intid || (l->cpu >= 0 && (unsigned)l->cpu != cpu))
            continue;
        struct vcpu *vc = &h->vms[l->vm].vcpu[l->vcpu];
        if (vc->pe >= 0)
            fold(h, vc, (unsigned)vc->pe);
        struct vint *e = find_vint(vc, l->vintid, true);
        *e = (struct vint){l->vintid, l->prio, true, true, intid, false, false, true, e->active,
                           -1};
        if (vc->pe >= 0)
            flush(h, vc, (unsigned)vc->pe);
        return false;
    }
    return true;
}
