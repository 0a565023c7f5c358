/* ics_writer.h -- the iCalendar writer's state, shared by its files
 * (never installed):
 *     ics_writer.c     the writer: settings, UIDs, components into the body
 *     ics_items.c      plan items and holidays as components, with their text
 *     ics_text.c       ... written as libical 3.0 serialises them
 *     ics_previous.c   the previous export: matched and cancelled
 *     ics_previous_read.c  ... read as a stream (ics_internal.h)
 *     ics_vtimezone.c  VTIMEZONEs cut to the years used, their text cached
 *     ics_stream.c     where the body goes; the file written once
 *     ics_output.c     the finished text, as a file, a string or a component
 *
 * The components the writer makes (items, reminders, holidays, the
 * VCALENDAR's own lines) are written as text directly, byte for byte what
 * libical's component API and serialiser gave (ics_text.c says why);
 * VTIMEZONEs and the previous export's cancelled components are built and
 * serialised by libical (the _r functions, freed with
 * icalmemory_free_buffer).  Each plan's components are written as soon as
 * they are made and streamed into a body (memory, spilling to an unlinked
 * temporary file past TSC__ICS_SPILL_AT); the head, with its VTIMEZONEs
 * (known only at the end, from the times used), is written last and the
 * body copied after it -- unless the caller reserved the years and streams
 * the file (ics_stream.c). */
#ifndef TSC_ICS_WRITER_H
#define TSC_ICS_WRITER_H

#include "ics_internal.h"
#include "ics_text.h"
#include "text.h"

#include <stdio.h>

enum {
    TSC__ICS_SPILL_AT = 8 << 20,   /* body bytes kept in memory before spilling to a file */
    TSC__ICS_MAX_ZONES = 8
};

/* Every UID this library makes ends so; others are another program's. */
#define TSC__ICS_UID_DOMAIN "@timescale"

static inline struct icaltimetype tsc__ics_utc(tsc_time t)
{
    return icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
}

/* Adds p to c, or remembers that something failed. */
static inline void tsc__ics_add(icalcomponent *c, icalproperty *p, bool *ok)
{
    if (p)
        icalcomponent_add_property(c, p);
    else
        *ok = false;
}

struct tsc__ics_zone_use {
    char tzid[64];
    int y0, y1;
};

struct tsc_ics_writer {
    const tsc_calendar *cal;
    unsigned flags;
    int32_t alarm_days, alarm_minute;
    struct icaltimetype dtstamp;
    char *name;
    bool started, finished;
    size_t count;

    struct tsc__text body;    /* components, serialised; staged for body_fd when in_file */
    bool in_file;             /* the body is in body_fd from body_at on, spilled bytes */
    int body_fd;
    long long body_at;
    size_t spilled;
    FILE *spill;              /* the unlinked temporary file past TSC__ICS_SPILL_AT */
    struct tsc__text head;    /* BEGIN:VCALENDAR .. the VTIMEZONEs, once finished */

    struct tsc__ics_zone_use zones[TSC__ICS_MAX_ZONES];
    size_t nzones;
    struct tsc__ics_zone_use reserved[TSC__ICS_MAX_ZONES];   /* tsc_ics_writer_reserve_plan */
    size_t nreserved;
    tsc_outfile *stream;      /* the output's temporary file streamed into, until renamed */
    char *stream_path;        /* as tsc_ics_writer_stream_file() was given it */
    bool stream_committed;    /* write_file renamed the streamed file into place */

    uint64_t *uids;           /* open addressing set of UID hashes; 0 = empty */
    size_t uid_cap, nuids;

    struct tsc__prev_set prev;      /* --previous; prev.n 0 without */

    unsigned char *multi;     /* per rule index: the plan has an occurrence > 1 */
    size_t multi_cap;
    struct tsc__ics_memo *memos;   /* per rule index: its items' DESCRIPTION start */
    size_t nmemos;
};

/* A plan's (or a holiday list's) components until they all succeed:
 * their text, UID hashes and the previous items they matched. */
struct tsc__ics_pending {
    struct tsc__text text;
    uint64_t *keys;
    struct tsc__prev_item **seen;
    size_t nkeys, nseen, cap;
    size_t count;
};

/* ---- the writer (ics_writer.c) ---- */

