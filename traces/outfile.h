/* An output file that appears whole or not at all: written to a temporary file beside
 * its final name and renamed over it on commit, so a killed run never leaves half a
 * report (or waveform, or log) under the name a user or CI reads. "-" is standard
 * output, and an existing path that is not a regular file (/dev/null, a FIFO) is
 * written in place. libc only. */
#ifndef GICSIM_OUTFILE_H
#define GICSIM_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct outfile {
    FILE *f;
    char *path; /* the final name; NULL for standard output */
    char *tmp;  /* the temporary file being written */
    bool direct; /* an existing non-regular file (a device, a FIFO): written in place */
};

/* Opens the temporary file now (so a path that cannot be written fails before any
 * work is done): 0, or -1 with errno set. */
int outfile_open(struct outfile *o, const char *path);
/* Flushes, closes and renames into place: 0, or -1 with errno (the temporary file is
 * removed). */
int outfile_commit(struct outfile *o);
/* Closes and removes the temporary file (nothing appears under the final name). */
void outfile_abort(struct outfile *o);

#ifdef __cplusplus
}
#endif

#endif
