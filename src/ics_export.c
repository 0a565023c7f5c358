/* ics_export.c -- plans and holiday lists as iCalendar (RFC 5545) files.
 *
 * Every component is built with libical's component API and serialised by
 * libical (the _r functions, freed with icalmemory_free_buffer).  So that
 * 10,000 cases fit in one file without holding 10,000 component trees, the
 * writer serialises each item's components as soon as they are built and
 * streams the text into a body (memory, spilling to an unlinked temporary
 * file past SPILL_AT); the VCALENDAR itself, with its VTIMEZONEs (known only
 * at the end, from the dates used), is built and serialised last and its
 * END line moved after the body.
 *
 * Updates: a component's UID comes from (case id, rule id, occurrence).
 * Given the previous export, the writer compares each new component with
 * the old one of the same UID through a fingerprint of its text without
 * DTSTAMP and SEQUENCE (ics_previous.c, which reads the old file as a
 * stream): the same text keeps the old SEQUENCE and DTSTAMP, a different
 * one gets SEQUENCE + 1, and an old component with no new counterpart is
 * read again from the old file and written as cancelled.
 *
 * Reminders: RFC 5545 cannot say "1 working day before" (a trigger is a
 * duration), so the reminder day is computed on the calendar and the
 * VALARM's trigger is the exact duration (hours and minutes, never
 * nominal days) from the component's start or end to 09:00 local on that
 * day.  Because several programs drop the alarms of imported files, the
 * same reminder is also an all-day VEVENT of its own. */
#include "ics_internal.h"
#include "timescale_ical.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
    SPILL_AT = 8 << 20,       /* body bytes kept in memory before spilling to a file */
    MAX_CASE_ID = 200,
    MAX_ZONES = 8,
    ZONE_CACHE = 16,
    DEFAULT_ALARM_MINUTE = 9 * 60
};

static const char UID_DOMAIN[] = "@timescale";
static const tsc_date UNIX_EPOCH_DAY = 719163;   /* 1970-01-01 */

/* ---- growable text ---- */

struct buf {
    char *p;
    size_t n, cap;
    bool failed;   /* out of memory: the text is incomplete */
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void buf_puts(struct buf *b, const char *s) { buf_add(b, s, strlen(s)); }

static void buf_printf(struct buf *b, const char *fmt, ...) TSC__PRINTF(2, 3);
static void buf_printf(struct buf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
    } else if ((size_t)n < sizeof small) {
        buf_add(b, small, (size_t)n);
    } else {
        char *big = malloc((size_t)n + 1);
        if (!big) {
            b->failed = true;
            return;
        }
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        buf_add(b, big, (size_t)n);
        free(big);
    }
}

static const char *buf_str(const struct buf *b) { return b->p ? b->p : ""; }

/* ---- time zones ---- */

/* libical's zone cache is process-wide.  Every zone lookup the writer makes
 * happens under this lock, once per (zone, years): the truncated VTIMEZONE
 * is kept here and each writer gets a clone of it. */
static pthread_mutex_t zone_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    char tzid[64];
    int y0, y1;
    icalcomponent *vtz;
} zone_cache[ZONE_CACHE];
static size_t zone_cache_next;

static struct icaltimetype utc_from_time(tsc_time t)
{
    return icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
}

static tsc_time time_from_date(tsc_date d) { return ((tsc_time)d - UNIX_EPOCH_DAY) * 86400; }

/* libical 3.0's truncated VTIMEZONE gives later transitions as RDATEs in
 * UTC ("RDATE:20271031T010000Z"), where RFC 5545 3.6.5 wants local time,
 * and ical.js misplaces times after them by an hour.  Each RDATE becomes
 * an observance of its own whose DTSTART is the local time before the
 * change (UTC + TZOFFSETFROM), which every reader understands. */
static bool split_rdates(icalcomponent *vtz)
{
    icalcomponent *obs[64];
    size_t n = 0;
    for (icalcomponent *c = icalcomponent_get_first_component(vtz, ICAL_ANY_COMPONENT);
         c && n < sizeof obs / sizeof obs[0];
         c = icalcomponent_get_next_component(vtz, ICAL_ANY_COMPONENT))
        if (icalcomponent_isa(c) == ICAL_XSTANDARD_COMPONENT ||
            icalcomponent_isa(c) == ICAL_XDAYLIGHT_COMPONENT)
            obs[n++] = c;
    for (size_t i = 0; i < n; i++) {
        icalproperty *from = icalcomponent_get_first_property(obs[i], ICAL_TZOFFSETFROM_PROPERTY);
        int offset = from ? icalproperty_get_tzoffsetfrom(from) : 0;
        icalproperty *rdate;
        while ((rdate = icalcomponent_get_first_property(obs[i], ICAL_RDATE_PROPERTY))) {
            struct icaltimetype t = icalproperty_get_rdate(rdate).time;
            icalcomponent_remove_property(obs[i], rdate);
            icalproperty_free(rdate);
            if (icaltime_is_null_time(t))
                continue;
            if (icaltime_is_utc(t)) {
                t = icaltime_add(t, icaldurationtype_from_int(offset));
                t.zone = NULL;
            }
            icalcomponent *one = icalcomponent_new_clone(obs[i]);
            if (!one)
                return false;
            icalproperty *p;
            while ((p = icalcomponent_get_first_property(one, ICAL_RDATE_PROPERTY))) {
                icalcomponent_remove_property(one, p);
                icalproperty_free(p);
            }
            p = icalcomponent_get_first_property(one, ICAL_DTSTART_PROPERTY);
            if (p)
                icalproperty_set_dtstart(p, t);
            icalcomponent_add_component(vtz, one);
        }
    }
    return true;
}

/* libical's VTIMEZONE for an Olson zone, cut to local years y0..y1, with a
 * plain TZID (libical's own carries a vendor prefix that other programs
 * cannot match): a new component owned by the caller. */
