/* test_plan.c -- what a plan means: re-anchoring on actual events,
 * projected versus firm items, repeated anchors, overdue and late, hours
 * across the clocks changing, and the decisions TIMESCALES.md left open.
 * Every expected date was worked out by hand on a 2026/2027 calendar with
 * GOV.UK's England and Wales list (Good Friday 3 Apr 2026, Easter Monday
 * 6 Apr 2026, Boxing Day substitute Mon 28 Dec 2026, New Year 1 Jan 2027). */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

struct scenario {
    const char *name;
    const char *pack;                 /* pack text (rules of the scenario) */
    const char *events[8];            /* "name=value" */
    const char *until, *today;
    const char *want[8];              /* "rule occ due [flags...]" in plan order */
};

static const char *flag_words(uint32_t f, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s%s%s%s%s%s", f & TSC_ITEM_PROJECTED ? " projected" : "",
             f & TSC_ITEM_DONE ? " done" : "", f & TSC_ITEM_LATE ? " late" : "",
             f & TSC_ITEM_OVERDUE ? " overdue" : "", f & TSC_ITEM_MIDNIGHT ? " midnight" : "",
             f & TSC_ITEM_WINDOW ? " window" : "", f & TSC_ITEM_BINDING ? " binding" : "");
    return buf;
}

/* "rule occ due[ window START][ done DATE][ flags]" for one item. */
static void describe(const tsc_calendar *cal, const tsc_item *it, char *buf, size_t n)
{
    char due[40], extra[64] = "", flags[96];
    if (it->flags & TSC_ITEM_TIMED)
        tsc_time_format(it->due_time, cal, due, sizeof due);
    else
        tsc_date_format(it->due, due, sizeof due);
    if (it->flags & TSC_ITEM_WINDOW)
        snprintf(extra, sizeof extra, " from %s", T_fmt(it->window_start));
    if (it->flags & TSC_ITEM_DONE)
        snprintf(extra + strlen(extra), sizeof extra - strlen(extra), " on %s",
                 T_fmt(it->done_on));
    snprintf(buf, n, "%s %d %s%s%s", it->rule_id, (int)it->occurrence, due, extra,
             flag_words(it->flags & ~(uint32_t)(TSC_ITEM_TIMED | TSC_ITEM_DONE_TIMED), flags,
                        sizeof flags));
}

static void run(const struct scenario *s)
{
    tsc_pack *pack = NULL;
    tsc_calendar *cal = NULL;
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    tsc_error err;
    if (tsc_pack_load_string(s->pack, s->name, &pack, &err))
        fail_msg("%s: pack: %s:%d:%d: %s", s->name, err.source, err.line, err.column,
                 err.message);
    cal = T_calendar(tsc_pack_calendar(pack));
    assert_int_equal(tsc_case_new(&c, NULL), TSC_OK);
    assert_int_equal(tsc_plan_new(&plan, NULL), TSC_OK);
    for (int i = 0; i < 8 && s->events[i]; i++)
        if (tsc_case_add_text(c, s->events[i], cal, &err))
            fail_msg("%s: event %s: %s", s->name, s->events[i], err.message);
    if (tsc_plan_compute(plan, pack, cal, c, T_date(s->until), s->today ? T_date(s->today) : 0,
                         0, &err))
        fail_msg("%s: %s", s->name, err.message);
    size_t n = tsc_plan_item_count(plan), want = 0;
    while (want < 8 && s->want[want])
        want++;
    for (size_t i = 0; i < n || i < want; i++) {
        char got[256] = "(nothing)";
        tsc_item it;
        if (i < n) {
            assert_int_equal(tsc_plan_item(plan, i, &it, NULL), TSC_OK);
            describe(cal, &it, got, sizeof got);
        }
        if (i >= want || strcmp(got, s->want[i]) != 0)
            fail_msg("%s: item %zu is '%s', want '%s'", s->name, i, got,
                     i < want ? s->want[i] : "(nothing)");
    }
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
}

#define PACK(rules) "calendar england-and-wales\n" rules

