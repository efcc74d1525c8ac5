/* `gicsim report R.json|DIR --html OUT.html`: the HTML report of a run or of a sweep
 * (html_report.h). */
#ifndef GICSIM_REPORT_CMD_H
#define GICSIM_REPORT_CMD_H

#include <stdio.h>

void report_usage(FILE *f);
int report_main(int argc, char **argv);
/* The page of the report or sweep at in, written atomically to out: 0, or 2 after one
 * line on stderr. */
int report_write_html(const char *in, const char *out);

#endif
