/* Results: the JSON report, the deliveries list, the human summary and the
 * accounting identities every run must satisfy. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "checks.h"
#include "deliveries.h"
#include "guest_errors.h"
#include "json.h"
#include "metrics.h"
#include "profile.h"
#include "report.h"
#include "stats.h"


static uint64_t pending_lpis(const struct runner *r)
{
    uint64_t n = 0;
    for (unsigned c = 0; c < r->s->gic.num_cpus; c++)
        n += gic_lpi_pending_count(r->gic, c);
    return n;
}

static uint64_t dropped(const gic_its_stats_t *s)
{
    uint64_t n = 0;
    for (int k = 0; k < GIC_NUM_DROP_REASONS; k++)
        n += s->msi_dropped[k];
    return n;
}

bool report_accounting(struct runner *r, char *why, size_t len)
{
    if (!gic_check_invariants(r->gic, why, len))
        return false;
    for (unsigned i = 0; i < r->s->gic.num_its; i++) {
        gic_its_stats_t s;
        gic_its_get_stats(r->gic, i, &s);
        if (s.msi_offered != s.msi_translated + dropped(&s) + s.msi_in_flight) {
            snprintf(why, len, "ITS%u: offered %llu != translated %llu + dropped %llu + in "
                     "flight %llu", i, (unsigned long long)s.msi_offered,
                     (unsigned long long)s.msi_translated, (unsigned long long)dropped(&s),
                     (unsigned long long)s.msi_in_flight);
            return false;
        }
    }
    gic_lpi_stats_t l;
    gic_get_lpi_stats(r->gic, &l);
    if (l.set_pending != l.acknowledged + l.cleared + pending_lpis(r)) {
        snprintf(why, len, "LPIs: set pending %llu != acknowledged %llu + cleared %llu + "
                 "pending %llu", (unsigned long long)l.set_pending,
                 (unsigned long long)l.acknowledged, (unsigned long long)l.cleared,
                 (unsigned long long)pending_lpis(r));
        return false;
    }
    return !r->s->gic.virt.gicv4 || stats_gicv4_balanced(r->gic, why, len);
}


/* The mean is exact (a sum of whole ps), so stage means add up to the end-to-end mean. */
static void stats_json(FILE *f, const uint64_t *v, size_t n)
{
    unsigned long long sum = 0; /* 2^64 ps: 2 * 10^7 s of latency in total */
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    fprintf(f, "{\"count\": %zu, \"min_ns\": %.3f, \"p50_ns\": %.3f, \"p99_ns\": %.3f, "
               "\"max_ns\": %.3f, \"mean_ns\": %.3f}", n, n ? (double)v[0] / 1e3 : 0.0,
            (double)percentile(v, n, 50) / 1e3, (double)percentile(v, n, 99) / 1e3,
            n ? (double)v[n - 1] / 1e3 : 0.0, n ? (double)sum / (double)n / 1e3 : 0.0);
}

static void latency_json(FILE *f, const struct runner *r)
{
    size_t n_del;
    const struct delivery *del = deliveries_all(r->deliveries, &n_del);
    fprintf(f, "  \"latency\": {");
    for (int m = 0; m < NUM_METRICS; m++) {
        uint64_t *v;
        size_t n = metric_samples(del, n_del, (enum metric)m, -1, false, &v);
        fprintf(f, "%s\n    \"%s\": {\"all\": ", m ? "," : "", metric_names[m]);
        stats_json(f, v, n);
        free(v);
        fprintf(f, ", \"per_cpu\": {");
        for (unsigned c = 0, first = 1; c < r->s->gic.num_cpus; c++) {
            n = metric_samples(del, n_del, (enum metric)m, (int)c, false, &v);
            if (n) {
                fprintf(f, "%s\"%u\": ", first ? "" : ", ", c);
                stats_json(f, v, n);
                first = 0;
            }
            free(v);
        }
        fprintf(f, "}}");
    }
    fprintf(f, "\n  },\n");
}

/* The last acknowledge of a physical delivery stimulated in [from, to), or 0. */
static uint64_t last_ack(const struct delivery *del, size_t n, uint64_t from, uint64_t to)
{
    uint64_t last = 0;
    for (size_t i = 0; i < n; i++)
        if (!del[i].virt && del[i].stimulus >= from && del[i].stimulus < to &&
            del[i].ack > last)
            last = del[i].ack;
    return last;
}