static const struct scenario scenarios[] = {
    {"recurrence re-anchored on an early and a late visit",
     PACK("rule cp.visits\n  when every 10 working days after cp-visit\n  schedules cp-visit\n"),
     {"cp-visit=2026-03-02", "cp-visit=2026-03-10", "cp-visit=2026-03-30"},
     "2026-04-20", NULL,
     /* Mon 2 Mar + 10 wd = Mon 16 Mar, met early on Tue 10 Mar; from 10 Mar + 10 wd =
      * Tue 24 Mar, met late on Mon 30 Mar; from 30 Mar: 31, 1, 2, (Good Friday, weekend,
      * Easter Monday) 7, 8, 9, 10, 13, 14, 15 = Wed 15 Apr, open but firm; the next
      * (Wed 29 Apr) is past the horizon. */
     {"cp.visits 1 2026-03-16 on 2026-03-10 done", "cp.visits 2 2026-03-24 on 2026-03-30 done late",
      "cp.visits 3 2026-04-15"}},
    {"a projected review carries its own deadline, then firms up",
     PACK("rule lac.review\n  when 20 working days after lac-start\n  schedules lac-review\n"
          "  binding yes\n"
          "rule lac.invites\n  when 16 working days before lac-review\n  schedules invites\n"),
     {"lac-start=2026-12-01"}, "2027-06-30", NULL,
     /* Tue 1 Dec + 20 wd, skipping 25 Dec and Mon 28 Dec (Boxing Day substitute) = Thu
      * 31 Dec.  16 wd before 31 Dec, back over the same days = Mon 7 Dec, projected. */
     {"lac.invites 1 2026-12-07 projected", "lac.review 1 2026-12-31 binding"}},
    {"the recorded review replaces the projection",
     PACK("rule lac.review\n  when 20 working days after lac-start\n  schedules lac-review\n"
          "  binding yes\n"
          "rule lac.invites\n  when 16 working days before lac-review\n  schedules invites\n"),
     {"lac-start=2026-12-01", "lac-review=2027-01-05"}, "2027-06-30", NULL,
     /* The review, held Tue 5 Jan 2027, was due Thu 31 Dec: done late.  16 wd before
      * 5 Jan: 4 Jan, (1 Jan, weekend) 31, 30, 29, (28, 27, 26, 25 Dec) 24, 23, 22, 21,
      * 18, 17, 16, 15, 14, 11, 10, 9 = Wed 9 Dec, firm. */
     {"lac.invites 1 2026-12-09", "lac.review 1 2026-12-31 on 2027-01-05 done late binding"}},
    {"one deadline per instance of a repeated anchor",
     PACK("rule cin.plan-update\n  when 2 working days after review\n  schedules plan-update\n"),
     {"review=2026-03-02", "review=2026-06-01", "plan-update=2026-03-03"}, "2026-12-31",
     "2026-06-10",
     /* Mon 2 Mar + 2 = Wed 4 Mar, met Tue 3 Mar; Mon 1 Jun + 2 = Wed 3 Jun, open and
      * overdue on 10 Jun. */
     {"cin.plan-update 1 2026-03-04 on 2026-03-03 done", "cin.plan-update 2 2026-06-03 overdue"}},
    {"24 hours across the clocks going forward",
     PACK("rule missing.rhi\n  when 24 hours after return\n  schedules interview\n"),
     {"return=2027-03-27T21:00"}, "2027-04-30", NULL,
     /* TIMESCALES.md 3: 21:00 GMT + 24 h = 21:00 UTC on the 28th = 22:00 BST. */
     {"missing.rhi 1 2027-03-28T22:00+01:00"}},
    {"an anchor with another UTC offset is an instant, shown in the calendar's zone",
     PACK("rule missing.rhi\n  when 24 hours after return\n  schedules interview\n"),
     {"return=2027-03-27T22:00+01:00"}, "2027-04-30", NULL,
     /* 22:00+01:00 is 21:00 UTC: the same instant as the scenario above. */
     {"missing.rhi 1 2027-03-28T22:00+01:00"}},
    {"an hour rule on a date-only anchor counts from 00:00",
     PACK("rule missing.rhi\n  when 24 hours after return\n  schedules interview\n"),
     {"return=2027-03-27"}, "2027-04-30", NULL,
     /* 00:00 GMT on Sat 27 Mar + 24 h = 00:00 UTC on the 28th, an hour before the
      * clocks go forward (01:00 UTC), so still 00:00 GMT. */
     {"missing.rhi 1 2027-03-28T00:00+00:00 midnight"}},
    {"29 February birthdays clamp to 28 February, then roll back",
     PACK("rule pathway.at-18\n  when 18 years after date-of-birth\n  schedules pa\n"
          "rule school.at-5\n  when 5 years after date-of-birth\n  schedules school\n"),
     {"date-of-birth=2008-02-29"}, "2030-12-31", NULL,
     /* 2013-02-28 is a Thursday: due as is.  2026-02-28 is a Saturday: Fri 27 Feb. */
     {"school.at-5 1 2013-02-28", "pathway.at-18 1 2026-02-27"}},
    {"calendar units roll to the preceding working day unless told otherwise",
     PACK("rule a.pre\n  when 4 weeks after icpc\n  schedules x\n"
          "rule a.keep\n  when 4 weeks after icpc, keep\n  schedules y\n"
          "rule a.follow\n  when 4 weeks after icpc, following\n  schedules z\n"),
     {"icpc=2026-11-30"}, "2027-03-31", NULL,
     /* TIMESCALES.md 2: Mon 30 Nov + 4 weeks = Mon 28 Dec, the Boxing Day substitute:
      * preceding = Thu 24 Dec; keep = 28 Dec; following = Tue 29 Dec. */
     {"a.pre 1 2026-12-24", "a.keep 1 2026-12-28", "a.follow 1 2026-12-29"}},
    {"windows, day N and same day",
     PACK("rule w.assess\n  when between 1 and 8 working days after allocation\n"
          "  schedules assessment\n"
          "rule w.day5\n  when on day 5 of allocation\n  schedules review\n"
          "rule w.same\n  when same day as allocation\n  schedules record\n"),
     {"allocation=2026-04-02"}, "2026-12-31", NULL,
     /* Thu 2 Apr: 1 wd after is Tue 7 Apr (Good Friday, weekend, Easter Monday); 8 wd is
      * Thu 16 Apr.  Day 5 with 2 Apr as day 1: 7, 8, 9, 10 Apr = Fri 10 Apr.  Same day: 2 Apr. */
     {"w.same 1 2026-04-02", "w.day5 1 2026-04-10", "w.assess 1 2026-04-16 from 2026-04-07 window"}},
    {"day N from a weekend anchor starts on the next working day",
     PACK("rule s47.visit\n  when on day 5 of s47-start\n  schedules visit\n"
          "rule s47.same\n  when same day as s47-start\n  schedules note\n"),
     {"s47-start=2026-03-07"}, "2026-12-31", NULL,
     /* Sat 7 Mar: day 1 is Mon 9, day 5 Fri 13; same day stays on Saturday 7 Mar. */
     {"s47.same 1 2026-03-07", "s47.visit 1 2026-03-13"}},
    {"placement days: the 7th recorded, projected until there are seven",
     PACK("rule sb.plan\n  when on placement day 7\n  schedules visit\n"),
     {"placement-day=2026-03-02", "placement-day=2026-03-03", "placement-day=2026-03-09",
      "placement-day=2026-03-10", "placement-day=2026-03-16"},
     "2026-12-31", NULL,
     /* Five recorded; the 6th and 7th are projected as the next days: 17, 18 Mar. */
     {"sb.plan 1 2026-03-18 projected"}},
    {"ordinals pick one instance",
     PACK("rule r.second\n  when 5 working days before second lac-review\n  schedules report\n"),
     {"lac-review=2026-03-02", "lac-review=2026-06-01", "lac-review=2026-09-01"}, "2026-12-31",
     NULL,
     /* Second review Mon 1 Jun: 5 wd before = Mon 25 May is the Spring bank holiday, so
      * 29, 28, 27, 26, 22 May = Fri 22 May. */
     {"r.second 1 2026-05-22"}},
    {"phases: the interval in force on the previous occurrence's date",
     PACK("rule lac.visits\n  when 1 week after placement-start, then every 6 weeks until "
          "2 months after placement-start, then every 3 months\n  schedules visit\n"),
     {"placement-start=2026-01-05", "visit=2026-01-12"}, "2026-08-31", NULL,
     /* Mon 5 Jan + 1 week = Mon 12 Jan, done that day (firm).  From 12 Jan (before the
      * end, Thu 5 Mar) + 6 weeks = Mon 23 Feb.  23 Feb is still before 5 Mar, so 6 weeks
      * again: Mon 6 Apr is Easter Monday -> Thu 2 Apr.  From 2 Apr (past 5 Mar) + 3 months
      * = Thu 2 Jul. */
     {"lac.visits 1 2026-01-12 on 2026-01-12 done", "lac.visits 2 2026-02-23",
      "lac.visits 3 2026-04-02 projected", "lac.visits 4 2026-07-02 projected"}},
};

