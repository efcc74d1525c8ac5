/* `gicsim-tlm bench msi-ack`: the logical work of `gicsim bench msi-ack`
 * (scenarios/bench.c) — a GIC with LPIs, D devices x E events mapped round-robin over
 * the CPUs, then per LPI: an MSI, the GIC's scheduler up to now, the CPU's IAR read and
 * EOIR write — written once against the bus seam (busport.h) and run twice in one
 * process: on the native busport (the C API) and on the SystemC platform, where each
 * MSI is a b_transport to GITS_TRANSLATER with a DeviceID extension, the ICC accesses
 * go through the Gic module and "up to now" is a delta cycle for its scheduler process.
 * Only the measured loop is timed, as in bench.c. */
#include "bench_tlm.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

extern "C" {
#include "busport.h"
#include "its_encode.h"
#include "profile.h"
}
#include "platform.h"

namespace {

constexpr uint64_t PROP = 0x40000000ULL;
constexpr uint64_t PEND = 0x50000000ULL;
constexpr uint64_t DEV_TABLE = 0x60000000ULL;
constexpr uint64_t COLL_TABLE = 0x61000000ULL;
constexpr uint64_t QUEUE = 0x62000000ULL;
constexpr uint64_t QUEUE_BYTES = 0x10000ULL;
constexpr uint64_t ITT_BASE = 0x100000000ULL;

struct opts {
    unsigned devices = 1, events = 64, cpus = 1, id_bits = 16;
    uint64_t count = 2000000;
    bool json = false;
    const char *profile = "gic600";
};

struct result {
    double seconds = 0;
    uint64_t delivered = 0, errors = 0;
    double ns_per_lpi() const { return seconds * 1e9 / (double)(delivered ? delivered : 1); }
    double lpis_per_sec() const { return (double)delivered / seconds; }
};

/* One system, driven through a busport. */
struct bench {
    const busport *bus;
    gic_t *gic;
    const opts &o;
    const sc_core::sc_event *line_event; /* TLM: sleep on it until the IRQ rises */
    uint64_t cwriter = 0;

