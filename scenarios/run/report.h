/* Results of a run (report.c): the JSON report, the deliveries list, the human summary
 * and the accounting identities every run must satisfy. */
#ifndef GICSIM_REPORT_H
#define GICSIM_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "context.h"

/* Write into f (an outfile the runner commits); the stream's error state tells. */
void report_write(struct runner *r, FILE *f);
void deliveries_write(struct runner *r, FILE *f);
void report_summary(struct runner *r, FILE *f);
/* --quiet: only the failed expectations and the verdict. */
void report_failures(struct runner *r, FILE *f);
/* false, with why, when the MSI or LPI counts do not balance. */
bool report_accounting(struct runner *r, char *why, size_t len);

#endif
