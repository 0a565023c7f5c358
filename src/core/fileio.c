/* fileio.c -- reading a whole text file and writing to a descriptor, with
 * errors that name the file (replacing one: outfile.c). */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MAX_TEXT_FILE = 64 << 20 };

tsc_status tsc__read_file(const char *path, char **text, size_t *len, tsc_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return tsc__fail_at(err, errno == ENOENT ? TSC_ERR_NOTFOUND : TSC_ERR_IO, path, 0, 0,
                            "cannot open: %s", strerror(errno));
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n - 1, f);
        if (ferror(f) || n < cap - 1)
            break;
        if (cap >= MAX_TEXT_FILE) {
            free(buf);
            fclose(f);
            return tsc__fail_at(err, TSC_ERR_IO, path, 0, 0, "file is larger than %d MiB",
                                MAX_TEXT_FILE >> 20);
        }
        char *bigger = realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    if (!buf) {
        fclose(f);
        return tsc__fail_at(err, TSC_ERR_NOMEM, path, 0, 0, "out of memory reading file");
    }
    if (ferror(f)) {
        free(buf);
        fclose(f);
        return tsc__fail_at(err, TSC_ERR_IO, path, 0, 0, "read failed");
    }
    fclose(f);
    buf[n] = '\0';
    if (memchr(buf, '\0', n)) {
        free(buf);
        return tsc__fail_at(err, TSC_ERR_PARSE, path, 0, 0, "file contains a NUL byte (not text)");
    }
    *text = buf;
    *len = n;
    return TSC_OK;
}

tsc_status tsc__write_all(int fd, const char *p, size_t n, const char *path, tsc_error *err)
{
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return tsc__fail_at(err, TSC_ERR_IO, path, 0, 0, "write failed: %s",
                                k < 0 ? strerror(errno) : "no progress");
        p += k;
        n -= (size_t)k;
    }
    return TSC_OK;
}