    void wr(const char *name, unsigned inst, uint64_t v)
    {
        uint64_t addr;
        unsigned w;
        if (gic_reg_addr(gic, name, inst, &addr, &w) == GIC_OK)
            bus->mmio_write(bus->ctx, addr, w, v, gic_attrs_t{false, 0});
    }
    void settle() { bus->advance_to(bus->ctx, bus->now(bus->ctx)); }
    /* Simulated time runs on while cond() is false and something is left to happen. */
    template <typename F> void run_while_not(F cond)
    {
        settle();
        while (!cond()) {
            gic_time_t t = gic_next_event_time(gic);
            if (t == GIC_TIME_NEVER)
                return;
            bus->advance_to(bus->ctx, t);
        }
    }
    void publish()
    {
        wr("GITS_CWRITER", 0, cwriter);
        run_while_not([this] { return !gic_its_busy(gic, 0); }); /* the ITS has drained */
    }
    void cmd(const uint64_t dw[4])
    {
        bus->mem_write(bus->ctx, QUEUE + cwriter, dw, 32);
        cwriter = (cwriter + 32) % QUEUE_BYTES;
        if (cwriter % 0x8000 == 0) /* publish every 1024 commands */
            publish();
    }
    void setup();
    void map();
    result loop();
};

bool configure(gic_config_t &cfg, const opts &o)
{
    char err[256];
    gic_config_default(&cfg);
    if (profile_config(o.profile, &cfg, err, sizeof(err))) {
        fprintf(stderr, "gicsim-tlm bench: %s\n", err);
        return false;
    }
    cfg.num_cpus = o.cpus;
    cfg.id_bits = o.id_bits;
    cfg.its[0].device_bits = 20;
    return true;
}

void bench::setup()
{
    wr("GICD_CTLR", 0, 0x12);
    for (unsigned c = 0; c < o.cpus; c++) {
        wr("GICR_WAKER", c, 0);
        wr("GICR_PROPBASER", c, PROP | (o.id_bits - 1));
        wr("GICR_PENDBASER", c, PEND + (uint64_t)c * ((1ULL << o.id_bits) / 8 + 0x10000));
        wr("GICR_CTLR", c, 1);
        bus->sysreg_write(bus->ctx, c, ICC_PMR_EL1, 0xF0);
        bus->sysreg_write(bus->ctx, c, ICC_IGRPEN1_EL1, 1);
    }
    wr("GITS_BASER0", 0, 1ULL << 63 | 1ULL << 62 | DEV_TABLE | 2u << 8);
    wr("GITS_BASER1", 0, 1ULL << 63 | COLL_TABLE | 2u << 8 | 7);
    wr("GITS_CBASER", 0, 1ULL << 63 | QUEUE | 15);
    wr("GITS_CTLR", 0, 1);
}

/* D devices x E events to LPIs 8192.., collections round-robin over the CPUs. */
void bench::map()
{
    uint64_t dw[4], l2 = ITT_BASE + (1ULL << 40);
    unsigned ebits = 1;
    while ((1u << ebits) < o.events)
        ebits++;
    for (unsigned c = 0; c < o.cpus; c++)
        enc_mapc(dw, c, c, true), cmd(dw);
    uint32_t lpi = 8192;
    uint8_t conf = 0xa0 | 3;
    for (unsigned d = 0; d < o.devices; d++) {
        uint64_t slot = DEV_TABLE + (d / 8192) * 8, entry = 0; /* level-2 pages */
        bus->mem_read(bus->ctx, slot, &entry, 8);
        if (!(entry >> 63)) {
            entry = 1ULL << 63 | l2;
            l2 += 0x10000;
            bus->mem_write(bus->ctx, slot, &entry, 8);
        }
        enc_mapd(dw, d, ebits, ITT_BASE + (uint64_t)d * (8ULL << ebits), true), cmd(dw);
        for (unsigned e = 0; e < o.events; e++, lpi++) {
            bus->mem_write(bus->ctx, PROP + lpi - 8192, &conf, 1);
            enc_mapti(dw, d, e, lpi, (uint64_t)(d * o.events + e) % o.cpus), cmd(dw);
        }
    }
    for (unsigned c = 0; c < o.cpus; c++)
        enc_invall(dw, c), cmd(dw), enc_sync(dw, c), cmd(dw);
    publish();
}

double host_now()
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

result bench::loop()
{
    result r;
    unsigned d = 0, e = 0;
    double t0 = host_now();
    for (uint64_t i = 0; i < o.count; i++) {
        bus->msi(bus->ctx, 0, d, e);
        unsigned cpu = (unsigned)((d * o.events + e) % o.cpus);
        if (line_event) /* as a platform's CPU: sleep until the GIC changes a line */
            while (!gic_signal_level(gic, cpu, GIC_SIG_IRQ) &&
                   gic_next_event_time(gic) != GIC_TIME_NEVER)
                sc_core::wait(*line_event);
        run_while_not([this, cpu] { return gic_signal_level(gic, cpu, GIC_SIG_IRQ); });
        uint64_t intid = 1023;
        bus->sysreg_read(bus->ctx, cpu, ICC_IAR1_EL1, &intid);
        if (intid < 8192)
            r.errors++;
        else
            r.delivered++;
        bus->sysreg_write(bus->ctx, cpu, ICC_EOIR1_EL1, intid);
        if (++e == o.events)
            e = 0, d = (d + 1) % o.devices;
    }
    r.seconds = host_now() - t0;
    return r;
}

result run(const busport *bus, gic_t *gic, const opts &o,
           const sc_core::sc_event *line_event = nullptr)
{
    bench b{bus, gic, o, line_event};
    b.setup();
    b.map();
    return b.loop();
}

bool run_native(const opts &o, result &r)
{
    gic_config_t cfg;
    if (!configure(cfg, o))
        return false;
    native_platform p;
    char err[160];
    bool ok = native_platform_create(&p, &cfg, err, sizeof(err)) == 0;
    if (ok)
        r = run(&p.bus, p.gic, o);
    else
        fprintf(stderr, "gicsim-tlm bench: %s\n", err);
    native_platform_destroy(&p);
    return ok;
}

/* Last: a process runs one SystemC simulation. */
bool run_tlm(const opts &o, result &r)
{
    gic_config_t cfg;
    if (!configure(cfg, o))
        return false;
    gicsim::Platform p("platform", cfg,
                       [&](gicsim::Player &pl) {
                           r = run(pl.port(), pl.gic().core(), o,
                                   &pl.gic().lines_changed_event());
                       });
    if (!p.ok()) {
        fprintf(stderr, "gicsim-tlm bench: %s\n", p.error().c_str());
        return false;
    }
    sc_core::sc_start();
    return true;
}

void print_text(const char *what, const opts &o, const result &r)
{
    printf("msi-ack %-6s %u devices x %u events over %u CPUs, %u ID bits: %llu LPIs in "
           "%.3f s = %.2f M LPIs/s (%.1f ns per LPI)%s\n",
           what, o.devices, o.events, o.cpus, o.id_bits, (unsigned long long)r.delivered,
           r.seconds, r.lpis_per_sec() / 1e6, r.ns_per_lpi(),
           r.errors ? " (SOME MSIs NOT DELIVERED)" : "");
}

void print_json_result(const char *name, const result &r)
{
    printf("\"%s\": {\"delivered\": %llu, \"host_seconds\": %.6f, \"lpis_per_sec\": %.0f, "
           "\"ns_per_lpi\": %.1f}", name, (unsigned long long)r.delivered, r.seconds,
           r.lpis_per_sec(), r.ns_per_lpi());
}

void report(const opts &o, const result &native, const result &tlm)
{
    double ratio = tlm.ns_per_lpi() / native.ns_per_lpi();
    if (o.json) {
        printf("{\"workload\": \"msi-ack\", \"profile\": \"%s\", \"devices\": %u, "
               "\"events\": %u, \"cpus\": %u, \"lpi_id_bits\": %u, \"count\": %llu, ",
               o.profile, o.devices, o.events, o.cpus, o.id_bits, (unsigned long long)o.count);
        print_json_result("native", native);
        printf(", ");
        print_json_result("tlm", tlm);
        printf(", \"tlm_slowdown\": %.2f}\n", ratio);
        return;
    }
    printf("profile %s\n", o.profile);
    print_text("native", o, native);
    print_text("tlm", o, tlm);
    printf("TLM / native host time per LPI: %.2fx\n", ratio);
}

int usage(FILE *f, int rc)
{
    fprintf(f, "usage: gicsim-tlm bench msi-ack [options] [--json]\n"
               "  --devices D (1)  --events E (64)  --cpus C (1)  --lpi-id-bits B (16)\n"
               "  --count N (2000000)  --profile NAME|PATH (gic600)  --json\n"
               "Runs the work of `gicsim bench msi-ack` on the C API, then through the TLM\n"
               "wrapper, and reports both and their ratio.\n");
    return rc;
}

bool parse(int argc, char **argv, opts &o)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : nullptr;
        char *end = nullptr;
        unsigned long long n = v ? strtoull(v, &end, 0) : 0;
        bool number = v && *v && *end == 0;
        if (!strcmp(a, "--json"))
            o.json = true;
        else if (!strcmp(a, "--profile") && v)
            o.profile = v, i++;
        else if (!number)
            return false;
        else if (!strcmp(a, "--devices") && n >= 1 && n <= (1u << 20))
            o.devices = (unsigned)n, i++;
        else if (!strcmp(a, "--events") && n >= 1 && n <= 65536)
            o.events = (unsigned)n, i++;
        else if (!strcmp(a, "--cpus") && n >= 1 && n <= 512)
            o.cpus = (unsigned)n, i++;
        else if (!strcmp(a, "--lpi-id-bits") && n >= 14 && n <= 24)
            o.id_bits = (unsigned)n, i++;
        else if (!strcmp(a, "--count") && n >= 1)
            o.count = n, i++;
        else
            return false;
    }
    return (uint64_t)o.devices * o.events <= (1ULL << o.id_bits) - 8192;
}

} // namespace

int bench_tlm_main(int argc, char **argv)
{
    opts o;
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
        return usage(stdout, 0);
    if (argc < 2)
        return usage(stderr, 2);
    if (strcmp(argv[1], "msi-ack")) {
        fprintf(stderr, "gicsim-tlm bench: unknown workload '%s' (msi-ack is the one with a "
                        "TLM variant)\n", argv[1]);
        return 2;
    }
    if (!parse(argc, argv, o)) {
        fprintf(stderr, "gicsim-tlm bench: bad option or value (devices x events must fit "
                        "the LPI space of --lpi-id-bits)\n");
        return 2;
    }
    result native, tlm;
    if (!run_native(o, native) || !run_tlm(o, tlm))
        return 2;
    report(o, native, tlm);
    if (tlm.delivered != native.delivered)
        fprintf(stderr, "gicsim-tlm bench: %llu LPIs delivered through TLM, %llu natively\n",
                (unsigned long long)tlm.delivered, (unsigned long long)native.delivered);
    return native.errors || tlm.errors || tlm.delivered != native.delivered ? 1 : 0;
}
