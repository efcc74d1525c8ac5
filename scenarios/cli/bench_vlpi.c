/* `gicsim bench vlpi`: GICv4.1 direct injection's host cost. Per vLPI a device writes
 * GITS_TRANSLATER, the ITS translates the event through a virtual ITE (and its vPE
 * cache) to a vLPI of the vPE resident on the target redistributor, and the guest at
 * EL1 (HCR_EL2.IMO = 1) takes it through ICC_IAR1_EL1 (reaching ICV_IAR1_EL1) and
 * writes ICC_EOIR1_EL1. --vpes N vPEs are mapped, one event each at least (devices of
 * --events events, event k to vPE k % N, vINTID 8192 + k % (2^16 - 8192)); vPE c is
 * resident on CPU c and the loop sends round-robin over those vPEs' events, so the
 * other vPEs and their events are the population the cost must not depend on. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "bench_work.h"
#include "its_encode.h"

#define VITT_BASE 0x200000000ULL  /* ITTs, 16-byte ITEs; level-2 pages below */
#define VPE_TABLE 0x300000000ULL  /* GITS_BASER2: 2^16 x 32 bytes, flat (32 pages) */
#define VPT_BASE 0x400000000ULL   /* one 64 KiB slot per vPE */
#define VCONF 0x800000000ULL      /* the VM's configuration table */
#define VPT_BITS 16

struct vlpi_map {
    uint32_t *dev, *ev;           /* the events of the resident vPEs: row c is CPU c's */
    unsigned *n;                  /* events per row */
    uint64_t stride;
};

static void wr(const struct busport *bus, gic_t *gic, const char *name, unsigned inst,
               uint64_t v)
{
    uint64_t addr;
    unsigned w;
    if (gic_reg_addr(gic, name, inst, &addr, &w) == GIC_OK)
        bus->mmio_write(bus->ctx, addr, w, v, (gic_attrs_t){false, 0});
}

/* The vPE table, vPEs, devices and virtual ITEs; records each resident vPE's events. */
static bool map_vpes(struct bench_sys *b, const struct bench_opts *o, unsigned vpes,
                     struct vlpi_map *m)
{
    const struct busport *bus = b->bus;
    uint64_t dw[4];
    wr(bus, b->gic, "GITS_CTLR", 0, 0);
    wr(bus, b->gic, "GITS_BASER2", 0, 1ULL << 63 | VPE_TABLE | 2u << 8 | 31);
    wr(bus, b->gic, "GITS_CTLR", 0, 1);
    uint8_t conf = 0xa0 | 3;
    for (uint32_t v = 8192; v < (1u << VPT_BITS); v++)
        bus->mem_write(bus->ctx, VCONF + v - 8192, &conf, 1);
    for (unsigned v = 0; v < vpes; v++) {
        enc_vmapp(dw, v, v % o->cpus, true, VPT_BASE + (uint64_t)v * 0x10000, VPT_BITS, VCONF,
                  1023, true, true);
        bench_cmd(b, dw);
    }
    unsigned ebits = 1;
    while ((1u << ebits) < o->events)
        ebits++;
    uint64_t mapped = (uint64_t)o->devices * o->events;
    if (mapped < vpes)
        mapped = vpes;
    unsigned devices = (unsigned)((mapped + o->events - 1) / o->events);
    unsigned active = o->cpus < vpes ? o->cpus : vpes;
    uint64_t stride = mapped / active + 1;
    m->n = calloc(o->cpus, sizeof(*m->n));
    m->dev = calloc(stride * active, sizeof(*m->dev));
    m->ev = calloc(stride * active, sizeof(*m->ev));
    if (!m->n || !m->dev || !m->ev)
        return false;
    uint64_t k = 0, l2 = VITT_BASE - (1ULL << 32);
    for (unsigned d = 0; d < devices; d++) {
        bench_l2_page(b, d, &l2);
        enc_mapd(dw, d, ebits, VITT_BASE + (uint64_t)d * (16ULL << ebits), true);
        bench_cmd(b, dw);
        for (unsigned e = 0; e < o->events; e++, k++) {
            unsigned vpe = (unsigned)(k % vpes);
            enc_vmapti(dw, d, e, vpe, 8192 + k % ((1u << VPT_BITS) - 8192), 1023);
            bench_cmd(b, dw);
            if (vpe < o->cpus) { /* resident: vPE c on CPU c */
                unsigned c = vpe, i = m->n[c]++;
                m->dev[c * stride + i] = d;
                m->ev[c * stride + i] = e;
            }
        }
    }
    for (unsigned v = 0; v < vpes; v++)
        enc_vpe(dw, ITS_OP_VSYNC, v), bench_cmd(b, dw);
    bench_publish(b);
    m->stride = stride;
    return true;
}

