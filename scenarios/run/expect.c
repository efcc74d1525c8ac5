/* Expectations (docs/scenario-format.md, "Semantics"): deliveries stay unconsumed
 * until an expectation matches them; expect/expect_count wait up to `within` for
 * enough matches and consume exactly `count`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deliveries.h"
#include "metrics.h"
#include "stats.h"
#include "steps.h"

static bool matches(const struct delivery *d, const struct step *st)
{
    return !d->consumed && d->virt == st->virt && (st->cpu < 0 || d->cpu == (uint32_t)st->cpu) &&
           (!st->has_intid || d->intid == st->intid);
}

static size_t count_matching(const struct runner *r, const struct step *st)
{
    size_t n_del, n = 0;
    const struct delivery *del = deliveries_all(r->deliveries, &n_del);
    for (size_t i = 0; i < n_del; i++)
        n += matches(&del[i], st);
    return n;
}

static bool enough(struct runner *r, const void *arg)
{
    const struct step *st = arg;
    if (st->kind == STEP_EXPECT_ORDER) {
        struct step any = *st;
        any.has_intid = false;
        return count_matching(r, &any) >= st->n_list;
    }
    return count_matching(r, st) >= st->count;
}

static void describe(const struct step *st, char *buf, size_t len)
{
    int n = snprintf(buf, len, "%s", st->cpu < 0 ? "any CPU" : "");
    if (st->cpu >= 0)
        n = snprintf(buf, len, "CPU %d", st->cpu);
    if (st->has_intid && n >= 0 && (size_t)n < len)
        snprintf(buf + n, len - (size_t)n, ", INTID %u", st->intid);
}

/* What is unconsumed, for messages: "cpu 3: 8195 8196". */
static void unconsumed(const struct runner *r, int cpu, char *buf, size_t len)
{
    size_t n_del, n = 0;
    const struct delivery *del = deliveries_all(r->deliveries, &n_del);
    buf[0] = 0;
    for (size_t i = 0; i < n_del && n + 24 < len; i++)
        if (!del[i].consumed && (cpu < 0 || del[i].cpu == (uint32_t)cpu))
            n += (size_t)snprintf(buf + n, len - n, "%s%s%u@cpu%u", n ? " " : "",
                                  del[i].virt ? "v" : "", del[i].intid, del[i].cpu);
    if (!n)
        snprintf(buf, len, "none");
}

/* The LPI's configuration byte in memory (GICR_PROPBASER of cpu) has Enable set. */
static bool lpi_enabled(struct runner *r, unsigned cpu, uint32_t intid)
{
    uint64_t addr, prop = 0;
    unsigned width;
    uint8_t conf = 0;
    if (gic_reg_addr(r->gic, "GICR_PROPBASER", cpu, &addr, &width) != GIC_OK ||
        gic_mmio_peek(r->gic, addr, 8, (gic_attrs_t){0}, &prop) != GIC_OK)
        return true; /* unknown: let the CPU interface explain */
    uint64_t table = prop & 0x000FFFFFFFFFF000ULL;
    return bus_mem_read(r, table + intid - 8192, &conf, 1) || (conf & 1);
}

/* A physical INTID that was expected but not seen: pending somewhere (and why not
 * taken), or never made pending (then MSI drops are the usual reason). */
