/* Submitting a sweep to Slurm (sweep_slurm.h): two batch scripts in DIR/slurm (the
 * array task, the collect step), then sbatch twice. Everything a task needs is in the
 * script and in DIR/sweep.json, so resubmitting a task is `sbatch --array=I` again. */
#include "sweep_slurm.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outfile.h"

static const char *const cmd = "gicsim sweep";

/* s in single quotes for sh (a quote inside becomes '\''). */
static void sh_quote(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++)
        fputs(*s == '\'' ? "'\\''" : (char[]){*s, 0}, f);
    fputc('\'', f);
}

/* DIR/slurm/NAME: a batch script that enters the submit folder and runs gicsim with
 * args (already quoted). */
static int script(const char *path, const char *cwd, const char *self, const char *sbatch,
                  const char *args)
{
    struct outfile o;
    if (outfile_open(&o, path)) {
        fprintf(stderr, "%s: %s: %s\n", cmd, path, strerror(errno));
        return 2;
    }
    fprintf(o.f, "#!/bin/sh\n# Written by gicsim sweep (docs/cluster.md).\n%s", sbatch);
    fprintf(o.f, "cd ");
    sh_quote(o.f, cwd);
    fprintf(o.f, " || exit 2\nexec ");
    sh_quote(o.f, self);
    fprintf(o.f, " sweep %s\n", args);
    if (outfile_commit(&o)) {
        fprintf(stderr, "%s: %s: %s\n", cmd, path, strerror(errno));
        return 2;
    }
    return 0;
}

/* The array spec of the tasks with a point not done: "0-11" or "3,7,9-10"; the count. */
static unsigned long pending_tasks(const struct sweep *s, char *spec, size_t len)
{
    unsigned long n = 0, run_start = 0;
    size_t used = 0;
    bool in_run = false;
    spec[0] = '\0';
    for (unsigned long t = 0; t <= s->tasks; t++) {
        bool todo = false;
        unsigned long first, end;
        if (t < s->tasks) {
            sweep_task_points(s, t, &first, &end);
            for (unsigned long p = first; p < end && !todo; p++)
                todo = !sweep_point_done(s, p);
        }
        if (todo && !in_run)
            run_start = t, in_run = true;
        if (!todo && in_run) {
            used += (size_t)snprintf(spec + used, used < len ? len - used : 0,
                                     t - 1 > run_start ? "%s%lu-%lu" : "%s%lu", used ? "," : "",
                                     run_start, t - 1);
            in_run = false;
        }
        n += todo;
    }
    return used < len ? n : 0;
}

/* Runs sbatch with args; its job id (stdout with --parsable: "ID" or "ID;cluster"). */
static int sbatch(char *const *args, char *id, size_t len)
{
    int fd[2];
    if (pipe(fd))
        return fprintf(stderr, "%s: pipe: %s\n", cmd, strerror(errno)), 2;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 1), close(fd[0]), close(fd[1]);
        execvp("sbatch", args);
        fprintf(stderr, "%s: sbatch: %s (is Slurm's client installed? docs/cluster.md)\n",
                cmd, strerror(errno));
        _exit(127);
    }
    close(fd[1]);
    ssize_t n = pid < 0 ? -1 : read(fd[0], id, len - 1);
    close(fd[0]);
    int st = 0;
    while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    id[n > 0 ? n : 0] = '\0';
    id[strcspn(id, ";\n")] = '\0';
    if (pid < 0 || !WIFEXITED(st) || WEXITSTATUS(st) || !*id) {
        if (WIFEXITED(st) && WEXITSTATUS(st) != 127)
            fprintf(stderr, "%s: sbatch failed (its message is above)\n", cmd);
        return 2;
    }
    return 0;
}

struct paths {
    char dir[PATH_MAX], cwd[PATH_MAX], self[PATH_MAX], sdir[PATH_MAX + 8];
    char task[PATH_MAX + 32], collect[PATH_MAX + 32], log[PATH_MAX + 32];
};

