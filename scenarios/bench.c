/* `gicsim bench`: host throughput of the model, measured on the C API directly (no
 * scenario parsing, no trace listeners) so that the figure is the model's own cost.
 *   msi-ack   MSIs round-robin over D devices x E events mapped round-robin over CPUs;
 *             each LPI acknowledged and EOId by its CPU.
 *   commands  ITS command throughput: a MAPTI / INT / SYNC mix through the queue.
 *   scale     msi-ack at 10^2, 10^4, 10^6 mapped events and 14, 16, 20, 24 ID bits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench.h"
#include "gicsim/gicsim.h"
#include "its_encode.h"
#include "profile.h"

#define PROP 0x40000000ULL
#define PEND 0x50000000ULL
#define DEV_TABLE 0x60000000ULL
#define COLL_TABLE 0x61000000ULL
#define QUEUE 0x62000000ULL
#define QUEUE_BYTES 0x10000ULL
#define ITT_BASE 0x100000000ULL

struct opts {
    unsigned devices, events, cpus, id_bits;
    uint64_t count;
    bool json;
    const char *profile;
};

struct bench {
    gic_mem_t *mem;
    gic_t *gic;
    uint64_t cwriter;
    unsigned cpus;
};

static double host_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void wr(struct bench *b, const char *name, unsigned inst, uint64_t v)
{
    uint64_t addr;
    unsigned w;
    if (gic_reg_addr(b->gic, name, inst, &addr, &w) == GIC_OK)
        gic_mmio_write(b->gic, addr, w, v, (gic_attrs_t){false, 0});
}

/* Writes CWRITER and runs simulated time until the ITS has executed everything (and
 * its effects have reached the redistributors), so the queue never overflows. */
static void publish(struct bench *b)
{
    wr(b, "GITS_CWRITER", 0, b->cwriter);
    gic_run_until(b->gic, gic_now(b->gic));
    while (gic_its_busy(b->gic, 0) && gic_next_event_time(b->gic) != GIC_TIME_NEVER)
        gic_run_until(b->gic, gic_next_event_time(b->gic));
}

/* Queues one command, publishing every 1024. */
static void cmd(struct bench *b, const uint64_t dw[4])
{
    gic_mem_write(b->mem, QUEUE + b->cwriter, dw, 32);
    b->cwriter = (b->cwriter + 32) % QUEUE_BYTES;
    if (b->cwriter % 0x8000 == 0)
        publish(b);
}

static int setup(struct bench *b, const struct opts *o)
{
    gic_config_t cfg;
    char err[128];
    gic_config_default(&cfg);
    if (profile_config(o->profile, &cfg, err, sizeof(err))) {
        fprintf(stderr, "gicsim bench: %s\n", err);
        return 2;
    }
    cfg.num_cpus = o->cpus;
    cfg.id_bits = o->id_bits;
    cfg.its[0].device_bits = 20;
    b->mem = gic_mem_create();
    cfg.mem = gic_mem_as_port(b->mem);
    b->gic = gic_create(&cfg, err, sizeof(err));
    b->cpus = o->cpus;
    if (!b->gic) {
        fprintf(stderr, "gicsim bench: %s\n", err);
        return 2;
    }
    wr(b, "GICD_CTLR", 0, 0x12);
    for (unsigned c = 0; c < o->cpus; c++) {
        wr(b, "GICR_WAKER", c, 0);
        wr(b, "GICR_PROPBASER", c, PROP | (o->id_bits - 1));
        wr(b, "GICR_PENDBASER", c, PEND + (uint64_t)c * ((1ULL << o->id_bits) / 8 + 0x10000));
        wr(b, "GICR_CTLR", c, 1);
        gic_sysreg_write(b->gic, c, ICC_PMR_EL1, 0xF0);
        gic_sysreg_write(b->gic, c, ICC_IGRPEN1_EL1, 1);
    }
    wr(b, "GITS_BASER0", 0, 1ULL << 63 | 1ULL << 62 | DEV_TABLE | 2u << 8);
    wr(b, "GITS_BASER1", 0, 1ULL << 63 | COLL_TABLE | 2u << 8 | 7);
    wr(b, "GITS_CBASER", 0, 1ULL << 63 | QUEUE | 15);
    wr(b, "GITS_CTLR", 0, 1);
    return 0;
}

