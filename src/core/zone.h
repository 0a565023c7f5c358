/* zone.h -- the time zones hour rules need (zone.c) and instants as
 * wall-clock time in them (time.c), below calendars (never installed). */
#ifndef TSC_ZONE_H
#define TSC_ZONE_H

#include "internal.h"

/* ---- time zones (zone.c) ---- */

struct tsc__zone;
const struct tsc__zone *tsc__zone_find(const char *name);
const char *tsc__zone_name(const struct tsc__zone *z);
int tsc__zone_first_year(const struct tsc__zone *z);
/* UTC offset in seconds at instant t; false when t is outside the zone's years. */
bool tsc__zone_offset_at(const struct tsc__zone *z, tsc_time t, int32_t *offset);

/* ---- instants in a zone (time.c): a calendar's public tsc_time_*
 * functions, for the calendar's zone; pointers are not NULL. ---- */

tsc_status tsc__zone_from_local(const struct tsc__zone *z, tsc_date d, int minute_of_day,
                                tsc_time *out, tsc_error *err);
tsc_status tsc__zone_to_local(const struct tsc__zone *z, tsc_time t, tsc_date *date,
                              int *minute_of_day, int *utc_offset_minutes, tsc_error *err);
tsc_status tsc__zone_parse_time(const struct tsc__zone *z, const char *text, tsc_time *out,
                               tsc_error *err);
size_t tsc__zone_format_time(const struct tsc__zone *z, tsc_time t, char *buf, size_t size);

#endif
