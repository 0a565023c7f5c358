/* ics_output.c -- the writer's finished text: the VCALENDAR head with its
 * VTIMEZONEs, the body and the footer, as a file replaced atomically
 * (fileio.c), a string, or a libical component. */
#include "ics_writer.h"
#include "fileio.h"
#include "timescale_ical.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const FOOTER = "END:VCALENDAR\r\n";

tsc_status tsc__ics_head(const tsc_ics_writer *w, const struct tsc__ics_zone_use *zones,
                         size_t n, struct tsc__text *out, tsc_error *err)
{
    /* The VCALENDAR's own lines as libical wrote them (ics_text.c), then
     * the VTIMEZONEs; the body and END:VCALENDAR follow. */
    char prodid[64];
    snprintf(prodid, sizeof prodid, "-//timescale//timescale %s//EN", tsc_version());
    struct tsc__ics_comp head = {.text = *out};
    tsc__ics_comp_begin(&head, "VCALENDAR");
    tsc__ics_prop_text(&head, "PRODID", prodid);
    tsc__ics_prop_text(&head, "VERSION", "2.0");
    tsc__ics_prop_text(&head, "CALSCALE", "GREGORIAN");
    tsc__ics_prop_raw(&head, "METHOD", "PUBLISH");
    if (w->name)
        tsc__ics_prop_x(&head, "X-WR-CALNAME", w->name);
    tsc_status st = TSC_OK;
    for (size_t i = 0; i < n && !st; i++)
        st = tsc__ics_vtimezone(zones[i].tzid, zones[i].y0, zones[i].y1, &head.text, err);
    if (!st && (head.failed || head.text.failed))
        st = tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    *out = head.text;
    return st;
}

static tsc_status finish(tsc_ics_writer *w, tsc_error *err)
{
    if (!w)
        return tsc__fail(err, TSC_ERR_ARG, "writer is NULL");
    if (w->finished)
        return TSC_OK;
    struct tsc__text cancelled = {0};
    tsc_status st = tsc__ics_cancel_unseen(w, &cancelled, err);
    if (!st && cancelled.n)
        st = tsc__ics_body_add(w, cancelled.p, cancelled.n, err);
    free(cancelled.p);
    struct tsc__text head = {0};
    if (!st)
        st = tsc__ics_head(w, w->zones, w->nzones, &head, err);
    if (!st)
        st = tsc__ics_body_end(w, err);
    if (st) {
        free(head.p);
        return st;
    }
    w->head = head;
    w->finished = true;
    return TSC_OK;
}

/* Hands the whole text to sink(ctx, bytes, n) in pieces. */
static tsc_status emit_text(tsc_ics_writer *w,
                            tsc_status (*sink)(void *ctx, const char *p, size_t n,
                                               tsc_error *err),
                            void *ctx, tsc_error *err)
{
    tsc_status st = sink(ctx, w->head.p, w->head.n, err);
    if (!st)
        st = tsc__ics_body_emit(w, sink, ctx, err);
    return st ? st : sink(ctx, FOOTER, strlen(FOOTER), err);
}

struct file_sink {
    int fd;
    const char *path;
};

static tsc_status to_file(void *ctx, const char *p, size_t n, tsc_error *err)
{
    struct file_sink *f = ctx;
    return tsc__write_all(f->fd, p, n, f->path, err);
}

static tsc_status to_buf(void *ctx, const char *p, size_t n, tsc_error *err)
{
    struct tsc__text *b = ctx;
    tsc__text_add(b, p, n);
    return b->failed ? tsc__fail(err, TSC_ERR_NOMEM, "out of memory") : TSC_OK;
}

static tsc_status fill_file(void *ctx, int fd, const char *path, tsc_error *err)
{
    struct file_sink sink = {fd, path};
    return emit_text(ctx, to_file, &sink, err);
}

tsc_status tsc_ics_writer_write_file(tsc_ics_writer *w, const char *path, tsc_error *err)
{
    if (!path)
        return tsc__fail(err, TSC_ERR_ARG, "path is NULL");
    tsc_status st = finish(w, err);
    if (st || tsc__ics_stream_commit(w, path, FOOTER, &st, err))
        return st;
    return tsc__replace_file(path, !(w->flags & TSC_ICS_STALE_REMOVED), fill_file, w, err);
}

tsc_status tsc_ics_writer_write_string(tsc_ics_writer *w, char **out, size_t *len,
                                       tsc_error *err)
{
    if (!out)
        return tsc__fail(err, TSC_ERR_ARG, "out is NULL");
    tsc_status st = finish(w, err);
    struct tsc__text b = {0};
    if (!st)
        st = emit_text(w, to_buf, &b, err);
    if (st) {
        free(b.p);
        return st;
    }
    *out = b.p;
    if (len)
        *len = b.n;
    return TSC_OK;
}

tsc_status tsc_ics_writer_write_component(tsc_ics_writer *w, icalcomponent **out,
                                          tsc_error *err)
{
    if (!out)
        return tsc__fail(err, TSC_ERR_ARG, "out is NULL");
    char *text;
    tsc_status st = tsc_ics_writer_write_string(w, &text, NULL, err);
    if (st)
        return st;
    icalcomponent *c = icalparser_parse_string(text);
    free(text);
    if (!c || icalcomponent_count_errors(c) > 0) {
        if (c)
            icalcomponent_free(c);
        return tsc__fail(err, TSC_ERR_ICAL, "libical could not parse the writer's own text");
    }
    *out = c;
    return TSC_OK;
}
