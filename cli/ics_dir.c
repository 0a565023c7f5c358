/* ics_dir.c -- a caseload split into one calendar file per case, worker or
 * team.  By case, each file is written as soon as its case is planned, so
 * memory stays flat; by worker or team every file is open until the end.
 * A file an earlier run wrote (its manifest says) for a case, worker or team
 * this run has not is rewritten with every item cancelled, so that calendars
 * subscribed to it drop them, and then left alone. */
#include "ics_dir.h"
#include "feeds.h"
#include "ics_dir_manifest.h"
#include "items.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

struct ics_dir {
    struct ics_settings settings;
    const char *dir;
    const tsc_calendar *cal;
    const tsc_pack *pack;
    struct feed_set set;
    struct manifest manifest;
    size_t files, cancelled;
};

static int target_path(const struct ics_dir *d, const char *name, char *buf, size_t n,
                       char file[FEED_NAME_MAX])
{
    if (!feed_file_name(name, file, FEED_NAME_MAX))
        return cli_fail("--ics-dir: a %s name is too long for a file name",
                        feed_by_name(d->set.by));
    snprintf(buf, n, "%s/%s", d->dir, file);
    return CLI_OK;
}

static const char *who(const struct ics_dir *d)
{
    return tsc_pack_authority(d->pack)[0] ? tsc_pack_authority(d->pack)
                                          : tsc_pack_name(d->pack);
}

static int new_writer(void *ctx, enum feed_by by, const char *name, tsc_ics_writer **out)
{
    struct ics_dir *d = ctx;
    char path[4096 + FEED_NAME_MAX], title[600], file[FEED_NAME_MAX];
    int rc = target_path(d, name, path, sizeof path, file);
    if (rc)
        return rc;
    struct stat st;
    const char *previous = stat(path, &st) == 0 ? path : NULL;
    snprintf(title, sizeof title, "%s: %s %s", who(d), feed_by_name(by), name);
    return ics_new_writer(&d->settings, d->cal, title, previous, out);
}

static int write_feed(struct ics_dir *d, struct feed *f)
{
    char path[4096 + FEED_NAME_MAX], file[FEED_NAME_MAX];
    tsc_error err;
    int rc = target_path(d, f->name, path, sizeof path, file);
    if (!rc && tsc_ics_writer_write_file(f->ics, path, &err))
        rc = cli_fail_error(&err);
    if (!rc)
        rc = manifest_written(&d->manifest, feed_by_name(d->set.by), file);
    if (!rc)
        d->files++;
    return rc;
}

/* "Jo%20Smith.ics" -> "Jo Smith". */
static void name_of_file(const char *file, char *buf, size_t n)
{
    size_t len = 0;
    for (const char *p = file; *p && strcmp(p, ".ics") != 0 && len + 1 < n; p++) {
        unsigned hi, lo;
        if (p[0] == '%' && sscanf(p + 1, "%1x%1x", &hi, &lo) == 2) {
            buf[len++] = (char)(hi << 4 | lo);
            p += 2;
        } else {
            buf[len++] = *p;
        }
    }
    buf[len] = '\0';
}

/* A file of the last run this one has not written: its items cancelled
 * once, then kept as it is until someone removes it. */
static int retire(struct ics_dir *d, struct manifest_entry *e)
{
    char path[4096 + FEED_NAME_MAX], name[FEED_NAME_MAX], title[600];
    snprintf(path, sizeof path, "%s/%s", d->dir, e->file);
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return CLI_OK;    /* removed or replaced by someone else: no longer ours */
    if (e->cancelled)
        return manifest_keep(&d->manifest, e, true);
    name_of_file(e->file, name, sizeof name);
    snprintf(title, sizeof title, "%s: %s %s", who(d), e->by, name);
    tsc_ics_writer *w;
    tsc_error err;
    int rc = ics_new_writer(&d->settings, d->cal, title, path, &w);
    if (rc)
        return rc;
    if (tsc_ics_writer_write_file(w, path, &err))
        rc = cli_fail_error(&err);
    tsc_ics_writer_free(w);
    d->cancelled += !rc;
    return rc ? rc : manifest_keep(&d->manifest, e, true);
}

static int each_case(void *ctx, const struct case_ref *c, const tsc_plan *plan)
{
    struct ics_dir *d = ctx;
    int rc = feed_set_add(&d->set, c, plan);
    if (rc || d->set.by != BY_CASE)
        return rc;
    /* A case's file is complete once the case is: write it and let it go. */
    rc = write_feed(d, &d->set.feeds[0]);
    feed_set_free(&d->set);
    return rc;
}