/* Maps D devices x E events to LPIs 8192.., collections round-robin over CPUs. */
static void map(struct bench *b, const struct opts *o)
{
    uint64_t dw[4], l2 = ITT_BASE + (1ULL << 40);
    unsigned ebits = 1;
    while ((1u << ebits) < o->events)
        ebits++;
    for (unsigned c = 0; c < o->cpus; c++)
        enc_mapc(dw, c, c, true), cmd(b, dw);
    uint32_t lpi = 8192;
    uint8_t conf = 0xa0 | 3;
    for (unsigned d = 0; d < o->devices; d++) {
        uint64_t slot = DEV_TABLE + (d / 8192) * 8, entry = 0; /* level-2 pages */
        gic_mem_read(b->mem, slot, &entry, 8);
        if (!(entry >> 63)) {
            entry = 1ULL << 63 | l2;
            l2 += 0x10000;
            gic_mem_write(b->mem, slot, &entry, 8);
        }
        enc_mapd(dw, d, ebits, ITT_BASE + (uint64_t)d * (8ULL << ebits), true), cmd(b, dw);
        for (unsigned e = 0; e < o->events; e++, lpi++) {
            gic_mem_write(b->mem, PROP + lpi - 8192, &conf, 1);
            enc_mapti(dw, d, e, lpi, (uint64_t)(d * o->events + e) % o->cpus), cmd(b, dw);
        }
    }
    for (unsigned c = 0; c < o->cpus; c++)
        enc_invall(dw, c), cmd(b, dw), enc_sync(dw, c), cmd(b, dw);
    publish(b);
}

static void teardown(struct bench *b)
{
    gic_destroy(b->gic);
    gic_mem_destroy(b->mem);
}

static uint64_t peak_rss(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (uint64_t)u.ru_maxrss * 1024;
}

struct result {
    double seconds, lpis_per_sec, ns_per_lpi;
    uint64_t delivered, errors;
    uint64_t lat_p50, lat_p99, lat_max; /* simulated msi_to_ack, ps */
};

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

/* Runs simulated time until the CPU's IRQ line is up (or nothing is left to happen). */
static void until_signalled(gic_t *gic, unsigned cpu)
{
    gic_run_until(gic, gic_now(gic));
    while (!gic_signal_level(gic, cpu, GIC_SIG_IRQ)) {
        gic_time_t t = gic_next_event_time(gic);
        if (t == GIC_TIME_NEVER)
            return;
        gic_run_until(gic, t);
    }
}

/* The measured loop: one MSI, translation, the CPU's IAR and EOIR. Under a timing
 * profile the CPU reads IAR as soon as its IRQ line rises. */
static struct result msi_ack_loop(struct bench *b, const struct opts *o)
{
    struct result r = {0};
    struct lat_hist *h = calloc(1, sizeof(*h));
    unsigned d = 0, e = 0;
    if (!h)
        abort();
    double t0 = host_now();
    for (uint64_t i = 0; i < o->count; i++) {
        gic_time_t sent = gic_now(b->gic);
        gic_msi(b->gic, 0, d, e);
        unsigned cpu = (unsigned)((d * o->events + e) % o->cpus);
        until_signalled(b->gic, cpu);
        lat_add(h, gic_now(b->gic) - sent);
        uint64_t intid;
        gic_sysreg_read(b->gic, cpu, ICC_IAR1_EL1, &intid);
        if (intid < 8192)
            r.errors++;
        else
            r.delivered++;
        gic_sysreg_write(b->gic, cpu, ICC_EOIR1_EL1, intid);
        if (++e == o->events)
            e = 0, d = (d + 1) % o->devices;
    }
    r.seconds = host_now() - t0;
    r.lat_p50 = lat_pct(h, 50), r.lat_p99 = lat_pct(h, 99), r.lat_max = h->max;
    free(h);
    r.lpis_per_sec = (double)r.delivered / r.seconds;
    r.ns_per_lpi = r.seconds * 1e9 / (double)(r.delivered ? r.delivered : 1);
    return r;
}

static int run_msi_ack(const struct opts *o, struct result *out, uint64_t *rss)
{
    struct bench b = {0};
    if (setup(&b, o))
        return 2;
    map(&b, o);
    *out = msi_ack_loop(&b, o);
    *rss = peak_rss();
    teardown(&b);
    return out->errors ? 1 : 0;
}