static tsc_status vtimezone_locked(const char *tzid, int y0, int y1, icalcomponent **out,
                                   tsc_error *err)
{
    for (size_t i = 0; i < ZONE_CACHE; i++)
        if (zone_cache[i].vtz && zone_cache[i].y0 == y0 && zone_cache[i].y1 == y1 &&
            strcmp(zone_cache[i].tzid, tzid) == 0) {
            *out = icalcomponent_new_clone(zone_cache[i].vtz);
            return *out ? TSC_OK : tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
        }
    if (strlen(tzid) >= sizeof zone_cache[0].tzid)
        return tsc__fail(err, TSC_ERR_ICAL, "time zone name '%.60s' is too long", tzid);
    icaltimezone *zone = icaltimezone_get_builtin_timezone(tzid);
    icalcomponent *full = zone ? icaltimezone_get_component(zone) : NULL;
    if (!full)
        return tsc__fail(err, TSC_ERR_ICAL,
                         "libical has no time zone data for '%s' (is tzdata installed?)", tzid);
    icalcomponent *vtz = icalcomponent_new_clone(full);
    if (!vtz)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    /* From 1 January of the first year to 1 January after the last, local
     * time: widen by the zone's offset where it is east of UTC. */
    tsc_time from = time_from_date(tsc__ymd_to_date(y0, 1, 1));
    tsc_time to = time_from_date(tsc__ymd_to_date(y1 + 1, 1, 1));
    struct icaltimetype probe = utc_from_time(from);
    int offset = icaltimezone_get_utc_offset_of_utc_time(zone, &probe, NULL);
    if (offset > 0)
        from -= offset;
    else
        to -= offset;
    icaltimezone_truncate_vtimezone(vtz, utc_from_time(from), utc_from_time(to), 0);
    if (!split_rdates(vtz)) {
        icalcomponent_free(vtz);
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    }
    icalproperty *id = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
    if (id)
        icalproperty_set_tzid(id, tzid);
    else
        icalcomponent_add_property(vtz, icalproperty_new_tzid(tzid));
    size_t slot = zone_cache_next++ % ZONE_CACHE;
    if (zone_cache[slot].vtz)
        icalcomponent_free(zone_cache[slot].vtz);
    snprintf(zone_cache[slot].tzid, sizeof zone_cache[slot].tzid, "%s", tzid);
    zone_cache[slot].y0 = y0;
    zone_cache[slot].y1 = y1;
    zone_cache[slot].vtz = vtz;
    *out = icalcomponent_new_clone(vtz);
    return *out ? TSC_OK : tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
}

static tsc_status vtimezone(const char *tzid, int y0, int y1, icalcomponent **out,
                            tsc_error *err)
{
    pthread_mutex_lock(&zone_lock);
    tsc_status st = vtimezone_locked(tzid, y0, y1, out, err);
    pthread_mutex_unlock(&zone_lock);
    return st;
}

/* ---- the writer ---- */

struct zone_use {
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

    struct buf body;          /* components, serialised */
    FILE *spill;              /* the body, once past SPILL_AT */
    size_t spilled;
    struct buf head;          /* BEGIN:VCALENDAR .. the VTIMEZONEs, once finished */

    struct zone_use zones[MAX_ZONES];
    size_t nzones;

    uint64_t *uids;           /* open addressing set of UID hashes; 0 = empty */
    size_t uid_cap, nuids;

    struct tsc__prev_set prev;      /* --previous; prev.n 0 without */

    unsigned char *multi;     /* per rule index: the plan has an occurrence > 1 */
    size_t multi_cap;
};

static const char *const FOOTER = "END:VCALENDAR\r\n";

static struct icaltimetype placeholder_stamp(void) { return utc_from_time(0); }

tsc_status tsc_ics_writer_new(const tsc_calendar *cal, unsigned flags, tsc_ics_writer **out,
                              tsc_error *err)
{
    if (!cal || !out)
        return tsc__fail(err, TSC_ERR_ARG, "cal or out is NULL");
    if (flags & ~(unsigned)(TSC_ICS_TODO | TSC_ICS_NO_REMINDER_EVENTS))
        return tsc__fail(err, TSC_ERR_ARG, "unknown flags 0x%x", flags);
    tsc_ics_writer *w = calloc(1, sizeof *w);
    if (!w)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    w->cal = cal;
    w->flags = flags;
    w->alarm_days = 1;
    w->alarm_minute = DEFAULT_ALARM_MINUTE;
    w->dtstamp = utc_from_time((tsc_time)time(NULL));
    *out = w;
    return TSC_OK;
}

void tsc_ics_writer_free(tsc_ics_writer *w)
{
    if (!w)
        return;
    free(w->name);
    free(w->body.p);
    free(w->head.p);
    if (w->spill)
        fclose(w->spill);
    free(w->uids);
    tsc__prev_free(&w->prev);
    free(w->multi);
    free(w);
}

static tsc_status check_settable(tsc_ics_writer *w, tsc_error *err)
{
    if (!w)
        return tsc__fail(err, TSC_ERR_ARG, "writer is NULL");
    if (w->started || w->finished)
        return tsc__fail(err, TSC_ERR_ARG, "settings must come before the first add");
    return TSC_OK;
}

tsc_status tsc_ics_writer_set_alarm(tsc_ics_writer *w, int32_t working_days,
                                    int32_t minute_of_day, tsc_error *err)
{
    tsc_status st = check_settable(w, err);
    if (st)
        return st;
    if (working_days < 0 || working_days > 366)
        return tsc__fail(err, TSC_ERR_ARG, "alarm working days %d is not in 0..366",
                         (int)working_days);
    if (minute_of_day < 0 || minute_of_day > 1439)
        return tsc__fail(err, TSC_ERR_ARG, "alarm minute of day %d is not in 0..1439",
                         (int)minute_of_day);
    w->alarm_days = working_days;
    w->alarm_minute = minute_of_day;
    return TSC_OK;
}

tsc_status tsc_ics_writer_set_dtstamp(tsc_ics_writer *w, tsc_time dtstamp, tsc_error *err)
{
    tsc_status st = check_settable(w, err);
    if (st)
        return st;
    if (dtstamp < 0 || dtstamp > time_from_date(TSC_DATE_MAX))
        return tsc__fail(err, TSC_ERR_RANGE, "DTSTAMP out of range");
    w->dtstamp = utc_from_time(dtstamp);
    return TSC_OK;
}

tsc_status tsc_ics_writer_set_name(tsc_ics_writer *w, const char *name, tsc_error *err)
{
    tsc_status st = check_settable(w, err);
    if (st)
        return st;
    char *copy = name ? malloc(strlen(name) + 1) : NULL;
    if (name && !copy)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    if (copy)
        memcpy(copy, name, strlen(name) + 1);
    free(w->name);
    w->name = copy;
    return TSC_OK;
}

size_t tsc_ics_writer_count(const tsc_ics_writer *w) { return w ? w->count : 0; }

/* ---- UIDs ---- */

static uint64_t uid_key(const char *uid)
{
    uint64_t h = tsc__ics_hash(uid, strlen(uid));
    return h ? h : 1;
}

