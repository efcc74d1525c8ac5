/* libFuzzer target: the scenario parser and the runner.
 *
 * Every input goes through scenario_load_string (YAML loader, parser, encoders). An
 * input that parses is then played by runner_run (quiet, no output files) when its
 * cost is bounded (admit() below); the goal is ~100 ms per input at most, so that a
 * libFuzzer timeout means a real hang. Any crash, leak, sanitizer report or hang in
 * parsing or running is a finding, and so is a run whose MSI/LPI accounting or model
 * self-check fails (read back from the JSON report; see check_accounting); the
 * scenario's own pass/fail (exit 0/1/2) is not.
 *
 * What bounds the work of a run:
 *   - system: cpus <= 16, lpi_id_bits <= 16 (the pending-table scan of EnableLPIs),
 *     at most 4 ITSs, cache sizes <= 4096 entries;
 *   - steps: msi/traffic count <= 64, traffic with map: auto maps <= 64 events, an
 *     lpi_config range covers <= 4096 INTIDs, `commands:` groups <= 256 commands,
 *     <= 512 steps;
 *   - simulated time: wait / within / for are clamped to 10 us (clamped, not rejected:
 *     the default `within` is 1 ms, and rejecting would keep every library scenario
 *     from running; clamping changes only whether expectations pass);
 *   - interrupt storms: with `ack: auto` a level interrupt held high is acknowledged
 *     again after every EOI, one delivery per ack_delay + handler_time. If the input
 *     can hold a level high (spi/ppi `level: high`, any mmio_write, a GICD_SETSPI
 *     reg_write), the handler period must be >= 10 ns, the clamped windows may give
 *     at most 4000 deliveries (windows / period x CPUs; expectations rescan all
 *     deliveries per event), and nothing may wait the runner's fixed one second:
 *     no wait_until, and no command/traffic-map step when the ITS could be left unable
 *     to drain (an mmio_write or a GITS_* reg_write can disable it or move its queue).
 */
#define _GNU_SOURCE /* mkdtemp */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_input.h"
#include "runner.h"
#include "scenario.h"

#define PS_NS 1000ULL
#define PS_US 1000000ULL
#define MAX_WINDOW_PS (10 * PS_US)
#define MIN_STORM_PERIOD_PS (10 * PS_NS)
#define MAX_STORM_DELIVERIES 4000 /* expectations scan all deliveries per event: n^2 */
#define MAX_COUNT 64
#define MAX_MAP_EVENTS 64
#define MAX_LPI_RANGE 4096
#define MAX_GROUP 256
#define MAX_STEPS 512

static bool is_command_step(enum step_kind k)
{
    return k <= STEP_COMMANDS; /* MAPD .. RAW_COMMAND, COMMANDS */
}

static bool admit(struct scenario *s)
{
    const gic_config_t *g = &s->gic;
    if (g->num_cpus > 16 || g->id_bits > 16 || g->num_its > 4 || s->n_steps > MAX_STEPS ||
        g->lpi_prop_cache_entries > 65536)
        return false;
    for (unsigned i = 0; i < g->num_its; i++)
        if (g->its[i].device_cache_entries > 4096 || g->its[i].event_cache_entries > 4096 ||
            g->its[i].collection_cache_entries > 4096)
            return false;

    bool level_source = false, its_can_stick = false, long_wait = false, commands = false;
    uint64_t windows = 0;
    for (unsigned i = 0; i < s->n_steps; i++) {
        struct step *st = &s->steps[i];
        switch (st->kind) {
        case STEP_MSI:
            if (st->count > MAX_COUNT)
                return false;
            break;
        case STEP_TRAFFIC:
            if (st->count > MAX_COUNT)
                return false;
            if (st->map_auto &&
                (st->devices > MAX_MAP_EVENTS ||
                 (uint64_t)st->devices * st->events > MAX_MAP_EVENTS))
                return false;
            commands = commands || st->map_auto;
            break;
        case STEP_LPI_CONFIG:
            if (st->intid_last - st->intid >= MAX_LPI_RANGE)
                return false;
            break;
        case STEP_SPI: case STEP_PPI:
            level_source = level_source || st->level == 1;
            break;
        case STEP_MMIO_WRITE:
            level_source = its_can_stick = true;
            break;
        case STEP_REG_WRITE:
            if (!strncmp(st->reg, "GICD_SETSPI", 11))
                level_source = true;
            if (!strncmp(st->reg, "GITS_", 5))
                its_can_stick = true;
            break;
        case STEP_WAIT_UNTIL:
            long_wait = true;
            break;
        case STEP_WAIT: case STEP_EXPECT: case STEP_EXPECT_COUNT: case STEP_EXPECT_ORDER:
        case STEP_EXPECT_NONE:
            if (st->time > MAX_WINDOW_PS)
                st->time = MAX_WINDOW_PS;
            windows += st->time;
            break;
        default:
            if (is_command_step(st->kind)) {
                if (st->n_cmds > MAX_GROUP)
                    return false;
                commands = true;
            }
            break;
        }
    }
    if (s->ack == CPU_ACK_AUTO && level_source) {
        uint64_t period = (s->ack_delay ? s->ack_delay : 1) + s->handler_time;
        if (period < MIN_STORM_PERIOD_PS || windows / period * g->num_cpus > MAX_STORM_DELIVERIES ||
            long_wait || (commands && its_can_stick))
            return false;
    }
    return true;
}

