/* test_rule.c -- the rule language: every construct parses to what it says
 * (checked through the canonical form), and malformed rules fail with the
 * exact column of the offending word. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

/* Each rule and the canonical form tsc_rule_format must give back: the same
 * meaning, with units normalised (1 week -> 1 week, 14 days -> 2 weeks) and
 * ordinals as words. */
static const struct { const char *rule, *canonical; } good[] = {
    /* The forms the issue lists, exactly as written there. */
    {"5 working days after referral", "5 working days after referral"},
    {"16 working days before review", "16 working days before review"},
    {"24 hours after return", "24 hours after return"},
    {"28 days after placement-start", "4 weeks after placement-start"},
    {"4 weeks after icpc", "4 weeks after icpc"},
    {"3 months after icpc", "3 months after icpc"},
    {"15 years 9 months after date-of-birth", "15 years 9 months after date-of-birth"},
    {"between 1 and 8 working days after allocation",
     "between 1 working day and 8 working days after allocation"},
    {"on working days 5, 15 and 35 after allocation",
     "on working days 5, 15 and 35 after allocation"},
    {"every 10 working days after icpc", "every 10 working days after icpc"},
    {"1 week after placement-start, then every 6 weeks until 1 year after placement-start, "
     "then every 3 months",
     "1 week after placement-start, then every 6 weeks until 1 year after placement-start, "
     "then every 3 months"},
    {"weekly until first-review, then every 4 weeks until final-hearing",
     "every 1 week until first-review, then every 4 weeks until final-hearing"},
    {"on day 5 of s47-start", "on day 5 of s47-start"},
    {"same day as referral", "same day as referral"},
    {"on placement day 7", "on placement day 7"},
    {"3 times a year after allocation", "every 4 months after allocation"},
    {"5 working days after referral, keep", "5 working days after referral, keep"},
    {"4 weeks after icpc, following", "4 weeks after icpc, following"},
    /* Singular units, other frequencies, quotas, ordinals, until-events. */
    {"1 working day after referral", "1 working day after referral"},
    {"1 hour after contact", "1 hour after contact"},
    {"90 minutes after contact", "90 minutes after contact"},
    {"15 minutes before conference", "15 minutes before conference"},
    {"1 year after appraisal", "1 year after appraisal"},
    {"0 days before icpc", "0 days before icpc"},
    {"daily after return", "every 1 day after return"},
    {"fortnightly after nqsw-start", "every 2 weeks after nqsw-start"},
    {"monthly after supervision", "every 1 month after supervision"},
    {"quarterly after case-open", "every 3 months after case-open"},
    {"annually after pdr", "every 1 year after pdr"},
    {"twice a year after pdr-year-start", "every 6 months after pdr-year-start"},
    {"once a year after placement-start", "every 1 year after placement-start"},
    {"12 times a year after allocation", "every 1 month after allocation"},
    {"5 working days before second lac-review", "5 working days before second lac-review"},
    {"3 months after 1st lac-review", "3 months after first lac-review"},
    {"2 weeks after last cin-visit", "2 weeks after last cin-visit"},
    {"every 4 weeks after icpc until cp-plan-end",
     "every 4 weeks after icpc until cp-plan-end"},
    {"every 1 week after placement-start until first-lac-review, then every 4 weeks until "
     "carer-approval or final-hearing",
     "every 1 week after placement-start until first-lac-review, then every 4 weeks until "
     "carer-approval or final-hearing"},
    {"between 0 days and 2 weeks after employment-start",
     "between 0 days and 2 weeks after employment-start"},
    {"between 12 months and 0 days before pdr", "between 1 year and 0 days before pdr"},
    {"between 18 years and 25 years after date-of-birth",
     "between 18 years and 25 years after date-of-birth"},
    {"on days 5, 10, 20 and 30 after allocation", "on days 5, 10, 20 and 30 after allocation"},
    {"on working day 20 after assessment-start", "on working days 20 after assessment-start"},
    {"7 working days after cp-plan-start, then every 10 working days until cp-plan-end",
     "7 working days after cp-plan-start, then every 10 working days until cp-plan-end"},
    {"3 months after pathway-plan-start, then every 6 months",
     "3 months after pathway-plan-start, then every 6 months"},
};