static int reserve_case(void *ctx, const struct case_ref *c, const tsc_plan *plan)
{
    struct ics_dir *d = ctx;
    return feed_set_reserve(&d->set, c, plan);
}

/* Whether n files can stay open while they are streamed (two descriptors
 * each), with room to spare for everything else. */
static bool descriptors_for(size_t n)
{
    struct rlimit lim;
    return getrlimit(RLIMIT_NOFILE, &lim) == 0 &&
           (lim.rlim_cur == RLIM_INFINITY || 2 * n + 64 <= lim.rlim_cur);
}

/* By worker or team every file stays open until the end: each is written
 * once (items.h ics_stream) after a quiet look-ahead pass has made the
 * feeds and reserved their plans' years, when the descriptors allow.  By
 * case each file is written whole as soon as its case is planned, and
 * standard input is read once: they are written as before. */
static int look_ahead(struct ics_dir *d, const struct case_source *src,
                      const struct caseload_options *opt)
{
    if (d->set.by == BY_CASE || (src->cases && !strcmp(src->cases, "-")))
        return CLI_OK;
    struct caseload_options quiet = *opt;
    quiet.quiet = true;
    struct caseload_sink sink = {NULL, reserve_case, d};
    int rc = case_source_run(src, &quiet, &sink);
    if (rc || !descriptors_for(d->set.count))
        return rc;
    for (size_t i = 0; !rc && i < d->set.count; i++) {
        char path[4096 + FEED_NAME_MAX], file[FEED_NAME_MAX];
        rc = target_path(d, d->set.feeds[i].name, path, sizeof path, file);
        if (!rc)
            rc = ics_stream(d->set.feeds[i].ics, path, NULL);
    }
    return rc;
}

int ics_dir_run(const struct cli_args *a, const struct case_source *src,
                const struct caseload_options *opt)
{
    struct ics_dir d = {.dir = cli_opt(a, "ics-dir"), .cal = opt->cal, .pack = opt->pack};
    struct stat st;
    int rc = cli_opt(a, "by") ? feed_by_parse(cli_opt(a, "by"), &d.set.by) : CLI_OK;
    if (!rc && cli_opt(a, "ics"))
        rc = cli_fail("plan: give --ics FILE or --ics-dir DIR, not both");
    if (!rc && (stat(d.dir, &st) != 0 || !S_ISDIR(st.st_mode)))
        rc = cli_fail("--ics-dir %s: not a directory", d.dir);
    if (!rc)
        rc = ics_settings_parse(a, opt->cal, true, &d.settings);
    /* Once for the directory, not for each file written (each would read
     * the whole directory: quadratic in the number of files). */
    tsc_error err;
    if (!rc && tsc_outfile_remove_stale(d.dir, &err))
        rc = cli_fail_error(&err);
    d.set.pack = opt->pack;
    d.set.new_writer = new_writer;
    d.set.ctx = &d;
    struct caseload_sink sink = {NULL, each_case, &d};
    bool listed = false;
    if (!rc)
        listed = !(rc = manifest_open(&d.manifest, d.dir));
    if (!rc)
        rc = look_ahead(&d, src, opt);
    if (!rc)
        rc = case_source_run(src, opt, &sink);
    for (size_t i = 0; !rc && i < d.set.count; i++)
        rc = write_feed(&d, &d.set.feeds[i]);
    for (size_t i = 0; !rc && i < d.manifest.n; i++)
        if (!d.manifest.old[i].seen)
            rc = retire(&d, &d.manifest.old[i]);
    if (listed) {
        int closed = manifest_close(&d.manifest, !rc);
        rc = rc ? rc : closed;
    }
    if (!rc)
        fprintf(stderr, "timescale: wrote %zu file%s in %s", d.files, d.files == 1 ? "" : "s",
                d.dir);
    if (!rc && d.cancelled)
        fprintf(stderr, " (and cancelled the items of %zu no longer in the caseload)",
                d.cancelled);
    if (!rc && d.set.unassigned)
        fprintf(stderr, " (%zu case%s with no %s left out)", d.set.unassigned,
                d.set.unassigned == 1 ? "" : "s", feed_by_name(d.set.by));
    if (!rc)
        fputc('\n', stderr);
    feed_set_free(&d.set);
    return rc;
}
