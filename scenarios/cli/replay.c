/* The replay command: import the trace (scenarios/parse/replay_import.c), run it as a
 * scenario on the platform of struct cli, and say how the recording and the model
 * compare. Under `ideal` (the default) reads are assertions and the run stops at the
 * first mismatch; under a timing profile they are compared and counted. */
#include "replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_trace.h"
#include "replay_import.h"
#include "scenario_write.h"

#define CONTEXT_EVENTS 8
#define GAP_PS 1000000ULL /* 1 us of simulated time per recorded event under a profile */

struct replay_args {
    const char *trace, *profile, *yaml;
    struct run_options o;
    uint64_t gap_ps;
};

int replay_usage(const struct cli *c, FILE *f, int rc)
{
    fprintf(f, "usage: %s replay TRACE [--profile P] [--report R.json] [--vcd W.vcd]\n"
               "       %*s [--log E.jsonl] [--to-scenario OUT.yaml] [--gap NS] [--quiet]\n"
               "\n"
               "  TRACE               QEMU 7.2 `-trace 'gicv3_*'` log (plain, .gz or .xz)\n"
               "  --profile P         timing profile (default ideal: reads are asserted);\n"
               "                      under another profile reads are compared, not asserted\n"
               "  --gap NS            simulated time before each recorded event (default\n"
               "                      1000 ns; the trace has no guest timestamps)\n"
               "  --to-scenario Y     also write the replay as a scenario file\n"
               "  --report/--vcd/--log as for `run`\n",
            c->name, (int)strlen(c->name), "");
    return rc;
}

static int parse_args(const struct cli *c, int argc, char **argv, struct replay_args *a)
{
    for (int i = 1; i < argc; i++) {
        const char *k = argv[i], **slot = !strcmp(k, "--profile")       ? &a->profile
                                          : !strcmp(k, "--report")      ? &a->o.report
                                          : !strcmp(k, "--vcd")         ? &a->o.vcd
                                          : !strcmp(k, "--log")         ? &a->o.log
                                          : !strcmp(k, "--to-scenario") ? &a->yaml
                                                                        : NULL;
        char *end = NULL;
        if (!strcmp(k, "--help") || !strcmp(k, "-h"))
            return replay_usage(c, stdout, 0) - 1;
        if (!strcmp(k, "--quiet") || !strcmp(k, "-q")) {
            a->o.quiet = true;
        } else if (!strcmp(k, "--gap") && i + 1 < argc) {
            a->gap_ps = strtoull(argv[++i], &end, 10) * 1000;
            if (!*argv[i] || *end)
                return replay_usage(c, stderr, 2);
        } else if (slot && i + 1 < argc) {
            *slot = argv[++i];
        } else if (k[0] == '-' || a->trace) {
            fprintf(stderr, "%s replay: unexpected argument '%s'\n", c->name, k);
            return 2;
        } else {
            a->trace = k;
        }
    }
    return a->trace ? 0 : replay_usage(c, stderr, 2);
}

/* The recorded lines of the last few events before the step at trace line `line`. */
static void print_context(const struct scenario *s, unsigned line)
{
    unsigned want[CONTEXT_EVENTS], n = 0, at = 0;
    while (at < s->n_steps && s->steps[at].line <= line)
        at++;
    for (unsigned i = at; i-- > 0 && n < CONTEXT_EVENTS;)
        if (!n || s->steps[i].line != want[n - 1])
            want[n++] = s->steps[i].line;
    char err[600];
    struct qt_reader *q = qt_open(s->file, err, sizeof(err));
    struct qt_rec r;
    fprintf(stderr, "replay: the events that led there:\n");
    while (q && n && qt_next(q, &r, err, sizeof(err)) > 0)
        if (r.line == want[n - 1]) {
            fprintf(stderr, "  %6u  %s\n", r.line, qt_line_text(q));
            n--;
        }
    qt_close(q, NULL, 0);
}

static void report_mismatch(const struct scenario *s, const char *failure)
{
    unsigned line = 0;
    if (sscanf(failure, "line %u:", &line) != 1)
        line = 0;
    const char *msg = strchr(failure, ':');
    fprintf(stderr, "replay: %s:%u: mismatch (read: gicsim's value, expected: the "
                    "recording's):%s\n", s->file, line, msg ? msg + 1 : failure);
    print_context(s, line);
}

int replay_main(const struct cli *c, int argc, char **argv)
{
    struct replay_args a = {.gap_ps = GAP_PS};
    int rc = parse_args(c, argc, argv, &a);
    if (rc)
        return rc < 0 ? 0 : rc;
    struct scenario s;
    struct replay_stats st;
    char err[600], failure[560] = "";
    uint64_t differing = 0;
    rc = replay_import(a.trace, a.profile, &s, &st, err, sizeof(err));
    if (!rc && a.yaml && scenario_write(&s, a.yaml, err, sizeof(err)))
        rc = 2;
    if (rc) {
        fprintf(stderr, "%s replay: %s\n", c->name, err);
        scenario_free(&s);
        return 2;
    }
    bool timed = strcmp(s.profile, "ideal") != 0;
    a.o.quiet = true; /* the replay prints its own summary */
    a.o.failure = failure;
    a.o.failure_len = sizeof(failure);
    a.o.stop_at_failure = !timed;
    a.o.reads_reported = timed;
    a.o.reads_differing = &differing;
    a.o.step_gap_ps = a.gap_ps; /* a timeline for the waveform; ideal is unaffected */
    rc = c->run(&s, &a.o);
    if (rc == 1)
        report_mismatch(&s, failure);
    else if (rc == 2) { /* nothing was replayed: no summary line to mislead */
        fprintf(stderr, "%s replay: %s\n", c->name, failure);
        scenario_free(&s);
        return rc;
    }
    if (timed)
        printf("replay: %u events, %u reads compared under %s (reported, not asserted), "
               "%llu differ\n", st.events, st.reads, s.profile, (unsigned long long)differing);
    else
        printf("replay: %u events, %u reads checked, %u mismatches\n", st.events, st.reads,
               rc == 1 ? 1u : 0u);
    scenario_free(&s);
    return rc;
}