static void where_is(struct runner *r, uint32_t intid, char *buf, size_t len)
{
    char why[200];
    unsigned cpus = r->s->gic.num_cpus;
    for (unsigned c = 0; c < cpus && intid >= 8192; c++)
        if (gic_lpi_is_pending(r->gic, c, intid)) {
            if (!lpi_enabled(r, c, intid))
                snprintf(why, sizeof(why), "its configuration byte has Enable = 0 "
                                           "(lpi_config, then inv)");
            else
                gic_cpu_why_spurious(r->gic, c, 1, why, sizeof(why));
            snprintf(buf, len, "; INTID %u is pending on CPU %u, not taken: %s", intid, c, why);
            return;
        }
    char drops[160] = "";
    for (unsigned i = 0; i < r->s->gic.num_its; i++) {
        gic_its_stats_t s;
        gic_its_get_stats(r->gic, i, &s);
        for (int k = 0; k < GIC_NUM_DROP_REASONS; k++)
            if (s.msi_dropped[k])
                snprintf(drops + strlen(drops), sizeof(drops) - strlen(drops), "%sITS%u %llu %s",
                         drops[0] ? ", " : " (MSIs dropped: ", i,
                         (unsigned long long)s.msi_dropped[k],
                         gic_msi_drop_name((gic_msi_drop_t)k));
    }
    if (drops[0])
        snprintf(drops + strlen(drops), sizeof(drops) - strlen(drops), ")");
    if (intid >= 8192) {
        snprintf(buf, len, "; INTID %u is not pending anywhere%s", intid, drops);
        return;
    }
    int cpu = r->s->steps[r->cur_step].cpu;
    gic_cpu_why_spurious(r->gic, cpu >= 0 ? (unsigned)cpu : 0, 1, why, sizeof(why));
    snprintf(buf, len, "; CPU %d now: %s", cpu >= 0 ? cpu : 0, why);
}

/* The deliveries of intid that went to another CPU than expected. */
static void elsewhere(struct runner *r, const struct step *st, char *buf, size_t len)
{
    size_t n_del, n = 0;
    const struct delivery *del = deliveries_all(r->deliveries, &n_del);
    buf[0] = 0;
    for (size_t i = 0; i < n_del && n + 40 < len; i++)
        if (del[i].intid == st->intid && del[i].virt == st->virt &&
            (st->cpu < 0 || del[i].cpu != (uint32_t)st->cpu))
            n += (size_t)snprintf(buf + n, len - n, "%s CPU %u at %.3f us%s",
                                  n ? "," : "; it went to", del[i].cpu,
                                  (double)del[i].ack / 1e6, del[i].consumed ? " (consumed)" : "");
}

static void expect_count(struct runner *r, const struct step *st)
{
    char what[64], seen[160], where[320] = "";
    bool ok = runner_run_until(r, runner_now(r) + st->time, enough, st);
    size_t have = count_matching(r, st);
    describe(st, what, sizeof(what));
    unconsumed(r, st->cpu, seen, sizeof(seen));
    if (!ok && st->has_intid && !st->virt) {
        elsewhere(r, st, where, sizeof(where));
        if (!where[0])
            where_is(r, st->intid, where, sizeof(where));
    }
    runner_check(r, ok, "%s: expected %u %sdeliver%s (%s) within %.3f us, saw %zu "
                 "(unconsumed: %s)%s", step_name(st->kind), st->count, st->virt ? "virtual " : "",
                 st->count == 1 ? "y" : "ies",
                 what, (double)st->time / 1e6, have, seen, where);
    size_t n_del;
    const struct delivery *del = deliveries_all(r->deliveries, &n_del);
    for (size_t i = 0, left = ok ? st->count : 0; i < n_del && left; i++)
        if (matches(&del[i], st)) {
            deliveries_consume(r->deliveries, i);
            left--;
        }
}

static bool none_for(struct runner *r, const struct step *st)
{
    struct step any = *st;
    any.has_intid = false;
    return count_matching(r, &any) == 0;
}

static void expect_none(struct runner *r, const struct step *st)
{
    char seen[160];
    bool ok = none_for(r, st);
    if (ok) {
        runner_advance_to(r, runner_now(r) + st->time);
        ok = none_for(r, st);
    }
    unconsumed(r, st->cpu, seen, sizeof(seen));
    runner_check(r, ok, "expect_none: expected no %sdelivery on %s for %.3f us, saw: %s",
                 st->virt ? "virtual " : "", st->cpu < 0 ? "any CPU" : "the CPU", (double)st->time / 1e6, seen);
}

