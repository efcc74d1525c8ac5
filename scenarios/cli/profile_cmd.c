/* `gicsim profile`: what a profile holds, so an override or an inheriting profile file
 * can start from it (`gicsim profile show gic600 > mine.yaml`). */
#include "profile_cmd.h"

#include <string.h>

#include "profile.h"

void profile_usage(FILE *f)
{
    fprintf(f, "usage: gicsim profile show NAME|FILE   a built-in profile as YAML (as shipped,\n"
               "                                       with its reasoning), or a profile\n"
               "                                       file's parameters with its base\n"
               "                                       profiles resolved\n"
               "       gicsim profile list             the built-in profiles\n"
               "\n"
               "A profile file may start from another: `base: gic600` (a built-in name or a\n"
               "path relative to the file), then the parameters it changes.\n"
               "\n"
               "exit status: 0; 2 an unknown profile or bad input\n");
}

int profile_main(int argc, char **argv)
{
    char err[600];
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        profile_usage(stdout);
        return 0;
    }
    if (argc == 2 && !strcmp(argv[1], "list")) {
        for (const struct builtin_profile *b = builtin_profiles; b->name; b++)
            printf("%s\n", b->name);
        return 0;
    }
    if (argc != 3 || strcmp(argv[1], "show")) {
        profile_usage(stderr);
        return 2;
    }
    if (profile_show(argv[2], stdout, err, sizeof(err))) {
        fprintf(stderr, "gicsim profile: %s\n", err);
        return 2;
    }
    return 0;
}
