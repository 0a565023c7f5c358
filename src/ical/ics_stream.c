/* ics_stream.c -- where the writer's body goes, and writing its file once.
 *
 * The body (every component, in the order added) is kept in memory and,
 * past TSC__ICS_SPILL_AT, moved to an unlinked temporary file; writing the
 * file then copies it after the head.  The head cannot come first because
 * its VTIMEZONEs are cut to the years the timed items use, known only at
 * the end.  A caller who knows the plans first declares their years
 * (tsc_ics_writer_reserve_plan) and names the file
 * (tsc_ics_writer_stream_file): the head is then written at once into the
 * output's own temporary file, the body follows it there as it is made,
 * and write_file only appends END:VCALENDAR and renames it.  When the end
 * shows other zones or years than were reserved (an item outside them, a
 * --previous component cancelled in another year), that head is wrong:
 * the streamed file is dropped and the body read back from it after the
 * right head, as without a reservation, so the bytes never depend on it. */
#include "ics_writer.h"
#include "date.h"
#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { STAGE_AT = 1 << 20 };   /* body bytes gathered before each write to its file */

tsc_status tsc_ics_writer_reserve_plan(tsc_ics_writer *w, const tsc_plan *plan, tsc_error *err)
{
    tsc_status st = tsc__ics_check_settable(w, err);
    if (st)
        return st;
    if (!plan || !tsc_plan_pack(plan))
        return tsc__fail(err, TSC_ERR_ARG, "the plan is NULL or has not been computed");
    if (tsc_plan_calendar(plan) != w->cal)
        return tsc__fail(err, TSC_ERR_ARG, "the plan was computed on another calendar than "
                         "the writer's");
    const char *zone = tsc_calendar_zone(w->cal);
    for (size_t i = 0; i < tsc_plan_item_count(plan) && !st; i++) {
        tsc_item it;
        tsc_date day;
        int minute, offset, year, month, mday;
        st = tsc_plan_item(plan, i, &it, err);
        if (st || !(it.flags & TSC_ITEM_TIMED))
            continue;
        /* The year of the local due date, as the item's property has it. */
        st = tsc_time_to_local(w->cal, it.due_time, &day, &minute, &offset, err);
        if (!st) {
            tsc__date_to_ymd(day, &year, &month, &mday);
            st = tsc__ics_zones_note(w->reserved, &w->nreserved, zone, year, err);
        }
    }
    return st;
}

static tsc_status write_body(tsc_ics_writer *w, const char *p, size_t n, tsc_error *err)
{
    return tsc__write_all(w->body_fd, p, n, w->stream ? w->stream_path : "a temporary file", err);
}

/* The staged body out to its file. */
static tsc_status flush_body(tsc_ics_writer *w, tsc_error *err)
{
    tsc_status st = w->body.n ? write_body(w, w->body.p, w->body.n, err) : TSC_OK;
    if (!st)
        w->spilled += w->body.n;
    w->body.n = 0;
    return st;
}

/* Back to a body in memory, the streamed file removed. */
static void drop_stream(tsc_ics_writer *w)
{
    tsc_outfile_abort(w->stream);
    close(w->body_fd);
    free(w->stream_path);
    w->stream = NULL;
    w->stream_path = NULL;
    w->in_file = false;
    w->body_at = 0;
}

tsc_status tsc_ics_writer_stream_file(tsc_ics_writer *w, const char *path, tsc_error *err)
{
    tsc_status st = tsc__ics_check_settable(w, err);
    if (st)
        return st;
    if (!path)
        return tsc__fail(err, TSC_ERR_ARG, "path is NULL");
    char *copy = strdup(path);
    if (!copy)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    tsc_outfile *out;
    st = tsc__outfile_open(path, !(w->flags & TSC_ICS_STALE_REMOVED), &out, err);
    if (st) {
        free(copy);
        return st;
    }
    /* A descriptor of the writer's own: the text can be read back from it
     * after tsc_outfile_commit() has closed the stream's. */
    int fd = dup(fileno(tsc_outfile_stream(out)));
    if (fd < 0) {
        tsc_outfile_abort(out);
        free(copy);
        return tsc__fail_at(err, TSC_ERR_IO, path, 0, 0, "dup failed: %s", strerror(errno));
    }
    w->stream = out;
    w->stream_path = copy;
    w->body_fd = fd;
    w->in_file = true;
    /* The head as the reserved years make it; the body goes after it. */
    struct tsc__text head = {0};
    st = tsc__ics_head(w, w->reserved, w->nreserved, &head, err);
    if (!st)
        st = write_body(w, head.p, head.n, err);
    w->body_at = (long long)head.n;
    free(head.p);
    if (st)
        drop_stream(w);
    return st;
}

