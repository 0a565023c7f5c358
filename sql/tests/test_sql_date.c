/* test_sql_date.c -- the extensions' fast "YYYY-MM-DD" paths
 * (sql/common/sql_date.c) give what the library's tsc_date_parse and
 * tsc_date_format give: every day of years 1..9999 both ways, and every
 * year/month/day combination (00..13, 00..32) of a spread of years,
 * including the impossible ones the fast path must leave to the library. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "sql_common.h"

static void every_day_round_trips(void **state)
{
    (void)state;
    for (tsc_date d = TSC_DATE_MIN; d <= TSC_DATE_MAX; d++) {
        char fast[10], library[16];
        tsc_sql_date_format10(d, fast);
        assert_int_equal(tsc_date_format(d, library, sizeof library), 10);
        if (memcmp(fast, library, 10) != 0)
            fail_msg("day %ld: fast '%.10s', library '%s'", (long)d, fast, library);
        tsc_date back = 0;
        assert_true(tsc_sql_date_parse10(library, 10, &back));
        assert_int_equal(back, d);
    }
}

static int year_in_sample(int y)
{
    return y <= 30 || (y >= 1890 && y <= 2110) || y % 100 == 0 || y >= 9970;
}

/* Fast says yes exactly when the library does, with the same day. */
static void agrees_with_library(const char *text)
{
    tsc_date fast = 0, library = 0;
    bool fast_ok = tsc_sql_date_parse10(text, strlen(text), &fast);
    bool library_ok = tsc_date_parse(text, &library, NULL) == TSC_OK;
    if (fast_ok != library_ok || fast != library)
        fail_msg("'%s': fast %d (%ld), library %d (%ld)", text, fast_ok, (long)fast,
                 library_ok, (long)library);
}

static void same_answers_as_library(void **state)
{
    (void)state;
    char text[16];
    for (int y = 0; y <= 9999; y++) {
        if (!year_in_sample(y))
            continue;
        for (int m = 0; m <= 13; m++)
            for (int d = 0; d <= 32; d++) {
                snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
                agrees_with_library(text);
            }
    }
}

/* Not the fixed form: left to the library (which rejects these). */
static void other_text_is_left_to_library(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "", "2026-1-01", "2026-01-1", "2026/01/01", "2026-01-01 ", " 2026-01-01",
        "2026-01-01T00:00", "20260101", "2026-0a-01", "2026-01-0:", "2026-01-0/",
        "202６-01-01", "+2026-01-01", "-026-01-01", "2026--1-01", "2026-01--1",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        tsc_date d;
        if (tsc_sql_date_parse10(texts[i], strlen(texts[i]), &d))
            fail_msg("'%s' taken by the fast path", texts[i]);
        agrees_with_library(texts[i]);
    }
    /* The length is what SQLite says, not where a NUL is. */
    tsc_date d;
    assert_false(tsc_sql_date_parse10("2026-01-01\0x", 12, &d));
    assert_false(tsc_sql_date_parse10("2026-01-0", 9, &d));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_day_round_trips),
        cmocka_unit_test(same_answers_as_library),
        cmocka_unit_test(other_text_is_left_to_library),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
