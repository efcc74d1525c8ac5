/* Running a sweep's points on this machine (sweep_run.h). Each point runs in a child
 * process (the same binary, `run` with --set per parameter), so points are independent
 * and parallelism cannot change a result: a scenario's randomness comes from its seed,
 * not from the worker. The child writes its report atomically; its summary (standard
 * output) goes to a temporary file that becomes summary.txt when the child ends. */
#include "sweep_run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outfile.h"

#define MAX_JOBS 256

struct job {
    pid_t pid;
    struct outfile summary;
};

/* Starts `gicsim run` for point p, its standard output into j->summary. */
static int start(const struct sweep *s, unsigned long p, struct job *j)
{
    char dir[1100], report[1100], summary[1100], sets[SWEEP_MAX_GRIDS][200];
    char *args[8 + 2 * SWEEP_MAX_GRIDS];
    int n = 0;
    sweep_point_path(s, p, NULL, dir, sizeof(dir));
    sweep_point_path(s, p, "report.json", report, sizeof(report));
    sweep_point_path(s, p, "summary.txt", summary, sizeof(summary));
    if ((mkdir(dir, 0777) && errno != EEXIST) || outfile_open(&j->summary, summary)) {
        fprintf(stderr, "gicsim sweep: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    fcntl(fileno(j->summary.f), F_SETFD, FD_CLOEXEC); /* not inherited by other points */
    args[n++] = "gicsim", args[n++] = "run", args[n++] = (char *)s->file;
    for (unsigned k = 0; k < s->n_grids; k++) {
        snprintf(sets[k], sizeof(sets[k]), "%s=%s", s->g[k].key,
                 s->g[k].values[sweep_value_of(s, p, k)]);
        args[n++] = "--set", args[n++] = sets[k];
    }
    args[n++] = "--report", args[n++] = report, args[n++] = "-q", args[n] = NULL;
    fflush(NULL);
    j->pid = fork();
    if (j->pid == 0) {
        if (dup2(fileno(j->summary.f), 1) < 0)
            _exit(2);
        execv("/proc/self/exe", args);
        _exit(127);
    }
    if (j->pid < 0) {
        fprintf(stderr, "gicsim sweep: fork: %s\n", strerror(errno));
        outfile_abort(&j->summary);
        return -1;
    }
    return 0;
}

/* Waits for one child: its exit status (2 when it did not exit), the summary kept when
 * the child wrote its report (exit 0 or 1). */
static int reap(struct job *jobs, unsigned long *running)
{
    int st;
    pid_t pid;
    while ((pid = wait(&st)) < 0 && errno == EINTR)
        ;
    if (pid < 0)
        return 2;
    unsigned long i = 0;
    while (i < *running && jobs[i].pid != pid)
        i++;
    if (i == *running)
        return 2;
    int rc = WIFEXITED(st) ? WEXITSTATUS(st) : 2;
    if (rc < 2 && outfile_commit(&jobs[i].summary))
        rc = 2;
    else if (rc >= 2)
        outfile_abort(&jobs[i].summary);
    jobs[i] = jobs[--*running];
    return rc;
}

int sweep_run_points(const struct sweep *s, unsigned long first, unsigned long end,
                     unsigned jobs, unsigned long *ran)
{
    static struct job job[MAX_JOBS];
    unsigned long next = first, running = 0;
    int worst = 0;
    if (jobs > MAX_JOBS)
        jobs = MAX_JOBS;
    *ran = 0;
    while (next < end || running) {
        while (next < end && running < jobs && worst < 2) {
            if (sweep_point_done(s, next)) { /* done in an earlier run: resume */
                next++;
                continue;
            }
            if (start(s, next++, &job[running]) < 0) {
                worst = 2;
                break;
            }
            running++, ++*ran;
        }
        if (!running)
            break;
        int rc = reap(job, &running);
        worst = rc > worst ? rc : worst;
    }
    return worst;
}