static void good_rules_parse(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        tsc_rule *r = NULL;
        tsc_error err;
        char buf[512];
        if (tsc_rule_parse(good[i].rule, &r, &err) != TSC_OK)
            fail_msg("'%s' failed at column %d: %s", good[i].rule, err.column, err.message);
        size_t n = tsc_rule_format(r, buf, sizeof buf);
        assert_true(n < sizeof buf);
        if (strcmp(buf, good[i].canonical) != 0)
            fail_msg("'%s' formats as '%s', want '%s'", good[i].rule, buf, good[i].canonical);
        /* The canonical form means the same: it formats to itself. */
        tsc_rule *again = NULL;
        char buf2[512];
        assert_int_equal(tsc_rule_parse(buf, &again, NULL), TSC_OK);
        tsc_rule_format(again, buf2, sizeof buf2);
        assert_string_equal(buf, buf2);
        tsc_rule_free(again);
        tsc_rule_free(r);
    }
}

/* tsc_rule_format follows snprintf: what fits, NUL-terminated, and the
 * length of the whole text, also for a buffer too small or none. */
static void format_truncates_like_snprintf(void **state)
{
    (void)state;
    const char *want = "3 months after pathway-plan-start, then every 6 months";
    tsc_rule *r = NULL;
    assert_int_equal(tsc_rule_parse(want, &r, NULL), TSC_OK);
    assert_int_equal(tsc_rule_format(r, NULL, 0), strlen(want));
    char small[9];
    memset(small, 'x', sizeof small);
    assert_int_equal(tsc_rule_format(r, small, sizeof small), strlen(want));
    assert_string_equal(small, "3 months");
    char one[1] = {'x'};
    assert_int_equal(tsc_rule_format(r, one, 1), strlen(want));
    assert_int_equal(one[0], '\0');
    /* Cut inside a later piece ("then every"), not only the first. */
    char mid[40];
    tsc_rule_format(r, mid, sizeof mid);
    assert_int_equal(strlen(mid), sizeof mid - 1);
    assert_memory_equal(mid, want, sizeof mid - 1);
    tsc_rule_free(r);
}

/* Malformed rules with the column (1-based, bytes) of the offending word
 * and a piece of the message, counted by hand under each rule. */
static const struct { const char *rule; int column; const char *message; } bad[] = {
    {"", 1, "empty rule"},
    {"5 working days of referral", 16, "expected 'after' or 'before', found 'of'"},
    /*                 ^ column 16 */
    {"5 wrking days after referral", 3, "expected a unit"},
    {"five working days after referral", 1, "expected a rule"},
    {"5 working days after", 21, "found the end of the rule"},
    {"5 working days after Referral", 22, "expected an event name"},
    {"5 working days after referral please", 31, "unexpected 'please'"},
    {"5 working days after referral,", 31, "after ','"},
    {"5 working days after referral, later", 32, "expected 'then', 'keep', 'following'"},
    {"5 working days 2 hours after referral", 16, "cannot mix working days with hours"},
    {"every 0 days after icpc", 7, "longer than zero"},
    {"every after icpc", 7, "expected a number"},
    {"between 1 and 8 after allocation", 17, "expected a unit"},
    {"between 1 working day and 8 hours after allocation", 9, "same kind of unit"},
    {"between 1 8 working days after allocation", 11, "expected a unit"},
    {"on working days 15, 5 and 35 after allocation", 4, "must increase"},
    {"on day 0 of s47-start", 8, "day numbers start at 1"},
    {"on day 5 s47-start", 10, "expected 'after' or 'before', found 's47-start'"},
    {"5 times a year after allocation", 1, "does not divide a year"},
    {"3 times a week after allocation", 11, "expected 'year'"},
    {"same day referral", 10, "expected 'day as'"},
    {"5 working days after referral until icpc", 31, "a single deadline has no end"},
    {"every 6 weeks after placement-start, then every 3 months, then monthly", 1,
     "this phase never ends"},
    {"every 6 weeks before placement-start", 1, "counts forwards"},
    {"same day as referral, then every 1 week", 1, "cannot have phases"},
    {"5 days before icpc, then every 1 week", 1, "starts 'after' its anchor"},
    {"1 week after a--b", 14, "expected an event name"},
    {"1 week after \"referral\"", 14, "no quoted text"},
    {"1 week after referral\nthen", 22, "a rule is one line"},
    {"999999 days after referral", 1, "too large"},
    {"1 week after referral, then 2 weeks after referral", 29, "only a recurrence"},
    /* Issue 10: a reversed window was silently swapped. */
    {"between 8 and 1 working days after x", 9, "would open after it is due"},
    {"between 1 and 8 working days before x", 9, "write the larger amount first"},
    {"between 1 month and 30 days after x", 9, "would open after it is due"},
    {"between 2 and 1 hours after x", 9, "write the smaller amount first"},
};

