/* test_builtin_index.c -- a built-in calendar's working-day index, made at
 * build time by tools/holgen.c, equals the one built at run time when the
 * same holidays/NAME.hol is loaded as a file.
 *
 * The index is two arrays over its span: before[i] (working days from the
 * first day up to day i) and work[k] (the k-th working day).  Every entry is
 * read back through the public calls that answer from it, on both calendars:
 * count_working_days(first, d) is before[d - first], add_working_days(d, 1)
 * reads work[before[d - first + 1]], and is_working_day(d) is their
 * difference; d runs over every day of the span. */
#include "testutil.h"

#include <stdio.h>

static tsc_calendar *open_file(const char *name)
{
    char rel[128];
    snprintf(rel, sizeof rel, "../holidays/%s.hol", name);
    tsc_calendar *cal = NULL;
    tsc_error err;
    if (tsc_calendar_load_file(T_path(rel), &cal, &err) != TSC_OK)
        fail_msg("%s: %s", rel, err.message);
    return cal;
}

static void same_index(const char *name)
{
    tsc_calendar *built = T_calendar(name), *loaded = open_file(name);
    tsc_date first, last, loaded_first, loaded_last;
    tsc_calendar_index_span(built, &first, &last);
    tsc_calendar_index_span(loaded, &loaded_first, &loaded_last);
    assert_int_equal(first, loaded_first);
    assert_int_equal(last, loaded_last);
    assert_true(last - first > 100000);
    for (tsc_date d = first; d <= last; d++) {
        int32_t b = -1, l = -2;
        assert_int_equal(tsc_calendar_count_working_days(built, first, d, 0, &b, NULL), TSC_OK);
        assert_int_equal(tsc_calendar_count_working_days(loaded, first, d, 0, &l, NULL), TSC_OK);
        if (b != l)
            fail_msg("%s: before[%s] is %d built-in, %d loaded", name, T_fmt(d), b, l);
        int bw = tsc_calendar_is_working_day(built, d), lw = tsc_calendar_is_working_day(loaded, d);
        if (bw != lw)
            fail_msg("%s: %s is %sa working day built-in", name, T_fmt(d), bw ? "" : "not ");
        if (d == last)
            break;
        tsc_date bn = 0, ln = 0;
        assert_int_equal(tsc_calendar_add_working_days(built, d, 1, &bn, NULL), TSC_OK);
        assert_int_equal(tsc_calendar_add_working_days(loaded, d, 1, &ln, NULL), TSC_OK);
        if (bn != ln)
            fail_msg("%s: the working day after %s is %s built-in, %s loaded", name, T_fmt(d),
                     T_fmt(bn), T_fmt(ln));
    }
    tsc_calendar_free(built);
    tsc_calendar_free(loaded);
}

static void every_builtin_index_equals_its_file(void **state)
{
    (void)state;
    size_t n = tsc_calendar_builtin_count();
    assert_true(n >= 4);
    for (size_t i = 0; i < n; i++)
        same_index(tsc_calendar_builtin_name(i));
}

int main(int argc, char **argv)
{
    T_set_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_builtin_index_equals_its_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