static int bench_msi_ack(const struct opts *o)
{
    struct result r;
    uint64_t rss;
    int rc = run_msi_ack(o, &r, &rss);
    if (rc == 2)
        return 2;
    if (o->json)
        printf("{\"workload\": \"msi-ack\", \"profile\": \"%s\", \"devices\": %u, "
               "\"events\": %u, \"mapped_events\": %llu, \"cpus\": %u, \"lpi_id_bits\": %u, "
               "\"count\": %llu, \"delivered\": %llu, \"host_seconds\": %.6f, "
               "\"lpis_per_sec\": %.0f, \"ns_per_lpi\": %.1f, \"peak_rss_bytes\": %llu, "
               "\"sim_latency_ns\": {\"msi_to_ack\": {\"p50\": %.3f, \"p99\": %.3f, "
               "\"max\": %.3f}}}\n",
               o->profile, o->devices, o->events, (unsigned long long)o->devices * o->events,
               o->cpus, o->id_bits, (unsigned long long)o->count,
               (unsigned long long)r.delivered, r.seconds, r.lpis_per_sec, r.ns_per_lpi,
               (unsigned long long)rss, r.lat_p50 / 1e3, r.lat_p99 / 1e3, r.lat_max / 1e3);
    else
        printf("msi-ack (%s): %u devices x %u events over %u CPUs, %u ID bits: %llu LPIs in "
               "%.3f s = %.2f M LPIs/s (%.1f ns per LPI), peak RSS %.1f MiB; simulated "
               "msi_to_ack p50 %.0f ns, p99 %.0f ns, max %.0f ns%s\n", o->profile, o->devices,
               o->events, o->cpus, o->id_bits, (unsigned long long)r.delivered, r.seconds,
               r.lpis_per_sec / 1e6, r.ns_per_lpi, (double)rss / 1048576.0, r.lat_p50 / 1e3,
               r.lat_p99 / 1e3, r.lat_max / 1e3, r.errors ? " (SOME MSIs NOT DELIVERED)" : "");
    return rc;
}

/* MAPTI (remapping one event), INT, SYNC, repeated; every INT's LPI is acknowledged. */
static int bench_commands(const struct opts *o)
{
    struct bench b = {0};
    struct opts one = *o;
    one.devices = 1, one.events = 64;
    if (setup(&b, &one))
        return 2;
    map(&b, &one);
    uint64_t dw[4], n = 0;
    double t0 = host_now();
    for (uint64_t i = 0; n < o->count; i++) {
        uint32_t ev = (uint32_t)(i % 64);
        enc_mapti(dw, 0, ev, 8192 + ev, ev % o->cpus), cmd(&b, dw);
        enc_dev_ev(dw, ITS_OP_INT, 0, ev), cmd(&b, dw);
        enc_sync(dw, ev % o->cpus), cmd(&b, dw);
        n += 3;
        if (b.cwriter % 0x8000 < 96) { /* after each publish: take the LPIs */
            for (unsigned c = 0; c < o->cpus; c++) {
                uint64_t intid;
                do {
                    gic_sysreg_read(b.gic, c, ICC_IAR1_EL1, &intid);
                    if (intid < 1020 || intid >= 8192)
                        gic_sysreg_write(b.gic, c, ICC_EOIR1_EL1, intid);
                } while (intid != 1023);
            }
        }
    }
    publish(&b);
    double secs = host_now() - t0;
    gic_its_stats_t st;
    gic_its_get_stats(b.gic, 0, &st);
    if (o->json)
        printf("{\"workload\": \"commands\", \"profile\": \"%s\", \"commands\": %llu, "
               "\"errors\": %llu, \"host_seconds\": %.6f, \"commands_per_sec\": %.0f}\n",
               o->profile, (unsigned long long)n,
               (unsigned long long)st.command_errors, secs, (double)n / secs);
    else
        printf("commands (%s): %llu MAPTI/INT/SYNC in %.3f s = %.2f M commands/s, %llu "
               "errors\n", o->profile, (unsigned long long)n, secs, (double)n / secs / 1e6,
               (unsigned long long)st.command_errors);
    teardown(&b);
    return st.command_errors ? 1 : 0;
}