static void bad_rules_fail_at_the_word(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tsc_rule *r = NULL;
        tsc_error err;
        memset(&err, 0, sizeof err);
        tsc_status st = tsc_rule_parse(bad[i].rule, &r, &err);
        if (st == TSC_OK)
            fail_msg("'%s' parsed but should fail", bad[i].rule);
        assert_null(r);
        if (st != TSC_ERR_PARSE || err.column != bad[i].column || err.line != 1 ||
            !strstr(err.message, bad[i].message))
            fail_msg("'%s': got code %d line %d column %d '%s'; want column %d '...%s...'",
                     bad[i].rule, st, err.line, err.column, err.message, bad[i].column,
                     bad[i].message);
    }
}

static void error_position_formats_like_a_compiler(void **state)
{
    (void)state;
    tsc_error err;
    char buf[300];
    assert_int_equal(tsc_rule_parse("5 working days of referral", &(tsc_rule *){NULL}, &err),
                     TSC_ERR_PARSE);
    tsc_error_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "1:16: expected 'after' or 'before', found 'of'");
}

/* A pack's rule errors name the file, the line and the column in it. */
static void pack_rule_error_names_file_line_column(void **state)
{
    (void)state;
    const char *text = "pack demo\n"
                       "calendar england-and-wales\n"
                       "\n"
                       "rule demo.visit\n"
                       "  when      5 working days of referral\n"
                       "  schedules visit\n";
    tsc_pack *pack = NULL;
    tsc_error err;
    char buf[300];
    assert_int_equal(tsc_pack_load_string(text, "demo.rules", &pack, &err), TSC_ERR_PARSE);
    tsc_error_format(&err, buf, sizeof buf);
    /* "  when      " is 12 bytes, so the rule starts at column 13 and 'of' at 13 + 15. */
    assert_string_equal(buf, "demo.rules:5:28: expected 'after' or 'before', found 'of'");
}

static const struct { const char *text; int line, column; const char *message; } bad_packs[] = {
    {"rule a.b\n  schedules x\n", 1, 1, "has no 'when'"},
    {"rule a.b\n  when 1 day after y\n", 1, 1, "has no 'schedules'"},
    {"rule a.b\n  when 1 day after y\n  schedules x\n  colour red\n", 4, 3, "unknown rule key"},
    {"rule a.b\n  when 1 day after y\n  schedules X\n", 3, 13, "kebab-case"},
    /* Names no case could record: the same rule as cases and rules keep
     * (a letter first, no "--", no '-' at the end); column of the culprit. */
    {"rule a.b\n  when 1 day after y\n  schedules -x--\n", 3, 13, "kebab-case"},
    {"rule a.b\n  when 1 day after y\n  schedules x--y\n", 3, 14, "kebab-case"},
    {"rule a.b\n  when 1 day after y\n  schedules x-\n", 3, 14, "kebab-case"},
    {"rule a.b\n  when 1 day after y\n  schedules 9x\n", 3, 13, "kebab-case"},
    {"alias -a b\nrule a.b\n  when 1 day after y\n  schedules x\n", 1, 7, "kebab-case"},
    {"rule a.b\n  when 1 day after y\n  schedules x\nrule a.b\n", 4, 6, "already defined"},
    {"  when 1 day after y\n", 1, 3, "outside a rule"},
    {"colour red\n", 1, 1, "unknown key"},
    {"rule A.b\n", 1, 6, "a rule id uses"},
    {"rule a.b\n  when 1 day after y\n  when 2 days after y\n  schedules x\n", 3, 3,
     "given twice"},
    {"rule a.b\n  when 1 day after y\n  binding maybe\n  schedules x\n", 3, 11,
     "'yes' or 'no'"},
    {"rule a.b\n  when every 1 week after y until 1 year after y, then every 2 weeks after z\n"
     "  schedules x\n", 2, 76, "later phase counts from the previous occurrence of 'x'"},
};

