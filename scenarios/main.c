/* gicsim command line: run, check, demo. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "check.h"
#include "demo.h"
#include "gicsim/gicsim.h"
#include "runner.h"

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

static void run_usage(FILE *f)
{
    fprintf(f, "usage: gicsim run FILE [--report R.json] [--vcd W.vcd] [--log E.jsonl]\n"
               "                       [--deliveries D.txt] [--quiet]\n"
               "\n"
               "  --report R.json     JSON report: expectations, MSI and LPI accounting,\n"
               "                      command errors, latency statistics, cache hit rates\n"
               "  --vcd W.vcd         waveform for gtkwave (W.gtkw is written beside it)\n"
               "  --log E.jsonl       every trace event, one JSON object per line\n"
               "  --deliveries D.txt  acknowledged INTIDs, one line per CPU\n"
               "  --quiet             no summary on stdout\n");
}

static int cmd_run(int argc, char **argv)
{
    struct run_options o = {0};
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        const char **slot = !strcmp(argv[i], "--report")       ? &o.report
                            : !strcmp(argv[i], "--vcd")        ? &o.vcd
                            : !strcmp(argv[i], "--log")        ? &o.log
                            : !strcmp(argv[i], "--deliveries") ? &o.deliveries
                                                               : NULL;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            run_usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
            o.quiet = true;
        } else if (slot) {
            if (i + 1 >= argc) {
                fprintf(stderr, "gicsim run: %s needs a file name\n", argv[i]);
                return 2;
            }
            *slot = argv[++i];
        } else if (argv[i][0] == '-' || file) {
            fprintf(stderr, "gicsim run: unexpected argument '%s' (try gicsim run --help)\n",
                    argv[i]);
            return 2;
        } else {
            file = argv[i];
        }
    }
    if (!file) {
        run_usage(stderr);
        return 2;
    }
    o.progress = !o.quiet && isatty(2);
    struct scenario s;
    char err[600];
    int rc = scenario_load(&s, file, err, sizeof(err));
    if (rc)
        fprintf(stderr, "gicsim: %s\n", err);
    else
        rc = runner_run(&s, &o);
    scenario_free(&s);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("gicsim %s\n", GICSIM_VERSION);
        return 0;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "run"))
        return cmd_run(argc - 1, argv + 1);
    if (!strcmp(argv[1], "check"))
        return check_main(argc - 1, argv + 1);
    if (!strcmp(argv[1], "demo"))
        return gicsim_demo(argc - 1, argv + 1);
    if (!strcmp(argv[1], "bench"))
        return bench_main(argc - 1, argv + 1);
    fprintf(stderr, "gicsim: unknown command '%s' (try gicsim --help)\n", argv[1]);
    return 2;
}
