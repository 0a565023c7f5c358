/* ics_dir_manifest.c -- DIR/.timescale-ics-dir: one line per file the tool
 * wrote in DIR, "written BY FILE" or "cancelled BY FILE", after a header
 * line.  Only files named there are ever rewritten; it is replaced
 * atomically, mode 0600 (file names are workers' names and case ids). */
#include "ics_dir_manifest.h"
#include "cli.h"
#include "feeds.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char HEADER[] = "# timescale plan --ics-dir: the files it wrote here; do not edit";

static int by_file(const void *a, const void *b)
{
    return strcmp(((const struct manifest_entry *)a)->file,
                  ((const struct manifest_entry *)b)->file);
}

/* A name feed_file_name() can make: [A-Za-z0-9_%-]+ then ".ics". */
static size_t bad_file_at(const char *f)
{
    size_t n = strlen(f), stem = n >= 4 && !strcmp(f + n - 4, ".ics") ? n - 4 : 0;
    if (!stem || n >= FEED_NAME_MAX)
        return 1;
    for (size_t i = 0; i < stem; i++)
        if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_%-", f[i]))
            return i + 1;
    return 0;
}

static int parse_line(struct manifest *m, char *line, size_t lineno)
{
    char *state = line, *by = strchr(state, ' '), *file = by ? strchr(by + 1, ' ') : NULL;
    if (!file)
        return cli_fail("%s:%zu:1: expected 'written|cancelled BY FILE'", m->path, lineno);
    *by++ = '\0';
    *file++ = '\0';
    bool cancelled = !strcmp(state, "cancelled");
    if (!cancelled && strcmp(state, "written") != 0)
        return cli_fail("%s:%zu:1: '%s' is neither written nor cancelled", m->path, lineno,
                        state);
    if (strcmp(by, "case") != 0 && strcmp(by, "worker") != 0 && strcmp(by, "team") != 0)
        return cli_fail("%s:%zu:%zu: '%s' is not case, worker or team", m->path, lineno,
                        (size_t)(by - line) + 1, by);
    size_t col = bad_file_at(file);
    if (col)
        return cli_fail("%s:%zu:%zu: not a file name this tool writes", m->path, lineno,
                        (size_t)(file - line) + col);
    struct manifest_entry *grown = realloc(m->old, (m->n + 1) * sizeof *grown);
    if (!grown)
        return cli_fail("out of memory");
    m->old = grown;
    struct manifest_entry *e = &m->old[m->n];
    *e = (struct manifest_entry){strdup(file), strdup(by), cancelled, false};
    if (!e->file || !e->by) {
        free(e->file);
        free(e->by);
        return cli_fail("out of memory");
    }
    m->n++;
    return CLI_OK;
}

static int read_old(struct manifest *m)
{
    FILE *f = fopen(m->path, "r");
    if (!f)
        return errno == ENOENT ? CLI_OK : cli_fail("%s: %s", m->path, strerror(errno));
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t len;
    int rc = CLI_OK;
    while (!rc && (len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        if (strlen(line) != (size_t)len)
            rc = cli_fail("%s:%zu:%zu: NUL byte", m->path, lineno, strlen(line) + 1);
        else if (lineno == 1 && strcmp(line, HEADER) != 0)
            rc = cli_fail("%s:1:1: not a timescale --ics-dir manifest", m->path);
        else if (lineno > 1)
            rc = parse_line(m, line, lineno);
    }
    if (!rc && ferror(f))
        rc = cli_fail("%s: %s", m->path, strerror(errno));
    free(line);
    fclose(f);
    if (m->n)
        qsort(m->old, m->n, sizeof *m->old, by_file);
    /* The same file twice: keep one. */
    size_t kept = 0;
    for (size_t i = 0; i < m->n; i++) {
        if (kept && !strcmp(m->old[kept - 1].file, m->old[i].file)) {
            free(m->old[i].file);
            free(m->old[i].by);
        } else {
            m->old[kept++] = m->old[i];
        }
    }
    m->n = kept;
    return rc;
}

static FILE *stream(struct manifest *m)
{
    return tsc_outfile_stream(m->out);
}

int manifest_open(struct manifest *m, const char *dir)
{
    *m = (struct manifest){0};
    if ((size_t)snprintf(m->path, sizeof m->path, "%s/%s", dir, MANIFEST_NAME) >= sizeof m->path)
        return cli_fail("--ics-dir %s: path too long", dir);
    int rc = read_old(m);
    tsc_error err;
    tsc_outfile *out = NULL;
    if (!rc && tsc_outfile_open(m->path, &out, &err))
        rc = cli_fail_error(&err);
    m->out = out;
    if (!rc && (fchmod(fileno(stream(m)), 0600) != 0 || fprintf(stream(m), "%s\n", HEADER) < 0))
        rc = cli_fail("%s: %s", m->path, strerror(errno));
    if (rc) {
        tsc_outfile_abort(m->out);
        m->out = NULL;
        manifest_close(m, false);
    }
    return rc;
}

int manifest_written(struct manifest *m, const char *by, const char *file)
{
    struct manifest_entry key = {.file = (char *)file};
    struct manifest_entry *e = m->n ? bsearch(&key, m->old, m->n, sizeof key, by_file) : NULL;
    if (e)
        e->seen = true;
    m->changed = true;
    return fprintf(stream(m), "written %s %s\n", by, file) < 0
               ? cli_fail("%s: %s", m->path, strerror(errno)) : CLI_OK;
}

int manifest_keep(struct manifest *m, struct manifest_entry *e, bool cancelled)
{
    e->seen = true;
    m->changed |= cancelled && !e->cancelled;
    return fprintf(stream(m), "%s %s %s\n", cancelled ? "cancelled" : "written", e->by,
                   e->file) < 0 ? cli_fail("%s: %s", m->path, strerror(errno)) : CLI_OK;
}

int manifest_close(struct manifest *m, bool ok)
{
    int rc = CLI_OK;
    if (m->out && !ok && !m->changed) {  /* a failed run that wrote nothing leaves DIR as it was */
        tsc_outfile_abort(m->out);
        m->out = NULL;
    }
    for (size_t i = 0; m->out && !ok && i < m->n && !rc; i++)
        if (!m->old[i].seen)
            rc = manifest_keep(m, &m->old[i], m->old[i].cancelled);
    tsc_error err;
    if (m->out && !rc && tsc_outfile_commit(m->out, &err))
        rc = cli_fail_error(&err);
    else if (m->out && rc)
        tsc_outfile_abort(m->out);
    for (size_t i = 0; i < m->n; i++) {
        free(m->old[i].file);
        free(m->old[i].by);
    }
    free(m->old);
    *m = (struct manifest){0};
    return rc;
}
