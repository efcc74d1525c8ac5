/* `check PATH... [options]`: a regression over scenario files. Every scenario runs in
 * its own process (a crash or a hang in one cannot take the others down), N at a time;
 * one aligned line per scenario in file order, then "N passed, M failed". Directories
 * are searched for scenario files: a .yaml whose top level has `steps:` (a timing
 * profile beside the scenarios is not one). */
#include "args.h"
#include "check.h"
#include "outfile.h"
#include "ytree.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_EXCLUDES 32

struct check_opts {
    const char *junit, *artifacts;
    const char *exclude[MAX_EXCLUDES];
    unsigned n_exclude;
    uint64_t jobs;
    bool strict, colour;
};

struct list {
    char **v;
    size_t n, cap, skipped;
};

static void push(struct list *l, const char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->v = realloc(l->v, l->cap * sizeof(*l->v));
        if (!l->v)
            abort();
    }
    l->v[l->n++] = strdup(s);
}

static bool is_yaml(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && !strcmp(name + n - 5, ".yaml")) || (n > 4 && !strcmp(name + n - 4, ".yml"));
}

/* A scenario file has a top-level `steps:`; a file that does not parse is kept, so that
 * its run reports the error. */
static bool is_scenario(const char *path)
{
    struct ytree t = {0};
    bool yes = ytree_load_file(&t, path) != 0 || !t.root || t.root->kind != YNODE_MAP ||
               ynode_get(t.root, "steps");
    ytree_free(&t);
    return yes;
}

static bool excluded(const struct check_opts *o, const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    for (unsigned i = 0; i < o->n_exclude; i++)
        if (!fnmatch(o->exclude[i], path, 0) || !fnmatch(o->exclude[i], base, 0))
            return true;
    return false;
}

static void collect(struct list *l, const struct check_opts *o, const char *path, bool named)
{
    struct stat st;
    if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
        if (named || (!excluded(o, path) && is_scenario(path)))
            push(l, path); /* a named file (or a missing path) is reported when run */
        else
            l->skipped++;
        return;
    }
    DIR *d = opendir(path);
    for (struct dirent *e; d && (e = readdir(d));) {
        char sub[4096];
        if (e->d_name[0] == '.')
            continue;
        snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
        if (!stat(sub, &st) && S_ISDIR(st.st_mode) && !excluded(o, sub))
            collect(l, o, sub, false);
        else if (is_yaml(e->d_name))
            collect(l, o, sub, false);
    }
    if (d)
        closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static double host_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* The child: runs one scenario with its summary on stdout (the pipe), then a last
 * line with its exit status and first failure. */
static void child(const struct cli *c, const struct check_opts *co, const char *file, int fd)
{
    char msg[560] = "";
    struct run_options o = {.strict = co->strict, .failure = msg, .failure_len = sizeof(msg)};
    struct scenario s;
    dup2(fd, 1);
    dup2(fd, 2);
    int rc = scenario_load(&s, file, msg, sizeof(msg));
    if (!rc)
        rc = c->run(&s, &o);
    else
        printf("%s\n", msg);
    scenario_free(&s);
    for (char *p = msg; *p; p++)
        if (*p == '\n')
            *p = ' ';
    printf("\n@gicsim-result %d %s\n", rc, msg);
    fflush(stdout);
    _exit(rc);
}

static void start(const struct cli *c, const struct check_opts *o, struct job *j)
{
    int p[2];
    j->t0 = host_now();
    if (pipe(p)) {
        j->rc = 2;
        j->pid = -1;
        snprintf(j->msg, sizeof(j->msg), "cannot create a pipe: %s", strerror(errno));
        return;
    }
    fflush(NULL);
    j->pid = fork();
    if (j->pid == 0) {
        close(p[0]);
        child(c, o, j->file, p[1]);
    }
    close(p[1]);
    j->fd = p[0];
}

