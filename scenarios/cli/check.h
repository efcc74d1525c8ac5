/* The `run` and `check` commands of gicsim and gicsim-tlm. */
#ifndef GICSIM_CHECK_H
#define GICSIM_CHECK_H

#include <stdbool.h>
#include <stdio.h>

#include "runner.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A command line: its name (in messages) and how it runs one scenario. */
struct cli {
    const char *name;
    int (*run)(struct scenario *s, const struct run_options *o);
    bool platform_vcd; /* `run` takes --sc-vcd (gicsim-tlm) */
};

/* `NAME run FILE [options]` (run_cmd.c) and `NAME check PATH... [options]` (check.c);
 * argv[0] is the command. */
int run_main(const struct cli *c, int argc, char **argv);
void run_usage(const struct cli *c, FILE *f);
int check_main(const struct cli *c, int argc, char **argv);
void check_usage(const struct cli *c, FILE *f);

/* One scenario of a check (check.c runs each in its own process). */
struct job {
    char *file;
    int pid;
    int fd;          /* read end of the child's output pipe */
    int rc;          /* 0 pass, 1 fail, 2 bad input, 130 interrupted */
    char msg[600];   /* the first failure, or why it could not run */
    char *out;       /* its summary (what `run` prints) */
    double seconds;
    double t0;
};

/* junit.c: one testsuite, a testcase per scenario with its summary in <system-out>;
 * failed expectations are <failure>, bad input and crashes <error>. 0, or -1 with
 * errno. */
int junit_write(const char *path, const struct job *job, size_t n);

#ifdef __cplusplus
}
#endif

#endif