/* Output files, in a private directory on tmpfs when there is one: the JSON report
 * always (it says whether the accounting balanced), the deliveries list, event log
 * and VCD + gtkw for one input in four (chosen by the input's size, so a reproducer
 * does the same), which puts the writers under the fuzzer too. */
static char out_dir[64], out_report[96], out_deliveries[96], out_log[96], out_vcd[96];

static void remove_outputs(void)
{
    const char *files[] = {out_report, out_deliveries, out_log, out_vcd, NULL};
    char gtkw[96];
    snprintf(gtkw, sizeof(gtkw), "%s/w.gtkw", out_dir);
    for (int i = 0; files[i]; i++)
        remove(files[i]);
    remove(gtkw);
    rmdir(out_dir);
}

static bool outputs_ready(void)
{
    if (out_dir[0])
        return true;
    const char *tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    snprintf(out_dir, sizeof(out_dir), "%s/gicsim-fuzz-XXXXXX", tmp ? tmp : "/tmp");
    if (!mkdtemp(out_dir)) {
        perror("fuzz_scenario: mkdtemp");
        abort();
    }
    snprintf(out_report, sizeof(out_report), "%s/report.json", out_dir);
    snprintf(out_deliveries, sizeof(out_deliveries), "%s/deliveries.txt", out_dir);
    snprintf(out_log, sizeof(out_log), "%s/log.jsonl", out_dir);
    snprintf(out_vcd, sizeof(out_vcd), "%s/w.vcd", out_dir);
    atexit(remove_outputs);
    return true;
}

/* The report's accounting verdict. Software scribbling on a pending table (mem_write,
 * lpi_pending, tables or ITTs placed over it) legitimately breaks "pending but its table
 * bit is clear"; every other imbalance is a model bug. */
static void check_accounting(void)
{
    static char buf[1 << 16];
    FILE *f = fopen(out_report, "r");
    if (!f)
        return;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    const char *a = strstr(buf, "\"accounting\": {\"balanced\": false");
    if (a && !strstr(a, "table bit is clear")) {
        const char *end = strchr(a, '}');
        fprintf(stderr, "fuzz_scenario: the run's accounting does not balance: %.*s\n",
                end ? (int)(end - a + 1) : 200, a);
        abort();
    }
}

/* GICSIM_FUZZ_VERBOSE=1: one line per input (parsed? admitted? runner's verdict). */
static int verbose = -1;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct scenario s;
    char err[512], failure[512] = "";
    if (verbose < 0)
        verbose = getenv("GICSIM_FUZZ_VERBOSE") != NULL;
    int parsed = scenario_load_string(&s, "fuzz.yaml", (const char *)data, size, err,
                                      sizeof(err));
    if (parsed != 0) {
        if (verbose)
            fprintf(stderr, "fuzz_scenario: parse error: %s\n", err);
    } else if (!admit(&s)) {
        if (verbose)
            fprintf(stderr, "fuzz_scenario: parsed, not run (unbounded work)\n");
    } else {
        outputs_ready();
        bool traces = size % 4 == 0;
        struct run_options o = {.quiet = true, .failure = failure,
                                .failure_len = sizeof(failure), .report = out_report,
                                .deliveries = traces ? out_deliveries : NULL,
                                .log = traces ? out_log : NULL,
                                .vcd = traces ? out_vcd : NULL};
        remove(out_report);
        int rc = runner_run(&s, &o);
        if (verbose)
            fprintf(stderr, "fuzz_scenario: ran, exit %d %s\n", rc, failure);
        if (rc < 0 || rc > 2) {
            fprintf(stderr, "runner_run returned %d\n", rc);
            abort();
        }
        if (rc != 2)
            check_accounting();
    }
    scenario_free(&s);
    return 0;
}
