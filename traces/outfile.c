/* Atomic output files (outfile.h). The temporary name is the final one plus
 * ".tmp-PID", in the same folder, so the rename cannot cross file systems. */
#define _XOPEN_SOURCE 700 /* getpid */

#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* An existing path that is not a regular file (/dev/null, /dev/stdout, a FIFO) is
 * written in place: renaming over it would replace the device or pipe. */
static int open_in_place(struct outfile *o, const char *path)
{
    if (!(o->f = fopen(path, "w")))
        return -1;
    o->direct = true;
    return 0;
}

int outfile_open(struct outfile *o, const char *path)
{
    *o = (struct outfile){0};
    struct stat st;
    if (!strcmp(path, "-")) {
        o->f = stdout;
        return 0;
    }
    if (!stat(path, &st) && !S_ISREG(st.st_mode))
        return open_in_place(o, path);
    size_t n = strlen(path) + 32;
    o->path = strdup(path);
    o->tmp = malloc(n);
    if (!o->path || !o->tmp) {
        outfile_abort(o);
        errno = ENOMEM;
        return -1;
    }
    snprintf(o->tmp, n, "%s.tmp-%ld", path, (long)getpid());
    if (!(o->f = fopen(o->tmp, "w"))) {
        int e = errno;
        outfile_abort(o);
        errno = e;
        return -1;
    }
    return 0;
}

int outfile_commit(struct outfile *o)
{
    if (!o->f)
        return 0;
    if (!o->path && !o->direct) { /* standard output */
        o->f = NULL;
        return fflush(stdout) ? -1 : 0;
    }
    if (o->direct) {
        int bad = ferror(o->f);
        bad |= fclose(o->f) != 0;
        *o = (struct outfile){0};
        if (bad && !errno)
            errno = EIO;
        return bad ? -1 : 0;
    }
    int bad = ferror(o->f), e = bad ? EIO : 0;
    if (fclose(o->f) && !bad)
        bad = 1, e = errno;
    o->f = NULL;
    if (!bad && rename(o->tmp, o->path))
        bad = 1, e = errno;
    if (bad)
        unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    o->tmp = o->path = NULL;
    errno = e;
    return bad ? -1 : 0;
}

void outfile_abort(struct outfile *o)
{
    if (o->f && (o->path || o->direct))
        fclose(o->f);
    if (o->tmp)
        unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    *o = (struct outfile){0};
}
