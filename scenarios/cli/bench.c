/* `gicsim bench`: host throughput of the model, measured on the native platform (the
 * C API through busport.h; no scenario parsing, no trace listeners) so that the figure
 * is the model's own cost. The work itself is in bench_work.c, shared with gicsim-tlm.
 *   msi-ack   MSIs round-robin over D devices x E events mapped round-robin over CPUs;
 *             each LPI acknowledged and EOId by its CPU.
 *   commands  ITS command throughput: a MAPTI / INT / SYNC mix through the queue.
 *   scale     msi-ack at 10^2, 10^4, 10^6 mapped events and 14, 16, 20, 24 ID bits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench.h"
#include "bench_work.h"
#include "args.h"
#include "its_encode.h"


static uint64_t peak_rss(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (uint64_t)u.ru_maxrss * 1024;
}

/* A native platform set up (and, if map, mapped) for o; 2 on a bad configuration. */
static int start(struct native_platform *p, struct bench_sys *b, const struct bench_opts *o,
                 bool map)
{
    gic_config_t cfg;
    char err[256];
    if (bench_configure(&cfg, o, err, sizeof(err)) ||
        native_platform_create(p, &cfg, err, sizeof(err))) {
        fprintf(stderr, "gicsim bench: %s\n", err);
        native_platform_destroy(p);
        return 2;
    }
    *b = (struct bench_sys){.bus = &p->bus, .gic = p->gic};
    bench_setup(b, o);
    if (map)
        bench_map(b, o);
    return 0;
}

static int run_msi_ack(const struct bench_opts *o, struct bench_result *out, uint64_t *rss)
{
    struct native_platform p;
    struct bench_sys b;
    if (start(&p, &b, o, true))
        return 2;
    *out = bench_msi_ack_loop(&b, o);
    *rss = peak_rss();
    native_platform_destroy(&p);
    return out->errors ? 1 : 0;
}