tsc_status tsc__ics_body_add(tsc_ics_writer *w, const char *text, size_t n, tsc_error *err)
{
    if (!w->in_file && w->body.n + n > TSC__ICS_SPILL_AT) {
        /* An unlinked temporary file: nothing to clean up after a crash. */
        w->spill = tmpfile();
        if (!w->spill)
            return tsc__fail(err, TSC_ERR_IO, "cannot create a temporary file: %s",
                             strerror(errno));
        w->body_fd = fileno(w->spill);
        w->in_file = true;
        tsc_status st = flush_body(w, err);
        free(w->body.p);
        memset(&w->body, 0, sizeof w->body);
        if (st)
            return st;
    }
    tsc__text_add(&w->body, text, n);
    if (w->body.failed)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    return w->in_file && w->body.n >= STAGE_AT ? flush_body(w, err) : TSC_OK;
}

static bool same_zones(const tsc_ics_writer *w)
{
    if (w->nzones != w->nreserved)
        return false;
    for (size_t i = 0; i < w->nzones; i++)
        if (strcmp(w->zones[i].tzid, w->reserved[i].tzid) != 0 ||
            w->zones[i].y0 != w->reserved[i].y0 || w->zones[i].y1 != w->reserved[i].y1)
            return false;
    return true;
}

tsc_status tsc__ics_body_end(tsc_ics_writer *w, tsc_error *err)
{
    tsc_status st = w->in_file ? flush_body(w, err) : TSC_OK;
    if (!st && w->stream && !same_zones(w)) {
        /* Its head is not the file's: only its body is of use now. */
        tsc_outfile_abort(w->stream);
        w->stream = NULL;
    }
    return st;
}

tsc_status tsc__ics_body_emit(tsc_ics_writer *w,
                              tsc_status (*sink)(void *ctx, const char *p, size_t n,
                                                 tsc_error *err),
                              void *ctx, tsc_error *err)
{
    if (!w->in_file)
        return sink(ctx, tsc__text_str(&w->body), w->body.n, err);
    char chunk[1 << 16];
    tsc_status st = TSC_OK;
    for (size_t done = 0; !st && done < w->spilled;) {
        size_t want = w->spilled - done < sizeof chunk ? w->spilled - done : sizeof chunk;
        ssize_t k = pread(w->body_fd, chunk, want, (off_t)(w->body_at + (long long)done));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return tsc__fail(err, TSC_ERR_IO, "reading a temporary file: %s",
                             k < 0 ? strerror(errno) : "it is shorter than written");
        st = sink(ctx, chunk, (size_t)k, err);
        done += (size_t)k;
    }
    return st;
}

bool tsc__ics_stream_commit(tsc_ics_writer *w, const char *path, const char *footer,
                            tsc_status *st, tsc_error *err)
{
    if (!w->stream || strcmp(path, w->stream_path) != 0)
        return false;
    /* The streamed file is the text: its head is the one finish() made. */
    *st = tsc__write_all(w->body_fd, footer, strlen(footer), path, err);
    if (*st)
        tsc_outfile_abort(w->stream);
    else
        *st = tsc_outfile_commit(w->stream, err);
    w->stream = NULL;
    w->stream_committed = !*st;
    return true;
}

int tsc_ics_writer_streamed(const tsc_ics_writer *w)
{
    return w && w->stream_committed;
}

void tsc__ics_body_free(tsc_ics_writer *w)
{
    free(w->body.p);
    if (w->stream)
        tsc_outfile_abort(w->stream);
    free(w->stream_path);
    if (w->spill)
        fclose(w->spill);
    else if (w->in_file)
        close(w->body_fd);
}
