/* outfile.c -- replacing a file whole or not at all: a temporary file
 * beside the target, flushed and fsync()ed, then renamed over it. */
#include "fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MAX_SYMLINKS = 40 };    /* as Linux's ELOOP limit */

struct tsc_outfile {
    FILE *stream;
    char *path;                 /* as given, for messages */
    char *target;               /* the path renamed over: symbolic links followed */
    char *tmp;
};

/* The directory part of path ("." when it has none), as a new string. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = !slash ? 1 : slash == path ? 1 : (size_t)(slash - path);
    char *dir = malloc(n + 1);
    if (dir)
        snprintf(dir, n + 1, "%.*s", (int)n, !slash ? "." : path);
    return dir;
}

/* The file a chain of symbolic links ends at (which may not exist yet);
 * NULL with errno set on failure. */
static char *follow_links(const char *path)
{
    char *cur = strdup(path);
    struct stat st;
    for (int hops = 0; cur && lstat(cur, &st) == 0 && S_ISLNK(st.st_mode); hops++) {
        char link[4096];
        ssize_t n = hops < MAX_SYMLINKS ? readlink(cur, link, sizeof link - 1) : -1;
        if (hops >= MAX_SYMLINKS)
            errno = ELOOP;
        else if (n >= 0 && (size_t)n >= sizeof link - 1)
            errno = ENAMETOOLONG;
        if (n < 0 || (size_t)n >= sizeof link - 1) {
            free(cur);
            return NULL;
        }
        link[n] = '\0';
        char *dir = link[0] == '/' ? NULL : dir_of(cur);
        size_t len = strlen(link) + (dir ? strlen(dir) + 1 : 0) + 1;
        char *next = (link[0] == '/' || dir) ? malloc(len) : NULL;
        if (next)
            snprintf(next, len, "%s%s%s", dir ? dir : "", dir ? "/" : "", link);
        free(dir);
        free(cur);
        cur = next;
    }
    return cur;
}

static const char *kind_of(mode_t mode)
{
    return S_ISDIR(mode) ? "a directory" : S_ISFIFO(mode) ? "a FIFO"
           : S_ISCHR(mode) || S_ISBLK(mode) ? "a device" : S_ISSOCK(mode) ? "a socket"
                                                         : "not a regular file";
}

/* The pid in "BASE.PID.N.tmp" (any BASE when base is NULL), or 0 when name
 * is not a temporary of base. */
static long temporary_pid(const char *name, const char *base)
{
    const char *rest = name;
    if (base) {
        size_t n = strlen(base);
        if (strncmp(name, base, n) != 0 || name[n] != '.')
            return 0;
        rest = name + n + 1;
    } else {
        /* ".PID.N.tmp" at the end: back over ".tmp", N and the dot. */
        size_t n = strlen(name);
        if (n < 9 || strcmp(name + n - 4, ".tmp") != 0)
            return 0;
        const char *p = name + n - 5;
        while (p > name && *p >= '0' && *p <= '9')
            p--;
        if (*p != '.' || p == name)
            return 0;
        do
            p--;
        while (p > name && *p >= '0' && *p <= '9');
        if (*p != '.' || p == name)
            return 0;
        rest = p + 1;
    }
    char *end;
    long pid = strtol(rest, &end, 10);
    if (pid <= 0 || *end != '.' || end[1] < '0' || end[1] > '9')
        return 0;
    strtoul(end + 1, &end, 10);
    return strcmp(end, ".tmp") == 0 ? pid : 0;
}

/* Removes from dir the temporaries of base (of any file when base is
 * NULL) that processes now dead left (a killed export); a live process's
 * are its own business. */
static void remove_dead_temporaries(const char *dir, const char *base)
{
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        long pid = temporary_pid(e->d_name, base);
        if (!pid || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char *stale = malloc(len);
        if (stale) {
            snprintf(stale, len, "%s/%s", dir, e->d_name);
            (void)unlink(stale);
        }
        free(stale);
    }
    if (d)
        closedir(d);
}

static void remove_stale_temporaries(const char *target)
{
    char *dir = dir_of(target);
    const char *slash = strrchr(target, '/');
    if (dir)
        remove_dead_temporaries(dir, slash ? slash + 1 : target);
    free(dir);
}

tsc_status tsc_outfile_remove_stale(const char *dir, tsc_error *err)
{
    if (!dir)
        return tsc__fail(err, TSC_ERR_ARG, "dir is NULL");
    DIR *d = opendir(dir);
    if (!d)
        return tsc__fail_at(err, TSC_ERR_IO, dir, 0, 0, "cannot read the directory: %s",
                            strerror(errno));
    closedir(d);
    remove_dead_temporaries(dir, NULL);
    return TSC_OK;
}

/* A new temporary file beside the target: O_EXCL never reuses someone
 * else's file, and mode 0666 lets the umask decide as for any new file. */