/* Latency per measurement window (`stats: reset` steps start new ones): deliveries are
 * in the window their stimulus (the MSI write) fell in; last_ack_ps is when the last of
 * them was acknowledged (the window's work done, whatever the steps waited after). */
static void windows_json(FILE *f, const struct runner *r)
{
    size_t n_del;
    const struct delivery *del = deliveries_all(r->deliveries, &n_del);
    fprintf(f, "  \"windows\": [");
    for (unsigned w = 0; w < stats_windows(r->stats); w++) {
        uint64_t from, to;
        stats_window(r->stats, w, &from, &to);
        fprintf(f, "%s\n    {\"window\": %u, \"from_ps\": %llu, \"to_ps\": %llu, "
                   "\"last_ack_ps\": %llu, \"latency\": {", w ? "," : "", w,
                (unsigned long long)from,
                (unsigned long long)(to == UINT64_MAX ? runner_now(r) : to),
                (unsigned long long)last_ack(del, n_del, from, to));
        for (int m = 0; m < NUM_METRICS; m++) {
            uint64_t *v;
            size_t n = metric_samples_in(del, n_del, (enum metric)m, -1, false, from, to, &v);
            fprintf(f, "%s\"%s\": ", m ? ", " : "", metric_names[m]);
            stats_json(f, v, n);
            free(v);
        }
        fprintf(f, "}}");
    }
    fprintf(f, "\n  ],\n");
}

static void rate_json(FILE *f, const char *name, uint64_t hits, uint64_t misses, bool last)
{
    uint64_t all = hits + misses;
    fprintf(f, "\"%s\": {\"hits\": %llu, \"misses\": %llu, \"hit_rate\": %.4f}%s", name,
            (unsigned long long)hits, (unsigned long long)misses,
            all ? (double)hits / (double)all : 0.0, last ? "" : ", ");
}

static void its_json(FILE *f, const struct runner *r, unsigned i)
{
    gic_its_stats_t s;
    gic_its_get_stats(r->gic, i, &s);
    fprintf(f, "    {\"its\": %u, \"base\": \"0x%llx\", \"msi\": {\"offered\": %llu, "
               "\"translated\": %llu, \"coalesced\": %llu, \"in_flight\": %llu, \"dropped\": {",
            i, (unsigned long long)r->s->gic.its[i].base, (unsigned long long)s.msi_offered,
            (unsigned long long)s.msi_translated, (unsigned long long)s.msi_coalesced,
            (unsigned long long)s.msi_in_flight);
    for (int k = 0; k < GIC_NUM_DROP_REASONS; k++)
        fprintf(f, "%s\"%s\": %llu", k ? ", " : "", gic_msi_drop_name((gic_msi_drop_t)k),
                (unsigned long long)s.msi_dropped[k]);
    fprintf(f, "}}, \"commands\": {\"executed\": %llu, \"errors\": %llu, \"by_code\": {",
            (unsigned long long)s.commands, (unsigned long long)s.command_errors);
    for (unsigned op = 0, first = 1; op < 256; op++)
        for (unsigned cause = 0; cause < 16; cause++) {
            uint32_t code = 0x010000u | op << 8 | (cause == 15 ? 0xFF : cause);
            uint64_t n = gic_its_error_count(r->gic, i, code);
            if (n)
                fprintf(f, "%s\"0x%06x\": %llu", first ? "" : ", ", code,
                        (unsigned long long)n), first = 0;
        }
    fprintf(f, "}, \"by_name\": {");
    for (unsigned op = 0, first = 1; op < 256; op++)
        for (unsigned cause = 0; cause < 16; cause++) {
            uint32_t code = 0x010000u | op << 8 | (cause == 15 ? 0xFF : cause);
            uint64_t n = gic_its_error_count(r->gic, i, code);
            const char *name = gic_its_error_name(code);
            if (n)
                fprintf(f, "%s\"%s\": %llu", first ? "" : ", ", name ? name : "unnamed",
                        (unsigned long long)n), first = 0;
        }
    fprintf(f, "}}, \"caches\": {");
    rate_json(f, "device", s.device_cache_hits, s.device_cache_misses, false);
    rate_json(f, "event", s.event_cache_hits, s.event_cache_misses, false);
    rate_json(f, "collection", s.collection_cache_hits, s.collection_cache_misses, true);
    fprintf(f, "}, \"queues\": {\"msi_max\": %llu, \"msi_backpressure_ns\": %.3f, "
               "\"command_max\": %llu}, \"memory\": "
               "{\"reads\": %llu, \"writes\": %llu, \"wait_ns\": %.3f}",
            (unsigned long long)s.msi_queue_max, (double)s.msi_backpressure_ps / 1e3,
            (unsigned long long)s.command_queue_max,
            (unsigned long long)s.mem_reads, (unsigned long long)s.mem_writes,
            (double)s.mem_wait_ps / 1e3);
    fprintf(f, ", \"stalled\": %s}", gic_its_stalled(r->gic, i) ? "true" : "false");
}

