/* Results of a run (report.c): the JSON report, the deliveries list, the human summary
 * and the accounting identities every run must satisfy. */
#ifndef GICSIM_REPORT_H
#define GICSIM_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "context.h"

int report_write(struct runner *r, const char *path);
int deliveries_write(struct runner *r, const char *path);
void report_summary(struct runner *r, FILE *f);
/* false, with why, when the MSI or LPI counts do not balance. */
bool report_accounting(struct runner *r, char *why, size_t len);

#endif
