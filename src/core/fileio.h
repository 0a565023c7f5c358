/* fileio.h -- reading whole files and replacing them whole or not
 * at all (fileio.c). */
#ifndef TSC_FILEIO_H
#define TSC_FILEIO_H

#include "internal.h"

/* Reads a whole file into memory (NUL-terminated); caller frees. */
tsc_status tsc__read_file(const char *path, char **text, size_t *len, tsc_error *err);

/* Replaces the file at path as a whole or not at all, as tsc_outfile_*
 * do (symbolic links followed, anything but a regular file refused, dead
 * runs' temporaries removed unless !scan, when the caller has removed them
 * with tsc_outfile_remove_stale()): fill(ctx, fd, path, err) writes the new
 * content to a temporary file beside it, which is fsync()ed, given the old
 * file's permissions (a new file gets 0666 less the umask) and renamed
 * over path.  On any failure path is left as it was and the temporary
 * file is removed. */
tsc_status tsc__replace_file(const char *path, bool scan,
                             tsc_status (*fill)(void *ctx, int fd, const char *path,
                                                tsc_error *err),
                             void *ctx, tsc_error *err);
/* tsc_outfile_open(), dead runs' temporaries removed only when scan (as
 * for tsc__replace_file); the temporary file is open for reading too. */
tsc_status tsc__outfile_open(const char *path, bool scan, tsc_outfile **out, tsc_error *err);
/* Writes all n bytes to fd; an error names path. */
tsc_status tsc__write_all(int fd, const char *p, size_t n, const char *path, tsc_error *err);
#endif
