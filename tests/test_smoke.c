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

/* The header's NULL convention: an accessor given NULL answers as for an
 * empty object instead of crashing. */
static void accessors_accept_null(void **state)
{
    (void)state;
    assert_string_equal(tsc_calendar_name(NULL), "");
    assert_string_equal(tsc_calendar_zone(NULL), "");
    assert_int_equal(tsc_calendar_weekend(NULL), 0);
    tsc_date first = 5, last = 5;
    tsc_calendar_index_span(NULL, &first, &last);
    assert_int_equal(first, 0);
    assert_int_equal(last, 0);
    assert_int_equal(tsc_calendar_is_working_day(NULL, 739677), 0);
    assert_string_equal(tsc_pack_name(NULL), "");
    assert_string_equal(tsc_pack_authority(NULL), "");
    assert_string_equal(tsc_pack_title(NULL), "");
    assert_string_equal(tsc_pack_calendar(NULL), "");
    assert_int_equal(tsc_pack_rule_count(NULL), 0);
    assert_int_equal(tsc_pack_event_count(NULL), 0);
    assert_null(tsc_pack_event_name(NULL, 0));
    assert_int_equal(tsc_pack_has_event(NULL, "referral"), 0);
    assert_int_equal(tsc_plan_item_count(NULL), 0);
    char buf[8] = "x";
    assert_int_equal(tsc_rule_format(NULL, buf, sizeof buf), 0);
    assert_int_equal(tsc_time_format(0, NULL, buf, sizeof buf), 0);
}

int main(int argc, char **argv)
{
    T_set_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_agrees),
        cmocka_unit_test(add_working_days_table),
        cmocka_unit_test(accessors_accept_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
