/* The `run` and `check` commands of gicsim and gicsim-tlm. */
#ifndef GICSIM_CHECK_H
#define GICSIM_CHECK_H

#include <stdbool.h>

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

/* `NAME run FILE [options]` and `NAME check PATH... [options]`; argv[0] is the command. */
int run_main(const struct cli *c, int argc, char **argv);
int check_main(const struct cli *c, int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif
