/* date.c -- day numbers and the proleptic Gregorian calendar.
 *
 * A date is Python's ordinal: 0001-01-01 is day 1.  The conversions are
 * Howard Hinnant's: counting years from 1 March puts the leap day at the
 * end of the counting year, so every 400-year block ("era") has 146097
 * days and no loop or table is needed. */
#include "internal.h"
#include "date.h"

#include <string.h>

enum { DAYS_PER_ERA = 146097, MARCH1_OFFSET = 305 /* ordinal of 0000-03-01 is -305 */ };

static const int8_t days_in_month_table[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

int tsc_date_is_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int tsc_date_days_in_month(int y, int m)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12)
        return 0;
    return m == 2 && tsc_date_is_leap_year(y) ? 29 : days_in_month_table[m - 1];
}

tsc_date tsc__ymd_to_date(int y, int m, int d)
{
    int march_year = m < 3 ? y - 1 : y;                             /* [0, 9999] */
    int era = march_year / 400;                                     /* [0, 24] */
    int year_of_era = march_year - era * 400;                       /* [0, 399] */
    int day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100
                   + day_of_year;                                   /* [0, 146096] */
    return era * DAYS_PER_ERA + day_of_era - MARCH1_OFFSET;
}

void tsc__date_to_ymd(tsc_date date, int *y, int *m, int *d)
{
    int z = date + MARCH1_OFFSET;                                   /* days since 0000-03-01 */
    int era = z / DAYS_PER_ERA;                                     /* z > 0 */
    int day_of_era = z - era * DAYS_PER_ERA;                        /* [0, 146096] */
    int year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524
                       - day_of_era / 146096) / 365;                /* [0, 399] */
    int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4
                                    - year_of_era / 100);           /* [0, 365] */
    int mp = (5 * day_of_year + 2) / 153;                           /* [0, 11], 0 = March */
    int month = mp < 10 ? mp + 3 : mp - 9;
    *d = day_of_year - (153 * mp + 2) / 5 + 1;
    *m = month;
    *y = year_of_era + era * 400 + (month <= 2);
}

int tsc__date_year(tsc_date date)
{
    int y, m, d;
    tsc__date_to_ymd(date, &y, &m, &d);
    return y;
}

tsc_status tsc_date_from_ymd(int year, int month, int day, tsc_date *out, tsc_error *err)
{
    if (!out)
        return tsc__fail(err, TSC_ERR_ARG, "out is NULL");
    if (year < 1 || year > 9999)
        return tsc__fail(err, TSC_ERR_RANGE, "year %d is outside 1..9999", year);
    if (month < 1 || month > 12)
        return tsc__fail(err, TSC_ERR_DATE, "month %d is outside 1..12", month);
    if (day < 1 || day > tsc_date_days_in_month(year, month))
        return tsc__fail(err, TSC_ERR_DATE, "%04d-%02d has no day %d", year, month, day);
    *out = tsc__ymd_to_date(year, month, day);
    return TSC_OK;
}

tsc_status tsc_date_to_ymd(tsc_date d, int *year, int *month, int *day, tsc_error *err)
{
    int y, m, dd;
    if (!tsc__date_valid(d))
        return tsc__fail(err, TSC_ERR_RANGE, "day number %ld is not a date", (long)d);
    tsc__date_to_ymd(d, &y, &m, &dd);
    if (year)
        *year = y;
    if (month)
        *month = m;
    if (day)
        *day = dd;
    return TSC_OK;
}

int tsc_date_weekday(tsc_date d)
{
    return tsc__date_valid(d) ? tsc__weekday(d) : 0;
}

static int digits_value(const char *s, size_t n)     /* s holds n digits */
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

tsc_status tsc__date_parse_n(const char *text, size_t len, tsc_date *out, tsc_error *err,
                             const char *source, int line, int column0)
{
    static const struct { size_t at, width; } fields[] = {
        {0, 4}, {5, 2}, {8, 2}};
    int value[3];
    static const char pattern[] = "DDDD-DD-DD";
    for (size_t i = 0; i < 10; i++) {
        bool ok = i < len && (pattern[i] == '-' ? text[i] == '-'
                                                : (text[i] >= '0' && text[i] <= '9'));
        if (!ok)
            return tsc__fail_at(err, TSC_ERR_PARSE, source, line, column0 + (int)i + 1,
                                "malformed date '%.*s' (expected YYYY-MM-DD)",
                                (int)(len > 40 ? 40 : len), text);
    }
    if (len > 10)
        return tsc__fail_at(err, TSC_ERR_PARSE, source, line, column0 + 11,
                            "unexpected text after date '%.10s'", text);
    for (int f = 0; f < 3; f++)
        value[f] = digits_value(text + fields[f].at, fields[f].width);
    if (value[0] < 1)
        return tsc__fail_at(err, TSC_ERR_RANGE, source, line, column0 + 1,
                            "year 0000 in '%.10s' is outside 0001..9999", text);
    if (value[1] < 1 || value[1] > 12)
        return tsc__fail_at(err, TSC_ERR_DATE, source, line, column0 + 6,
                            "no such date '%.10s': month %d is outside 1..12", text, value[1]);
    if (value[2] < 1 || value[2] > tsc_date_days_in_month(value[0], value[1]))
        return tsc__fail_at(err, TSC_ERR_DATE, source, line, column0 + 9,
                            "no such date '%.10s': %04d-%02d has %d days", text, value[0],
                            value[1], tsc_date_days_in_month(value[0], value[1]));
    *out = tsc__ymd_to_date(value[0], value[1], value[2]);
    return TSC_OK;
}