/* The profile in effect, every parameter, and the distributor's memory interface. */
static void timing_json(FILE *f, const struct runner *r)
{
    gic_mem_if_stats_t m;
    gic_dist_mem_stats(r->gic, &m);
    fprintf(f, "  \"timing\": {\"profile\": ");
    json_write_string(f, r->s->profile);
    fprintf(f, ", \"parameters\": ");
    profile_write_json(f, &r->s->gic);
    fprintf(f, ", \"distributor_memory\": {\"reads\": %llu, \"wait_ns\": %.3f}},\n",
            (unsigned long long)m.reads, (double)m.wait_ps / 1e3);
}

static void checks_json(FILE *f, const struct runner *r)
{
    size_t n;
    const struct check *all = checks_all(r->checks, &n);
    fprintf(f, "  \"expectations\": [");
    for (size_t i = 0; i < n; i++) {
        const struct check *c = &all[i];
        fprintf(f, "%s\n    {\"step\": %u, \"line\": %u, \"kind\": \"%s\", \"passed\": %s, "
                   "\"message\": ", i ? "," : "", c->step + 1, c->line, step_name(c->kind),
                c->passed ? "true" : "false");
        json_write_string(f, c->message);
        fputc('}', f);
    }
    fprintf(f, "\n  ],\n");
}

static void guest_errors_json(FILE *f, const struct runner *r)
{
    size_t n;
    const struct rule_count *rules = guest_errors_by_rule(r->guest_errors, &n);
    fprintf(f, "  \"guest_errors\": {\"total\": %llu, \"by_rule\": {",
            (unsigned long long)gic_guest_error_count(r->gic));
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%s\n    \"%s\": {\"count\": %llu, \"first_ps\": %llu, \"first\": ",
                i ? "," : "", rules[i].rule, (unsigned long long)rules[i].count,
                (unsigned long long)rules[i].first_time);
        json_write_string(f, rules[i].first);
        fputc('}', f);
    }
    fprintf(f, "%s}}", n ? "\n  " : "");
}

/* Physical deliveries, or virtual ones (listed apart). */
static size_t delivery_count(const struct runner *r, bool virt)
{
    size_t n_del, n = 0;
    const struct delivery *del = deliveries_all(r->deliveries, &n_del);
    for (size_t i = 0; i < n_del; i++)
        n += del[i].virt == virt;
    return n;
}

/* With virtualization: the virtual deliveries and their latencies (stimulus: the LR
 * write; irq: vIRQ/vFIQ rising; ack: ICV_IAR), and the maintenance interrupts taken. */
static void virtual_json(FILE *f, const struct runner *r)
{
    size_t n_del;
    const struct delivery *del = deliveries_all(r->deliveries, &n_del);
    size_t maint = 0;
    for (size_t i = 0; i < n_del; i++)
        maint += !del[i].virt && del[i].intid == r->s->gic.virt.maintenance_intid;
    fprintf(f, "  \"virtual\": {\"deliveries\": %zu, \"maintenance_taken\": %zu, \"latency\": {",
            delivery_count(r, true), maint);
    for (int m = 0; m < NUM_METRICS; m++) { /* stages: GICv4.1 vLPIs from MSIs */
        uint64_t *v;
        size_t n = metric_samples(del, n_del, (enum metric)m, -1, true, &v);
        fprintf(f, "%s\"%s\": ", m ? ", " : "", metric_names[m]);
        stats_json(f, v, n);
        free(v);
    }
    fprintf(f, "}},\n");
}

