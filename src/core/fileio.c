/* fileio.c -- reading a whole text file, with errors that name it. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
