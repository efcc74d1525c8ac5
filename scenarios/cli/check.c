/* The `run` and `check` commands, shared by gicsim and gicsim-tlm (struct cli says
 * how a scenario is run: natively, or on a SystemC platform).
 * `check PATH... [--junit J.xml] [-j N]`: every scenario found runs in its own
 * process (a crash or a hang in one cannot take the others down), N at a time; one
 * line per scenario in file order, then "N passed, M failed". */
#include "check.h"
#include "traces.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct job {
    char *file;
    pid_t pid;
    int fd;         /* read end of the child's result pipe */
    int rc;         /* 0 pass, 1 fail, 2 bad input */
    char msg[600];
    double seconds;
    struct timespec t0;
};

struct list {
    char **v;
    size_t n, cap;
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

static int is_yaml(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && !strcmp(name + n - 5, ".yaml")) || (n > 4 && !strcmp(name + n - 4, ".yml"));
}

static void collect(struct list *l, const char *path)
{
    struct stat st;
    if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
        push(l, path); /* a file, or a missing path reported when run */
        return;
    }
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096];
        snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
        if (!stat(sub, &st) && S_ISDIR(st.st_mode))
            collect(l, sub);
        else if (is_yaml(e->d_name))
            push(l, sub);
    }
    if (d)
        closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_usage(const struct cli *c, FILE *f)
{
    int w = (int)strlen(c->name) + 17; /* aligns under "[--report" */
    fprintf(f, "usage: %s run FILE [--report R.json] [--vcd W.vcd] [--log E.jsonl]\n"
               "%*s[--deliveries D.txt]%s [--quiet]\n"
               "\n"
               "  --report R.json     JSON report: expectations, MSI and LPI accounting,\n"
               "                      command errors, latency statistics, cache hit rates\n"
               "  --vcd W.vcd         waveform for gtkwave (W.gtkw is written beside it)\n"
               "  --log E.jsonl       every trace event, one JSON object per line\n"
               "  --log-events P,...  only events whose names match these globs\n"
               "                      (its_*,icc_iar_ack)\n"
               "  --deliveries D.txt  acknowledged INTIDs, one line per CPU\n",
            c->name, w, "", c->platform_vcd ? " [--sc-vcd L.vcd]" : "");
    if (c->platform_vcd)
        fprintf(f, "  --sc-vcd L.vcd      the platform's IRQ/FIQ signals (sc_trace)\n");
    fprintf(f, "  --quiet             no summary on stdout\n");
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

int run_main(const struct cli *c, int argc, char **argv)
{
    struct run_options o = {0};
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        const char **slot = file_option(c, &o, argv[i]);
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            run_usage(c, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
            o.quiet = true;
        } else if (!strcmp(argv[i], "--log-events")) {
            char why[200];
            if (i + 1 >= argc || gic_eventlog_kinds(argv[i + 1], &o.log_kinds, why, sizeof(why))) {
                fprintf(stderr, "%s run: --log-events: %s\n", c->name,
                        i + 1 >= argc ? "needs a pattern list" : why);
                return 2;
            }
            i++;
        } else if (slot) {
            if (i + 1 >= argc) {
                fprintf(stderr, "%s run: %s needs a file name\n", c->name, argv[i]);
                return 2;
            }
            *slot = argv[++i];
        } else if (argv[i][0] == '-' || file) {
            fprintf(stderr, "%s run: unexpected argument '%s' (try %s run --help)\n", c->name,
                    argv[i], c->name);
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
    struct scenario s;
    char err[600];
    int rc = scenario_load(&s, file, err, sizeof(err));
    if (rc)
        fprintf(stderr, "gicsim: %s\n", err);
    else
        rc = c->run(&s, &o);
    scenario_free(&s);
    return rc;
}

/* The child: run one scenario quietly, write "rc message" to the pipe. */
static void child(const struct cli *c, const char *file, int fd)
{
    char msg[560] = "";
    struct run_options o = {.quiet = true, .failure = msg, .failure_len = sizeof(msg)};
    struct scenario s;
    int rc = scenario_load(&s, file, msg, sizeof(msg));
    if (!rc)
        rc = c->run(&s, &o);
    scenario_free(&s);
    dprintf(fd, "%d %s", rc, msg);
    close(fd);
    _exit(rc);
}

static void start(const struct cli *c, struct job *j)
{
    int p[2];
    if (pipe(p)) {
        j->rc = 2;
        snprintf(j->msg, sizeof(j->msg), "cannot create a pipe");
        return;
    }
    clock_gettime(CLOCK_MONOTONIC, &j->t0);
    fflush(NULL);
    j->pid = fork();
    if (j->pid == 0) {
        close(p[0]);
        child(c, j->file, p[1]);
    }
    close(p[1]);
    j->fd = p[0];
}

static void finish(struct job *j)
{
    char buf[640] = "";
    ssize_t n, off = 0;
    while ((n = read(j->fd, buf + off, sizeof(buf) - 1 - (size_t)off)) > 0)
        off += n;
    buf[off] = 0;
    close(j->fd);
    int status = 0, rc = 2;
    waitpid(j->pid, &status, 0);
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    j->seconds = (double)(t1.tv_sec - j->t0.tv_sec) + (t1.tv_nsec - j->t0.tv_nsec) / 1e9;
    char *sp = strchr(buf, ' ');
    if (WIFEXITED(status) && off > 0 && sscanf(buf, "%d", &rc) == 1 && sp)
        snprintf(j->msg, sizeof(j->msg), "%s", sp + 1);
    else
        snprintf(j->msg, sizeof(j->msg), "the run crashed (status 0x%x)", status);
    j->rc = WIFEXITED(status) ? rc : 2;
}

static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '>')
            fputs("&gt;", f);
        else if (*s == '&')
            fputs("&amp;", f);
        else if (*s == '"')
            fputs("&quot;", f);
        else if ((unsigned char)*s >= 0x20 || *s == '\n')
            fputc(*s, f);
    }
}