tsc_status tsc_date_parse(const char *text, tsc_date *out, tsc_error *err)
{
    if (!text || !out)
        return tsc__fail(err, TSC_ERR_ARG, "text or out is NULL");
    return tsc__date_parse_n(text, strlen(text), out, err, NULL, 0, 0);
}

size_t tsc_date_format(tsc_date d, char *buf, size_t size)
{
    int y, m, dd;
    char tmp[11];
    if (!tsc__date_valid(d))
        return 0;
    tsc__date_to_ymd(d, &y, &m, &dd);
    tmp[0] = (char)('0' + y / 1000);
    tmp[1] = (char)('0' + y / 100 % 10);
    tmp[2] = (char)('0' + y / 10 % 10);
    tmp[3] = (char)('0' + y % 10);
    tmp[4] = '-';
    tmp[5] = (char)('0' + m / 10);
    tmp[6] = (char)('0' + m % 10);
    tmp[7] = '-';
    tmp[8] = (char)('0' + dd / 10);
    tmp[9] = (char)('0' + dd % 10);
    tmp[10] = '\0';
    if (buf && size > 0) {
        size_t n = size - 1 < 10 ? size - 1 : 10;
        memcpy(buf, tmp, n);
        buf[n] = '\0';
    }
    return 10;
}

tsc_status tsc_date_add_days(tsc_date d, int64_t days, tsc_date *out, tsc_error *err)
{
    if (!out)
        return tsc__fail(err, TSC_ERR_ARG, "out is NULL");
    if (!tsc__date_valid(d))
        return tsc__fail(err, TSC_ERR_RANGE, "day number %ld is not a valid date", (long)d);
    if (days > TSC_DATE_MAX - (int64_t)d || days < TSC_DATE_MIN - (int64_t)d)
        return tsc__fail(err, TSC_ERR_RANGE, "adding %lld days leaves 0001..9999",
                         (long long)days);
    *out = (tsc_date)(d + days);
    return TSC_OK;
}

bool tsc__add_months(tsc_date d, int64_t months, bool keep_eom, tsc_date *out)
{
    int y, m, dd;
    tsc__date_to_ymd(d, &y, &m, &dd);
    int64_t index = (int64_t)y * 12 + (m - 1) + months;
    if (index < 12 || index > 9999 * 12 + 11)
        return false;
    int ny = (int)(index / 12), nm = (int)(index % 12) + 1;
    int last = tsc_date_days_in_month(ny, nm);
    if (keep_eom && dd == tsc_date_days_in_month(y, m))
        dd = last;
    *out = tsc__ymd_to_date(ny, nm, dd < last ? dd : last);
    return true;
}

tsc_status tsc_date_add_months(tsc_date d, int32_t months, unsigned flags, tsc_date *out,
                               tsc_error *err)
{
    if (!out || (flags & ~(unsigned)TSC_KEEP_END_OF_MONTH))
        return tsc__fail(err, TSC_ERR_ARG, "out is NULL or flags unknown");
    if (!tsc__date_valid(d))
        return tsc__fail(err, TSC_ERR_RANGE, "day number %ld is not a valid date", (long)d);
    if (!tsc__add_months(d, months, flags & TSC_KEEP_END_OF_MONTH, out))
        return tsc__fail(err, TSC_ERR_RANGE, "adding %ld months leaves 0001..9999",
                         (long)months);
    return TSC_OK;
}

tsc_status tsc_date_add_years(tsc_date d, int32_t years, unsigned flags, tsc_date *out,
                              tsc_error *err)
{
    if (!out || (flags & ~(unsigned)TSC_KEEP_END_OF_MONTH))
        return tsc__fail(err, TSC_ERR_ARG, "out is NULL or flags unknown");
    if (!tsc__date_valid(d))
        return tsc__fail(err, TSC_ERR_RANGE, "day number %ld is not a valid date", (long)d);
    if (years > 10000 || years < -10000 ||
        !tsc__add_months(d, (int64_t)years * 12, flags & TSC_KEEP_END_OF_MONTH, out))
        return tsc__fail(err, TSC_ERR_RANGE, "adding %ld years leaves 0001..9999",
                         (long)years);
    return TSC_OK;
}

/* The "anonymous Gregorian" computus (Meeus, Jones, Butcher). */
tsc_date tsc__easter(int year)
{
    int a = year % 19, b = year / 100, c = year % 100;
    int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    return tsc__ymd_to_date(year, month, day);
}

tsc_status tsc_date_easter(int year, tsc_date *out, tsc_error *err)
{
    if (!out)
        return tsc__fail(err, TSC_ERR_ARG, "out is NULL");
    if (year < 1 || year > 9999)
        return tsc__fail(err, TSC_ERR_RANGE, "year %d is outside 1..9999", year);
    *out = tsc__easter(year);
    return TSC_OK;
}