/* Reads everything the child wrote; its last line carries the result. */
static void finish(struct job *j)
{
    if (j->pid < 0)
        return;
    size_t n = 0, cap = 4096;
    char *buf = malloc(cap);
    for (ssize_t got; buf && (got = read(j->fd, buf + n, cap - 1 - n)) > 0;)
        if ((n += (size_t)got) == cap - 1 && !(buf = realloc(buf, cap *= 2)))
            break;
    close(j->fd);
    int status = 0, rc = 2;
    waitpid(j->pid, &status, 0);
    j->seconds = host_now() - j->t0;
    if (buf)
        buf[n] = 0;
    char *tail = buf ? strstr(buf, "\n@gicsim-result ") : NULL;
    if (WIFEXITED(status) && tail && sscanf(tail + 16, "%d", &rc) == 1) {
        char *sp = strchr(tail + 16, ' ');
        snprintf(j->msg, sizeof(j->msg), "%s", sp ? sp + 1 : "");
        j->msg[strcspn(j->msg, "\n")] = 0;
        *tail = 0;
    } else {
        snprintf(j->msg, sizeof(j->msg), "the run crashed (status 0x%x)", status);
    }
    j->rc = WIFEXITED(status) ? rc : 2;
    j->out = buf;
}

/* The runs of the failed scenarios again, deterministically, with their report,
 * waveform and event log kept in DIR (named after the scenario file). */
static void keep_artifacts(const struct cli *c, const struct check_opts *co,
                           const struct job *j)
{
    char stem[256], rep[4096], vcd[4096], log[4096];
    const char *base = strrchr(j->file, '/') ? strrchr(j->file, '/') + 1 : j->file;
    snprintf(stem, sizeof(stem), "%.*s", (int)strcspn(base, "."), base);
    snprintf(rep, sizeof(rep), "%s/%s.json", co->artifacts, stem);
    snprintf(vcd, sizeof(vcd), "%s/%s.vcd", co->artifacts, stem);
    snprintf(log, sizeof(log), "%s/%s.jsonl", co->artifacts, stem);
    pid_t pid = fork();
    if (pid == 0) {
        struct run_options o = {.quiet = true, .strict = co->strict, .report = rep,
                                .vcd = vcd, .log = log};
        struct scenario s;
        char msg[600];
        freopen("/dev/null", "w", stderr);
        int rc = scenario_load(&s, j->file, msg, sizeof(msg)) ? 2 : c->run(&s, &o);
        _exit(rc);
    }
    int status;
    if (pid > 0)
        waitpid(pid, &status, 0);
}

void check_usage(const struct cli *c, FILE *f)
{
    fprintf(f, "usage: %s check PATH... [options]\n"
               "  PATH            scenario files, or directories searched for scenario files\n"
               "                  (*.yaml / *.yml with `steps:`; timing profiles are skipped)\n"
               "  --exclude GLOB  skip files or directories whose path or name matches\n"
               "                  (repeatable)\n"
               "  -j N            run N scenarios at a time (default 1)\n"
               "  --strict        run each scenario as `run --strict` (recommended for CI)\n"
               "  --junit J.xml   a JUnit XML report (failures, errors, each summary)\n"
               "  --artifacts DIR keep the report, waveform and event log of each failing\n"
               "                  scenario in DIR (it is run again to make them)\n"
               "\n"
               "exit status: 0 all pass; 1 one failed or could not run; 2 bad arguments or\n"
               "an output that cannot be written\n", c->name);
}

/* 0, 1 for --help, 2 after saying what is wrong; paths are collected into files. */
static int parse_check(const struct cli *c, int argc, char **argv, struct check_opts *o,
                       struct list *files, const char ***paths, size_t *n_paths)
{
    char cmd[48];
    snprintf(cmd, sizeof(cmd), "%s check", c->name);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            return 1;
        if (!strcmp(a, "--strict"))
            o->strict = true;
        else if (a[0] != '-')
            (*paths)[(*n_paths)++] = a;
        else if (!(v = cli_value(cmd, argc, argv, &i)))
            return 2;
        else if (!strcmp(a, "-j")) {
            if (!cli_uint(cmd, "-j", v, 1, 256, &o->jobs))
                return 2;
        } else if (!strcmp(a, "--junit"))
            o->junit = v;
        else if (!strcmp(a, "--artifacts"))
            o->artifacts = v;
        else if (!strcmp(a, "--exclude") && o->n_exclude < MAX_EXCLUDES)
            o->exclude[o->n_exclude++] = v;
        else {
            fprintf(stderr, "%s: unknown option '%s' (try %s check --help)\n", cmd, a, c->name);
            return 2;
        }
    }
    (void)files;
    return 0;
}

