/* `run FILE|- [options]`: one scenario, shared by gicsim and gicsim-tlm (struct cli
 * says how it runs: natively or on a SystemC platform). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "check.h"
#include "traces.h"

void run_usage(const struct cli *c, FILE *f)
{
    fprintf(f, "usage: %s run FILE|- [options]   (- reads the scenario from standard input)\n"
               "\n"
               "  --report R.json     JSON report: expectations, MSI and LPI accounting,\n"
               "                      command errors, latency statistics, cache hit rates\n"
               "                      (- writes it to standard output, the summary to stderr)\n"
               "  --vcd W.vcd         waveform for gtkwave (W.gtkw is written beside it)\n"
               "  --log E.jsonl       every trace event, one JSON object per line\n"
               "  --log-events P,...  only events whose names match these globs\n"
               "                      (its_*,icc_iar_ack)\n"
               "  --deliveries D.txt  acknowledged INTIDs, one line per CPU\n"
               "  --set KEY=VALUE     override a scenario key, checked as if written in the\n"
               "                      file (repeatable): timing.mem_read_ns=150, cpus=64\n"
               "                      (system keys), traffic.rate=2M/s (every traffic\n"
               "                      step), steps.3.msi.count=10 (one step, from 0)\n"
               "  --profile P         timing profile (as --set profile=P)\n"
               "  --seed N            random seed (as --set seed=N)\n", c->name);
    if (c->platform_vcd)
        fprintf(f, "  --sc-vcd L.vcd      the platform's IRQ/FIQ signals (sc_trace)\n");
    fprintf(f, "  --strict            also fail on no expectations, guest errors, command\n"
               "                      errors no expect_error names, MSIs left in flight\n"
               "                      (the recommended mode for CI)\n"
               "  --quiet             print only failures\n"
               "\n"
               "Every output is checked before the run and appears only when complete.\n"
               "Ctrl-C stops at the next event and writes what was measured.\n"
               "\n"
               "exit status: 0 every expectation holds; 1 one failed; 2 bad input or an\n"
               "output that cannot be written; 130 interrupted (Ctrl-C)\n");
}

/* The option that takes a file name, or NULL. */
static const char **file_option(const struct cli *c, struct run_options *o, const char *arg)
{
    return !strcmp(arg, "--report")                       ? &o->report
           : !strcmp(arg, "--vcd")                        ? &o->vcd
           : !strcmp(arg, "--log")                        ? &o->log
           : !strcmp(arg, "--deliveries")                 ? &o->deliveries
           : c->platform_vcd && !strcmp(arg, "--sc-vcd") ? &o->platform_vcd
                                                          : NULL;
}

#define MAX_OVERRIDES 256
struct overrides {
    struct scn_override ov[MAX_OVERRIDES];
    char label[MAX_OVERRIDES][64], key[MAX_OVERRIDES][256];
    unsigned n;
};

/* --set KEY=VALUE, --profile P, --seed N: 0, or 2 after saying what is wrong. */
static int override(const char *cmd, struct overrides *v, const char *opt, const char *arg)
{
    const char *eq = strcmp(opt, "--set") ? NULL : strchr(arg, '=');
    uint64_t seed;
    if (v->n == MAX_OVERRIDES) {
        fprintf(stderr, "%s: more than %d overrides\n", cmd, MAX_OVERRIDES);
        return 2;
    }
    if (!strcmp(opt, "--set") && (!eq || eq == arg || eq - arg >= 256)) {
        fprintf(stderr, "%s: --set '%s': expected KEY=VALUE (timing.mem_read_ns=150)\n",
                cmd, arg);
        return 2;
    }
    if (!strcmp(opt, "--seed") && !cli_uint(cmd, "--seed", arg, 0, UINT64_MAX, &seed))
        return 2;
    unsigned i = v->n++;
    snprintf(v->key[i], sizeof(v->key[i]), "%.*s", eq ? (int)(eq - arg) : 255,
             eq ? arg : opt + 2);
    snprintf(v->label[i], sizeof(v->label[i]), "%s %.50s", opt, arg);
    v->ov[i] = (struct scn_override){v->key[i], eq ? eq + 1 : arg, v->label[i]};
    return 0;
}

/* One option at argv[*i]: 0, 1 for --help, 2 after saying what is wrong. */
static int option(const struct cli *c, struct run_options *o, struct overrides *ovr, int argc,
                  char **argv, int *i)
{
    char cmd[48], why[200];
    snprintf(cmd, sizeof(cmd), "%s run", c->name);
    const char **slot = file_option(c, o, argv[*i]);
    const char *a = argv[*i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h"))
        return 1;
    if (!strcmp(a, "--quiet") || !strcmp(a, "-q"))
        o->quiet = true;
    else if (!strcmp(a, "--strict"))
        o->strict = true;
    else if (!strcmp(a, "--log-events")) {
        const char *v = cli_value(cmd, argc, argv, i);
        if (!v)
            return 2;
        if (gic_eventlog_kinds(v, &o->log_kinds, why, sizeof(why))) {
            fprintf(stderr, "%s: --log-events: %s\n", cmd, why);
            return 2;
        }
    } else if (!strcmp(a, "--set") || !strcmp(a, "--profile") || !strcmp(a, "--seed")) {
        const char *val = cli_value(cmd, argc, argv, i);
        if (!val || override(cmd, ovr, a, val))
            return 2;
    } else if (slot) {
        if (!(*slot = cli_value(cmd, argc, argv, i)))
            return 2;
    } else {
        fprintf(stderr, "%s: unknown option '%s' (try %s run --help)\n", cmd, a, c->name);
        return 2;
    }
    return 0;
}

/* The scenario from FILE, or from standard input for "-". */
static int load(struct scenario *s, const char *file, const struct overrides *v, char *err,
                size_t len)
{
    if (strcmp(file, "-"))
        return scenario_load_with(s, file, NULL, 0, v->ov, v->n, err, len);
    size_t n = 0, cap = 1 << 16;
    char *text = malloc(cap);
    for (size_t got; text && (got = fread(text + n, 1, cap - n, stdin)) > 0;) {
        n += got;
        if (n == cap && !(text = realloc(text, cap *= 2)))
            break;
    }
    int rc = text ? scenario_load_with(s, "(stdin)", text, n, v->ov, v->n, err, len)
                  : (snprintf(err, len, "(stdin): out of memory"), 2);
    free(text);
    return rc;
}

int run_main(const struct cli *c, int argc, char **argv)
{
    struct run_options o = {0};
    static struct overrides v; /* 80 KB: not on the stack */
    v.n = 0;
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1]) {
            int rc = option(c, &o, &v, argc, argv, &i);
            if (rc == 1)
                run_usage(c, stdout);
            if (rc)
                return rc == 1 ? 0 : 2;
        } else if (file) {
            fprintf(stderr, "%s run: one scenario at a time ('%s' and '%s'; %s check runs "
                            "many)\n", c->name, file, argv[i], c->name);
            return 2;
        } else {
            file = argv[i];
        }
    }
    if (!file) {
        run_usage(c, stderr);
        return 2;
    }
    o.progress = !o.quiet && isatty(2);
    o.summary_to_stderr = o.report && !strcmp(o.report, "-");
    struct scenario s;
    char err[600];
    int rc = load(&s, file, &v, err, sizeof(err));
    if (rc)
        fprintf(stderr, "gicsim: %s\n", err);
    else
        rc = c->run(&s, &o);
    scenario_free(&s);
    return rc;
}
