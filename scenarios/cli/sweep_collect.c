/* An array task's slice and the collect step (sweep_slurm.h). Both read the sweep
 * from DIR/sweep.json, so they run anywhere DIR is mounted. */
#include <stdio.h>
#include <string.h>

#include "report_cmd.h"
#include "sweep_run.h"
#include "sweep_slurm.h"

static const char *const cmd = "gicsim sweep";

int sweep_task(const char *dir, unsigned long t, unsigned jobs)
{
    static struct sweep s;
    unsigned long first, end, ran;
    if (sweep_read(&s, dir, cmd))
        return 2;
    if (t >= s.tasks) {
        fprintf(stderr, "%s: --task %lu: %s has tasks 0 to %lu\n", cmd, t, dir, s.tasks - 1);
        return 2;
    }
    sweep_task_points(&s, t, &first, &end);
    int rc = sweep_run_points(&s, first, end, jobs, &ran);
    printf("%s: task %lu: points %lu to %lu, %lu run now, exit %d\n", cmd, t, first, end - 1,
           ran, rc);
    return rc;
}

/* The last line of a task's log that is not its own summary, or "" (no log). */
static void last_line(const char *path, char *out, size_t len)
{
    char line[600];
    FILE *f = fopen(path, "r");
    out[0] = '\0';
    while (f && fgets(line, sizeof(line), f))
        if (line[strspn(line, " \n")] && strncmp(line, "gicsim sweep: task ", 19))
            snprintf(out, len, "%s", line);
    if (f)
        fclose(f);
    out[strcspn(out, "\n")] = '\0';
}

/* Names the points without a report and their tasks (at most 20 of each). */
static unsigned long report_missing(const struct sweep *s)
{
    unsigned long missing = 0, shown = 0, last_task = (unsigned long)-1;
    for (unsigned long t = 0; t < s->tasks; t++) {
        unsigned long first, end;
        sweep_task_points(s, t, &first, &end);
        for (unsigned long p = first; p < end; p++) {
            if (sweep_point_done(s, p))
                continue;
            missing++;
            if (t == last_task || shown++ >= 20)
                continue;
            char log[1200], why[600];
            snprintf(log, sizeof(log), "%s/slurm/task-%lu.out", s->out, t);
            last_line(log, why, sizeof(why));
            fprintf(stderr, "%s: point %lu has no report: array task %lu%s%s%s\n", cmd, p, t,
                    *why ? " (" : " (no log: it has not run)", why, *why ? ")" : "");
            last_task = t;
        }
    }
    return missing;
}

int sweep_collect(const char *dir)
{
    static struct sweep s;
    char html[1100];
    unsigned long failed = 0, missing;
    if (sweep_read(&s, dir, cmd))
        return 2;
    if ((missing = report_missing(&s))) {
        fprintf(stderr, "%s: %lu of %lu points have no report; rerun the sweep command to "
                        "submit their tasks again (only those run)\n", cmd, missing, s.points);
        return 1;
    }
    snprintf(html, sizeof(html), "%s/report.html", s.out);
    if (sweep_write_results(&s, &failed) || report_write_html(s.out, html))
        return 2;
    printf("%s: %lu points, %lu failed: %s/results.csv, results.json, report.html\n", cmd,
           s.points, failed, s.out);
    return failed ? 1 : 0;
}
