/* ics_dir.c -- a caseload split into one calendar file per case, worker or
 * team.  By case, each file is written as soon as its case is planned, so
 * memory stays flat; by worker or team every file is open until the end. */
#include "ics_dir.h"
#include "feeds.h"
#include "items.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct ics_dir {
    struct ics_settings settings;
    const char *dir;
    const tsc_calendar *cal;
    const tsc_pack *pack;
    struct feed_set set;
    size_t files;
};

static int target_path(const struct ics_dir *d, const char *name, char *buf, size_t n)
{
    char file[FEED_NAME_MAX];
    if (!feed_file_name(name, file, sizeof file))
        return cli_fail("--ics-dir: a %s name is too long for a file name",
                        feed_by_name(d->set.by));
    snprintf(buf, n, "%s/%s", d->dir, file);
    return CLI_OK;
}

static int new_writer(void *ctx, enum feed_by by, const char *name, tsc_ics_writer **out)
{
    struct ics_dir *d = ctx;
    char path[4096 + FEED_NAME_MAX], title[600];
    int rc = target_path(d, name, path, sizeof path);
    if (rc)
        return rc;
    struct stat st;
    const char *previous = stat(path, &st) == 0 ? path : NULL;
    const char *who = tsc_pack_authority(d->pack)[0] ? tsc_pack_authority(d->pack)
                                                     : tsc_pack_name(d->pack);
    snprintf(title, sizeof title, "%s: %s %s", who, feed_by_name(by), name);
    return ics_new_writer(&d->settings, d->cal, title, previous, out);
}

static int write_feed(struct ics_dir *d, struct feed *f)
{
    char path[4096 + FEED_NAME_MAX];
    tsc_error err;
    int rc = target_path(d, f->name, path, sizeof path);
    if (!rc && tsc_ics_writer_write_file(f->ics, path, &err))
        rc = cli_fail_error(&err);
    if (!rc)
        d->files++;
    return rc;
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
    d.set.pack = opt->pack;
    d.set.new_writer = new_writer;
    d.set.ctx = &d;
    struct caseload_sink sink = {NULL, each_case, &d};
    if (!rc)
        rc = case_source_run(src, opt, &sink);
    for (size_t i = 0; !rc && i < d.set.count; i++)
        rc = write_feed(&d, &d.set.feeds[i]);
    if (!rc)
        fprintf(stderr, "timescale: wrote %zu file%s in %s", d.files, d.files == 1 ? "" : "s",
                d.dir);
    if (!rc && d.set.unassigned)
        fprintf(stderr, " (%zu case%s with no %s left out)", d.set.unassigned,
                d.set.unassigned == 1 ? "" : "s", feed_by_name(d.set.by));
    if (!rc)
        fputc('\n', stderr);
    feed_set_free(&d.set);
    return rc;
}