static void expect_order(struct runner *r, const struct step *st)
{
    char want[160] = "", got[160] = "";
    runner_run_until(r, runner_now(r) + st->time, enough, st);
    bool ok = true;
    unsigned k = 0;
    size_t n_del;
    const struct delivery *del = deliveries_all(r->deliveries, &n_del);
    for (size_t i = 0; i < n_del && k < st->n_list; i++) {
        const struct delivery *d = &del[i];
        if (d->consumed || d->cpu != (uint32_t)st->cpu || d->virt != st->virt)
            continue;
        ok = ok && d->intid == st->list[k];
        deliveries_consume(r->deliveries, i);
        snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%u", k ? " " : "", d->intid);
        k++;
    }
    for (unsigned i = 0; i < st->n_list; i++)
        snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s%u", i ? " " : "",
                 st->list[i]);
    ok = ok && k == st->n_list;
    runner_check(r, ok, "expect_order on CPU %d: expected [%s], saw [%s]", st->cpu, want, got);
}

static void expect_latency(struct runner *r, const struct step *st)
{
    uint64_t *v;
    size_t n_del;
    const struct delivery *del = deliveries_all(r->deliveries, &n_del);
    uint64_t from = stats_window_start(r->stats); /* since the last `stats: reset` */
    size_t n = metric_samples_in(del, n_del, st->metric, st->cpu, st->virt, from, UINT64_MAX,
                                 &v);
    uint64_t p50 = percentile(v, n, 50), p99 = percentile(v, n, 99), mx = n ? v[n - 1] : 0;
    free(v);
    bool ok = n > 0 && p50 <= st->p50 && p99 <= st->p99 && mx <= st->max;
    char bounds[96] = "";
    const uint64_t b[3] = {st->p50, st->p99, st->max};
    const char *bn[3] = {"p50", "p99", "max"};
    for (int i = 0; i < 3; i++)
        if (b[i] != UINT64_MAX)
            snprintf(bounds + strlen(bounds), sizeof(bounds) - strlen(bounds), "%s%s <= %.3f us",
                     bounds[0] ? ", " : "", bn[i], (double)b[i] / 1e6);
    char window[48] = "";
    if (stats_windows(r->stats) > 1)
        snprintf(window, sizeof(window), " in window %u", stats_windows(r->stats) - 1);
    runner_check(r, ok, "expect_latency %s over %zu deliveries%s: p50 %.3f us, p99 %.3f us, "
                 "max %.3f us (expected %s)", metric_names[st->metric], n, window,
                 (double)p50 / 1e6, (double)p99 / 1e6, (double)mx / 1e6, bounds);
}

void expect_execute(struct runner *r, const struct step *st)
{
    switch (st->kind) {
    case STEP_EXPECT: case STEP_EXPECT_COUNT: expect_count(r, st); break;
    case STEP_EXPECT_NONE: expect_none(r, st); break;
    case STEP_EXPECT_ORDER: expect_order(r, st); break;
    case STEP_EXPECT_LATENCY: expect_latency(r, st); break;
    case STEP_STATS:
        if (!stats_reset(r->stats, runner_now(r)))
            runner_fatal(r, "stats: more than %d measurement windows", STATS_MAX_WINDOWS);
        break;
    case STEP_EXPECT_ERROR: {
        uint64_t n = gic_its_error_count(r->gic, st->its, (uint32_t)st->value);
        const char *name = gic_its_error_name((uint32_t)st->value);
        runner_check(r, n > 0, "expect_error: ITS%u recorded error 0x%06llx (%s) %llu time%s",
                     st->its, (unsigned long long)st->value, name ? name : "no name",
                     (unsigned long long)n, n == 1 ? "" : "s");
        break;
    }
    case STEP_EXPECT_STALLED: {
        bool stalled = gic_its_stalled(r->gic, st->its);
        runner_check(r, stalled == st->flag, "expect_stalled: ITS%u is %sstalled, expected "
                     "%sstalled", st->its, stalled ? "" : "not ", st->flag ? "" : "not ");
        break;
    }
    default: break;
    }
}