static void lpi_json(FILE *f, const struct runner *r)
{
    gic_lpi_stats_t l;
    gic_get_lpi_stats(r->gic, &l);
    fprintf(f, "  \"lpi\": {\"set_pending\": %llu, \"coalesced\": %llu, \"acknowledged\": "
               "%llu, \"cleared\": %llu, \"pending_at_end\": %llu, \"dropped_disabled\": %llu, "
               "\"dropped_out_of_range\": %llu, \"property_cache\": {",
            (unsigned long long)l.set_pending, (unsigned long long)l.coalesced,
            (unsigned long long)l.acknowledged, (unsigned long long)l.cleared,
            (unsigned long long)pending_lpis(r), (unsigned long long)l.dropped_disabled,
            (unsigned long long)l.dropped_out_of_range);
    rate_json(f, "lpi", l.prop_cache_hits, l.prop_cache_misses, true);
    fprintf(f, "}},\n");
}

void report_write(struct runner *r, FILE *f)
{
    const gic_config_t *g = &r->s->gic;
    char why[320] = "";
    bool balanced = report_accounting(r, why, sizeof(why));
    fprintf(f, "{\n  \"scenario\": ");
    json_write_string(f, r->s->name);
    fprintf(f, ",\n  \"file\": ");
    json_write_string(f, r->s->file);
    fprintf(f, ",\n  \"result\": \"%s\",\n",
            r->interrupted ? "interrupted" : checks_first_failure(r->checks) ? "fail" : "pass");
    fprintf(f, "  \"system\": {\"cpus\": %u, \"spis\": %u, \"lpi_id_bits\": %u, \"security\": "
               "\"%s\", \"direct_lpi\": %s, \"memory_map\": {\"gicd\": \"0x%llx\", \"gicr\": "
               "\"0x%llx\", \"gicr_stride\": \"0x%llx\"}},\n", g->num_cpus, g->num_spis,
            g->id_bits, g->two_security_states ? "two" : "single",
            g->direct_lpi ? "true" : "false", (unsigned long long)g->gicd_base,
            (unsigned long long)g->gicr_base, (unsigned long long)g->gicr_stride);
    timing_json(f, r);
    checks_json(f, r);
    fprintf(f, "  \"its\": [\n");
    for (unsigned i = 0; i < g->num_its; i++)
        its_json(f, r, i), fprintf(f, "%s\n", i + 1 < g->num_its ? "," : "");
    fprintf(f, "  ],\n");
    lpi_json(f, r);
    fprintf(f, "  \"deliveries\": %zu,\n", delivery_count(r, false));
    if (g->virt.enabled)
        virtual_json(f, r);
    if (g->virt.gicv4)
        stats_gicv4_json(f, r->stats, r->gic);
    latency_json(f, r);
    windows_json(f, r);
    size_t n_del;
    const struct delivery *del = deliveries_all(r->deliveries, &n_del);
    stats_histograms_json(f, r->stats, del, n_del);
    stats_throughput_json(f, r->stats, runner_now(r));
    fprintf(f, "  \"accounting\": {\"balanced\": %s, \"detail\": ", balanced ? "true" : "false");
    json_write_string(f, why);
    fprintf(f, "},\n");
    guest_errors_json(f, r);
    fprintf(f, ",\n  \"simulated_time_ps\": %llu,\n  \"host_time_s\": %.6f\n}\n",
            (unsigned long long)runner_now(r), r->host_seconds);
}

void deliveries_write(struct runner *r, FILE *f)
{
    size_t n_del;
    const struct delivery *del = deliveries_all(r->deliveries, &n_del);
    for (unsigned c = 0; c < r->s->gic.num_cpus; c++) {
        fprintf(f, "cpu %u:", c);
        for (size_t i = 0; i < n_del; i++)
            if (del[i].cpu == c && !del[i].virt)
                fprintf(f, " %u", del[i].intid);
        fputc('\n', f);
    }
    for (unsigned c = 0; r->s->gic.virt.enabled && c < r->s->gic.num_cpus; c++) {
        fprintf(f, "virtual cpu %u:", c);
        for (size_t i = 0; i < n_del; i++)
            if (del[i].cpu == c && del[i].virt)
                fprintf(f, " %u", del[i].intid);
        fputc('\n', f);
    }
}

/* Under a timing profile, where the time went: each stage of the LPIs from MSIs, then
 * the end-to-end metrics over every delivery. */
