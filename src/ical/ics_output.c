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
    if (st)
        return st;
    /* The VCALENDAR's own lines as libical wrote them (ics_text.c), then
     * the VTIMEZONEs; the body and END:VCALENDAR follow. */
    char prodid[64];
    snprintf(prodid, sizeof prodid, "-//timescale//timescale %s//EN", tsc_version());
    struct tsc__ics_comp head = {0};
    tsc__ics_comp_begin(&head, "VCALENDAR");
    tsc__ics_prop_text(&head, "PRODID", prodid);
    tsc__ics_prop_text(&head, "VERSION", "2.0");
    tsc__ics_prop_text(&head, "CALSCALE", "GREGORIAN");
    tsc__ics_prop_raw(&head, "METHOD", "PUBLISH");
    if (w->name)
        tsc__ics_prop_x(&head, "X-WR-CALNAME", w->name);
    for (size_t i = 0; i < w->nzones && !st; i++)
        st = tsc__ics_vtimezone(w->zones[i].tzid, w->zones[i].y0, w->zones[i].y1, &head.text,
                                err);
    if (!st && (head.failed || head.text.failed))
        st = tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    if (st) {
        free(head.text.p);
        return st;
    }
    w->head = head.text;
    if (w->spill && fflush(w->spill) != 0)
        return tsc__fail(err, TSC_ERR_IO, "writing a temporary file: %s", strerror(errno));
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
    if (!st && w->spill) {
        char chunk[1 << 16];
        size_t left = w->spilled;
        if (fseek(w->spill, 0, SEEK_SET) != 0)
            st = tsc__fail(err, TSC_ERR_IO, "reading a temporary file: %s", strerror(errno));
        while (!st && left) {
            size_t k = fread(chunk, 1, left < sizeof chunk ? left : sizeof chunk, w->spill);
            if (k == 0)
                st = tsc__fail(err, TSC_ERR_IO, "reading a temporary file failed");
            else
                st = sink(ctx, chunk, k, err);
            left -= k;
        }
    } else if (!st) {
        st = sink(ctx, tsc__text_str(&w->body), w->body.n, err);
    }
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
    return st ? st : tsc__replace_file(path, !(w->flags & TSC_ICS_STALE_REMOVED), fill_file, w,
                                        err);
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
