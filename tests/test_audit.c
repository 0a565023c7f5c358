/* test_audit.c -- the audit's classification, working-day lateness, median
 * and target comparison (cli/audit.c, cli/audit_targets.c), compiled in.
 * Dates hand-checked on a calendar with the GOV.UK bank holidays (England
 * and Wales, 2026: Good Friday 3 April, Easter Monday 6 April). */
#include "testutil.h"

#include "../cli/audit.c"
#include "../cli/audit_targets.c"

int cli_fail(const char *fmt, ...)
{
    (void)fmt;
    return CLI_ERROR;
}

static void lateness_counts_days_after_the_due_date(void **state)
{
    (void)state;
    tsc_calendar *cal = T_calendar("england-and-wales");
    static const struct { const char *due, *done; int32_t want; } rows[] = {
        {"2026-03-06", "2026-03-07", 0},   /* Fri -> Sat: no working day lost */
        {"2026-03-06", "2026-03-09", 1},   /* Fri -> Mon */
        {"2026-04-02", "2026-04-07", 1},   /* Thu -> Tue: Good Friday, Easter Monday */
        {"2026-04-03", "2026-04-07", 1},   /* due on Good Friday (a same-day duty) */
        {"2026-04-07", "2026-04-02", -1},  /* earlier: (Thu 2, Tue 7] holds Tue 7 only */
        {"2026-03-09", "2026-03-09", 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int32_t got = audit_working_days(cal, T_date(rows[i].due), T_date(rows[i].done));
        if (got != rows[i].want)
            fail_msg("row %zu: %s -> %s gave %d, want %d", i, rows[i].due, rows[i].done,
                     (int)got, (int)rows[i].want);
    }
    tsc_calendar_free(cal);
}

static void classification_on_the_as_of_date(void **state)
{
    (void)state;
    tsc_calendar *cal = T_calendar("england-and-wales");
    tsc_date as_of = T_date("2026-04-20");
    struct audit_finding f;
    tsc_item it = {.due = T_date("2026-04-20")};
    assert_false(audit_classify(cal, &it, as_of, &f));       /* due that day: not yet */
    it.due = T_date("2026-04-17");
    assert_true(audit_classify(cal, &it, as_of, &f));
    assert_int_equal(f.status, AUDIT_MISSING);
    it.flags = TSC_ITEM_DONE | TSC_ITEM_LATE;
    it.done_on = T_date("2026-04-21");                       /* recorded after as-of */
    assert_true(audit_classify(cal, &it, as_of, &f));
    assert_int_equal(f.status, AUDIT_MISSING);
    it.done_on = T_date("2026-04-20");                       /* Fri 17 -> Mon 20: 1 */
    assert_true(audit_classify(cal, &it, as_of, &f));
    assert_int_equal(f.status, AUDIT_LATE);
    assert_int_equal(f.late_days, 1);
    it.flags = TSC_ITEM_DONE | TSC_ITEM_WINDOW;
    it.window_start = T_date("2026-04-14");
    it.done_on = T_date("2026-04-13");
    assert_true(audit_classify(cal, &it, as_of, &f));
    assert_int_equal(f.status, AUDIT_EARLY);
    it.done_on = T_date("2026-04-14");                       /* the window's first day */
    assert_true(audit_classify(cal, &it, as_of, &f));
    assert_int_equal(f.status, AUDIT_ON_TIME);
    tsc_calendar_free(cal);
}

static void median_of_odd_and_even_counts(void **state)
{
    (void)state;
    struct audit_tally t;
    double m = -1;
    assert_int_equal(audit_tally_init(&t, 2), CLI_OK);
    assert_false(audit_tally_median(&t.rule[0], &m));
    static const int32_t late[] = {5, 1, 3, 2};
    for (size_t i = 0; i < 4; i++) {
        struct audit_finding f = {AUDIT_LATE, late[i]};
        assert_int_equal(audit_tally_add(&t, 0, &f), CLI_OK);
        if (i < 3)
            assert_int_equal(audit_tally_add(&t, 1, &f), CLI_OK);
    }
    struct audit_finding missing = {AUDIT_MISSING, 0};
    assert_int_equal(audit_tally_add(&t, 0, &missing), CLI_OK);
    assert_true(audit_tally_median(&t.rule[0], &m));
    assert_true(m == 2.5);                                   /* 1 2 | 3 5 */
    assert_true(audit_tally_median(&t.rule[1], &m));
    assert_true(m == 3.0);                                   /* 1 3 5 */
    assert_int_equal(audit_tally_due(&t.rule[0]), 5);
    audit_tally_free(&t);
}

static void targets_against_the_nearest_item(void **state)
{
    (void)state;
    tsc_calendar *cal = T_calendar("england-and-wales");
    tsc_pack *pack = NULL;
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    tsc_rule *rule = NULL;
    assert_int_equal(tsc_rule_parse("15 working days after strategy-discussion", &rule, NULL),
                     TSC_OK);
    assert_int_equal(tsc_pack_from_rule(rule, "icpc", NULL, &pack, NULL), TSC_OK);
    tsc_rule_free(rule);
    assert_int_equal(tsc_case_new(&c, NULL), TSC_OK);
    assert_int_equal(tsc_plan_new(&plan, NULL), TSC_OK);
    /* Mon 2 Mar + 15 wd: 3-6, 9-13, 16-20 (14), Mon 23 Mar.  Thu 19 Mar + 15: 20, 23-27,
     * 30, 31, 1, 2 Apr (10), Easter, 7-10 (14), Mon 13 Apr. */
    assert_int_equal(tsc_case_add_date(c, "strategy-discussion", T_date("2026-03-02"), NULL),
                     TSC_OK);
    assert_int_equal(tsc_case_add_date(c, "strategy-discussion", T_date("2026-03-19"), NULL),
                     TSC_OK);
    assert_int_equal(tsc_plan_compute(plan, pack, cal, c, T_date("2026-06-30"), 0, 0, NULL),
                     TSC_OK);
    static const struct {
        const char *event, *theirs, *ours;
        bool differs;
        int32_t diff;
    } rows[] = {
        {"icpc", "2026-04-13", "2026-04-13", false, 0},
        {"icpc", "2026-04-09", "2026-04-13", true, -2},   /* Fri 10, Mon 13 */
        {"icpc", "2026-04-15", "2026-04-13", true, 2},    /* Tue 14, Wed 15 */
        {"icpc", "2026-03-24", "2026-03-23", true, 1},    /* nearer the first ICPC */
        {"assessment-completion", "2026-04-01", NULL, true, 0},   /* no rule schedules it */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct case_target t = {rows[i].event, T_date(rows[i].theirs)};
        struct target_finding f;
        bool differs = audit_target_differs(plan, &t, &f);
        tsc_date ours = rows[i].ours ? T_date(rows[i].ours) : 0;
        if (differs != rows[i].differs || f.ours != ours || f.difference != rows[i].diff)
            fail_msg("row %zu: differs %d ours %s diff %d", i, differs, T_fmt(f.ours),
                     (int)f.difference);
    }
    /* Wed 1 Apr: 9 days after 23 Mar, 12 before 13 Apr, so against 23 Mar: Tue 24-Fri 27,
     * Mon 30, Tue 31, Wed 1 -> +7. */
    struct case_target t = {"icpc", T_date("2026-04-01")};
    struct target_finding f;
    assert_true(audit_target_differs(plan, &t, &f));
    assert_int_equal(f.ours, T_date("2026-03-23"));
    assert_int_equal(f.difference, 7);
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_pack_free(pack);
    tsc_calendar_free(cal);
}

int main(int argc, char **argv)
{
    T_set_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lateness_counts_days_after_the_due_date),
        cmocka_unit_test(classification_on_the_as_of_date),
        cmocka_unit_test(median_of_odd_and_even_counts),
        cmocka_unit_test(targets_against_the_nearest_item),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