static void latency_table(struct runner *r, FILE *f)
{
    static const enum metric order[] = {
        METRIC_ITS_QUEUE, METRIC_ITS_TRANSLATE, METRIC_CACHE_MISS, METRIC_LINK,
        METRIC_REDISTRIBUTOR, METRIC_MSI_TO_IRQ, METRIC_IRQ_TO_ACK, METRIC_MSI_TO_ACK};
    size_t n_del;
    const struct delivery *del = deliveries_all(r->deliveries, &n_del);
    if (!r->s->gic.timing.clock_hz || !n_del)
        return;
    fprintf(f, "  latency under %s, ns         p50       p99       max   samples\n",
            r->s->profile);
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        uint64_t *v;
        size_t n = metric_samples(del, n_del, order[i], -1, false, &v);
        if (n)
            fprintf(f, "    %-22s %9.1f %9.1f %9.1f %9zu\n", metric_names[order[i]],
                    (double)percentile(v, n, 50) / 1e3, (double)percentile(v, n, 99) / 1e3,
                    (double)v[n - 1] / 1e3, n);
        free(v);
    }
}

/* Colour on a terminal, unless NO_COLOR is set (https://no-color.org); never in files. */
enum paint { GREEN, RED, RESET };
static const char *paint(FILE *f, enum paint p)
{
    static const char *const codes[] = {"\033[32m", "\033[31m", "\033[0m"};
    return isatty(fileno(f)) && !getenv("NO_COLOR") ? codes[p] : "";
}

void report_failures(struct runner *r, FILE *f)
{
    size_t failed = 0, n_checks;
    const struct check *checks = checks_all(r->checks, &n_checks);
    for (size_t i = 0; i < n_checks; i++)
        if (!checks[i].passed) {
            failed++;
            fprintf(f, "%s:%u: FAIL %s\n", r->s->file, checks[i].line, checks[i].message);
        }
    fprintf(f, "%s: %zu of %zu expectations hold\n", r->interrupted ? "INTERRUPTED" : "FAIL",
            n_checks - failed, n_checks);
}

void report_summary(struct runner *r, FILE *f)
{
    size_t failed = 0, n_checks, n_rules;
    const struct check *checks = checks_all(r->checks, &n_checks);
    const struct rule_count *rules = guest_errors_by_rule(r->guest_errors, &n_rules);
    fprintf(f, "scenario %s (%s)\n", r->s->name, r->s->file);
    for (size_t i = 0; i < n_checks; i++) {
        const struct check *c = &checks[i];
        failed += !c->passed;
        fprintf(f, "  %s%s%s  line %-4u %s\n", paint(f, c->passed ? GREEN : RED),
                c->passed ? "ok  " : "FAIL", paint(f, RESET), c->line, c->message);
    }
    for (unsigned i = 0; i < r->s->gic.num_its; i++) {
        gic_its_stats_t s;
        gic_its_get_stats(r->gic, i, &s);
        fprintf(f, "  ITS%u: %llu MSIs offered, %llu translated (%llu coalesced), %llu dropped; "
                   "%llu commands, %llu errors\n", i, (unsigned long long)s.msi_offered,
                (unsigned long long)s.msi_translated, (unsigned long long)s.msi_coalesced,
                (unsigned long long)dropped(&s), (unsigned long long)s.commands,
                (unsigned long long)s.command_errors);
    }
    if (r->s->gic.virt.gicv4)
        stats_gicv4_summary(f, r->gic);
    latency_table(r, f);
    if (r->s->gic.virt.enabled)
        fprintf(f, "  %zu virtual deliveries\n", delivery_count(r, true));
    fprintf(f, "  %zu deliveries, %llu guest errors, simulated %.3f us, host %.3f s\n",
            delivery_count(r, false),
            (unsigned long long)gic_guest_error_count(r->gic), (double)runner_now(r) / 1e6,
            r->host_seconds);
    for (size_t i = 0; i < n_rules; i++)
        fprintf(f, "  guest error %s x%llu, first at %.3f us: %s\n", rules[i].rule,
                (unsigned long long)rules[i].count, (double)rules[i].first_time / 1e6,
                rules[i].first);
    fprintf(f, "%s%s%s: %zu of %zu expectations hold%s\n",
            paint(f, failed || r->interrupted ? RED : GREEN),
            r->interrupted ? "INTERRUPTED" : failed ? "FAIL" : "PASS", paint(f, RESET),
            n_checks - failed, n_checks, r->interrupted ? " so far" : "");
}