static void malformed_packs(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_packs / sizeof bad_packs[0]; i++) {
        tsc_pack *pack = NULL;
        tsc_error err;
        memset(&err, 0, sizeof err);
        tsc_status st = tsc_pack_load_string(bad_packs[i].text, "p.rules", &pack, &err);
        assert_null(pack);
        if (st != TSC_ERR_PARSE || err.line != bad_packs[i].line ||
            err.column != bad_packs[i].column || !strstr(err.message, bad_packs[i].message) ||
            strcmp(err.source, "p.rules") != 0)
            fail_msg("pack %zu: got %d %s:%d:%d '%s'; want %d:%d '...%s...'", i, st, err.source,
                     err.line, err.column, err.message, bad_packs[i].line, bad_packs[i].column,
                     bad_packs[i].message);
    }
}

/* Issue 10: rules that count from each other's occurrences load as an error
 * naming every rule of the cycle, at the first one's 'when'. */
static void cycles_are_pack_errors(void **state)
{
    (void)state;
    tsc_pack *pack = NULL;
    tsc_error err;
    const char *two = "rule a.one\n  when 5 days after b\n  schedules a\n"
                      "rule b.two\n  when 5 days after a\n  schedules b\n";
    assert_int_equal(tsc_pack_load_string(two, "p.rules", &pack, &err), TSC_ERR_PARSE);
    assert_null(pack);
    assert_string_equal(err.source, "p.rules");
    assert_true(err.line == 2 || err.line == 5);
    assert_non_null(strstr(err.message, "a cycle"));
    assert_non_null(strstr(err.message, "a.one counts from 'b' and schedules 'a'"));
    assert_non_null(strstr(err.message, "b.two counts from 'a' and schedules 'b'"));
    const char *three = "rule r.1\n  when 1 day after c\n  schedules a\n"
                        "rule r.2\n  when every 1 week after a\n  schedules b\n"
                        "rule r.3\n  when 2 working days before b\n  schedules c\n";
    assert_int_equal(tsc_pack_load_string(three, "p.rules", &pack, &err), TSC_ERR_PARSE);
    assert_non_null(strstr(err.message, "r.1 counts from 'c' and schedules 'a'"));
    assert_non_null(strstr(err.message, "r.2 counts from 'a' and schedules 'b'"));
    assert_non_null(strstr(err.message, "r.3 counts from 'b' and schedules 'c'"));
    /* Not cycles: rules counting from the event they schedule themselves (a
     * sequence of reviews), and a restated duty that is not binding, which
     * projects nothing. */
    const char *fine = "rule l.first\n  when 20 working days after start\n  schedules review\n"
                       "rule l.second\n  when 3 months after first review\n  schedules review\n"
                       "rule l.then\n  when every 6 months after second review\n"
                       "  schedules review\n"
                       "rule p.main\n  when 5 days after x\n  schedules a\n  binding yes\n"
                       "rule p.restated\n  when 3 days after b\n  schedules a\n"
                       "rule p.next\n  when 5 days after a\n  schedules b\n";
    if (tsc_pack_load_string(fine, "p.rules", &pack, &err))
        fail_msg("%d:%d: %s", err.line, err.column, err.message);
    tsc_pack_free(pack);
}

