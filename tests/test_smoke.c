/* test_smoke.c -- the version agrees and the hand-checked examples of
 * STYLE.md hold (each checked on a wall calendar against GOV.UK's list). */
#include "testutil.h"

static void version_agrees(void **state)
{
    (void)state;
    assert_int_equal(tsc_version_number(), TSC_VERSION_NUMBER);
    assert_string_equal(tsc_version(), TSC_VERSION);
}

static const struct { const char *calendar, *from; int n; const char *want; } add_cases[] = {
    {"england-and-wales", "2026-03-07", 1, "2026-03-09"},  /* Saturday referral */
    {"england-and-wales", "2026-04-02", 1, "2026-04-07"},  /* Good Friday, Easter Monday */
    {"england-and-wales", "2026-04-07", -3, "2026-03-31"}, /* 3 before, back over Easter */
    {"england-and-wales", "2026-12-23", 5, "2027-01-04"},  /* 24,29,30,31 Dec, 4 Jan */
    {"scotland", "2026-12-23", 5, "2027-01-05"},           /* + 2 January (Mon 4th) */
};

static void add_working_days_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof add_cases / sizeof add_cases[0]; i++) {
        tsc_calendar *cal = T_calendar(add_cases[i].calendar);
        tsc_date got = 0;
        assert_int_equal(tsc_calendar_add_working_days(cal, T_date(add_cases[i].from),
                                                       add_cases[i].n, &got, NULL),
                         TSC_OK);
        tsc_calendar_free(cal);
        if (got != T_date(add_cases[i].want))
            fail_msg("case %zu: %s %+d on %s gave %s, want %s", i, add_cases[i].from,
                     add_cases[i].n, add_cases[i].calendar, T_fmt(got), add_cases[i].want);
    }
}

int main(int argc, char **argv)
{
    T_set_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_agrees),
        cmocka_unit_test(add_working_days_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