/* Each CPU: its vPE resident (waiting out Dirty), the guest's interface on, EL1. */
static void enter_guests(struct bench_sys *b, unsigned cpus, unsigned vpes)
{
    const struct busport *bus = b->bus;
    for (unsigned c = 0; c < cpus && c < vpes; c++) {
        wr(bus, b->gic, "GICR_VPENDBASER", c, 1ULL << 63 | 3ULL << 58 | c);
        bus->sysreg_write(bus->ctx, c, ICH_VMCR_EL2, 0xFF000002); /* VPMR 0xFF, VENG1 */
        bus->sysreg_write(bus->ctx, c, ICH_HCR_EL2, 1);
        gic_cpu_set_el(b->gic, c, 1, true, false);
    }
    while (gic_next_event_time(b->gic) != GIC_TIME_NEVER)
        bus->advance_to(bus->ctx, gic_next_event_time(b->gic));
}

/* One vLPI to cpu: false if the guest did not get a vLPI. */
static bool one_vlpi(struct bench_sys *b, unsigned cpu, uint32_t dev, uint32_t ev)
{
    const struct busport *bus = b->bus;
    bus->msi(bus->ctx, 0, dev, ev);
    uint64_t got = bench_take_virq(b, cpu);
    return got >= 8192 && got != 1023;
}

int bench_vlpi(const struct bench_opts *o)
{
    gic_config_t cfg;
    char err[256];
    struct native_platform p;
    unsigned vpes = o->vpes ? o->vpes : 1;
    if (bench_configure(&cfg, o, err, sizeof(err)))
        goto bad;
    cfg.virt = (gic_virt_config_t){.enabled = true, .list_registers = 4, .priority_bits = 5,
                                   .preemption_bits = 5, .maintenance_intid = 25,
                                   .gicv4 = false, .vpeid_bits = 16};
    gic_config_enable_gicv4(&cfg);
    if (native_platform_create(&p, &cfg, err, sizeof(err)))
        goto bad;
    struct bench_sys b = {.bus = &p.bus, .gic = p.gic};
    struct vlpi_map m = {0};
    bench_setup(&b, o);
    if (!map_vpes(&b, o, vpes, &m)) {
        snprintf(err, sizeof(err), "out of memory");
        native_platform_destroy(&p);
        goto bad;
    }
    enter_guests(&b, o->cpus, vpes);
    unsigned active = o->cpus < vpes ? o->cpus : vpes, *next = calloc(active, sizeof(*next));
    uint64_t errors = 0;
    gic_time_t sim0 = gic_now(p.gic);
    double t0 = bench_host_now();
    for (uint64_t i = 0; next && i < o->count; i++) {
        unsigned c = (unsigned)(i % active), k = next[c];
        next[c] = k + 1 == m.n[c] ? 0 : k + 1;
        errors += !one_vlpi(&b, c, m.dev[c * m.stride + k], m.ev[c * m.stride + k]);
    }
    double secs = bench_host_now() - t0;
    double sim_ns = (double)(gic_now(p.gic) - sim0) / 1e3 / (double)o->count;
    gic_vlpi_stats_t vs;
    gic_get_vlpi_stats(p.gic, &vs);
    native_platform_destroy(&p);
    free(next), free(m.n), free(m.dev), free(m.ev);
    if (o->json)
        printf("{\"workload\": \"vlpi\", \"profile\": \"%s\", \"cpus\": %u, \"vpes\": %u, "
               "\"count\": %llu, \"errors\": %llu, \"acknowledged\": %llu, \"host_seconds\": "
               "%.6f, \"vlpis_per_sec\": %.0f, \"ns_per_vlpi\": %.1f, \"sim_ns_per_vlpi\": "
               "%.1f}\n", o->profile, o->cpus, vpes, (unsigned long long)o->count,
               (unsigned long long)errors, (unsigned long long)vs.acknowledged, secs,
               (double)o->count / secs, secs * 1e9 / (double)o->count, sim_ns);
    else
        printf("vlpi (%s): %llu vLPIs (MSI, ICV_IAR1, ICV_EOIR1) to resident vPEs on %u CPUs, "
               "%u vPEs mapped, in %.3f s = %.2f M/s (%.1f ns each); simulated %.1f ns per "
               "vLPI%s\n", o->profile, (unsigned long long)o->count, o->cpus, vpes, secs,
               (double)o->count / secs / 1e6, secs * 1e9 / (double)o->count, sim_ns,
               errors ? " (SOME NOT DELIVERED)" : "");
    return errors ? 1 : 0;
bad:
    fprintf(stderr, "gicsim bench: %s\n", err);
    return 2;
}
