/* ics_writer.c -- the iCalendar writer: its settings, the set of UIDs
 * written, and each plan's components serialised into the body as soon as
 * they are built (ics_writer.h says how the files of the writer divide). */
#include "ics_writer.h"
#include "date.h"
#include "text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { DEFAULT_ALARM_MINUTE = 9 * 60 };

tsc_status tsc_ics_writer_new(const tsc_calendar *cal, unsigned flags, tsc_ics_writer **out,
                              tsc_error *err)
{
    if (!cal || !out)
        return tsc__fail(err, TSC_ERR_ARG, "cal or out is NULL");
    if (flags & ~(unsigned)(TSC_ICS_TODO | TSC_ICS_NO_REMINDER_EVENTS | TSC_ICS_STALE_REMOVED))
        return tsc__fail(err, TSC_ERR_ARG, "unknown flags 0x%x", flags);
    tsc_ics_writer *w = calloc(1, sizeof *w);
    if (!w)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    w->cal = cal;
    w->flags = flags;
    w->alarm_days = 1;
    w->alarm_minute = DEFAULT_ALARM_MINUTE;
    w->dtstamp = tsc__ics_utc((tsc_time)time(NULL));
    *out = w;
    return TSC_OK;
}

void tsc_ics_writer_free(tsc_ics_writer *w)
{
    if (!w)
        return;
    free(w->name);
    tsc__ics_body_free(w);
    free(w->head.p);
    free(w->uids);
    tsc__prev_free(&w->prev);
    free(w->multi);
    for (size_t i = 0; i < w->nmemos; i++)
        tsc__ics_memo_free(&w->memos[i]);
    free(w->memos);
    free(w);
}

tsc_status tsc__ics_check_settable(tsc_ics_writer *w, tsc_error *err)
{
    if (!w)
        return tsc__fail(err, TSC_ERR_ARG, "writer is NULL");
    if (w->started || w->finished)
        return tsc__fail(err, TSC_ERR_ARG, "settings must come before the first add");
    if (w->stream_path)
        return tsc__fail(err, TSC_ERR_ARG, "settings and reservations must come before "
                         "tsc_ics_writer_stream_file()");
    return TSC_OK;
}

tsc_status tsc_ics_writer_set_alarm(tsc_ics_writer *w, int32_t working_days,
                                    int32_t minute_of_day, tsc_error *err)
{
    tsc_status st = tsc__ics_check_settable(w, err);
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
    tsc_status st = tsc__ics_check_settable(w, err);
    if (st)
        return st;
    if (dtstamp < 0 || dtstamp > tsc__midnight_utc(TSC_DATE_MAX))
        return tsc__fail(err, TSC_ERR_RANGE, "DTSTAMP out of range");
    w->dtstamp = tsc__ics_utc(dtstamp);
    return TSC_OK;
}

tsc_status tsc_ics_writer_set_name(tsc_ics_writer *w, const char *name, tsc_error *err)
{
    tsc_status st = tsc__ics_check_settable(w, err);
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

/* Eight octets a step and a final mix (FNV's octet a step showed in
 * profiles); only this set uses it, the previous items are keyed apart. */
uint64_t tsc__ics_uid_key(const char *uid)
{
    size_t n = strlen(uid);
    uint64_t h = 0x9e3779b97f4a7c15u ^ n, word;
    for (; n >= 8; n -= 8, uid += 8) {
        memcpy(&word, uid, 8);
        h = (h ^ word) * 0xbf58476d1ce4e5b9u;
        h ^= h >> 31;
    }
    word = 0;
    memcpy(&word, uid, n);
    h = (h ^ word) * 0x94d049bb133111ebu;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 32;
    return h ? h : 1;
}

void tsc__ics_uid_prefetch(const tsc_ics_writer *w, uint64_t key)
{
    if (w->uid_cap)
        __builtin_prefetch(&w->uids[key & (w->uid_cap - 1)]);
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

/* ---- serialising ---- */

/* libical 3.0 folds a property's text with its CR LF, so a line whose end
 * falls on the 75th octet comes out as "...\r" "\r\n " "\n" (a stray CR
 * that ical.js keeps in the value), or as "..." "\r\n " "\r\n".  Either
 * fold splits nothing: unfolding it gives the same text, and so does
 * dropping it, which this does. */
static void append_unbroken(struct tsc__text *out, const char *text)
{
    const char *p = text;
    for (;;) {
        const char *a = strstr(p, "\r\r\n \n"), *b = strstr(p, "\r\n \r\n");
        const char *hit = a && (!b || a < b) ? a : b;
        if (!hit) {
            tsc__text_puts(out, p);
            return;
        }
        tsc__text_add(out, p, (size_t)(hit - p));
        tsc__text_add(out, "\r\n", 2);
        p = hit + 5;   /* both patterns are 5 octets */
    }
}

tsc_status tsc__ics_serialise(icalcomponent *c, struct tsc__text *out, tsc_error *err)
{
    char *text = icalcomponent_as_ical_string_r(c);
    if (!text)
        return tsc__fail(err, TSC_ERR_ICAL, "libical could not serialise a component");
    append_unbroken(out, text);
    icalmemory_free_buffer(text);
    return out->failed ? tsc__fail(err, TSC_ERR_NOMEM, "out of memory") : TSC_OK;
}

tsc_status tsc__ics_zones_note(struct tsc__ics_zone_use *zones, size_t *n, const char *tzid,
                               int year, tsc_error *err)
{
    size_t i = 0;
    while (i < *n && strcmp(zones[i].tzid, tzid) != 0)
        i++;
    if (i == *n) {
        if (*n == TSC__ICS_MAX_ZONES || strlen(tzid) >= sizeof zones[0].tzid)
            return tsc__fail(err, TSC_ERR_ICAL, "too many time zones (at '%.60s')", tzid);
        snprintf(zones[i].tzid, sizeof zones[i].tzid, "%s", tzid);
        zones[i].y0 = zones[i].y1 = year;
        (*n)++;
    }
    if (year < zones[i].y0)
        zones[i].y0 = year;
    if (year > zones[i].y1)
        zones[i].y1 = year;
    return TSC_OK;
}

tsc_status tsc__ics_note_zone(tsc_ics_writer *w, const char *tzid, int year, tsc_error *err)
{
    return tsc__ics_zones_note(w->zones, &w->nzones, tzid, year, err);
}

/* Notes the zone and year of every time with a TZID, for the VTIMEZONEs. */
tsc_status tsc__ics_track_zones(tsc_ics_writer *w, icalcomponent *c, tsc_error *err)
{
    tsc_status st = TSC_OK;
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_ANY_PROPERTY); p && !st;
         p = icalcomponent_get_next_property(c, ICAL_ANY_PROPERTY)) {
        icalparameter *tz = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
        icalvalue *v = tz ? icalproperty_get_value(p) : NULL;
        if (v && icalvalue_isa(v) == ICAL_DATETIME_VALUE)
            st = tsc__ics_note_zone(w, icalparameter_get_tzid(tz), icalvalue_get_datetime(v).year,
                                    err);
    }
    return st;
}

