/* sql_date.c -- "YYYY-MM-DD" to and from day numbers on the per-row paths.
 *
 * A query calls a function once a row, and SQLite hands it dates as text;
 * tsc_date_parse and tsc_date_format are general (lengths, messages,
 * Hinnant's era arithmetic) and were a third of the function's per-row
 * instructions.  These only do the exact ten-character form, with Neri and
 * Schneider's conversions ("Euclidean affine functions and their
 * application to calendar algorithms", 2022): years counted from 1 March,
 * so the leap day comes last, and divisions turned into multiplications
 * and shifts.  Anything else is left to the library, which gives the error.
 * test_sql_date checks every day of 0001..9999 against the library. */
#include "sql_common.h"

#include <stdint.h>

/* Day numbers are Python's ordinals (0001-01-01 is 1); these count days
 * from 0000-03-01, which is ordinal -305. */
enum { MARCH1_OFFSET = 305 };

static uint32_t digit(const char *text, size_t at)
{
    return (uint32_t)(unsigned char)text[at] - '0';   /* above 9 when not a digit */
}

static uint32_t days_in_month(uint32_t year, uint32_t month)
{
    static const uint8_t length[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    return length[month] + (uint32_t)(month == 2 && leap);
}

bool tsc_sql_date_parse10(const char *text, size_t len, tsc_date *out)
{
    if (len != 10 || text[4] != '-' || text[7] != '-')
        return false;
    uint32_t y0 = digit(text, 0), y1 = digit(text, 1), y2 = digit(text, 2), y3 = digit(text, 3);
    uint32_t m0 = digit(text, 5), m1 = digit(text, 6), d0 = digit(text, 8), d1 = digit(text, 9);
    if ((y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (m0 > 9) | (m1 > 9) | (d0 > 9) | (d1 > 9))
        return false;
    uint32_t year = y0 * 1000 + y1 * 100 + y2 * 10 + y3, month = m0 * 10 + m1;
    uint32_t day = d0 * 10 + d1;
    if (year < 1 || month < 1 || month > 12 || day < 1 ||
        (day > 28 && day > days_in_month(year, month)))
        return false;
    uint32_t january = month <= 2;                           /* counts in the year before */
    uint32_t y = year - january, m = month + 12 * january;   /* m in [3, 14] */
    uint32_t century = y / 100;
    uint32_t days = 1461 * y / 4 - century + century / 4 + (979 * m - 2919) / 32 + day - 1;
    *out = (tsc_date)days - MARCH1_OFFSET;
    return true;
}

static const char two_digits[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

static void put2(char *p, uint32_t v)
{
    p[0] = two_digits[2 * v];
    p[1] = two_digits[2 * v + 1];
}

void tsc_sql_date_format10(tsc_date d, char out[10])
{
    uint32_t n = (uint32_t)(d + MARCH1_OFFSET);                 /* days since 0000-03-01 */
    uint32_t n1 = 4 * n + 3;
    uint32_t century = n1 / 146097, day_of_century = n1 % 146097 / 4;
    uint64_t p2 = UINT64_C(2939745) * (4 * day_of_century + 3);
    uint32_t year_of_century = (uint32_t)(p2 >> 32);
    uint32_t day_of_year = (uint32_t)p2 / 2939745 / 4;           /* [0, 365], 0 = 1 March */
    uint32_t n3 = 2141 * day_of_year + 197913;
    uint32_t january = day_of_year >= 306;                       /* January or February */
    uint32_t year = 100 * century + year_of_century + january;
    put2(out, year / 100);
    put2(out + 2, year % 100);
    out[4] = '-';
    put2(out + 5, (n3 >> 16) - 12 * january);
    out[7] = '-';
    put2(out + 8, (n3 & 0xffff) / 2141 + 1);
}
