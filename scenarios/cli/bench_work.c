/* The benchmark's set-up, mapping and measured loop on a busport (bench_work.h). */
#include "bench_work.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "its_encode.h"
#include "profile.h"

#define PROP 0x40000000ULL
#define PEND 0x50000000ULL
#define DEV_TABLE 0x60000000ULL
#define COLL_TABLE 0x61000000ULL
#define QUEUE 0x62000000ULL
#define QUEUE_BYTES 0x10000ULL
#define ITT_BASE 0x100000000ULL

double bench_host_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int bench_configure(gic_config_t *cfg, const struct bench_opts *o, char *err, size_t len)
{
    gic_config_default(cfg);
    if (profile_config(o->profile, cfg, err, len))
        return 2;
    cfg->num_cpus = o->cpus;
    cfg->id_bits = o->id_bits;
    cfg->its[0].device_bits = 20;
    return 0;
}

static void wr(struct bench_sys *b, const char *name, unsigned inst, uint64_t v)
{
    uint64_t addr;
    unsigned w;
    if (gic_reg_addr(b->gic, name, inst, &addr, &w) == GIC_OK)
        b->bus->mmio_write(b->bus->ctx, addr, w, v, (gic_attrs_t){false, 0});
}

/* Runs simulated time until done(b, arg) holds or nothing is left to happen. */
static void run_while_not(struct bench_sys *b, bool (*done)(struct bench_sys *, unsigned),
                          unsigned arg)
{
    const struct busport *bus = b->bus;
    bus->advance_to(bus->ctx, bus->now(bus->ctx));
    while (!done(b, arg)) {
        gic_time_t t = gic_next_event_time(b->gic);
        if (t == GIC_TIME_NEVER)
            return;
        bus->advance_to(bus->ctx, t);
    }
}

static bool its_idle(struct bench_sys *b, unsigned its)
{
    return !gic_its_busy(b->gic, its);
}

static bool irq_up(struct bench_sys *b, unsigned cpu)
{
    return gic_signal_level(b->gic, cpu, GIC_SIG_IRQ);
}

/* Writes CWRITER and runs until the ITS has executed everything (and its effects have
 * reached the redistributors), so the queue never overflows. */
void bench_publish(struct bench_sys *b)
{
    wr(b, "GITS_CWRITER", 0, b->cwriter);
    run_while_not(b, its_idle, 0);
}

void bench_cmd(struct bench_sys *b, const uint64_t dw[4])
{
    b->bus->mem_write(b->bus->ctx, QUEUE + b->cwriter, dw, 32);
    b->cwriter = (b->cwriter + 32) % QUEUE_BYTES;
    if (b->cwriter % 0x8000 == 0)
        bench_publish(b);
}

void bench_setup(struct bench_sys *b, const struct bench_opts *o)
{
    const struct busport *bus = b->bus;
    b->cpus = o->cpus;
    wr(b, "GICD_CTLR", 0, 0x12);
    for (unsigned c = 0; c < o->cpus; c++) {
        wr(b, "GICR_WAKER", c, 0);
        wr(b, "GICR_PROPBASER", c, PROP | (o->id_bits - 1));
        wr(b, "GICR_PENDBASER", c, PEND + (uint64_t)c * ((1ULL << o->id_bits) / 8 + 0x10000));
        wr(b, "GICR_CTLR", c, 1);
        bus->sysreg_write(bus->ctx, c, ICC_PMR_EL1, 0xF0);
        bus->sysreg_write(bus->ctx, c, ICC_IGRPEN1_EL1, 1);
    }
    wr(b, "GITS_BASER0", 0, 1ULL << 63 | 1ULL << 62 | DEV_TABLE | 2u << 8);
    wr(b, "GITS_BASER1", 0, 1ULL << 63 | COLL_TABLE | 2u << 8 | 7);
    wr(b, "GITS_CBASER", 0, 1ULL << 63 | QUEUE | 15);
    wr(b, "GITS_CTLR", 0, 1);
}

void bench_map(struct bench_sys *b, const struct bench_opts *o)
{
    const struct busport *bus = b->bus;
    uint64_t dw[4], l2 = ITT_BASE + (1ULL << 40);
    unsigned ebits = 1;
    while ((1u << ebits) < o->events)
        ebits++;
    for (unsigned c = 0; c < o->cpus; c++)
        enc_mapc(dw, c, c, true), bench_cmd(b, dw);
    uint32_t lpi = 8192;
    uint8_t conf = 0xa0 | 3;
    for (unsigned d = 0; d < o->devices; d++) {
        bench_l2_page(b, d, &l2);
        enc_mapd(dw, d, ebits, ITT_BASE + (uint64_t)d * (8ULL << ebits), true);
        bench_cmd(b, dw);
        for (unsigned e = 0; e < o->events; e++, lpi++) {
            bus->mem_write(bus->ctx, PROP + lpi - 8192, &conf, 1);
            enc_mapti(dw, d, e, lpi, (uint64_t)(d * o->events + e) % o->cpus);
            bench_cmd(b, dw);
        }
    }
    for (unsigned c = 0; c < o->cpus; c++)
        enc_invall(dw, c), bench_cmd(b, dw), enc_sync(dw, c), bench_cmd(b, dw);
    bench_publish(b);
}