static int bench_msi_ack(const struct bench_opts *o)
{
    struct bench_result r;
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
static int bench_commands(const struct bench_opts *o)
{
    struct native_platform p;
    struct bench_sys b;
    struct bench_opts one = *o;
    one.devices = 1, one.events = 64;
    if (start(&p, &b, &one, true))
        return 2;
    const struct busport *bus = &p.bus;
    uint64_t dw[4], n = 0;
    double t0 = bench_host_now();
    for (uint64_t i = 0; n < o->count; i++) {
        uint32_t ev = (uint32_t)(i % 64);
        enc_mapti(dw, 0, ev, 8192 + ev, ev % o->cpus), bench_cmd(&b, dw);
        enc_dev_ev(dw, ITS_OP_INT, 0, ev), bench_cmd(&b, dw);
        enc_sync(dw, ev % o->cpus), bench_cmd(&b, dw);
        n += 3;
        if (b.cwriter % 0x8000 < 96) { /* after each publish: take the LPIs */
            for (unsigned c = 0; c < o->cpus; c++) {
                uint64_t intid;
                do {
                    bus->sysreg_read(bus->ctx, c, ICC_IAR1_EL1, &intid);
                    if (intid < 1020 || intid >= 8192)
                        bus->sysreg_write(bus->ctx, c, ICC_EOIR1_EL1, intid);
                } while (intid != 1023);
            }
        }
    }
    bench_publish(&b);
    double secs = bench_host_now() - t0;
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
    native_platform_destroy(&p);
    return st.command_errors ? 1 : 0;
}

/* The same work at growing populations and ID spaces: cost per LPI must stay flat. */
static int bench_scale(const struct bench_opts *o)
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
            struct bench_opts s = *o;
            s.events = 100, s.devices = (unsigned)(pops[p] / 100), s.id_bits = bits[k];
            struct bench_result r;
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

int bench_usage(FILE *f, int rc)
{
    fprintf(f, "usage: gicsim bench WORKLOAD [options] [--json]\n"
               "workloads: msi-ack, commands, scale, virq (list register -> ICV_IAR1 ->\n"
               "           ICV_EOIR1 through the virtual CPU interface), vlpi (GICv4.1: MSI ->\n"
               "           vLPI of a resident vPE -> ICV_IAR1 -> ICV_EOIR1)\n"
               "  --devices D (1)  --events E (64)  --cpus C (1)  --lpi-id-bits B (16)\n"
               "  --vpes N (1, vlpi: vPEs mapped, one resident per CPU)\n"
               "  --count N (2000000)  --profile NAME|PATH (gic600)  --json\n"
               "Profiles: ideal (zero latency), gic600, agilex5, or a profile .yaml file.\n");
    return rc;
}

/* One numeric option: its name, where it goes, its range. */
struct num_opt {
    const char *name;
    uint64_t min, max;
};
static const struct num_opt num_opts[] = {
    {"--devices", 1, 1u << 20}, {"--events", 1, 65536}, {"--cpus", 1, 512},
    {"--lpi-id-bits", 14, 24},  {"--count", 1, 1ULL << 40}, {"--vpes", 1, 65536},
};

static void set_num(struct bench_opts *o, size_t k, uint64_t v)
{
    switch (k) {
    case 0: o->devices = (unsigned)v; break;
    case 1: o->events = (unsigned)v; break;
    case 2: o->cpus = (unsigned)v; break;
    case 3: o->id_bits = (unsigned)v; break;
    case 5: o->vpes = (unsigned)v; break;
    default: o->count = v; break;
    }
}

/* 0, or 2 after saying what was wrong. */
static int parse(int argc, char **argv, struct bench_opts *o)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v;
        size_t k = 0;
        while (k < sizeof(num_opts) / sizeof(num_opts[0]) && strcmp(a, num_opts[k].name))
            k++;
        if (!strcmp(a, "--json")) {
            o->json = true;
        } else if (!strcmp(a, "--profile")) {
            if (!(o->profile = cli_value("gicsim bench", argc, argv, &i)))
                return 2;
        } else if (k < sizeof(num_opts) / sizeof(num_opts[0])) {
            uint64_t n;
            if (!(v = cli_value("gicsim bench", argc, argv, &i)) ||
                !cli_uint("gicsim bench", a, v, num_opts[k].min, num_opts[k].max, &n))
                return 2;
            set_num(o, k, n);
        } else {
            fprintf(stderr, "gicsim bench: unknown option '%s' (gicsim bench --help lists "
                            "them)\n", a);
            return 2;
        }
    }
    uint64_t lpis = (uint64_t)o->devices * o->events;
    if (lpis <= (1ULL << o->id_bits) - 8192)
        return 0;
    fprintf(stderr, "gicsim bench: %u devices x %u events = %llu LPIs do not fit the %u-bit "
                    "LPI space (%llu LPIs from 8192); raise --lpi-id-bits\n", o->devices,
            o->events, (unsigned long long)lpis, o->id_bits,
            (unsigned long long)((1ULL << o->id_bits) - 8192));
    return 2;
}

int bench_main(int argc, char **argv)
{
    struct bench_opts o = {1, 64, 1, 16, 2000000, false, "gic600", 1};
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
        return bench_usage(argc < 2 ? stderr : stdout, argc < 2 ? 2 : 0);
    if (strcmp(argv[1], "msi-ack") && strcmp(argv[1], "commands") && strcmp(argv[1], "scale") &&
        strcmp(argv[1], "virq") && strcmp(argv[1], "vlpi")) {
        fprintf(stderr, "gicsim bench: unknown workload '%s' (msi-ack, commands, scale, virq, "
                        "vlpi)\n",
                argv[1]);
        return 2;
    }
    if (parse(argc, argv, &o))
        return 2;
    if (!strcmp(argv[1], "msi-ack"))
        return bench_msi_ack(&o);
    if (!strcmp(argv[1], "commands"))
        return bench_commands(&o);
    if (!strcmp(argv[1], "scale"))
        return bench_scale(&o);
    if (!strcmp(argv[1], "virq"))
        return bench_virq(&o);
    if (!strcmp(argv[1], "vlpi"))
        return bench_vlpi(&o);
    return bench_usage(stderr, 2);
}