static tsc_status create_temporary(struct tsc_outfile *f, const char *path, tsc_error *err)
{
    static atomic_uint counter;
    size_t n = strlen(f->target) + 64;
    int fd = -1;
    if (!(f->tmp = malloc(n)))
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
        snprintf(f->tmp, n, "%s.%ld.%u.tmp", f->target, (long)getpid(),
                 atomic_fetch_add(&counter, 1));
        /* Readable too: the iCalendar writer reads back what it streamed. */
        fd = open(f->tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0)
        return tsc__fail_at(err, TSC_ERR_IO, path, 0, 0, "cannot create a temporary file "
                            "beside it: %s", strerror(errno));
    if (!(f->stream = fdopen(fd, "w"))) {
        close(fd);
        unlink(f->tmp);
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    }
    return TSC_OK;
}

static void release(tsc_outfile *f)
{
    free(f->tmp);
    free(f->target);
    free(f->path);
    free(f);
}

tsc_status tsc__outfile_open(const char *path, bool scan, tsc_outfile **out, tsc_error *err)
{
    if (!path || !out)
        return tsc__fail(err, TSC_ERR_ARG, "path or out is NULL");
    *out = NULL;
    struct tsc_outfile *f = calloc(1, sizeof *f);
    if (!f)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    struct stat st;
    tsc_status status = TSC_OK;
    if (!(f->path = strdup(path)))
        status = tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    else if (!(f->target = follow_links(path)))
        status = errno == ENOMEM ? tsc__fail(err, TSC_ERR_NOMEM, "out of memory")
                                 : tsc__fail_at(err, TSC_ERR_IO, path, 0, 0, "cannot follow "
                                                "the symbolic link: %s", strerror(errno));
    else if (stat(f->target, &st) == 0 && !S_ISREG(st.st_mode))
        status = tsc__fail_at(err, TSC_ERR_IO, path, 0, 0, "is %s, not a regular file: "
                              "nothing written", kind_of(st.st_mode));
    if (!status && scan)
        remove_stale_temporaries(f->target);
    if (!status)
        status = create_temporary(f, path, err);
    if (status) {
        release(f);
        return status;
    }
    *out = f;
    return TSC_OK;
}

tsc_status tsc_outfile_open(const char *path, tsc_outfile **out, tsc_error *err)
{
    return tsc__outfile_open(path, true, out, err);
}

FILE *tsc_outfile_stream(tsc_outfile *f) { return f ? f->stream : NULL; }

/* fsync on the directory makes the rename itself durable. */
static void sync_directory(const char *path)
{
    char *dir = dir_of(path);
    int fd = dir ? open(dir, O_RDONLY | O_CLOEXEC) : -1;
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

tsc_status tsc_outfile_commit(tsc_outfile *f, tsc_error *err)
{
    if (!f)
        return tsc__fail(err, TSC_ERR_ARG, "outfile is NULL");
    const char *shown = f->path;
    int fd = fileno(f->stream);
    struct stat old;
    tsc_status st = TSC_OK;
    if (fflush(f->stream) != 0 || ferror(f->stream))
        st = tsc__fail_at(err, TSC_ERR_IO, shown, 0, 0, "write failed: %s", strerror(errno));
    if (!st && stat(f->target, &old) == 0 && S_ISREG(old.st_mode))
        (void)fchmod(fd, old.st_mode & 07777);
    if (!st && fsync(fd) != 0)
        st = tsc__fail_at(err, TSC_ERR_IO, shown, 0, 0, "fsync failed: %s", strerror(errno));
    if (fclose(f->stream) != 0 && !st)
        st = tsc__fail_at(err, TSC_ERR_IO, shown, 0, 0, "close failed: %s", strerror(errno));
    if (!st && rename(f->tmp, f->target) != 0)
        st = tsc__fail_at(err, TSC_ERR_IO, shown, 0, 0, "cannot replace it: %s",
                          strerror(errno));
    if (st)
        unlink(f->tmp);
    else
        sync_directory(f->target);
    release(f);
    return st;
}

void tsc_outfile_abort(tsc_outfile *f)
{
    if (!f)
        return;
    fclose(f->stream);
    unlink(f->tmp);
    release(f);
}

/* For the writers that fill a descriptor (ics_output.c). */
tsc_status tsc__replace_file(const char *path, bool scan,
                             tsc_status (*fill)(void *ctx, int fd, const char *path,
                                                tsc_error *err),
                             void *ctx, tsc_error *err)
{
    tsc_outfile *f;
    tsc_status st = tsc__outfile_open(path, scan, &f, err);
    if (st)
        return st;
    st = fill(ctx, fileno(tsc_outfile_stream(f)), path, err);
    if (st) {
        tsc_outfile_abort(f);
        return st;
    }
    return tsc_outfile_commit(f, err);
}
