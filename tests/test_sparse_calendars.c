/* test_sparse_calendars.c -- calendars with years that have no holidays.
 *
 * Found by the Python bindings' test under TSC_SANITIZE=ON: a calendar
 * whose rules give some year no holiday at all (a weekend-only file, a file
 * of one one-off closure, an .ics of one event) makes
 * tsc__holset_expand_year call qsort(NULL + 0, 0, ...) at src/holset.c:221
 * while the index is built; UBSan stops with "null pointer passed as
 * argument 1, which is declared to never be null".  Without sanitizers the
 * answers below are right; with them, building the calendar aborts. */
#include "testutil.h"

static tsc_calendar *load(const char *text)
{
    tsc_calendar *cal = NULL;
    tsc_error err;
    if (tsc_calendar_load_string(text, "<test>", &cal, &err) != TSC_OK)
        fail_msg("cannot load calendar: %s", err.message);
    return cal;
}

static void weekend_only(void **state)
{
    (void)state;
    tsc_calendar *cal = load("calendar plain\nzone Europe/London\n");
    tsc_date got = 0;
    /* Thu 1 Jan 2026 + 1 = Fri 2 Jan; no holidays at all (wall calendar). */
    assert_int_equal(tsc_calendar_add_working_days(cal, T_date("2026-01-01"), 1, &got, NULL),
                     TSC_OK);
    assert_int_equal(got, T_date("2026-01-02"));
    tsc_calendar_free(cal);
}

static void one_closure(void **state)
{
    (void)state;
    tsc_calendar *cal = load("calendar one\nzone Europe/London\n\"Closure\" 2026-03-10\n");
    tsc_date got = 0;
    /* Mon 9 March 2026 + 1 skips the closure on Tue 10th: Wed 11th. */
    assert_int_equal(tsc_calendar_add_working_days(cal, T_date("2026-03-09"), 1, &got, NULL),
                     TSC_OK);
    assert_int_equal(got, T_date("2026-03-11"));
    tsc_calendar_free(cal);
}

int main(int argc, char **argv)
{
    T_set_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weekend_only),
        cmocka_unit_test(one_closure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
