/* gicsim command line: run, check, replay, bench, demo, profile, help. */
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "check.h"
#include "compare.h"
#include "demo.h"
#include "help.h"
#include "profile_cmd.h"
#include "sweep.h"
#include "gicsim/gicsim.h"
#include "replay.h"
#include "report_cmd.h"
#include "runner.h"
#ifdef GICSIM_HAVE_REVISION_H
#include "gicsim_revision.h" /* generated at build time: cmake/revision.cmake */
#else
#define GICSIM_GIT_REVISION "unknown"
#endif

static const struct cli native = {"gicsim", runner_run, false};

int main(int argc, char **argv)
{
    if (argc < 2) {
        help_overview("gicsim", stderr);
        return 2;
    }
    if (!strcmp(argv[1], "help"))
        return help_main(&native, argc - 1, argv + 1);
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("gicsim %s (git %s)\n", GICSIM_VERSION, GICSIM_GIT_REVISION);
        return 0;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help_overview("gicsim", stdout);
        return 0;
    }
    if (!strcmp(argv[1], "run"))
        return run_main(&native, argc - 1, argv + 1);
    if (!strcmp(argv[1], "check"))
        return check_main(&native, argc - 1, argv + 1);
    if (!strcmp(argv[1], "replay"))
        return replay_main(&native, argc - 1, argv + 1);
    if (!strcmp(argv[1], "demo"))
        return gicsim_demo(argc - 1, argv + 1);
    if (!strcmp(argv[1], "sweep"))
        return sweep_main(argc - 1, argv + 1);
    if (!strcmp(argv[1], "report"))
        return report_main(argc - 1, argv + 1);
    if (!strcmp(argv[1], "compare"))
        return compare_main(argc - 1, argv + 1);
    if (!strcmp(argv[1], "profile"))
        return profile_main(argc - 1, argv + 1);
    if (!strcmp(argv[1], "bench"))
        return bench_main(argc - 1, argv + 1);
    fprintf(stderr, "gicsim: unknown command '%s' (try gicsim --help)\n", argv[1]);
    return 2;
}