/* The same work at growing populations and ID spaces: cost per LPI must stay flat. */
static int bench_scale(const struct opts *o)
{
    static const unsigned bits[] = {14, 16, 20, 24};
    static const unsigned long long pops[] = {100, 10000, 1000000};
    double base = 0;
    if (o->json)
        printf("{\"workload\": \"scale\", \"profile\": \"%s\", \"runs\": [", o->profile);
    else
        printf("scale (%s): the ratio is to the first line\n", o->profile);
    for (int p = 0, first = 1; p < 3; p++)
        for (int k = 0; k < 4; k++) {
            if (pops[p] > (1ULL << bits[k]) - 8192)
                continue; /* the population does not fit the LPI space */
            struct opts s = *o;
            s.events = 100, s.devices = (unsigned)(pops[p] / 100), s.id_bits = bits[k];
            struct result r;
            uint64_t rss;
            if (run_msi_ack(&s, &r, &rss))
                return 1;
            if (!base)
                base = r.ns_per_lpi;
            if (o->json)
                printf("%s{\"mapped_events\": %llu, \"lpi_id_bits\": %u, \"ns_per_lpi\": %.1f, "
                       "\"ratio\": %.2f, \"peak_rss_bytes\": %llu}", first ? "" : ", ",
                       pops[p], bits[k], r.ns_per_lpi, r.ns_per_lpi / base,
                       (unsigned long long)rss);
            else
                printf("scale: %8llu mapped events, %2u ID bits: %6.1f ns per LPI (x%.2f of the "
                       "first), peak RSS %.1f MiB\n", pops[p], bits[k], r.ns_per_lpi,
                       r.ns_per_lpi / base, (double)rss / 1048576.0);
            first = 0;
        }
    if (o->json)
        printf("]}\n");
    return 0;
}

static int usage(FILE *f, int rc)
{
    fprintf(f, "usage: gicsim bench WORKLOAD [options] [--json]\n"
               "workloads: msi-ack, commands, scale\n"
               "  --devices D (1)  --events E (64)  --cpus C (1)  --lpi-id-bits B (16)\n"
               "  --count N (2000000)  --profile NAME|PATH (gic600)  --json\n"
               "Profiles: ideal (zero latency), gic600, agilex5, or a profile .yaml file.\n");
    return rc;
}

static int parse(int argc, char **argv, struct opts *o)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned long long n = v ? strtoull(v, NULL, 0) : 0;
        if (!strcmp(a, "--json"))
            o->json = true;
        else if (!v)
            return -1;
        else if (!strcmp(a, "--devices") && n >= 1 && n <= (1u << 20))
            o->devices = (unsigned)n, i++;
        else if (!strcmp(a, "--events") && n >= 1 && n <= 65536)
            o->events = (unsigned)n, i++;
        else if (!strcmp(a, "--cpus") && n >= 1 && n <= 512)
            o->cpus = (unsigned)n, i++;
        else if (!strcmp(a, "--lpi-id-bits") && n >= 14 && n <= 24)
            o->id_bits = (unsigned)n, i++;
        else if (!strcmp(a, "--count") && n >= 1)
            o->count = n, i++;
        else if (!strcmp(a, "--profile"))
            o->profile = v, i++;
        else
            return -1;
    }
    uint64_t lpis = (uint64_t)o->devices * o->events;
    return lpis <= (1ULL << o->id_bits) - 8192 ? 0 : -1;
}

int bench_main(int argc, char **argv)
{
    struct opts o = {1, 64, 1, 16, 2000000, false, "gic600"};
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
        return usage(argc < 2 ? stderr : stdout, argc < 2 ? 2 : 0);
    if (parse(argc, argv, &o)) {
        fprintf(stderr, "gicsim bench: bad option or value (devices x events must fit the "
                        "LPI space of --lpi-id-bits)\n");
        return usage(stderr, 2);
    }
    if (!strcmp(argv[1], "msi-ack"))
        return bench_msi_ack(&o);
    if (!strcmp(argv[1], "commands"))
        return bench_commands(&o);
    if (!strcmp(argv[1], "scale"))
        return bench_scale(&o);
    return usage(stderr, 2);
}
