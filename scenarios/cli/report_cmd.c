/* `gicsim report R.json|DIR --html OUT.html` (report_cmd.h). */
#include "report_cmd.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "args.h"
#include "html_report.h"
#include "outfile.h"

static const char *const cmd = "gicsim report";

void report_usage(FILE *f)
{
    fprintf(f, "usage: gicsim report R.json|DIR --html OUT.html\n"
               "\n"
               "  R.json          a run's report (run --report): latency CDFs and histograms\n"
               "                  per metric and stage, the stage breakdown per window,\n"
               "                  throughput and queue occupancy over time, cache hit rates\n"
               "  DIR             a sweep's --out (or its results.json): each headline\n"
               "                  figure against each swept parameter\n"
               "  --html OUT.html one self-contained file: inline SVG drawn by gicsim, no\n"
               "                  script, nothing fetched when it is opened\n"
               "\n"
               "The same input gives the same bytes.\n"
               "\n"
               "exit status: 0 written; 2 bad input or an output that cannot be written\n");
}

/* The page for a parsed input, after checking its shape: 0, or 2 after saying why. */
static int render(FILE *f, const struct json *j, const char *in, const char *dir)
{
    char why[200];
    if (json_get(j, "points")) {
        if (!html_sweep_valid(j, why, sizeof(why)))
            return fprintf(stderr, "%s: %s: %s\n", cmd, in, why), 2;
        html_sweep_page(f, j, dir);
        return 0;
    }
    if (!html_report_valid(j, why, sizeof(why)))
        return fprintf(stderr, "%s: %s: %s\n", cmd, in, why), 2;
    html_report_page(f, j);
    return 0;
}

int report_write_html(const char *in, const char *out)
{
    char path[1200], err[1400];
    struct stat st;
    bool is_dir = !stat(in, &st) && S_ISDIR(st.st_mode);
    snprintf(path, sizeof(path), is_dir ? "%s/results.json" : "%s", in);
    struct json *j = json_load(path, err, sizeof(err));
    if (!j) {
        fprintf(stderr, "%s: %s%s\n", cmd, err,
                is_dir && errno == ENOENT ? " (a sweep's DIR: run gicsim sweep --collect DIR)"
                                          : "");
        return 2;
    }
    struct outfile o;
    if (outfile_open(&o, out)) {
        fprintf(stderr, "%s: --html %s: %s\n", cmd, out, strerror(errno));
        json_free(j);
        return 2;
    }
    int rc = render(o.f, j, path, in);
    json_free(j);
    if (rc) {
        outfile_abort(&o);
        return rc;
    }
    if (outfile_commit(&o)) {
        fprintf(stderr, "%s: --html %s: %s\n", cmd, out, strerror(errno));
        return 2;
    }
    return 0;
}

int report_main(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            report_usage(stdout);
            return 0;
        }
        if (!strcmp(a, "--html")) {
            if (!(out = cli_value(cmd, argc, argv, &i)))
                return 2;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "%s: unknown option '%s' (try gicsim report --help)\n", cmd, a);
            return 2;
        } else if (in) {
            fprintf(stderr, "%s: one report or sweep ('%s' and '%s')\n", cmd, in, a);
            return 2;
        } else {
            in = a;
        }
    }
    if (!in || !out) {
        report_usage(stderr);
        return 2;
    }
    return report_write_html(in, out);
}