static bool uid_seen(const tsc_ics_writer *w, uint64_t key)
{
    if (!w->uid_cap)
        return false;
    for (size_t i = key & (w->uid_cap - 1);; i = (i + 1) & (w->uid_cap - 1)) {
        if (w->uids[i] == key)
            return true;
        if (!w->uids[i])
            return false;
    }
}

static bool uid_insert(tsc_ics_writer *w, uint64_t key)
{
    if (2 * (w->nuids + 1) > w->uid_cap) {
        size_t cap = w->uid_cap ? 2 * w->uid_cap : 1024;
        uint64_t *grown = calloc(cap, sizeof *grown);
        if (!grown)
            return false;
        for (size_t i = 0; i < w->uid_cap; i++)
            if (w->uids[i]) {
                size_t j = w->uids[i] & (cap - 1);
                while (grown[j])
                    j = (j + 1) & (cap - 1);
                grown[j] = w->uids[i];
            }
        free(w->uids);
        w->uids = grown;
        w->uid_cap = cap;
    }
    size_t i = key & (w->uid_cap - 1);
    while (w->uids[i] && w->uids[i] != key)
        i = (i + 1) & (w->uid_cap - 1);
    w->nuids += !w->uids[i];
    w->uids[i] = key;
    return true;
}

/* Letters, digits, '_' and '-' stay; any other byte becomes %XX, so a UID
 * never holds a '.' from the case id and splits back unambiguously. */
static void pct_encode(struct buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '-')
            buf_add(b, (const char *)&c, 1);
        else
            buf_printf(b, "%%%02X", c);
    }
}

/* ---- serialising ---- */

/* libical 3.0 folds a property's text with its CR LF, so a line whose end
 * falls on the 75th octet comes out as "...\r" "\r\n " "\n" (a stray CR
 * that ical.js keeps in the value), or as "..." "\r\n " "\r\n".  Either
 * fold splits nothing: unfolding it gives the same text, and so does
 * dropping it, which this does. */
static void append_unbroken(struct buf *out, const char *text)
{
    const char *p = text;
    for (;;) {
        const char *a = strstr(p, "\r\r\n \n"), *b = strstr(p, "\r\n \r\n");
        const char *hit = a && (!b || a < b) ? a : b;
        if (!hit) {
            buf_puts(out, p);
            return;
        }
        buf_add(out, p, (size_t)(hit - p));
        buf_add(out, "\r\n", 2);
        p = hit + 5;   /* both patterns are 5 octets */
    }
}

static tsc_status serialise(icalcomponent *c, struct buf *out, tsc_error *err)
{
    char *text = icalcomponent_as_ical_string_r(c);
    if (!text)
        return tsc__fail(err, TSC_ERR_ICAL, "libical could not serialise a component");
    append_unbroken(out, text);
    icalmemory_free_buffer(text);
    return out->failed ? tsc__fail(err, TSC_ERR_NOMEM, "out of memory") : TSC_OK;
}

/* Of the text as the file will hold it, so the next run's reading of the
 * file (ics_previous.c) gives the same fingerprint. */
static tsc_status fingerprint(icalcomponent *c, uint64_t *out, tsc_error *err)
{
    struct buf text = {0};
    tsc_status st = serialise(c, &text, err);
    if (!st)
        *out = tsc__ics_fingerprint(text.p, text.n);
    free(text.p);
    return st;
}

/* Notes the zone and year of every time with a TZID, for the VTIMEZONEs. */
static tsc_status track_zones(tsc_ics_writer *w, icalcomponent *c, tsc_error *err)
{
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_ANY_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_ANY_PROPERTY)) {
        icalparameter *tz = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
        icalvalue *v = tz ? icalproperty_get_value(p) : NULL;
        if (!v || icalvalue_isa(v) != ICAL_DATETIME_VALUE)
            continue;
        const char *tzid = icalparameter_get_tzid(tz);
        int year = icalvalue_get_datetime(v).year;
        size_t i = 0;
        while (i < w->nzones && strcmp(w->zones[i].tzid, tzid) != 0)
            i++;
        if (i == w->nzones) {
            if (w->nzones == MAX_ZONES || strlen(tzid) >= sizeof w->zones[0].tzid)
                return tsc__fail(err, TSC_ERR_ICAL, "too many time zones (at '%.60s')", tzid);
            snprintf(w->zones[i].tzid, sizeof w->zones[i].tzid, "%s", tzid);
            w->zones[i].y0 = w->zones[i].y1 = year;
            w->nzones++;
        }
        if (year < w->zones[i].y0)
            w->zones[i].y0 = year;
        if (year > w->zones[i].y1)
            w->zones[i].y1 = year;
    }
    return TSC_OK;
}

/* Sets DTSTAMP and SEQUENCE (built as placeholders) from the previous
 * export and appends the component's text.  `seen` collects the previous
 * items matched, marked only when the whole plan succeeds. */
struct pending {
    struct buf text;
    uint64_t *keys;
    struct tsc__prev_item **seen;
    size_t nkeys, nseen, cap;
    size_t count;
};

static tsc_status pending_note(struct pending *pd, uint64_t key, struct tsc__prev_item *prev,
                               tsc_error *err)
{
    if (pd->nkeys == pd->cap) {
        size_t cap = pd->cap ? 2 * pd->cap : 64;
        uint64_t *k = realloc(pd->keys, cap * sizeof *k);
        if (k)
            pd->keys = k;
        struct tsc__prev_item **s = k ? realloc(pd->seen, cap * sizeof *s) : NULL;
        if (!s)
            return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
        pd->seen = s;
        pd->cap = cap;
    }
    pd->keys[pd->nkeys++] = key;
    if (prev)
        pd->seen[pd->nseen++] = prev;
    return TSC_OK;
}

static void pending_free(struct pending *pd)
{
    free(pd->text.p);
    free(pd->keys);
    free(pd->seen);
}

static tsc_status emit(tsc_ics_writer *w, struct pending *pd, icalcomponent *c, const char *uid,
                       tsc_error *err)
{
    uint64_t key = uid_key(uid);
    if (uid_seen(w, key))
        return tsc__fail(err, TSC_ERR_ARG, "UID %s is already in the file (a case added twice?)",
                         uid);
    for (size_t i = 0; i < pd->nkeys; i++)
        if (pd->keys[i] == key)
            return tsc__fail(err, TSC_ERR_ARG, "two items have the UID %s", uid);
    struct tsc__prev_item *prev = w->prev.n ? tsc__prev_find(&w->prev, uid) : NULL;
    struct icaltimetype stamp = w->dtstamp;
    int sequence = 0;
    if (prev) {
        uint64_t fp = 0;
        tsc_status st = fingerprint(c, &fp, err);
        if (st)
            return st;
        bool same = fp == prev->fingerprint;
        sequence = same ? prev->sequence : prev->sequence + 1;
        if (same && !icaltime_is_null_time(prev->dtstamp))
            stamp = prev->dtstamp;
    }
    icalproperty *p = icalcomponent_get_first_property(c, ICAL_DTSTAMP_PROPERTY);
    if (p)
        icalproperty_set_dtstamp(p, stamp);
    p = icalcomponent_get_first_property(c, ICAL_SEQUENCE_PROPERTY);
    if (p)
        icalproperty_set_sequence(p, sequence);
    tsc_status st = track_zones(w, c, err);
    if (!st)
        st = serialise(c, &pd->text, err);
    if (!st)
        st = pending_note(pd, key, prev, err);
    if (!st)
        pd->count++;
    return st;
}