static void scenarios_hold(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++)
        run(&scenarios[i]);
}

static void unknown_events_are_errors_unless_ignored(void **state)
{
    (void)state;
    tsc_pack *pack = NULL;
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    tsc_calendar *cal = T_calendar("england-and-wales");
    tsc_error err;
    assert_int_equal(tsc_pack_from_rule("2 working days after referral", "visit", NULL, &pack,
                                        NULL), TSC_OK);
    assert_int_equal(tsc_case_new(&c, NULL), TSC_OK);
    assert_int_equal(tsc_plan_new(&plan, NULL), TSC_OK);
    assert_int_equal(tsc_case_add_text(c, "referral=2026-03-02", cal, NULL), TSC_OK);
    assert_int_equal(tsc_case_add_text(c, "refferal=2026-03-03", cal, NULL), TSC_OK);
    assert_int_equal(tsc_plan_compute(plan, pack, cal, c, T_date("2026-12-31"), 0, 0, &err),
                     TSC_ERR_NOTFOUND);
    assert_non_null(strstr(err.message, "'refferal'"));
    assert_int_equal(tsc_plan_item_count(plan), 0);
    assert_int_equal(tsc_plan_compute(plan, pack, cal, c, T_date("2026-12-31"), 0,
                                      TSC_PLAN_IGNORE_UNKNOWN_EVENTS, &err), TSC_OK);
    assert_int_equal(tsc_plan_item_count(plan), 1);
    /* Malformed events never reach a plan. */
    assert_int_equal(tsc_case_add_text(c, "referral=2023-02-29", cal, &err), TSC_ERR_DATE);
    assert_int_equal(err.column, 18);
    assert_int_equal(tsc_case_add_text(c, "Referral=2026-03-02", cal, &err), TSC_ERR_PARSE);
    assert_int_equal(tsc_case_add_text(c, "referral", cal, &err), TSC_ERR_PARSE);
    assert_int_equal(tsc_case_add_text(c, "return=2027-03-28T01:30", cal, &err), TSC_ERR_DATE);
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_pack_free(pack);
    tsc_calendar_free(cal);
}

