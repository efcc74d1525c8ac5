/* gicsim command line. The scenario runner (`run`, `check`) and the benchmark
 * (`bench`) arrive with their issues; today: `demo`. */
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "gicsim/gicsim.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: gicsim COMMAND [options]\n"
               "\n"
               "commands:\n"
               "  demo        boot a 4-CPU GIC as Linux does, raise an SPI, an SGI and\n"
               "              a PPI, and show each CPU acknowledging them\n"
               "  --version   print the version\n"
               "  --help      this text\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("gicsim %s\n", GICSIM_VERSION);
        return 0;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "demo"))
        return gicsim_demo(argc - 1, argv + 1);
    fprintf(stderr, "gicsim: unknown command '%s' (try gicsim --help)\n", argv[1]);
    return 2;
}