static tsc_status body_add(tsc_ics_writer *w, const char *text, size_t n, tsc_error *err)
{
    if (!w->spill && w->body.n + n > SPILL_AT) {
        /* An unlinked temporary file: nothing to clean up after a crash. */
        w->spill = tmpfile();
        if (!w->spill)
            return tsc__fail(err, TSC_ERR_IO, "cannot create a temporary file: %s",
                             strerror(errno));
        if (w->body.n && fwrite(w->body.p, 1, w->body.n, w->spill) != w->body.n)
            return tsc__fail(err, TSC_ERR_IO, "writing a temporary file: %s", strerror(errno));
        w->spilled = w->body.n;
        free(w->body.p);
        memset(&w->body, 0, sizeof w->body);
    }
    if (w->spill) {
        if (n && fwrite(text, 1, n, w->spill) != n)
            return tsc__fail(err, TSC_ERR_IO, "writing a temporary file: %s", strerror(errno));
        w->spilled += n;
        return TSC_OK;
    }
    buf_add(&w->body, text, n);
    return w->body.failed ? tsc__fail(err, TSC_ERR_NOMEM, "out of memory") : TSC_OK;
}

/* Moves a plan's components into the body, or nothing when one failed. */
static tsc_status pending_commit(tsc_ics_writer *w, struct pending *pd, tsc_error *err)
{
    for (size_t i = 0; i < pd->nkeys; i++)
        if (!uid_insert(w, pd->keys[i]))
            return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    tsc_status st = body_add(w, buf_str(&pd->text), pd->text.n, err);
    if (st)
        return st;
    for (size_t i = 0; i < pd->nseen; i++)
        pd->seen[i]->seen = true;
    w->count += pd->count;
    return TSC_OK;
}

/* ---- building components ---- */

static icalproperty *date_prop(icalproperty *(*make)(struct icaltimetype), tsc_date d)
{
    int y, m, dd;
    tsc__date_to_ymd(d, &y, &m, &dd);
    struct icaltimetype t = icaltime_null_date();
    t.year = y;
    t.month = m;
    t.day = dd;
    return make(t);
}

/* Local wall-clock time of t in the calendar's zone, with TZID. */
static icalproperty *local_time_prop(const tsc_ics_writer *w,
                                     icalproperty *(*make)(struct icaltimetype), tsc_time t)
{
    tsc_date d;
    int minute, offset, y, m, dd;
    if (tsc_time_to_local(w->cal, t, &d, &minute, &offset, NULL))
        return NULL;
    tsc__date_to_ymd(d, &y, &m, &dd);
    struct icaltimetype lt = icaltime_null_time();
    lt.year = y;
    lt.month = m;
    lt.day = dd;
    lt.hour = minute / 60;
    lt.minute = minute % 60;
    lt.second = (int)(((t + (tsc_time)offset * 60) % 60 + 60) % 60);
    icalproperty *p = make(lt);
    if (p)
        icalproperty_add_parameter(p, icalparameter_new_tzid(tsc_calendar_zone(w->cal)));
    return p;
}

/* Adds p to c, or remembers that something failed. */
static void add(icalcomponent *c, icalproperty *p, bool *ok)
{
    if (p)
        icalcomponent_add_property(c, p);
    else
        *ok = false;
}

static void format_day(tsc_date d, char *buf, size_t n)
{
    if (!tsc_date_format(d, buf, n))
        snprintf(buf, n, "?");
}

/* "2026-03-07" or "2026-03-07 14:00". */
static void format_due(const tsc_ics_writer *w, const tsc_item *it, char *buf, size_t n)
{
    tsc_date d;
    int minute, offset;
    if ((it->flags & TSC_ITEM_TIMED) &&
        tsc_time_to_local(w->cal, it->due_time, &d, &minute, &offset, NULL) == TSC_OK) {
        char day[16];
        format_day(d, day, sizeof day);
        snprintf(buf, n, "%s %02d:%02d", day, minute / 60, minute % 60);
    } else {
        format_day(it->due, buf, n);
    }
}

/* Words of a kebab-case event name: "cp-visit" -> "CP visit".  Short
 * words without a vowel, or with a digit, are abbreviations (cp, pdr,
 * s47); a few with vowels are listed. */
static void humanise(struct buf *b, const char *event)
{
    static const char *const upper[] = {"cin", "lac", "icpc", "iro", "pa", "qa", "ico", "sgo",
                                        "ehcp", "pep", "lado", "dbs", "epo", "ppo", "cla", "cse",
                                        "ehc", "ihc", "ceo", "uasc"};
    bool first = true;
    for (const char *p = event; *p;) {
        size_t n = strcspn(p, "-");
        char word[64];
        snprintf(word, sizeof word, "%.*s", (int)(n < 63 ? n : 63), p);
        bool vowel = strpbrk(word, "aeiouy") != NULL, digit = strpbrk(word, "0123456789") != NULL;
        bool abbrev = (!vowel || digit) && strlen(word) <= 5;
        for (size_t i = 0; i < sizeof upper / sizeof upper[0] && !abbrev; i++)
            abbrev = strcmp(word, upper[i]) == 0;
        if (!first)
            buf_add(b, " ", 1);
        for (size_t i = 0; word[i]; i++) {
            char c = word[i];
            if (abbrev || (first && i == 0))
                c = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
            buf_add(b, &c, 1);
        }
        first = false;
        p += n;
        if (*p == '-')
            p++;
    }
}

/* The role up to its first parenthesis or semicolon (the packs explain
 * roles there). */
static size_t short_role(const char *role)
{
    size_t n = strcspn(role, "(;");
    while (n && role[n - 1] == ' ')
        n--;
    return n;
}

