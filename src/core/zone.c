/* zone.c -- the few time zones hour rules need, as rules (no tz database).
 *
 * Europe/London follows tzdata's GB-Eire and EU rules from 1972 (before
 * that Britain tried year-round BST, 1968-71); Atlantic/St_Helena has been
 * plain GMT since 1951.  tests/test_zone checks every transition against the
 * system's zoneinfo. */
#include "zone.h"
#include "date.h"

#include <string.h>

enum dst_rules { NO_DST, UK_DST };

struct tsc__zone {
    const char *name;
    int first_year;       /* rules known from 1 January of this year (UTC) */
    enum dst_rules dst;
};

static const struct tsc__zone zones[] = {
    {"Europe/London", 1972, UK_DST},
    {"Atlantic/St_Helena", 1951, NO_DST},
    {"UTC", 1, NO_DST},
};

const struct tsc__zone *tsc__zone_find(const char *name)
{
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (strcmp(zones[i].name, name) == 0)
            return &zones[i];
    return NULL;
}

const char *tsc__zone_name(const struct tsc__zone *z) { return z->name; }

int tsc__zone_first_year(const struct tsc__zone *z) { return z->first_year; }

static tsc_time utc_instant(tsc_date d, int hour)
{
    return tsc__midnight_utc(d) + hour * 3600;
}

static tsc_date last_sunday(int year, int month)
{
    tsc_date last = tsc__ymd_to_date(year, month, tsc_date_days_in_month(year, month));
    return last - tsc__weekday(last) % 7;
}

static tsc_date sunday_on_or_after(int year, int month, int day)
{
    tsc_date d = tsc__ymd_to_date(year, month, day);
    return d + (7 - tsc__weekday(d)) % 7;
}

/* British Summer Time in `year`, as UTC instants [start, end). */
static void uk_summer_time(int year, tsc_time *start, tsc_time *end)
{
    if (year <= 1980) {            /* Sun>=16 Mar and Sun>=23 Oct, 02:00 GMT */
        *start = utc_instant(sunday_on_or_after(year, 3, 16), 2);
        *end = utc_instant(sunday_on_or_after(year, 10, 23), 2);
    } else if (year <= 1995) {     /* lastSun Mar; Sun>=23 (to 1989) or Sun>=22 Oct; 01:00 UTC */
        *start = utc_instant(last_sunday(year, 3), 1);
        *end = utc_instant(sunday_on_or_after(year, 10, year <= 1989 ? 23 : 22), 1);
    } else {                       /* EU rules: last Sundays of March and October, 01:00 UTC */
        *start = utc_instant(last_sunday(year, 3), 1);
        *end = utc_instant(last_sunday(year, 10), 1);
    }
}

enum { FIRST_INSTANT_DAYS = TSC_DATE_MIN - TSC__UNIX_EPOCH_DAY,
       LAST_INSTANT_DAYS = TSC_DATE_MAX - TSC__UNIX_EPOCH_DAY };

bool tsc__zone_offset_at(const struct tsc__zone *z, tsc_time t, int32_t *offset)
{
    /* Range first, so that no arithmetic below can overflow. */
    if (t < (tsc_time)FIRST_INSTANT_DAYS * TSC__SECONDS_PER_DAY ||
        t >= ((tsc_time)LAST_INSTANT_DAYS + 1) * TSC__SECONDS_PER_DAY)
        return false;
    int year = tsc__date_year((tsc_date)(tsc__days_since_epoch(t) + TSC__UNIX_EPOCH_DAY));
    if (year < z->first_year)
        return false;
    *offset = 0;
    if (z->dst == UK_DST) {
        tsc_time start, end;
        uk_summer_time(year, &start, &end);
        if (t >= start && t < end)
            *offset = 3600;
    }
    return true;
}
