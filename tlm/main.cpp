/* gicsim-tlm: the scenario runner on the example SystemC platform (platform.h).
 * Same `run` and `check` as gicsim (scenarios/cli/check.c), plus `run --sc-vcd` and
 * `bench msi-ack`. One simulation per process: `check` runs each scenario in its own
 * child process, as gicsim does. */
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <systemc>

extern "C" {
#include "check.h"
#include "replay.h"
#include "runner.h"
}
#include <cerrno>

#include "bench_tlm.h"
#include "platform.h"
#ifdef GICSIM_HAVE_REVISION_H
#include "gicsim_revision.h" /* generated at build time: cmake/revision.cmake */
#else
#define GICSIM_GIT_REVISION "unknown"
#endif

/* sc_trace's VCD opens only when the simulation starts, and an unwritable path then
 * crashes SystemC: the path is tried before anything is built. */
static bool writable(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "gicsim-tlm: %s: cannot write: %s\n", path, strerror(errno));
        return false;
    }
    fclose(f);
    return true;
}

static int run_on_platform(struct scenario *s, const struct run_options *o)
{
    if (o->platform_vcd && !writable(o->platform_vcd))
        return 2;
    int rc = 2;
    gicsim::Platform p("platform", s->gic,
                       [&](gicsim::Player &pl) {
                           rc = runner_run_on(s, o, pl.gic().core(), pl.port());
                       },
                       o->platform_vcd);
    if (!p.ok())
        return runner_system_error(s, o, p.error().c_str());
    sc_core::sc_start();
    return rc;
}

static const struct cli tlm_cli = {"gicsim-tlm", run_on_platform, true};

static void usage(FILE *f)
{
    fprintf(f, "usage: gicsim-tlm COMMAND [options]\n"
               "\n"
               "The gicsim scenario runner on a SystemC/TLM-2.0 platform: the GIC module,\n"
               "a memory and a scenario player (docs/tlm.md).\n"
               "\n"
               "commands:\n"
               "  run FILE     run one scenario and check its expectations\n"
               "  check PATH.. run every scenario found (directories searched for .yaml)\n"
               "  replay TRACE replay a QEMU gicv3_* trace on the SystemC platform\n"
               "  bench msi-ack  host speed through the sockets, next to the C API's\n"
               "  --version    print the version\n"
               "  --help       this text; `gicsim-tlm COMMAND --help` for a command\n"
               "\n"
               "exit status: 0 every expectation holds, 1 one failed, 2 bad input\n");
}

int sc_main(int argc, char **argv)
{
    /* SystemC's infos ("Simulation stopped by user", the trace file's timescale) are
     * not news, and stdout must read as gicsim's. Warnings and errors still show. */
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("gicsim-tlm %s (git %s, SystemC %s)\n", GICSIM_VERSION, GICSIM_GIT_REVISION,
               sc_core::sc_release());
        return 0;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "run"))
        return run_main(&tlm_cli, argc - 1, argv + 1);
    if (!strcmp(argv[1], "check"))
        return check_main(&tlm_cli, argc - 1, argv + 1);
    if (!strcmp(argv[1], "replay"))
        return replay_main(&tlm_cli, argc - 1, argv + 1);
    if (!strcmp(argv[1], "bench"))
        return bench_tlm_main(argc - 1, argv + 1);
    fprintf(stderr, "gicsim-tlm: unknown command '%s' (try gicsim-tlm --help)\n", argv[1]);
    return 2;
}

/* SystemC's own main() would print its banner before sc_main could silence it; the
 * output of run and check must be the same as gicsim's. */
int main(int argc, char **argv)
{
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    return sc_core::sc_elab_and_sim(argc, argv);
}
