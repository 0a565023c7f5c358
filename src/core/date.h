/* date.h -- day numbers, Gregorian dates and the instants of
 * midnights (date.c); the Unix epoch's day number is defined here only. */
#ifndef TSC_DATE_H
#define TSC_DATE_H

#include "internal.h"

static inline bool tsc__date_valid(tsc_date d) { return d >= TSC_DATE_MIN && d <= TSC_DATE_MAX; }
/* y, m, d already valid. */
tsc_date tsc__ymd_to_date(int y, int m, int d);
/* d already valid. */
void tsc__date_to_ymd(tsc_date d, int *y, int *m, int *dd);
/* ISO weekday 1..7 of a valid date. */
static inline int tsc__weekday(tsc_date d) { return (int)((d - 1) % 7) + 1; }
/* Year of a valid date (cheaper than the full split when only that is needed). */
int tsc__date_year(tsc_date d);
/* Easter Sunday; year 1..9999. */
tsc_date tsc__easter(int year);
/* Month arithmetic without range checks on the result year (caller checks). */
bool tsc__add_months(tsc_date d, int64_t months, bool keep_eom, tsc_date *out);
/* tsc_time counts seconds from 1970-01-01 00:00 UTC, whose day number
 * this is. */
enum { TSC__UNIX_EPOCH_DAY = 719163, TSC__SECONDS_PER_DAY = 86400 };
/* The instant of 00:00 UTC on d. */
static inline tsc_time tsc__midnight_utc(tsc_date d)
{
    return ((tsc_time)d - TSC__UNIX_EPOCH_DAY) * TSC__SECONDS_PER_DAY;
}
/* Whole days from the epoch to t, rounded down (t's UTC date, less the
 * epoch's day number). */
static inline tsc_time tsc__days_since_epoch(tsc_time t)
{
    return t >= 0 ? t / TSC__SECONDS_PER_DAY
                  : -((-t + TSC__SECONDS_PER_DAY - 1) / TSC__SECONDS_PER_DAY);
}
/* Parses "YYYY-MM-DD" from exactly `len` bytes; on error fills err with the
 * column (1-based, relative to `text`) offset by column0. */
tsc_status tsc__date_parse_n(const char *text, size_t len, tsc_date *out, tsc_error *err,
                             const char *source, int line, int column0);
#endif