struct item_ctx {
    const tsc_pack *pack;
    const char *case_id;
    const tsc_item *it;
    tsc_rule_info info;
    bool show_occurrence;
    struct buf uid, summary, description, due_text;
    tsc_date reminder_day;
    struct icaldurationtype trigger;
    icalparameter_related related;
};

static void ctx_free(struct item_ctx *x)
{
    free(x->uid.p);
    free(x->summary.p);
    free(x->description.p);
    free(x->due_text.p);
}

static void item_uid(struct item_ctx *x, const char *suffix)
{
    struct buf *b = &x->uid;
    b->n = 0;
    pct_encode(b, x->case_id);
    buf_add(b, ".", 1);
    if (strcmp(x->it->rule_id, "rule") != 0) {
        buf_puts(b, x->it->rule_id);
    } else {
        /* A one-rule pack (tsc_pack_from_rule) calls every rule "rule":
         * the rule's words tell two of them apart. */
        struct buf key = {0};
        buf_printf(&key, "%s\n%s", x->it->rule_text, x->it->schedules);
        buf_printf(b, "rule-%08x", (unsigned)(tsc__ics_hash(buf_str(&key), key.n) >> 32));
        b->failed |= key.failed;
        free(key.p);
    }
    buf_printf(b, ".%d%s%s", (int)x->it->occurrence, suffix, UID_DOMAIN);
}

static void item_texts(const tsc_ics_writer *w, struct item_ctx *x)
{
    const tsc_item *it = x->it;
    const tsc_rule_info *info = &x->info;
    char due[40], day[16];
    format_due(w, it, due, sizeof due);
    buf_puts(&x->due_text, due);

    struct buf *s = &x->summary;
    if ((it->flags & TSC_ITEM_DONE) && !(w->flags & TSC_ICS_TODO))
        buf_puts(s, "Done: ");
    /* A one-rule pack's occurrences are called "occurrence" unless the
     * caller named them: the rule's own words say more. */
    if (strcmp(it->schedules, "occurrence") == 0)
        buf_puts(s, it->rule_text);
    else
        humanise(s, it->schedules);
    if (x->show_occurrence)
        buf_printf(s, " %d", (int)it->occurrence);
    size_t role = it->role ? short_role(it->role) : 0;
    if (role) {
        buf_puts(s, " \xe2\x80\x94 ");   /* em dash */
        buf_add(s, it->role, role);
    }

    struct buf *d = &x->description;
    if (info->quote[0])
        buf_printf(d, "\xe2\x80\x9c%s\xe2\x80\x9d\n", info->quote);
    const char *authority = tsc_pack_authority(x->pack);
    if (authority[0] || info->section[0])
        buf_printf(d, "%s%s%s\n", authority, authority[0] && info->section[0] ? ", " : "",
                   info->section);
    buf_printf(d, "Rule %s: %s\n", it->rule_id, it->rule_text);
    if (it->role && it->role[0])
        buf_printf(d, "Role: %s\n", it->role);
    char anchor[40];
    if ((it->flags & TSC_ITEM_TIMED) && !(it->flags & TSC_ITEM_MIDNIGHT)) {
        tsc_date ad;
        int minute, offset;
        if (tsc_time_to_local(w->cal, it->anchor_time, &ad, &minute, &offset, NULL) == TSC_OK) {
            format_day(ad, day, sizeof day);
            snprintf(anchor, sizeof anchor, "%s %02d:%02d", day, minute / 60, minute % 60);
        } else {
            format_day(it->anchor_date, anchor, sizeof anchor);
        }
    } else {
        format_day(it->anchor_date, anchor, sizeof anchor);
    }
    buf_printf(d, "Counted from: %s on %s%s\n", it->anchor_event, anchor,
               it->flags & TSC_ITEM_MIDNIGHT ? " (no time recorded: counted from 00:00)" : "");
    if (it->flags & TSC_ITEM_WINDOW) {
        format_day(it->window_start, day, sizeof day);
        buf_printf(d, "Window: from %s to %s\n", day, due);
    }
    buf_printf(d, "Due: %s%s%s\n", due, it->flags & TSC_ITEM_TIMED ? " " : "",
               it->flags & TSC_ITEM_TIMED ? tsc_calendar_zone(w->cal) : "");
    buf_puts(d, it->flags & TSC_ITEM_PROJECTED
                    ? "Projected: counted from an event that is not recorded yet, so the date "
                      "may move\n"
                    : "Firm: counted from recorded events\n");
    if (it->flags & TSC_ITEM_DONE) {
        format_day(it->done_on, day, sizeof day);
        buf_printf(d, "Done: recorded on %s%s\n", day,
                   it->flags & TSC_ITEM_LATE ? ", after the due date" : "");
    }
    buf_printf(d, "Case: %s", x->case_id);
}

/* The reminder day and the VALARM trigger that lands on 09:00 local that
 * day, relative to the component's start (or end, for a window or a
 * VTODO's DUE). */
static tsc_status item_reminder(const tsc_ics_writer *w, struct item_ctx *x, tsc_error *err)
{
    const tsc_item *it = x->it;
    bool timed = it->flags & TSC_ITEM_TIMED, todo = w->flags & TSC_ICS_TODO;
    tsc_date due_day = it->due;
    int minute, offset;
    tsc_status st = timed ? tsc_time_to_local(w->cal, it->due_time, &due_day, &minute, &offset,
                                              err)
                          : TSC_OK;
    if (!st)
        st = tsc_calendar_add_working_days(w->cal, due_day, -w->alarm_days, &x->reminder_day,
                                           err);
    tsc_time at, from;
    if (!st)
        st = tsc_time_from_local(w->cal, x->reminder_day, (int)w->alarm_minute, &at, err);
    x->related = todo || (it->flags & TSC_ITEM_WINDOW) ? ICAL_RELATED_END : ICAL_RELATED_START;
    if (!st && timed)
        from = it->due_time;
    else if (!st)
        st = tsc_time_from_local(w->cal,
                                 !todo && (it->flags & TSC_ITEM_WINDOW) ? it->due + 1 : it->due,
                                 0, &from, err);
    if (st)
        return st;
    tsc_time delta = at - from;
    tsc_time mag = delta < 0 ? -delta : delta;
    x->trigger = icaldurationtype_null_duration();
    x->trigger.is_neg = delta < 0;
    x->trigger.hours = (unsigned)(mag / 3600);
    x->trigger.minutes = (unsigned)(mag % 3600 / 60);
    x->trigger.seconds = (unsigned)(mag % 60);
    return TSC_OK;
}