/* --junit and --artifacts are checked before anything runs. */
static int outputs_ok(const struct cli *c, const struct check_opts *o)
{
    struct stat st;
    if (o->artifacts && (stat(o->artifacts, &st) || !S_ISDIR(st.st_mode)) &&
        mkdir(o->artifacts, 0777)) {
        fprintf(stderr, "%s check: %s: cannot create: %s\n", c->name, o->artifacts,
                strerror(errno));
        return 2;
    }
    struct outfile probe;
    if (o->junit && outfile_open(&probe, o->junit)) {
        fprintf(stderr, "%s check: %s: cannot write: %s\n", c->name, o->junit, strerror(errno));
        return 2;
    }
    if (o->junit)
        outfile_abort(&probe);
    return 0;
}

static void print_line(const struct check_opts *o, const struct job *j, int width)
{
    static const char *const colour[] = {"\033[32m", "\033[31m"};
    const char *verdict = j->rc == 0 ? "PASS" : j->rc == 1 ? "FAIL" : "ERROR";
    printf("%s%-5s%s %-*s %7.2fs%s%s\n", o->colour ? colour[j->rc != 0] : "", verdict,
           o->colour ? "\033[0m" : "", width, j->file, j->seconds, j->rc ? "  " : "",
           j->rc ? j->msg : "");
}

/* Runs every job, -j at a time, printing results in file order. */
static size_t run_all(const struct cli *c, const struct check_opts *o, struct job *job,
                      size_t n)
{
    int width = 0;
    for (size_t i = 0; i < n; i++)
        width = (int)strlen(job[i].file) > width ? (int)strlen(job[i].file) : width;
    size_t next = 0, done = 0, passed = 0;
    while (done < n) {
        while (next < n && next - done < o->jobs)
            start(c, o, &job[next++]);
        finish(&job[done]);
        passed += job[done].rc == 0;
        print_line(o, &job[done++], width);
        fflush(stdout);
    }
    return passed;
}

int check_main(const struct cli *c, int argc, char **argv)
{
    struct check_opts o = {.jobs = 1};
    struct list files = {0};
    const char **paths = calloc((size_t)argc, sizeof(*paths));
    size_t n_paths = 0;
    int rc = paths ? parse_check(c, argc, argv, &o, &files, &paths, &n_paths) : 2;
    if (rc == 1)
        check_usage(c, stdout);
    if (!rc && !n_paths) {
        check_usage(c, stderr);
        rc = 2;
    }
    if (rc || (rc = outputs_ok(c, &o))) {
        free(paths);
        return rc == 1 ? 0 : 2;
    }
    for (size_t i = 0; i < n_paths; i++)
        collect(&files, &o, paths[i], true);
    free(paths);
    if (files.n)
        qsort(files.v, files.n, sizeof(*files.v), cmp_str);
    o.colour = isatty(1) && !getenv("NO_COLOR");
    struct job *job = calloc(files.n ? files.n : 1, sizeof(*job));
    for (size_t i = 0; i < files.n; i++)
        job[i].file = files.v[i];
    size_t passed = run_all(c, &o, job, files.n);
    printf("%zu passed, %zu failed\n", passed, files.n - passed);
    if (files.skipped)
        printf("(%zu .yaml file%s skipped: not scenarios, or excluded)\n", files.skipped,
               files.skipped == 1 ? "" : "s");
    rc = passed == files.n && files.n ? 0 : 1;
    for (size_t i = 0; o.artifacts && i < files.n; i++)
        if (job[i].rc == 1)
            keep_artifacts(c, &o, &job[i]);
    if (o.junit && junit_write(o.junit, job, files.n)) {
        fprintf(stderr, "%s check: %s: cannot write: %s\n", c->name, o.junit, strerror(errno));
        rc = 2;
    }
    for (size_t i = 0; i < files.n; i++)
        free(files.v[i]), free(job[i].out);
    free(files.v);
    free(job);
    return rc;
}
