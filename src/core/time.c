/* time.c -- instants as wall-clock time in a time zone (a calendar's
 * public tsc_time_* functions pass it their zone: calendar.c). */
#include "zone.h"
#include "date.h"

#include <stdio.h>
#include <string.h>

static tsc_time local_seconds(tsc_date d, int64_t second_of_day)
{
    return tsc__midnight_utc(d) + second_of_day;
}

static tsc_status zone_range_error(const struct tsc__zone *z, tsc_error *err)
{
    return tsc__fail(err, TSC_ERR_RANGE, "%s rules are built in from %d only",
                     tsc__zone_name(z), tsc__zone_first_year(z));
}

/* The instant of local wall-clock seconds: a time in the spring-forward gap
 * does not exist; one in the autumn's repeated hour means the first. */
static tsc_status from_local(const struct tsc__zone *z, tsc_date d, int64_t second_of_day,
                             tsc_time *out, tsc_error *err)
{
    tsc_time local = local_seconds(d, second_of_day);
    bool found = false, in_range = false;
    tsc_time best = 0;
    int32_t off;
    for (int32_t guess = 3600; guess >= 0; guess -= 3600) {
        tsc_time t = local - guess;
        if (!tsc__zone_offset_at(z, t, &off))
            continue;     /* the first hour of the rules: only one guess is in range */
        in_range = true;
        if (off == guess && (!found || t < best)) {
            best = t;
            found = true;
        }
    }
    if (!in_range)
        return zone_range_error(z, err);
    if (!found) {
        char buf[11];
        tsc_date_format(d, buf, sizeof buf);
        return tsc__fail(err, TSC_ERR_DATE, "%s %02d:%02d does not exist in %s (the clocks go "
                                            "forward)", buf, (int)(second_of_day / 3600),
                         (int)(second_of_day / 60 % 60), tsc__zone_name(z));
    }
    *out = best;
    return TSC_OK;
}

tsc_status tsc__zone_from_local(const struct tsc__zone *z, tsc_date d, int minute_of_day,
                                tsc_time *out, tsc_error *err)
{
    if (!tsc__date_valid(d))
        return tsc__fail(err, TSC_ERR_RANGE, "day number %ld is not a date", (long)d);
    if (minute_of_day < 0 || minute_of_day >= 1440)
        return tsc__fail(err, TSC_ERR_DATE, "minute of day %d is outside 0..1439", minute_of_day);
    return from_local(z, d, (int64_t)minute_of_day * 60, out, err);
}

tsc_status tsc__zone_to_local(const struct tsc__zone *z, tsc_time t, tsc_date *date,
                              int *minute_of_day, int *utc_offset_minutes, tsc_error *err)
{
    int32_t off;
    if (!tsc__zone_offset_at(z, t, &off))
        return zone_range_error(z, err);
    tsc_time local = t + off;
    tsc_time days = tsc__days_since_epoch(local);
    tsc_date d = (tsc_date)(days + TSC__UNIX_EPOCH_DAY);
    if (!tsc__date_valid(d))
        return tsc__fail(err, TSC_ERR_RANGE, "instant is outside 0001..9999");
    if (date)
        *date = d;
    if (minute_of_day)
        *minute_of_day = (int)((local - days * TSC__SECONDS_PER_DAY) / 60);
    if (utc_offset_minutes)
        *utc_offset_minutes = off / 60;
    return TSC_OK;
}

static bool two_digits(const char *s, int *v)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return false;
    *v = (s[0] - '0') * 10 + (s[1] - '0');
    return true;
}

/* "HH:MM" or "HH:MM:SS" at s; returns the length read or 0. */
static size_t parse_clock(const char *s, size_t n, int *h, int *m, int *sec)
{
    *sec = 0;
    if (n < 5 || !two_digits(s, h) || s[2] != ':' || !two_digits(s + 3, m))
        return 0;
    if (n >= 8 && s[5] == ':' && two_digits(s + 6, sec))
        return 8;
    return 5;
}

/* "Z", "+HH:MM" or "-HH:MM" making up the rest of the text; -1 on error. */
static int parse_offset(const char *s, size_t n, int32_t *seconds)
{
    int h, m;
    if (n == 1 && (s[0] == 'Z' || s[0] == 'z')) {
        *seconds = 0;
        return 0;
    }
    if (n != 6 || (s[0] != '+' && s[0] != '-') || !two_digits(s + 1, &h) || s[3] != ':' ||
        !two_digits(s + 4, &m) || h > 23 || m > 59)
        return -1;
    *seconds = (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
    return 0;
}

tsc_status tsc__zone_parse_time(const struct tsc__zone *z, const char *text, tsc_time *out,
                               tsc_error *err)
{
    size_t len = strlen(text);
    const char *t = memchr(text, 'T', len);
    tsc_date d;
    int h, m, s;
    if (!t)
        return tsc__fail_at(err, TSC_ERR_PARSE, NULL, 0, (int)(len < 10 ? len : 10) + 1,
                            "malformed date-time '%.40s' (expected YYYY-MM-DDTHH:MM)", text);
    tsc_status st = tsc__date_parse_n(text, (size_t)(t - text), &d, err, NULL, 0, 0);
    if (st)
        return st;
    size_t rest = len - (size_t)(t + 1 - text);
    size_t clock = parse_clock(t + 1, rest, &h, &m, &s);
    int column = (int)(t - text) + 2;
    if (!clock)
        return tsc__fail_at(err, TSC_ERR_PARSE, NULL, 0, column,
                            "malformed time in '%.40s' (expected HH:MM after 'T')", text);
    if (h > 23 || m > 59 || s > 59)
        return tsc__fail_at(err, TSC_ERR_DATE, NULL, 0, column,
                            "no such time %02d:%02d:%02d in '%.40s'", h, m, s, text);
    int64_t second_of_day = h * 3600 + m * 60 + s;
    if (clock == rest)
        return from_local(z, d, second_of_day, out, err);
    int32_t offset;
    if (parse_offset(t + 1 + clock, rest - clock, &offset))
        return tsc__fail_at(err, TSC_ERR_PARSE, NULL, 0, column + (int)clock,
                            "malformed UTC offset in '%.40s' (expected Z or +HH:MM)", text);
    *out = local_seconds(d, second_of_day) - offset;
    return TSC_OK;
}

size_t tsc__zone_format_time(const struct tsc__zone *z, tsc_time t, char *buf, size_t size)
{
    tsc_date d = 0;             /* initialised for gcc -O3's maybe-uninitialized */
    int minute = 0, offset = 0;
    char date[11];
    if (tsc__zone_to_local(z, t, &d, &minute, &offset, NULL))
        return 0;
    tsc_date_format(d, date, sizeof date);
    int a = offset < 0 ? -offset : offset;
    int n = snprintf(buf, size, "%sT%02d:%02d%c%02d:%02d", date, minute / 60, minute % 60,
                     offset < 0 ? '-' : '+', a / 60, a % 60);
    return n < 0 ? 0 : (size_t)n;
}