static void add_categories(icalcomponent *c, const struct item_ctx *x, bool *ok)
{
    const char *authority = tsc_pack_authority(x->pack);
    if (authority[0])
        add(c, icalproperty_new_categories(authority), ok);
    if (x->info.area[0])
        add(c, icalproperty_new_categories(x->info.area), ok);
}

/* The item's VEVENT or VTODO, DTSTAMP and SEQUENCE as placeholders. */
static icalcomponent *item_component(const tsc_ics_writer *w, struct item_ctx *x)
{
    const tsc_item *it = x->it;
    bool todo = w->flags & TSC_ICS_TODO, timed = it->flags & TSC_ITEM_TIMED,
         done = it->flags & TSC_ITEM_DONE, ok = true;
    icalcomponent *c = icalcomponent_new(todo ? ICAL_VTODO_COMPONENT : ICAL_VEVENT_COMPONENT);
    if (!c)
        return NULL;
    add(c, icalproperty_new_uid(buf_str(&x->uid)), &ok);
    add(c, icalproperty_new_dtstamp(placeholder_stamp()), &ok);
    add(c, icalproperty_new_sequence(0), &ok);
    add(c, icalproperty_new_summary(buf_str(&x->summary)), &ok);
    if (todo) {
        if ((it->flags & TSC_ITEM_WINDOW) && !timed)
            add(c, date_prop(icalproperty_new_dtstart, it->window_start), &ok);
        add(c, timed ? local_time_prop(w, icalproperty_new_due, it->due_time)
                     : date_prop(icalproperty_new_due, it->due), &ok);
    } else if (timed) {
        add(c, local_time_prop(w, icalproperty_new_dtstart, it->due_time), &ok);
    } else {
        add(c, date_prop(icalproperty_new_dtstart,
                         it->flags & TSC_ITEM_WINDOW ? it->window_start : it->due), &ok);
        add(c, date_prop(icalproperty_new_dtend, it->due + 1), &ok);   /* exclusive */
    }
    add(c, icalproperty_new_description(buf_str(&x->description)), &ok);
    add_categories(c, x, &ok);
    if (todo) {
        add(c, icalproperty_new_status(done ? ICAL_STATUS_COMPLETED : ICAL_STATUS_NEEDSACTION),
            &ok);
        if (done) {
            tsc_time when = it->done_time;
            if (!(it->flags & TSC_ITEM_DONE_TIMED) &&
                tsc_time_from_local(w->cal, it->done_on, 0, &when, NULL))
                ok = false;
            add(c, icalproperty_new_completed(utc_from_time(when)), &ok);
            add(c, icalproperty_new_percentcomplete(100), &ok);
        }
    } else {
        /* RFC 5545 allows a VEVENT only TENTATIVE, CONFIRMED or CANCELLED
         * (libical flags COMPLETED), so a done event is CONFIRMED and its
         * SUMMARY starts "Done: "; a projected one is TENTATIVE. */
        add(c, icalproperty_new_status(!done && (it->flags & TSC_ITEM_PROJECTED)
                                           ? ICAL_STATUS_TENTATIVE
                                           : ICAL_STATUS_CONFIRMED), &ok);
        add(c, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT), &ok);
    }
    if (!done && w->alarm_days > 0) {
        icalcomponent *alarm = icalcomponent_new(ICAL_VALARM_COMPONENT);
        if (alarm) {
            struct buf text = {0};
            buf_printf(&text, "Reminder: %s due %s", buf_str(&x->summary),
                       buf_str(&x->due_text));
            add(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY), &ok);
            add(alarm, icalproperty_new_description(buf_str(&text)), &ok);
            struct icaltriggertype trigger = {icaltime_null_time(), x->trigger};
            icalproperty *p = icalproperty_new_trigger(trigger);
            if (p)
                icalproperty_add_parameter(p, icalparameter_new_related(x->related));
            add(alarm, p, &ok);
            ok &= !text.failed;
            free(text.p);
            icalcomponent_add_component(c, alarm);
        } else {
            ok = false;
        }
    }
    if (!ok) {
        icalcomponent_free(c);
        return NULL;
    }
    return c;
}

/* The separate all-day "Reminder: ..." VEVENT on the reminder day. */
static icalcomponent *reminder_component(const tsc_ics_writer *w, struct item_ctx *x,
                                         const char *item_uid)
{
    bool ok = true;
    icalcomponent *c = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    if (!c)
        return NULL;
    struct buf summary = {0}, description = {0};
    buf_printf(&summary, "Reminder: %s due %s", buf_str(&x->summary), buf_str(&x->due_text));
    buf_printf(&description, "%d working day%s before the due date (%s calendar).\n%s",
               (int)w->alarm_days, w->alarm_days == 1 ? "" : "s", tsc_calendar_name(w->cal),
               buf_str(&x->description));
    add(c, icalproperty_new_uid(buf_str(&x->uid)), &ok);
    add(c, icalproperty_new_dtstamp(placeholder_stamp()), &ok);
    add(c, icalproperty_new_sequence(0), &ok);
    add(c, icalproperty_new_summary(buf_str(&summary)), &ok);
    add(c, date_prop(icalproperty_new_dtstart, x->reminder_day), &ok);
    add(c, date_prop(icalproperty_new_dtend, x->reminder_day + 1), &ok);
    add(c, icalproperty_new_description(buf_str(&description)), &ok);
    add_categories(c, x, &ok);
    add(c, icalproperty_new_relatedto(item_uid), &ok);
    add(c, icalproperty_new_status(x->it->flags & TSC_ITEM_PROJECTED ? ICAL_STATUS_TENTATIVE
                                                                     : ICAL_STATUS_CONFIRMED),
        &ok);
    add(c, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT), &ok);
    ok &= !summary.failed && !description.failed;
    free(summary.p);
    free(description.p);
    if (!ok) {
        icalcomponent_free(c);
        return NULL;
    }
    return c;
}

