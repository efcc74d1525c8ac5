/* --strict: a scenario that checks nothing, or whose guest made mistakes it did not
 * expect, fails instead of printing "PASS: 0 of 0". The recommended mode for CI
 * (docs/scenario-format.md). */
#include "strict.h"

#include "checks.h"
#include "guest_errors.h"

#include <string.h>

/* Command errors of ITS its that expect_error steps name (each code counted once). */
static uint64_t expected_errors(struct runner *r, unsigned its)
{
    uint64_t n = 0;
    for (unsigned i = 0; i < r->s->n_steps; i++) {
        const struct step *st = &r->s->steps[i];
        bool seen = false;
        for (unsigned k = 0; k < i && !seen; k++)
            seen = r->s->steps[k].kind == STEP_EXPECT_ERROR && r->s->steps[k].its == its &&
                   r->s->steps[k].value == st->value;
        if (st->kind == STEP_EXPECT_ERROR && st->its == its && !seen)
            n += gic_its_error_count(r->gic, its, (uint32_t)st->value);
    }
    return n;
}

static void command_errors(struct runner *r)
{
    for (unsigned i = 0; i < r->s->gic.num_its; i++) {
        gic_its_stats_t s;
        gic_its_get_stats(r->gic, i, &s);
        uint64_t expected = expected_errors(r, i);
        if (s.command_errors > expected)
            runner_check(r, false, "strict: ITS%u recorded %llu command error%s, %llu of them "
                         "named by expect_error (last 0x%06x)", i,
                         (unsigned long long)s.command_errors,
                         s.command_errors == 1 ? "" : "s", (unsigned long long)expected,
                         (unsigned)s.last_error);
        if (s.msi_in_flight)
            runner_check(r, false, "strict: ITS%u still had %llu MSI%s in flight at the end "
                         "(add wait_until: quiescent)", i,
                         (unsigned long long)s.msi_in_flight, s.msi_in_flight == 1 ? "" : "s");
    }
}

void strict_checks(struct runner *r)
{
    size_t n_checks, n_rules;
    checks_all(r->checks, &n_checks);
    const struct rule_count *rules = guest_errors_by_rule(r->guest_errors, &n_rules);
    r->cur_step = r->s->n_steps ? r->s->n_steps - 1 : 0; /* reported at the last step */
    if (!n_checks)
        runner_check(r, false, "strict: the scenario has no expectations");
    /* Command errors are judged against expect_error below, not as guest errors. */
    for (size_t i = 0; i < n_rules; i++)
        if (strcmp(rules[i].rule, "its.command_error"))
            runner_check(r, false, "strict: guest error %s x%llu, first at %.3f us: %s",
                         rules[i].rule, (unsigned long long)rules[i].count,
                         (double)rules[i].first_time / 1e6, rules[i].first);
    command_errors(r);
}
