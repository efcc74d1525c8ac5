/* Help for every command, from the commands' own usage texts; `--man` wraps the same
 * texts in troff for man(1) (the build writes BUILD/man/man1/gicsim.1 with it). */
#include "help.h"

#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "compare.h"
#include "demo.h"
#include "gicsim/gicsim.h"
#include "profile_cmd.h"
#include "replay.h"
#include "report_cmd.h"
#include "sweep.h"

void help_overview(const char *name, FILE *f)
{
    fprintf(f, "usage: %s COMMAND [options]\n"
               "\n"
               "commands:\n"
               "  run FILE     run one scenario and check its expectations\n"
               "  check PATH.. run every scenario found (a regression, JUnit for CI)\n"
               "  replay TRACE replay a QEMU gicv3_* trace and compare every read\n"
               "  bench WL     host-speed benchmark: msi-ack, commands, scale\n"
               "  demo         a guided tour of the core API, no scenario file\n"
               "  sweep FILE   run a grid of --set overrides, one report per point, CSV\n"
               "  compare A B  two reports or sweeps, figure by figure; exit 1 on regression\n"
               "  report R|DIR the HTML report of a run or a sweep: latency, throughput, caches\n"
               "  profile      show a timing profile as YAML, list the built-in ones\n"
               "  help [CMD]   this text, or a command's (also `%s CMD --help`)\n"
               "  -V, --version  the version and the source revision\n"
               "\n"
               "exit status: 0 every expectation holds, 1 one failed, 2 bad input or an\n"
               "output that cannot be written, 130 interrupted\n",
            name, name);
}

/* The text of one command, or false if there is none of that name. */
static bool command_help(const struct cli *c, const char *cmd, FILE *f)
{
    if (!strcmp(cmd, "run"))
        run_usage(c, f);
    else if (!strcmp(cmd, "check"))
        check_usage(c, f);
    else if (!strcmp(cmd, "replay"))
        replay_usage(c, f, 0);
    else if (!strcmp(cmd, "bench"))
        bench_usage(f, 0);
    else if (!strcmp(cmd, "demo"))
        demo_usage(f);
    else if (!strcmp(cmd, "profile"))
        profile_usage(f);
    else if (!strcmp(cmd, "sweep"))
        sweep_usage(f);
    else if (!strcmp(cmd, "compare"))
        compare_usage(f);
    else if (!strcmp(cmd, "report"))
        report_usage(f);
    else
        return false;
    return true;
}

/* troff body text: a leading '.' or '\'' would be a request, '\\' an escape. */
static void man_text(FILE *out, const char *text)
{
    bool bol = true;
    for (const char *p = text; *p; p++) {
        if (bol && (*p == '.' || *p == '\''))
            fputs("\\&", out);
        if (*p == '\\')
            fputs("\\e", out);
        else if (*p == '-')
            fputs("\\-", out);
        else
            fputc(*p, out);
        bol = *p == '\n';
    }
}

/* A command's help captured as text, then written as a literal block. */
static void man_section(const struct cli *c, FILE *out, const char *cmd)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return;
    if (cmd)
        command_help(c, cmd, m);
    else
        help_overview(c->name, m);
    fclose(m);
    if (cmd)
        fprintf(out, ".SS %s\n", cmd);
    fputs(".nf\n", out);
    man_text(out, buf);
    fputs(".fi\n", out);
    free(buf);
}

static void man_page(const struct cli *c, FILE *out)
{
    static const char *const cmds[] = {"run", "check", "replay", "bench", "demo",
                                         "sweep", "compare", "report", "profile"};
    fprintf(out, ".TH %s 1 \"\" \"gicsim %s\" \"User Commands\"\n", c->name, GICSIM_VERSION);
    fprintf(out, ".SH NAME\n%s \\- cycle-approximate simulator of the Arm GICv3/v4 "
                 "interrupt controller and ITS\n.SH SYNOPSIS\n", c->name);
    man_section(c, out, NULL);
    fputs(".SH DESCRIPTION\nScenario files (YAML) describe a system and feed it MSI writes, "
          "ITS commands, register and wire activity; expectations check delivery, latency "
          "and ordering against the architecture. Reports, event logs and VCD waveforms "
          "(with a gtkwave save file) show what happened and when.\n.SH COMMANDS\n", out);
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        man_section(c, out, cmds[i]);
    fputs(".SH FILES\nTiming profiles ideal, gic600 (the default) and agilex5 are built "
          "in; their YAML is installed in share/gicsim/profiles.\n"
          ".SH SEE ALSO\n.BR gtkwave (1);\ndocs/scenario-format.md, docs/timing.md and "
          "docs/traces.md in the source tree.\n", out);
}

int help_main(const struct cli *c, int argc, char **argv)
{
    if (argc < 2) {
        help_overview(c->name, stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--man")) { /* --man [FILE]: the build writes the page with it */
        FILE *out = argc > 2 ? fopen(argv[2], "w") : stdout;
        if (!out) {
            perror(argv[2]);
            return 2;
        }
        man_page(c, out);
        return out != stdout && fclose(out) ? 2 : 0;
    }
    if (command_help(c, argv[1], stdout))
        return 0;
    fprintf(stderr, "%s help: no command '%s' (run, check, replay, bench, demo, sweep,\n"
                    "compare, report, profile)\n",
            c->name, argv[1]);
    return 2;
}