static tsc_status add_item(tsc_ics_writer *w, struct pending *pd, const tsc_pack *pack,
                           const char *case_id, const tsc_item *it, bool show_occurrence,
                           tsc_error *err)
{
    struct item_ctx x = {.pack = pack, .case_id = case_id, .it = it,
                         .show_occurrence = show_occurrence};
    tsc_status st = tsc_pack_rule(pack, it->rule_index, &x.info, err);
    bool remind = !(it->flags & TSC_ITEM_DONE) && w->alarm_days > 0;
    if (!st && remind)
        st = item_reminder(w, &x, err);
    icalcomponent *c = NULL;
    char *uid = NULL;
    if (!st) {
        item_uid(&x, "");
        item_texts(w, &x);
        if (x.uid.failed || x.summary.failed || x.description.failed || x.due_text.failed)
            st = tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    }
    if (!st && !(c = item_component(w, &x)))
        st = tsc__fail(err, TSC_ERR_ICAL, "libical could not build the item of %s",
                       it->rule_id);
    if (!st)
        st = emit(w, pd, c, buf_str(&x.uid), err);
    if (c)
        icalcomponent_free(c);
    if (!st && remind && !(w->flags & TSC_ICS_NO_REMINDER_EVENTS)) {
        uid = malloc(x.uid.n + 1);
        if (!uid)
            st = tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
        else
            memcpy(uid, buf_str(&x.uid), x.uid.n + 1);
        if (!st)
            item_uid(&x, ".reminder");
        if (!st && !(c = reminder_component(w, &x, uid)))
            st = tsc__fail(err, TSC_ERR_ICAL, "libical could not build the reminder of %s",
                           it->rule_id);
        if (!st)
            st = emit(w, pd, c, buf_str(&x.uid), err);
        if (c)
            icalcomponent_free(c);
    }
    free(uid);
    ctx_free(&x);
    return st;
}

static tsc_status add_items(tsc_ics_writer *w, const tsc_pack *pack, const char *case_id,
                            const tsc_plan *plan, bool one_rule, size_t rule_index,
                            tsc_error *err)
{
    if (!w || !pack || !case_id || !plan)
        return tsc__fail(err, TSC_ERR_ARG, "writer, pack, case id or plan is NULL");
    if (w->finished)
        return tsc__fail(err, TSC_ERR_ARG, "the writer has already written its file");
    if (!case_id[0] || strlen(case_id) > MAX_CASE_ID)
        return tsc__fail(err, TSC_ERR_ARG, "a case id needs 1 to %d bytes", MAX_CASE_ID);
    size_t nrules = tsc_pack_rule_count(pack), nitems = tsc_plan_item_count(plan);
    if (one_rule && rule_index >= nrules)
        return tsc__fail(err, TSC_ERR_RANGE, "rule %zu is past the pack's %zu rules", rule_index,
                         nrules);
    if (nrules > w->multi_cap) {
        unsigned char *m = realloc(w->multi, nrules);
        if (!m)
            return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
        w->multi = m;
        w->multi_cap = nrules;
    }
    if (nrules)
        memset(w->multi, 0, nrules);
    /* A rule with more than one occurrence in the plan numbers them in the
     * SUMMARY ("CP visit 3"); a single deadline does not. */
    for (size_t i = 0; i < nitems; i++) {
        tsc_item it;
        if (tsc_plan_item(plan, i, &it, NULL) == TSC_OK && it.occurrence > 1 &&
            it.rule_index < nrules)
            w->multi[it.rule_index] = 1;
    }
    w->started = true;
    struct pending pd = {0};
    tsc_status st = TSC_OK;
    for (size_t i = 0; i < nitems && !st; i++) {
        tsc_item it;
        st = tsc_plan_item(plan, i, &it, err);
        if (!st && it.rule_index >= nrules)
            st = tsc__fail(err, TSC_ERR_ARG, "the plan was not computed with this pack");
        if (!st && (!one_rule || it.rule_index == rule_index))
            st = add_item(w, &pd, pack, case_id, &it, w->multi[it.rule_index], err);
    }
    if (!st)
        st = pending_commit(w, &pd, err);
    pending_free(&pd);
    return st;
}

tsc_status tsc_ics_writer_add_plan(tsc_ics_writer *w, const tsc_pack *pack, const char *case_id,
                                   const tsc_plan *plan, tsc_error *err)
{
    return add_items(w, pack, case_id, plan, false, 0, err);
}

tsc_status tsc_ics_writer_add_rule(tsc_ics_writer *w, const tsc_pack *pack, const char *case_id,
                                   const tsc_plan *plan, size_t rule_index, tsc_error *err)
{
    return add_items(w, pack, case_id, plan, true, rule_index, err);
}

/* ---- holidays ---- */

static icalcomponent *holiday_component(const tsc_holiday *h, const char *uid)
{
    bool ok = true;
    icalcomponent *c = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    if (!c)
        return NULL;
    struct buf summary = {0};
    buf_printf(&summary, "%s%s", h->name,
               h->flags & TSC_HOLIDAY_SUBSTITUTE ? " (substitute day)" : "");
    add(c, icalproperty_new_uid(uid), &ok);
    add(c, icalproperty_new_dtstamp(placeholder_stamp()), &ok);
    add(c, icalproperty_new_sequence(0), &ok);
    add(c, icalproperty_new_summary(buf_str(&summary)), &ok);
    add(c, date_prop(icalproperty_new_dtstart, h->date), &ok);
    add(c, date_prop(icalproperty_new_dtend, h->date + 1), &ok);
    add(c, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT), &ok);
    ok &= !summary.failed;
    free(summary.p);
    if (!ok) {
        icalcomponent_free(c);
        return NULL;
    }
    return c;
}

tsc_status tsc_ics_writer_add_holidays(tsc_ics_writer *w, tsc_date from, tsc_date to,
                                       tsc_error *err)
{
    if (!w)
        return tsc__fail(err, TSC_ERR_ARG, "writer is NULL");
    if (w->finished)
        return tsc__fail(err, TSC_ERR_ARG, "the writer has already written its file");
    size_t n = 0;
    tsc_status st = tsc_calendar_holidays(w->cal, from, to, NULL, 0, &n, err);
    if (st)
        return st;
    tsc_holiday *hols = malloc((n ? n : 1) * sizeof *hols);
    if (!hols)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    st = tsc_calendar_holidays(w->cal, from, to, hols, n, &n, err);
    w->started = true;
    struct pending pd = {0};
    struct buf uid = {0};
    for (size_t i = 0; i < n && !st; i++) {
        int y, m, d;
        tsc__date_to_ymd(hols[i].date, &y, &m, &d);
        uid.n = 0;
        buf_puts(&uid, "holiday.");
        pct_encode(&uid, tsc_calendar_name(w->cal));
        buf_printf(&uid, ".%04d%02d%02d.", y, m, d);
        pct_encode(&uid, hols[i].name);
        buf_puts(&uid, UID_DOMAIN);
        icalcomponent *c = uid.failed ? NULL : holiday_component(&hols[i], buf_str(&uid));
        st = c ? emit(w, &pd, c, buf_str(&uid), err)
               : tsc__fail(err, TSC_ERR_ICAL, "libical could not build a holiday");
        if (c)
            icalcomponent_free(c);
    }
    if (!st)
        st = pending_commit(w, &pd, err);
    pending_free(&pd);
    free(uid.p);
    free(hols);
    return st;
}

