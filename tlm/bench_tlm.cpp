/* `gicsim-tlm bench msi-ack`: the work of `gicsim bench msi-ack` (scenarios/
 * bench_work.c: D devices x E events mapped round-robin over the CPUs, then per LPI an
 * MSI, simulated time until the CPU's IRQ rises, IAR, EOIR) run twice in one process:
 * on the native busport (the C API) and on the SystemC platform, where each MSI is a
 * b_transport to GITS_TRANSLATER with a DeviceID extension, the ICC accesses go through
 * the Gic module, and the CPU thread sleeps on the GIC's line-change event. Only the
 * measured loop is timed. */
#include "bench_tlm.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "bench_work.h"
#include "busport.h"
#include "platform.h"
#include "traces.h"

namespace {

using opts = bench_opts;
using result = bench_result;

/* The shared work (scenarios/cli/bench_work.c) on one platform. line_event: where the CPU
 * thread sleeps until the GIC changes an output (TLM), or none (native). */
result run(const busport *bus, gic_t *gic, const opts &o,
           const sc_core::sc_event *line_event = nullptr)
{
    bench_sys b{};
    b.bus = bus;
    b.gic = gic;
    if (line_event) {
        b.wait_lines = [](void *ev, unsigned) {
            sc_core::wait(*static_cast<const sc_core::sc_event *>(ev));
        };
        b.wait_ctx = const_cast<sc_core::sc_event *>(line_event);
    }
    bench_setup(&b, &o);
    bench_map(&b, &o);
    return bench_msi_ack_loop(&b, &o);
}

bool configure(gic_config_t &cfg, const opts &o)
{
    char err[256];
    if (bench_configure(&cfg, &o, err, sizeof(err))) {
        fprintf(stderr, "gicsim-tlm bench: %s\n", err);
        return false;
    }
    return true;
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

/* --vcd: the TLM run's waveform, attached to the module's gic_t (traces.h). */
const char *vcd_path = nullptr;

/* Last: a process runs one SystemC simulation. */
bool run_tlm(const opts &o, result &r)
{
    gic_config_t cfg;
    if (!configure(cfg, o))
        return false;
    gicsim::Platform p("platform", cfg,
                       [&](gicsim::Player &pl) {
                           gic_t *core = pl.gic().core();
                           gic_waveform *w = vcd_path ? gic_waveform_open(core, vcd_path, 0)
                                                      : nullptr;
                           if (vcd_path && !w) {
                               fprintf(stderr, "gicsim-tlm bench: %s: cannot write: %s\n",
                                       vcd_path, strerror(errno));
                               r.errors = 1;
                               return;
                           }
                           r = run(pl.port(), core, o, &pl.gic().lines_changed_event());
                           if (gic_waveform_close(w, gic_now(core))) {
                               fprintf(stderr, "gicsim-tlm bench: %s: %s\n", vcd_path,
                                       strerror(errno));
                               r.errors = 1;
                           }
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
           r.seconds, r.lpis_per_sec / 1e6, r.ns_per_lpi,
           r.errors ? " (SOME MSIs NOT DELIVERED)" : "");
}

void print_json_result(const char *name, const result &r)
{
    printf("\"%s\": {\"delivered\": %llu, \"host_seconds\": %.6f, \"lpis_per_sec\": %.0f, "
           "\"ns_per_lpi\": %.1f}", name, (unsigned long long)r.delivered, r.seconds,
           r.lpis_per_sec, r.ns_per_lpi);
}

void report(const opts &o, const result &native, const result &tlm)
{
    double ratio = tlm.ns_per_lpi / native.ns_per_lpi;
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
               "  --vcd FILE  waveform of the TLM run (and FILE.gtkw), from traces/\n"
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
        else if (!strcmp(a, "--vcd") && v)
            vcd_path = v, i++;
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
    opts o = {1, 64, 1, 16, 2000000, false, "gic600", 1};
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
    if (vcd_path) { /* an unwritable waveform fails before any work */
        FILE *f = fopen(vcd_path, "w");
        if (!f) {
            fprintf(stderr, "gicsim-tlm bench: %s: cannot write: %s\n", vcd_path,
                    strerror(errno));
            return 2;
        }
        fclose(f);
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