static void pack_metadata_and_events(void **state)
{
    (void)state;
    const char *text = "# a pack\n"
                       "pack      demo\n"
                       "authority Demo Council\n"
                       "title     Standards\n"
                       "calendar  scotland\n"
                       "rule demo.visits.first\n"
                       "  when      5 working days after referral\n"
                       "  schedules visit\n"
                       "  role      Social Worker\n"
                       "  note      first line\n"
                       "  note      second line\n"
                       "  binding   yes\n"
                       "  alternative 7 days after referral\n";
    tsc_pack *pack = NULL;
    tsc_rule_info info;
    size_t at;
    assert_int_equal(tsc_pack_load_string(text, NULL, &pack, NULL), TSC_OK);
    assert_string_equal(tsc_pack_name(pack), "demo");
    assert_string_equal(tsc_pack_authority(pack), "Demo Council");
    assert_string_equal(tsc_pack_title(pack), "Standards");
    assert_string_equal(tsc_pack_calendar(pack), "scotland");
    assert_int_equal(tsc_pack_rule_count(pack), 1);
    assert_int_equal(tsc_pack_rule(pack, 0, &info, NULL), TSC_OK);
    assert_string_equal(info.id, "demo.visits.first");
    assert_string_equal(info.area, "visits");
    assert_string_equal(info.note, "first line second line");
    assert_string_equal(info.alternative, "7 days after referral");
    assert_string_equal(info.section, "");
    assert_int_equal(info.binding, 1);
    assert_int_equal(tsc_pack_rule(pack, 1, &info, NULL), TSC_ERR_RANGE);
    assert_int_equal(tsc_pack_find_rule(pack, "demo.visits.first", &at, NULL), TSC_OK);
    assert_int_equal(at, 0);
    assert_int_equal(tsc_pack_find_rule(pack, "nope", &at, NULL), TSC_ERR_NOTFOUND);
    assert_int_equal(tsc_pack_event_count(pack), 2);   /* visit, referral */
    assert_null(tsc_pack_event_name(pack, 2));
    tsc_pack_free(pack);
}

static void builtin_packs_open(void **state)
{
    (void)state;
    static const char *const names[] = {"bucks", "sthelena", "sunderland", "swindon",
                                        "wiltshire"};
    assert_int_equal(tsc_pack_builtin_count(), 5);
    for (size_t i = 0; i < 5; i++) {
        tsc_pack *pack = NULL;
        assert_string_equal(tsc_pack_builtin_name(i), names[i]);
        assert_int_equal(tsc_pack_open(names[i], &pack, NULL), TSC_OK);
        assert_true(tsc_pack_rule_count(pack) > 50);
        tsc_pack_free(pack);
    }
    assert_null(tsc_pack_builtin_name(5));
    tsc_error err;
    assert_int_equal(tsc_pack_open("york", &(tsc_pack *){NULL}, &err), TSC_ERR_NOTFOUND);
    assert_non_null(strstr(err.message, "unknown rule pack 'york'"));
    assert_int_equal(tsc_pack_load_file("/nonexistent/x.rules", &(tsc_pack *){NULL}, &err),
                     TSC_ERR_NOTFOUND);
    assert_string_equal(err.source, "/nonexistent/x.rules");
}

static void pack_from_rule_and_select(void **state)
{
    (void)state;
    tsc_pack *pack = NULL, *sub = NULL;
    tsc_error err;
    assert_int_equal(T_pack_from_rule("5 working days after referral", "visit", "st-helena",
                                        &pack, NULL), TSC_OK);
    assert_string_equal(tsc_pack_calendar(pack), "st-helena");
    assert_int_equal(T_pack_from_rule("5 working days of referral", NULL, NULL, &sub, &err),
                     TSC_ERR_PARSE);
    assert_int_equal(err.column, 16);
    assert_int_equal(T_pack_from_rule("1 day after x", "Bad Name", NULL, &sub, &err),
                     TSC_ERR_PARSE);
    tsc_pack_free(pack);
    assert_int_equal(tsc_pack_open("swindon", &pack, NULL), TSC_OK);
    const char *ids[] = {"swindon.referral.response-decision"};
    assert_int_equal(tsc_pack_select(pack, ids, 1, &sub, NULL), TSC_OK);
    assert_int_equal(tsc_pack_rule_count(sub), 1);
    tsc_pack_free(sub);
    const char *missing[] = {"swindon.nope"};
    assert_int_equal(tsc_pack_select(pack, missing, 1, &sub, &err), TSC_ERR_NOTFOUND);
    tsc_pack_free(pack);
}