/* One plan and one case serve many cases: each result depends on its own
 * events only. */
static void plans_and_cases_are_reusable(void **state)
{
    (void)state;
    tsc_pack *pack = NULL;
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    tsc_calendar *cal = T_calendar("england-and-wales");
    tsc_item it;
    assert_int_equal(tsc_pack_open("swindon", &pack, NULL), TSC_OK);
    assert_int_equal(tsc_case_new(&c, NULL), TSC_OK);
    assert_int_equal(tsc_plan_new(&plan, NULL), TSC_OK);
    size_t first_count = 0;
    for (int round = 0; round < 3; round++) {
        tsc_case_clear(c);
        assert_int_equal(tsc_case_add_text(c, round == 1 ? "referral=2026-06-01"
                                                         : "referral=2026-03-02", cal, NULL),
                         TSC_OK);
        assert_int_equal(tsc_plan_compute(plan, pack, cal, c, T_date("2027-03-31"), 0, 0, NULL),
                         TSC_OK);
        assert_true(tsc_plan_item_count(plan) > 0);
        assert_int_equal(tsc_plan_item(plan, 0, &it, NULL), TSC_OK);
        if (round == 0)
            first_count = tsc_plan_item_count(plan);
        else if (round == 2)
            assert_int_equal(tsc_plan_item_count(plan), first_count);
        assert_int_equal(it.anchor_date, T_date(round == 1 ? "2026-06-01" : "2026-03-02"));
    }
    assert_int_equal(tsc_plan_item(plan, tsc_plan_item_count(plan), &it, NULL), TSC_ERR_RANGE);
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_pack_free(pack);
    tsc_calendar_free(cal);
}

/* A plan remembers what it was computed with; without a horizon the
 * library's default is the latest recorded day + 366 days. */
