/* fileio.c -- reading a whole text file, and replacing one as a whole or
 * not at all, with errors that name it. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
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

/* fsync on the directory makes the rename itself durable. */
static void sync_directory(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* A new file of our own beside path: *fd, named *tmp (malloc'd). */
static tsc_status create_beside(const char *path, char **tmp, int *fd, tsc_error *err)
{
    static atomic_uint counter;
    size_t n = strlen(path) + 64;
    *tmp = malloc(n);
    if (!*tmp)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    *fd = -1;
    /* Beside the target, so the rename stays within one file system;
     * O_EXCL never reuses someone else's file, and the mode 0666 lets the
     * umask decide as for any new file. */
    for (int attempt = 0; attempt < 100 && *fd < 0; attempt++) {
        snprintf(*tmp, n, "%s.%ld.%u.tmp", path, (long)getpid(), atomic_fetch_add(&counter, 1));
        *fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (*fd < 0 && errno != EEXIST)
            break;
    }
    if (*fd >= 0)
        return TSC_OK;
    tsc_status st = tsc__fail_at(err, TSC_ERR_IO, path, 0, 0,
                                 "cannot create a temporary file beside it: %s", strerror(errno));
    free(*tmp);
    *tmp = NULL;
    return st;
}

tsc_status tsc__replace_file(const char *path,
                             tsc_status (*fill)(void *ctx, int fd, const char *path,
                                                tsc_error *err),
                             void *ctx, tsc_error *err)
{
    char *tmp;
    int fd = -1;
    tsc_status st = create_beside(path, &tmp, &fd, err);
    if (st)
        return st;
    st = fill(ctx, fd, path, err);
    struct stat old;
    if (!st && stat(path, &old) == 0 && S_ISREG(old.st_mode))
        (void)fchmod(fd, old.st_mode & 07777);
    if (!st && fsync(fd) != 0)
        st = tsc__fail_at(err, TSC_ERR_IO, path, 0, 0, "fsync failed: %s", strerror(errno));
    if (close(fd) != 0 && !st)
        st = tsc__fail_at(err, TSC_ERR_IO, path, 0, 0, "close failed: %s", strerror(errno));
    if (!st && rename(tmp, path) != 0)
        st = tsc__fail_at(err, TSC_ERR_IO, path, 0, 0, "cannot replace it: %s", strerror(errno));
    if (st)
        unlink(tmp);
    else
        sync_directory(path);
    free(tmp);
    return st;
}
