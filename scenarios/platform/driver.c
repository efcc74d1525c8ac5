/* The driver model: programs the GIC as the Linux irqchip driver does at boot, and
 * writes ITS commands to the queue GITS_CBASER points at, following CREADR. */
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "driver.h"
#include "its_encode.h"
#include "keymap.h"

#define MAX_WAIT_PS 1000000000000ULL /* a command not done after 1 s: the ITS is stuck */

static const gic_attrs_t NS = {false, 0}, SEC = {true, 0};

struct driver {
    struct runner *r;
    uint32_t next_lpi; /* traffic map: auto hands out LPIs from 8192 */
    struct keymap vpes; /* vPEID + 1 -> struct vpe_tables */
};

struct driver *driver_new(struct runner *r)
{
    struct driver *d = calloc(1, sizeof(*d));
    if (!d)
        abort();
    *d = (struct driver){r, 8192, {0}};
    keymap_init(&d->vpes, sizeof(struct vpe_tables));
    return d;
}

void driver_free(struct driver *d)
{
    if (d)
        keymap_free(&d->vpes);
    free(d);
}

#define ADDR_51_16 0x000FFFFFFFFF0000ULL

/* VMAPP: vpt/vconf: auto get a zeroed 64 KiB aligned table, once per vPE (a later
 * VMAPP of the vPE reuses it, so its vLPI configuration and pending state stay); the
 * tables given or allocated are remembered for vlpi_config. The VPT is allocated for
 * VPT_size + 1 bits up to 24 (beyond, the ITS rejects the command or the table is
 * the scenario's to give); the configuration table covers every LPI INTID. */
void driver_vmapp(struct runner *r, struct scn_cmd *c)
{
    if (!(c->dw[2] >> 63))
        return;
    bool fresh;
    uint32_t vpe = (uint32_t)(c->dw[1] >> 32 & 0xFFFF);
    struct vpe_tables *t = keymap_put(&r->driver->vpes, (uint64_t)vpe + 1, &fresh);
    unsigned bits = (unsigned)(c->dw[3] & 0x1F) + 1, id_bits = r->s->gic.id_bits;
    if (c->vpt_auto && bits <= 24) {
        if (!t->vpt || t->vpt_bits < bits)
            t->vpt = runner_alloc(r, bits < 16 ? 0x10000 : (1ULL << bits) / 8, 0x10000);
        c->dw[3] |= t->vpt;
    } else if (!c->vpt_auto) {
        t->vpt = c->dw[3] & ADDR_51_16;
    }
    if (c->vconf_auto) {
        if (!t->vconf)
            t->vconf = runner_alloc(r, (1ULL << id_bits) - 8192, 0x10000);
        c->dw[0] |= t->vconf;
    } else {
        t->vconf = c->dw[0] & ADDR_51_16;
    }
    t->vpt_bits = bits;
    t->known = true;
}

uint32_t driver_lpi_alloc(struct runner *r, uint8_t priority)
{
    uint32_t lpi = r->driver->next_lpi++;
    uint64_t prop = driver_rd(r, "GICR_PROPBASER", 0) & 0x000FFFFFFFFFF000ULL;
    uint8_t conf = (uint8_t)((priority & 0xFC) | 2 | 1);
    bus_mem_write(r, prop + lpi - 8192, &conf, 1);
    return lpi;
}

bool driver_vpe_tables(struct runner *r, uint32_t vpe, struct vpe_tables *out)
{
    bool fresh;
    struct vpe_tables *t = keymap_put(&r->driver->vpes, (uint64_t)vpe + 1, &fresh);
    *out = *t;
    return t->known;
}

static void wr_as(struct runner *r, const char *name, unsigned inst, uint64_t v, gic_attrs_t a);

uint64_t driver_rd(struct runner *r, const char *name, unsigned inst)
{
    uint64_t addr, v = 0;
    unsigned w;
    if (gic_reg_addr(r->gic, name, inst, &addr, &w) == GIC_OK)
        bus_mmio_read(r, addr, w, NS, &v);
    return v;
}

static void wr_as(struct runner *r, const char *name, unsigned inst, uint64_t v, gic_attrs_t a)
{
    uint64_t addr;
    unsigned w;
    if (gic_reg_addr(r->gic, name, inst, &addr, &w) == GIC_OK)
        bus_mmio_write(r, addr, w, v, a);
}

