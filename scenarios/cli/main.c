/* gicsim command line: run, check, demo. */
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "check.h"
#include "demo.h"
#include "gicsim/gicsim.h"
#include "runner.h"
#ifdef GICSIM_HAVE_REVISION_H
#include "gicsim_revision.h" /* generated at build time: cmake/revision.cmake */
#else
#define GICSIM_GIT_REVISION "unknown"
#endif

static void usage(FILE *f)
{
    fprintf(f, "usage: gicsim COMMAND [options]\n"
               "\n"
               "commands:\n"
               "  run FILE     run one scenario and check its expectations\n"
               "  check PATH.. run every scenario found (directories searched for .yaml)\n"
               "  bench WL     host-speed benchmark: msi-ack, commands, scale\n"
               "  demo         a guided tour of the core API, no scenario file\n"
               "  --version    print the version\n"
               "  --help       this text; `gicsim COMMAND --help` for a command\n"
               "\n"
               "exit status: 0 every expectation holds, 1 one failed, 2 bad input\n");
}

static const struct cli native = {"gicsim", runner_run, false};

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("gicsim %s (git %s)\n", GICSIM_VERSION, GICSIM_GIT_REVISION);
        return 0;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "run"))
        return run_main(&native, argc - 1, argv + 1);
    if (!strcmp(argv[1], "check"))
        return check_main(&native, argc - 1, argv + 1);
    if (!strcmp(argv[1], "demo"))
        return gicsim_demo(argc - 1, argv + 1);
    if (!strcmp(argv[1], "bench"))
        return bench_main(argc - 1, argv + 1);
    fprintf(stderr, "gicsim: unknown command '%s' (try gicsim --help)\n", argv[1]);
    return 2;
}