/* ---- the previous export ---- */

tsc_status tsc_ics_writer_load_previous(tsc_ics_writer *w, const char *path, tsc_error *err)
{
    tsc_status st = check_settable(w, err);
    if (st)
        return st;
    if (!path)
        return tsc__fail(err, TSC_ERR_ARG, "path is NULL");
    if (w->prev.path)
        return tsc__fail(err, TSC_ERR_ARG, "a previous file is already loaded");
    return tsc__prev_load(path, &w->prev, err);
}

/* A previous component the new output lacks: written again, cancelled. */
static tsc_status cancel_component(tsc_ics_writer *w, const struct tsc__prev_item *p,
                                   icalcomponent *c, struct buf *out, tsc_error *err)
{
    int sequence = p->cancelled ? p->sequence : p->sequence + 1;
    struct icaltimetype stamp =
        p->cancelled && !icaltime_is_null_time(p->dtstamp) ? p->dtstamp : w->dtstamp;
    icalproperty *prop;
    while ((prop = icalcomponent_get_first_property(c, ICAL_STATUS_PROPERTY))) {
        icalcomponent_remove_property(c, prop);
        icalproperty_free(prop);
    }
    icalcomponent *alarm;
    while ((alarm = icalcomponent_get_first_component(c, ICAL_VALARM_COMPONENT))) {
        icalcomponent_remove_component(c, alarm);
        icalcomponent_free(alarm);
    }
    bool ok = true;
    add(c, icalproperty_new_status(ICAL_STATUS_CANCELLED), &ok);
    if ((prop = icalcomponent_get_first_property(c, ICAL_SEQUENCE_PROPERTY)))
        icalproperty_set_sequence(prop, sequence);
    else
        add(c, icalproperty_new_sequence(sequence), &ok);
    if ((prop = icalcomponent_get_first_property(c, ICAL_DTSTAMP_PROPERTY)))
        icalproperty_set_dtstamp(prop, stamp);
    else
        add(c, icalproperty_new_dtstamp(stamp), &ok);
    if (!ok)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    tsc_status st = track_zones(w, c, err);
    return st ? st : serialise(c, out, err);
}

static tsc_status cancel_prev(tsc_ics_writer *w, const struct tsc__prev_item *p,
                              struct buf *out, tsc_error *err)
{
    icalcomponent *c;
    tsc_status st = tsc__prev_component(&w->prev, p, &c, err);
    if (st)
        return st;
    st = cancel_component(w, p, c, out, err);
    icalcomponent_free(c);
    return st;
}

/* ---- output ---- */

static tsc_status finish(tsc_ics_writer *w, tsc_error *err)
{
    if (!w)
        return tsc__fail(err, TSC_ERR_ARG, "writer is NULL");
    if (w->finished)
        return TSC_OK;
    tsc_status st = TSC_OK;
    struct buf cancelled = {0};
    for (size_t i = 0; i < w->prev.n && !st; i++)
        if (!w->prev.items[i].seen) {
            st = cancel_prev(w, &w->prev.items[i], &cancelled, err);
            w->count += !st;
        }
    if (!st && cancelled.n)
        st = body_add(w, cancelled.p, cancelled.n, err);
    free(cancelled.p);
    if (st)
        return st;
    char prodid[64];
    snprintf(prodid, sizeof prodid, "-//timescale//timescale %s//EN", tsc_version());
    icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
    bool ok = cal != NULL;
    if (ok) {
        add(cal, icalproperty_new_prodid(prodid), &ok);
        add(cal, icalproperty_new_version("2.0"), &ok);
        add(cal, icalproperty_new_calscale("GREGORIAN"), &ok);
        add(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH), &ok);
        if (w->name) {
            icalproperty *p = icalproperty_new_x(w->name);
            if (p)
                icalproperty_set_x_name(p, "X-WR-CALNAME");
            add(cal, p, &ok);
        }
    }
    if (!ok)
        st = tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < w->nzones && !st; i++) {
        icalcomponent *vtz;
        st = vtimezone(w->zones[i].tzid, w->zones[i].y0, w->zones[i].y1, &vtz, err);
        if (!st)
            icalcomponent_add_component(cal, vtz);
    }
    struct buf head = {0};
    if (!st)
        st = serialise(cal, &head, err);
    if (cal)
        icalcomponent_free(cal);
    size_t footer = strlen(FOOTER);
    if (!st && (head.n < footer || strcmp(head.p + head.n - footer, FOOTER) != 0))
        st = tsc__fail(err, TSC_ERR_ICAL, "unexpected VCALENDAR text from libical");
    if (st) {
        free(head.p);
        return st;
    }
    head.n -= footer;
    head.p[head.n] = '\0';
    w->head = head;
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
        st = sink(ctx, buf_str(&w->body), w->body.n, err);
    }
    return st ? st : sink(ctx, FOOTER, strlen(FOOTER), err);
}

struct file_sink {
    FILE *stream;
    const char *path;
};

static tsc_status to_buf(void *ctx, const char *p, size_t n, tsc_error *err)
{
    struct buf *b = ctx;
    buf_add(b, p, n);
    return b->failed ? tsc__fail(err, TSC_ERR_NOMEM, "out of memory") : TSC_OK;
}

static tsc_status to_stream(void *ctx, const char *p, size_t n, tsc_error *err)
{
    struct file_sink *f = ctx;
    if (fwrite(p, 1, n, f->stream) == n)
        return TSC_OK;
    return tsc__fail_at(err, TSC_ERR_IO, f->path, 0, 0, "write failed: %s", strerror(errno));
}

tsc_status tsc_ics_writer_write_file(tsc_ics_writer *w, const char *path, tsc_error *err)
{
    if (!path)
        return tsc__fail(err, TSC_ERR_ARG, "path is NULL");
    tsc_status st = finish(w, err);
    tsc_outfile *out = NULL;
    if (!st)
        st = tsc_outfile_open(path, &out, err);
    if (st)
        return st;
    struct file_sink sink = {tsc_outfile_stream(out), path};
    st = emit_text(w, to_stream, &sink, err);
    if (st) {
        tsc_outfile_abort(out);
        return st;
    }
    return tsc_outfile_commit(out, err);
}

tsc_status tsc_ics_writer_write_string(tsc_ics_writer *w, char **out, size_t *len,
                                       tsc_error *err)
{
    if (!out)
        return tsc__fail(err, TSC_ERR_ARG, "out is NULL");
    tsc_status st = finish(w, err);
    struct buf b = {0};
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