/* JUnit XML: one testsuite, one testcase per scenario file. */
static int junit_write(const char *path, const struct job *job, size_t n)
{
    FILE *f = fopen(path, "w");
    size_t failures = 0;
    if (!f)
        return -1;
    for (size_t i = 0; i < n; i++)
        failures += job[i].rc != 0;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<testsuite name=\"gicsim\" tests=\"%zu\" failures=\"%zu\">\n", n, failures);
    for (size_t i = 0; i < n; i++) {
        fputs("  <testcase classname=\"gicsim.scenarios\" name=\"", f);
        xml_text(f, job[i].file);
        fprintf(f, "\" time=\"%.3f\"", job[i].seconds);
        if (!job[i].rc) {
            fputs("/>\n", f);
            continue;
        }
        fprintf(f, ">\n    <failure type=\"%s\" message=\"", job[i].rc == 1 ? "fail" : "error");
        xml_text(f, job[i].msg);
        fputs("\"/>\n  </testcase>\n", f);
    }
    fputs("</testsuite>\n", f);
    return fclose(f) ? -1 : 0;
}

static int usage(const struct cli *c, FILE *f, int rc)
{
    fprintf(f, "usage: %s check PATH... [--junit J.xml] [-j N]\n"
               "  PATH      scenario files, or directories searched for *.yaml / *.yml\n"
               "  --junit   write a JUnit XML report for CI systems\n"
               "  -j N      run N scenarios at a time (default: 1)\n", c->name);
    return rc;
}

int check_main(const struct cli *c, int argc, char **argv)
{
    struct list files = {0};
    const char *junit = NULL;
    long jobs = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return usage(c, stdout, 0);
        if (!strcmp(argv[i], "--junit") && i + 1 < argc)
            junit = argv[++i];
        else if (!strcmp(argv[i], "-j") && i + 1 < argc)
            jobs = strtol(argv[++i], NULL, 10);
        else if (argv[i][0] == '-')
            return usage(c, stderr, 2);
        else
            collect(&files, argv[i]);
    }
    if (!files.n || jobs < 1 || jobs > 256)
        return usage(c, stderr, 2);
    qsort(files.v, files.n, sizeof(*files.v), cmp_str);
    struct job *job = calloc(files.n, sizeof(*job));
    size_t next = 0, done = 0, passed = 0;
    while (done < files.n) {
        while (next < files.n && next - done < (size_t)jobs) {
            job[next].file = files.v[next];
            start(c, &job[next++]);
        }
        finish(&job[done]); /* results are printed in file order */
        struct job *j = &job[done++];
        passed += j->rc == 0;
        printf("%s  %-48s %7.2fs%s%s\n", j->rc == 0 ? "PASS" : j->rc == 1 ? "FAIL" : "ERROR",
               j->file, j->seconds, j->rc ? "  " : "", j->rc ? j->msg : "");
    }
    printf("%zu passed, %zu failed\n", passed, files.n - passed);
    if (junit && junit_write(junit, job, files.n))
        fprintf(stderr, "%s check: cannot write %s\n", c->name, junit);
    for (size_t i = 0; i < files.n; i++)
        free(files.v[i]);
    free(files.v);
    free(job);
    return passed == files.n ? 0 : 1;
}