static void plan_remembers_pack_calendar_and_horizon(void **state)
{
    (void)state;
    tsc_pack *pack = NULL;
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    tsc_calendar *cal = T_calendar("england-and-wales");
    assert_int_equal(tsc_pack_open("swindon", &pack, NULL), TSC_OK);
    assert_int_equal(tsc_case_new(&c, NULL), TSC_OK);
    assert_int_equal(tsc_plan_new(&plan, NULL), TSC_OK);
    assert_null(tsc_plan_pack(plan));
    assert_null(tsc_plan_calendar(plan));
    assert_int_equal(tsc_plan_until(plan), 0);
    assert_int_equal(tsc_case_add_text(c, "referral=2026-03-02", cal, NULL), TSC_OK);
    /* 23:30 on 31 March 2026 is 00:30 BST on 1 April: the local day counts. */
    assert_int_equal(tsc_case_add_text(c, "strategy=2026-03-31T23:30Z", cal, NULL), TSC_OK);
    assert_int_equal(tsc_plan_compute(plan, pack, cal, c, 0, 0, 0, NULL), TSC_OK);
    assert_ptr_equal(tsc_plan_pack(plan), pack);
    assert_ptr_equal(tsc_plan_calendar(plan), cal);
    assert_int_equal(TSC_PLAN_DEFAULT_HORIZON_DAYS, 366);
    /* 2026-04-01 + 366 days: 2027-04-02 (2027 is not a leap year, by hand). */
    assert_int_equal(tsc_plan_until(plan), T_date("2027-04-02"));
    tsc_item last;
    assert_int_equal(tsc_plan_item(plan, tsc_plan_item_count(plan) - 1, &last, NULL), TSC_OK);
    assert_true(last.due <= T_date("2027-04-02"));
    /* The same with the horizon given. */
    assert_int_equal(tsc_plan_compute(plan, pack, cal, c, T_date("2026-06-30"), 0, 0, NULL),
                     TSC_OK);
    assert_int_equal(tsc_plan_until(plan), T_date("2026-06-30"));
    /* A failure forgets them. */
    assert_int_equal(tsc_case_add_text(c, "no-such-event=2026-03-02", cal, NULL), TSC_OK);
    assert_int_equal(tsc_plan_compute(plan, pack, cal, c, 0, 0, 0, NULL), TSC_ERR_NOTFOUND);
    assert_null(tsc_plan_pack(plan));
    assert_int_equal(tsc_plan_until(plan), 0);
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_pack_free(pack);
    tsc_calendar_free(cal);
}

/* The order is by due date, then pack order, then occurrence, every time. */
static void items_come_in_date_order(void **state)
{
    (void)state;
    tsc_pack *pack = NULL;
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    tsc_calendar *cal = T_calendar("england-and-wales");
    assert_int_equal(tsc_pack_open("swindon", &pack, NULL), TSC_OK);
    assert_int_equal(tsc_case_new(&c, NULL), TSC_OK);
    assert_int_equal(tsc_plan_new(&plan, NULL), TSC_OK);
    const char *events[] = {"referral=2026-03-02", "strategy-discussion=2026-03-03",
                            "icpc=2026-03-20", "allocation=2026-03-02"};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(tsc_case_add_text(c, events[i], cal, NULL), TSC_OK);
    assert_int_equal(tsc_plan_compute(plan, pack, cal, c, T_date("2027-03-31"), 0,
                                      TSC_PLAN_IGNORE_UNKNOWN_EVENTS, NULL), TSC_OK);
    tsc_item prev, it;
    assert_true(tsc_plan_item_count(plan) > 10);
    for (size_t i = 0; i < tsc_plan_item_count(plan); i++) {
        assert_int_equal(tsc_plan_item(plan, i, &it, NULL), TSC_OK);
        assert_true(it.due <= T_date("2027-03-31"));
        if (i && prev.due == it.due && !((prev.flags | it.flags) & TSC_ITEM_TIMED))
            assert_true(prev.rule_index < it.rule_index ||
                        (prev.rule_index == it.rule_index && prev.occurrence < it.occurrence));
        if (i)
            assert_true(prev.due <= it.due);
        prev = it;
    }
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_pack_free(pack);
    tsc_calendar_free(cal);
}

int main(int argc, char **argv)
{
    T_set_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scenarios_hold),
        cmocka_unit_test(unknown_events_are_errors_unless_ignored),
        cmocka_unit_test(plans_and_cases_are_reusable),
        cmocka_unit_test(plan_remembers_pack_calendar_and_horizon),
        cmocka_unit_test(items_come_in_date_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