void driver_wr(struct runner *r, const char *name, unsigned inst, uint64_t v)
{
    wr_as(r, name, inst, v, NS);
}

#define wr driver_wr

static void wr_n(struct runner *r, const char *fmt, unsigned n, unsigned inst, uint64_t v,
                 gic_attrs_t a)
{
    char name[40];
    snprintf(name, sizeof(name), fmt, n);
    wr_as(r, name, inst, v, a);
}

uint64_t driver_rdbase(const struct runner *r, unsigned its, unsigned cpu)
{
    const gic_config_t *g = &r->s->gic;
    return g->its[its].pta ? (g->gicr_base + (uint64_t)cpu * g->gicr_stride) >> 16 : cpu;
}

/* Distributor: SPIs Group 1 (firmware's job with two security states, done with Secure
 * accesses), priority 0xa0, enabled, routed to CPU 0; then affinity routing on. */
static void boot_distributor(struct runner *r)
{
    const gic_config_t *g = &r->s->gic;
    bool two = g->two_security_states;
    for (unsigned n = 1; n <= g->num_spis / 32; n++) {
        wr_n(r, "GICD_IGROUPR%u", n, 0, 0xFFFFFFFF, two ? SEC : NS);
        wr_n(r, "GICD_ISENABLER%u", n, 0, 0xFFFFFFFF, NS);
    }
    for (unsigned n = 8; n < 8 + g->num_spis / 4; n++)
        wr_n(r, "GICD_IPRIORITYR%u", n, 0, two ? 0xd0d0d0d0 : 0xa0a0a0a0, two ? SEC : NS);
    for (unsigned i = 32; i < 32 + g->num_spis; i++)
        wr_n(r, "GICD_IROUTER%u", i, 0, 0, NS);
    if (two)
        wr_as(r, "GICD_CTLR", 0, 0x32, SEC); /* EnableGrp1NS, ARE_S, ARE_NS */
    else
        wr(r, "GICD_CTLR", 0, 0x12); /* EnableGrp1, ARE */
}

/* Redistributors and CPU interfaces: awake, SGIs/PPIs Group 1 priority 0xa0 and
 * enabled, one zeroed pending table each, the shared (all-disabled) configuration
 * table, EnableLPIs; ICC_SRE, PMR 0xf0, IGRPEN1. */
static void boot_cpus(struct runner *r)
{
    const gic_config_t *g = &r->s->gic;
    bool two = g->two_security_states;
    uint64_t lpis = (1ULL << g->id_bits) - 8192;
    uint64_t prop = runner_alloc(r, lpis, 0x10000);
    for (unsigned c = 0; c < g->num_cpus; c++) {
        wr_as(r, "GICR_WAKER", c, 0, two ? SEC : NS);
        wr_as(r, "GICR_IGROUPR0", c, 0xFFFFFFFF, two ? SEC : NS);
        for (unsigned n = 0; n < 8; n++)
            wr_n(r, "GICR_IPRIORITYR%u", n, c, two ? 0xd0d0d0d0 : 0xa0a0a0a0, two ? SEC : NS);
        wr(r, "GICR_ISENABLER0", c, 0xFFFFFFFF);
        if (g->lpis) {
            uint64_t pend = runner_alloc(r, (1ULL << g->id_bits) / 8, 0x10000);
            wr(r, "GICR_PROPBASER", c, prop | (g->id_bits - 1));
            wr(r, "GICR_PENDBASER", c, pend);
            wr(r, "GICR_CTLR", c, 1);
        }
        bus_sysreg_write(r, c, ICC_SRE_EL1, 7);
        if (two) { /* firmware opens PMR from Secure state (a Non-secure write cannot
                    * change a PMR that holds a Secure value, such as its reset 0) */
            bus_set_secure(r, c, true);
            bus_sysreg_write(r, c, ICC_PMR_EL1, 0xFF);
            bus_set_secure(r, c, false);
        }
        bus_sysreg_write(r, c, ICC_PMR_EL1, 0xF0);
        bus_sysreg_write(r, c, ICC_IGRPEN1_EL1, 1);
    }
}

