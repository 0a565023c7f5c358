/* test_plan_end_unknown.c -- a rule whose end counts from an event not
 * recorded ("until 25 years after date-of-birth", no date of birth) runs to
 * the horizon, and its items say so (issue 12). */
#include "testutil.h"

static size_t plan_items(tsc_pack *pack, tsc_case *c, tsc_plan *plan)
{
    tsc_calendar *cal = T_calendar("england-and-wales");
    tsc_error err = {0};
    assert_int_equal(tsc_plan_compute(plan, pack, cal, c, T_date("2026-12-31"), 0, 0, &err),
                     TSC_OK);
    tsc_calendar_free(cal);
    return tsc_plan_item_count(plan);
}

static void items_say_the_end_is_unknown(void **state)
{
    (void)state;
    tsc_pack *pack = NULL;
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    assert_int_equal(T_pack_from_rule("every 2 months after care-leaver-start until 25 years "
                                        "after date-of-birth", "pa-visit", NULL, &pack, NULL),
                     TSC_OK);
    assert_string_equal(tsc_pack_rule_end_anchor(pack, 0), "date-of-birth");
    assert_null(tsc_pack_rule_end_anchor(pack, 1));
    assert_int_equal(tsc_case_new(&c, NULL), TSC_OK);
    assert_int_equal(tsc_plan_new(&plan, NULL), TSC_OK);
    assert_int_equal(tsc_case_add_date(c, "care-leaver-start", T_date("2026-03-02"), NULL),
                     TSC_OK);
    size_t n = plan_items(pack, c, plan);
    /* Mon 2 Mar + 2 months = Sat 2 May: Fri 1 May; then from each due date: Wed 1 Jul,
     * Tue 1 Sep, Sun 1 Nov: Fri 30 Oct, Wed 30 Dec; to the horizon, 31 Dec. */
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++) {
        tsc_item it;
        tsc_plan_item(plan, i, &it, NULL);
        assert_true(it.flags & TSC_ITEM_END_UNKNOWN);
    }
    /* With the date of birth the end is known (25 on Mon 15 Jun 2026): no flag. */
    assert_int_equal(tsc_case_add_date(c, "date-of-birth", T_date("2001-06-15"), NULL), TSC_OK);
    n = plan_items(pack, c, plan);
    for (size_t i = 0; i < n; i++) {
        tsc_item it;
        tsc_plan_item(plan, i, &it, NULL);
        assert_false(it.flags & TSC_ITEM_END_UNKNOWN);
        assert_true(it.due <= T_date("2026-06-15"));
    }
    assert_int_equal(n, 1);     /* Fri 1 May; Wed 1 Jul is after 15 Jun: stops */
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_pack_free(pack);
}

int main(int argc, char **argv)
{
    T_set_dir(argc, argv);
    const struct CMUnitTest tests[] = {cmocka_unit_test(items_say_the_end_is_unknown)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