/* tsc_pack_from_rule takes a parsed rule and keeps its own copy: the pack
 * works after the rule is freed (names, text, plans), and a rule a pack
 * cannot hold is refused with the column in the rule's text. */
static void pack_from_parsed_rule_outlives_it(void **state)
{
    (void)state;
    tsc_rule *rule = NULL;
    tsc_pack *pack = NULL;
    tsc_error err;
    assert_int_equal(tsc_rule_parse("every 2 working days after visit-due until 6 days after "
                                    "closure", &rule, NULL), TSC_OK);
    assert_int_equal(tsc_pack_from_rule(rule, "visit", NULL, &pack, &err), TSC_OK);
    tsc_rule_free(rule);
    assert_string_equal(tsc_pack_rule_anchor(pack, 0), "visit-due");
    assert_string_equal(tsc_pack_rule_end_anchor(pack, 0), "closure");
    tsc_rule_info info;
    assert_int_equal(tsc_pack_rule(pack, 0, &info, NULL), TSC_OK);
    assert_string_equal(info.when, "every 2 working days after visit-due until 6 days after "
                                   "closure");
    tsc_calendar *cal = T_calendar("england-and-wales");
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    tsc_item item;
    assert_int_equal(tsc_case_new(&c, NULL), TSC_OK);
    assert_int_equal(tsc_plan_new(&plan, NULL), TSC_OK);
    /* Fri 2026-03-06; Tue 2026-03-10 and Thu 2026-03-12 are 2 and 4
     * working days later, Mon 2026-03-16 is past the end: closure on Sat
     * 2026-03-07 + 6 days = Fri 2026-03-13. */
    assert_int_equal(tsc_case_add_date(c, "visit-due", T_date("2026-03-06"), NULL), TSC_OK);
    assert_int_equal(tsc_case_add_date(c, "closure", T_date("2026-03-07"), NULL), TSC_OK);
    assert_int_equal(tsc_plan_compute(plan, pack, cal, c, 0, 0, 0, &err), TSC_OK);
    assert_int_equal(tsc_plan_item_count(plan), 2);
    assert_int_equal(tsc_plan_item(plan, 1, &item, NULL), TSC_OK);
    assert_int_equal(item.due, T_date("2026-03-12"));
    assert_string_equal(item.anchor_event, "visit-due");
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_calendar_free(cal);
    tsc_pack_free(pack);

    assert_int_equal(tsc_pack_from_rule(NULL, NULL, NULL, &pack, &err), TSC_ERR_ARG);
    /* Parses as a rule, but a later phase of a pack's rule counts from the
     * previous occurrence: "x" at column 49 cannot be its anchor. */
    assert_int_equal(tsc_rule_parse("1 week after referral, then every 2 weeks after x", &rule,
                                    NULL), TSC_OK);
    assert_int_equal(tsc_pack_from_rule(rule, "visit", NULL, &pack, &err), TSC_ERR_PARSE);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 49);
    tsc_rule_free(rule);
}

int main(int argc, char **argv)
{
    T_set_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_rules_parse),
        cmocka_unit_test(format_truncates_like_snprintf),
        cmocka_unit_test(bad_rules_fail_at_the_word),
        cmocka_unit_test(error_position_formats_like_a_compiler),
        cmocka_unit_test(pack_rule_error_names_file_line_column),
        cmocka_unit_test(malformed_packs),
        cmocka_unit_test(cycles_are_pack_errors),
        cmocka_unit_test(pack_metadata_and_events),
        cmocka_unit_test(builtin_packs_open),
        cmocka_unit_test(pack_from_rule_and_select),
        cmocka_unit_test(pack_from_parsed_rule_outlives_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