/* TSC_ERR_ARG unless w may still change its settings. */
tsc_status tsc__ics_check_settable(tsc_ics_writer *w, tsc_error *err);
/* The UID's hash as the writer's UID set keys it (never 0). */
uint64_t tsc__ics_uid_key(const char *uid);
/* Starts loading the UID set's slot for key into the cache: a component
 * is built in the time a miss in a set of a million UIDs takes. */
void tsc__ics_uid_prefetch(const tsc_ics_writer *w, uint64_t key);
/* Appends c's text to out, as libical serialises it. */
tsc_status tsc__ics_serialise(icalcomponent *c, struct tsc__text *out, tsc_error *err);
/* Notes that a time in zone tzid falls in year, in zones[0..*n) (at most
 * TSC__ICS_MAX_ZONES), in the order zones are first seen. */
tsc_status tsc__ics_zones_note(struct tsc__ics_zone_use *zones, size_t *n, const char *tzid,
                               int year, tsc_error *err);
/* Notes that a time in zone tzid falls in year, for the VTIMEZONEs. */
tsc_status tsc__ics_note_zone(tsc_ics_writer *w, const char *tzid, int year, tsc_error *err);
/* Notes the zone and year of every time with a TZID in c, for the VTIMEZONEs. */
tsc_status tsc__ics_track_zones(tsc_ics_writer *w, icalcomponent *c, tsc_error *err);
/* Adds the text of component c (with UID uid) to pd, its DTSTAMP and
 * SEQUENCE (new, or kept from the previous export) written at offset
 * stamp_at of c's text, after the UID. */
tsc_status tsc__ics_emit(tsc_ics_writer *w, struct tsc__ics_pending *pd,
                         const struct tsc__ics_comp *c, size_t stamp_at, const char *uid,
                         tsc_error *err);
/* Moves pd's components into the body, or nothing when one failed. */
tsc_status tsc__ics_pending_commit(tsc_ics_writer *w, struct tsc__ics_pending *pd,
                                   tsc_error *err);
void tsc__ics_pending_free(struct tsc__ics_pending *pd);

/* ---- the body and streaming (ics_stream.c) ---- */

/* Appends n bytes of component text to the body. */
tsc_status tsc__ics_body_add(tsc_ics_writer *w, const char *text, size_t n, tsc_error *err);
/* Once the body is complete and the head made: the staged body written
 * out, and a streamed file whose head turned out wrong dropped. */
tsc_status tsc__ics_body_end(tsc_ics_writer *w, tsc_error *err);
/* Hands the body to sink(ctx, bytes, n) in pieces. */
tsc_status tsc__ics_body_emit(tsc_ics_writer *w,
                              tsc_status (*sink)(void *ctx, const char *p, size_t n,
                                                 tsc_error *err),
                              void *ctx, tsc_error *err);
/* Whether write_file(path) finishes the streamed file: true when it did
 * (or failed: *st says), false when path needs the text copied. */
bool tsc__ics_stream_commit(tsc_ics_writer *w, const char *path, const char *footer,
                            tsc_status *st, tsc_error *err);
/* Releases the body's files; an unfinished streamed file is removed. */
void tsc__ics_body_free(tsc_ics_writer *w);

/* ---- the head (ics_output.c) ---- */

/* Appends BEGIN:VCALENDAR, its lines and the VTIMEZONEs of zones[0..n). */
tsc_status tsc__ics_head(const tsc_ics_writer *w, const struct tsc__ics_zone_use *zones,
                         size_t n, struct tsc__text *out, tsc_error *err);

/* ---- the previous export (ics_previous.c) ---- */

/* The previous component with this UID, or NULL. */
struct tsc__prev_item *tsc__ics_find_prev(tsc_ics_writer *w, const char *uid);
/* Appends to out every previous component the new output lacks, cancelled. */
tsc_status tsc__ics_cancel_unseen(tsc_ics_writer *w, struct tsc__text *out, tsc_error *err);

/* ---- VTIMEZONEs (ics_vtimezone.c) ---- */

/* Appends to out the text of libical's VTIMEZONE for an Olson zone, cut to
 * local years y0..y1, with a plain TZID.  Thread-safe. */
tsc_status tsc__ics_vtimezone(const char *tzid, int y0, int y1, struct tsc__text *out,
                              tsc_error *err);

#endif
