/* ics_vtimezone.c -- the VTIMEZONE components of the writer's file: libical's
 * zone data cut to the years the file uses, cached per (zone, years). */
#include "ics_writer.h"
#include "date.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { ZONE_CACHE = 16 };

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
    tsc_time from = tsc__midnight_utc(tsc__ymd_to_date(y0, 1, 1));
    tsc_time to = tsc__midnight_utc(tsc__ymd_to_date(y1 + 1, 1, 1));
    struct icaltimetype probe = tsc__ics_utc(from);
    int offset = icaltimezone_get_utc_offset_of_utc_time(zone, &probe, NULL);
    if (offset > 0)
        from -= offset;
    else
        to -= offset;
    icaltimezone_truncate_vtimezone(vtz, tsc__ics_utc(from), tsc__ics_utc(to), 0);
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

tsc_status tsc__ics_vtimezone(const char *tzid, int y0, int y1, icalcomponent **out,
                              tsc_error *err)
{
    pthread_mutex_lock(&zone_lock);
    tsc_status st = vtimezone_locked(tzid, y0, y1, out, err);
    pthread_mutex_unlock(&zone_lock);
    return st;
}