/* Simulated latency histogram: 1 ns buckets up to 64 us, so percentiles cost no sort
 * and no memory per LPI. */
#define LAT_BUCKETS 65536
struct lat_hist {
    uint64_t n, max, bucket[LAT_BUCKETS];
};

static void lat_add(struct lat_hist *h, uint64_t ps)
{
    uint64_t ns = ps / 1000;
    h->bucket[ns < LAT_BUCKETS ? ns : LAT_BUCKETS - 1]++;
    h->n++;
    if (ps > h->max)
        h->max = ps;
}

static uint64_t lat_pct(const struct lat_hist *h, double p)
{
    uint64_t want = (uint64_t)(p / 100.0 * (double)h->n + 0.999999), seen = 0;
    for (uint64_t i = 0; i < LAT_BUCKETS; i++)
        if ((seen += h->bucket[i]) >= want && want)
            return i * 1000;
    return h->max;
}

/* One LPI: the MSI, time until the CPU's IRQ is up, IAR and EOIR. */
static void one_lpi(struct bench_sys *b, unsigned d, unsigned e, unsigned cpu,
                    struct bench_result *r, struct lat_hist *h)
{
    const struct busport *bus = b->bus;
    uint64_t sent = bus->now(bus->ctx), intid = 1023;
    bus->msi(bus->ctx, 0, d, e);
    if (b->wait_lines)
        while (!irq_up(b, cpu) && gic_next_event_time(b->gic) != GIC_TIME_NEVER)
            b->wait_lines(b->wait_ctx, cpu);
    run_while_not(b, irq_up, cpu);
    lat_add(h, bus->now(bus->ctx) - sent);
    bus->sysreg_read(bus->ctx, cpu, ICC_IAR1_EL1, &intid);
    if (intid < 8192)
        r->errors++;
    else
        r->delivered++;
    bus->sysreg_write(bus->ctx, cpu, ICC_EOIR1_EL1, intid);
}

struct bench_result bench_msi_ack_loop(struct bench_sys *b, const struct bench_opts *o)
{
    struct bench_result r = {0};
    struct lat_hist *h = calloc(1, sizeof(*h));
    unsigned d = 0, e = 0;
    if (!h)
        abort();
    double t0 = bench_host_now();
    for (uint64_t i = 0; i < o->count; i++) {
        one_lpi(b, d, e, (unsigned)((d * o->events + e) % o->cpus), &r, h);
        if (++e == o->events)
            e = 0, d = (d + 1) % o->devices;
    }
    r.seconds = bench_host_now() - t0;
    r.lat_p50 = lat_pct(h, 50), r.lat_p99 = lat_pct(h, 99), r.lat_max = h->max;
    free(h);
    r.lpis_per_sec = (double)r.delivered / r.seconds;
    r.ns_per_lpi = r.seconds * 1e9 / (double)(r.delivered ? r.delivered : 1);
    return r;
}

void bench_l2_page(struct bench_sys *b, uint32_t device, uint64_t *next_page)
{
    const struct busport *bus = b->bus;
    uint64_t slot = DEV_TABLE + (device / 8192) * 8, entry = 0; /* 64 KiB pages of 8 B DTEs */
    bus->mem_read(bus->ctx, slot, &entry, 8);
    if (entry >> 63)
        return;
    entry = 1ULL << 63 | *next_page;
    *next_page += 0x10000;
    bus->mem_write(bus->ctx, slot, &entry, 8);
}

uint64_t bench_take_virq(struct bench_sys *b, unsigned cpu)
{
    const struct busport *bus = b->bus;
    while (!gic_vcpu_signal_level(b->gic, cpu, GIC_VSIG_VIRQ)) {
        gic_time_t t = gic_next_event_time(b->gic);
        if (t == GIC_TIME_NEVER)
            return 1023;
        bus->advance_to(bus->ctx, t);
    }
    uint64_t got = 1023;
    bus->sysreg_read(bus->ctx, cpu, ICC_IAR1_EL1, &got);
    bus->sysreg_write(bus->ctx, cpu, ICC_EOIR1_EL1, got);
    return got;
}