/* ---- components into the body ---- */

static tsc_status pending_note(struct tsc__ics_pending *pd, uint64_t key,
                               struct tsc__prev_item *prev, tsc_error *err)
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

void tsc__ics_pending_free(struct tsc__ics_pending *pd)
{
    free(pd->text.p);
    free(pd->keys);
    free(pd->seen);
}

static void two_digits(char *p, int v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

/* "DTSTAMP:...\r\n" as libical writes an icaltimetype (Z when UTC). */
static void stamp_line(struct tsc__text *t, struct icaltimetype s)
{
    char buf[32] = "DTSTAMP:";
    two_digits(buf + 8, s.year / 100);
    two_digits(buf + 10, s.year % 100);
    two_digits(buf + 12, s.month);
    two_digits(buf + 14, s.day);
    buf[16] = 'T';
    two_digits(buf + 17, s.hour);
    two_digits(buf + 19, s.minute);
    two_digits(buf + 21, s.second);
    size_t n = 23;
    if (icaltime_is_utc(s))
        buf[n++] = 'Z';
    buf[n++] = '\r';
    buf[n++] = '\n';
    tsc__text_add(t, buf, n);
}

static void sequence_line(struct tsc__text *t, int sequence)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "SEQUENCE:%d\r\n", sequence);
    tsc__text_add(t, buf, (size_t)n);
}

tsc_status tsc__ics_emit(tsc_ics_writer *w, struct tsc__ics_pending *pd,
                         const struct tsc__ics_comp *c, size_t stamp_at, const char *uid,
                         tsc_error *err)
{
    uint64_t key = tsc__ics_uid_key(uid);
    if (uid_seen(w, key))
        return tsc__fail(err, TSC_ERR_ARG, "UID %s is already in the file (a case added twice?)",
                         uid);
    for (size_t i = 0; i < pd->nkeys; i++)
        if (pd->keys[i] == key)
            return tsc__fail(err, TSC_ERR_ARG, "two items have the UID %s", uid);
    struct tsc__prev_item *prev = tsc__ics_find_prev(w, uid);
    struct icaltimetype stamp = w->dtstamp;
    int sequence = 0;
    if (prev) {
        /* The fingerprint leaves DTSTAMP and SEQUENCE out, so the text
         * without them has the one the file will have. */
        bool same = tsc__ics_text_fingerprint(c->text.p, c->text.n) == prev->fingerprint;
        sequence = same ? prev->sequence : prev->sequence + 1;
        if (same && !icaltime_is_null_time(prev->dtstamp))
            stamp = prev->dtstamp;
    }
    tsc__text_add(&pd->text, c->text.p, stamp_at);
    stamp_line(&pd->text, stamp);
    if (sequence == 0)
        tsc__text_add(&pd->text, "SEQUENCE:0\r\n", 12);
    else
        sequence_line(&pd->text, sequence);
    tsc__text_add(&pd->text, c->text.p + stamp_at, c->text.n - stamp_at);
    if (pd->text.failed)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    tsc_status st = pending_note(pd, key, prev, err);
    if (!st)
        pd->count++;
    return st;
}

/* Moves a plan's components into the body, or nothing when one failed. */
tsc_status tsc__ics_pending_commit(tsc_ics_writer *w, struct tsc__ics_pending *pd,
                                   tsc_error *err)
{
    for (size_t i = 0; i < pd->nkeys; i++)
        if (!uid_insert(w, pd->keys[i]))
            return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    tsc_status st = tsc__ics_body_add(w, tsc__text_str(&pd->text), pd->text.n, err);
    if (st)
        return st;
    for (size_t i = 0; i < pd->nseen; i++)
        pd->seen[i]->seen = true;
    w->count += pd->count;
    return TSC_OK;
}