static int resolve(const struct sweep *s, struct paths *p)
{
    ssize_t n = readlink("/proc/self/exe", p->self, sizeof(p->self) - 1);
    if (!realpath(s->out, p->dir) || !getcwd(p->cwd, sizeof(p->cwd)) || n < 0)
        return fprintf(stderr, "%s: %s: %s\n", cmd, s->out, strerror(errno)), 2;
    p->self[n] = '\0';
    snprintf(p->sdir, sizeof(p->sdir), "%s/slurm", p->dir);
    snprintf(p->task, sizeof(p->task), "%s/task.sbatch", p->sdir);
    snprintf(p->collect, sizeof(p->collect), "%s/collect.sbatch", p->sdir);
    snprintf(p->log, sizeof(p->log), "%s/jobs.txt", p->sdir);
    if (mkdir(p->sdir, 0777) && errno != EEXIST)
        return fprintf(stderr, "%s: %s: %s\n", cmd, p->sdir, strerror(errno)), 2;
    return 0;
}

/* The two scripts: an array task (its index from Slurm) and the collect step. */
static int scripts(const struct paths *p, uint64_t jobs)
{
    char *args = NULL;
    size_t len;
    FILE *m = open_memstream(&args, &len);
    if (!m)
        return 2;
    fprintf(m, "--task \"$SLURM_ARRAY_TASK_ID\" -j %llu ", (unsigned long long)jobs);
    sh_quote(m, p->dir);
    fclose(m);
    int rc = script(p->task, p->cwd, p->self, "#SBATCH --job-name=gicsim-sweep\n", args);
    free(args);
    if (rc || !(m = open_memstream(&args, &len)))
        return 2;
    fprintf(m, "--collect ");
    sh_quote(m, p->dir);
    fclose(m);
    rc = script(p->collect, p->cwd, p->self, "#SBATCH --job-name=gicsim-collect\n", args);
    free(args);
    return rc;
}

static void note_job(const struct paths *p, const char *id, const char *what)
{
    FILE *f = fopen(p->log, "a");
    if (f)
        fprintf(f, "%s %s\n", id, what), fclose(f);
}

/* sbatch for the array (tasks in spec) then for the collect job after it. */
static int submit(const struct paths *p, const struct slurm_opts *o, const char *spec,
                  char *id, char *cid)
{
    char array[8300], out[PATH_MAX + 64], part[300], cpus[64], dep[96], cout[PATH_MAX + 64];
    char *a[10], *c[10];
    int n = 0, k = 0;
    snprintf(array, sizeof(array), o->max_parallel ? "--array=%s%%%llu" : "--array=%s", spec,
             (unsigned long long)o->max_parallel);
    snprintf(out, sizeof(out), "--output=%s/task-%%a.out", p->sdir);
    snprintf(part, sizeof(part), "--partition=%s", o->partition ? o->partition : "");
    snprintf(cpus, sizeof(cpus), "--cpus-per-task=%llu", (unsigned long long)o->jobs);
    a[n++] = "sbatch", a[n++] = "--parsable", a[n++] = array, a[n++] = out, a[n++] = cpus;
    if (o->partition)
        a[n++] = part;
    a[n++] = (char *)p->task, a[n] = NULL;
    if (sbatch(a, id, 64))
        return 2;
    note_job(p, id, spec);
    snprintf(dep, sizeof(dep), "--dependency=afterany:%s", id);
    snprintf(cout, sizeof(cout), "--output=%s/collect.out", p->sdir);
    c[k++] = "sbatch", c[k++] = "--parsable", c[k++] = dep, c[k++] = cout;
    if (o->partition)
        c[k++] = part;
    c[k++] = (char *)p->collect, c[k] = NULL;
    if (sbatch(c, cid, 64))
        return 2;
    note_job(p, cid, "collect");
    return 0;
}

int sweep_submit(const struct sweep *s, const struct slurm_opts *o)
{
    static struct paths p;
    static char spec[8192];
    char id[64], cid[64];
    unsigned long n = pending_tasks(s, spec, sizeof(spec));
    if (!n && !*spec) {
        printf("%s: every point has a report: nothing to submit\n", cmd);
        return sweep_collect(s->out);
    }
    if (!n) /* too many ranges to list: all of them (done points are skipped) */
        snprintf(spec, sizeof(spec), "0-%lu", s->tasks - 1), n = s->tasks;
    if (resolve(s, &p) || scripts(&p, o->jobs) || submit(&p, o, spec, id, cid))
        return 2;
    printf("%s: job %s: array tasks %s (%lu of %lu; %lu points in all); job %s collects the "
           "results after them (or: gicsim sweep --collect %s)\n",
           cmd, id, spec, n, s->tasks, s->points, cid, s->out);
    return 0;
}