/* A BASER table: flat when it fits in one 64 KiB page, else two-level (Linux allocates
 * level-2 pages as devices appear; the runner does so in driver_commands). */
static void boot_table(struct runner *r, unsigned its, unsigned n, unsigned id_bits)
{
    char name[16];
    uint64_t entries = 1ULL << id_bits, page = 0x10000;
    bool indirect = entries * 8 > page;
    uint64_t bytes = indirect ? ((entries * 8 + page - 1) / page) * 8 : entries * 8;
    uint64_t pages = (bytes + page - 1) / page;
    if (pages > 256)
        pages = 256;
    uint64_t base = runner_alloc(r, pages * page, page);
    snprintf(name, sizeof(name), "GITS_BASER%u", n);
    wr(r, name, its, 1ULL << 63 | (uint64_t)indirect << 62 | base | 2u << 8 | (pages - 1));
}

/* GICv4.1: the vPE table (GITS_BASER2, 32-byte entries), flat: 2^16 vPEs take 32 pages. */
static void boot_vpe_table(struct runner *r, unsigned its)
{
    uint64_t page = 0x10000, bytes = (1ULL << r->s->gic.virt.vpeid_bits) * 32;
    uint64_t pages = (bytes + page - 1) / page;
    uint64_t base = runner_alloc(r, pages * page, page);
    wr(r, "GITS_BASER2", its, 1ULL << 63 | base | 2u << 8 | (pages - 1));
}

static void boot_its(struct runner *r, unsigned its)
{
    const gic_its_config_t *c = &r->s->gic.its[its];
    boot_table(r, its, 0, c->device_bits);
    boot_table(r, its, 1, c->collection_bits ? c->collection_bits : 16);
    if (r->s->gic.virt.gicv4)
        boot_vpe_table(r, its);
    uint64_t queue = runner_alloc(r, 0x10000, 0x10000);
    wr(r, "GITS_CBASER", its, 1ULL << 63 | queue | 15);
    wr(r, "GITS_CWRITER", its, 0);
    wr(r, "GITS_CTLR", its, 1);
}

void driver_boot_linux(struct driver *d)
{
    struct runner *r = d->r;
    boot_distributor(r);
    boot_cpus(r);
    for (unsigned i = 0; i < r->s->gic.num_its; i++)
        boot_its(r, i);
}

/* traffic map: auto — MAPC per CPU, MAPD per device, MAPTI per event (LPIs from 8192
 * up, collections round-robin over CPUs), configuration enabled, INVALL + SYNC. */
void driver_map_auto(struct driver *drv, const struct step *st)
{
    struct runner *r = drv->r;
    unsigned cpus = r->s->gic.num_cpus, its = st->its, bits = 1;
    while ((1ULL << bits) < st->events)
        bits++;
    uint64_t prop = (driver_rd(r, "GICR_PROPBASER", 0) & 0x000FFFFFFFFFF000ULL);
    struct scn_cmd c = {{0}, false, st->line, false, false, false};
    for (unsigned cpu = 0; cpu < cpus; cpu++) {
        enc_mapc(c.dw, cpu, driver_rdbase(r, its, cpu), true);
        driver_commands(r, its, &c, 1, false);
    }
    for (uint32_t d = 0; d < st->devices && !r->fatal[0]; d++) {
        c.itt_auto = true;
        enc_mapd(c.dw, st->first_device + d, bits, 0, true);
        driver_commands(r, its, &c, 1, false);
        c.itt_auto = false;
        for (uint32_t e = 0; e < st->events; e++) {
            uint32_t lpi = drv->next_lpi++;
            uint8_t conf = 0xa0 | 2 | 1;
            bus_mem_write(r, prop + lpi - 8192, &conf, 1);
            enc_mapti(c.dw, st->first_device + d, e, lpi, (d * st->events + e) % cpus);
            driver_commands(r, its, &c, 1, false);
        }
    }
    for (unsigned cpu = 0; cpu < cpus; cpu++) {
        enc_invall(c.dw, cpu);
        driver_commands(r, its, &c, 1, false);
        enc_sync(c.dw, driver_rdbase(r, its, cpu));
        driver_commands(r, its, &c, 1, cpu == cpus - 1);
    }
}
