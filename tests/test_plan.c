/* test_plan.c -- what a plan means: re-anchoring on actual events,
 * projected versus firm items, repeated anchors, overdue and late, hours
 * across the clocks changing, and the decisions TIMESCALES.md left open.
 * Every expected date was worked out by hand on a 2026/2027 calendar with
 * GOV.UK's England and Wales list (Good Friday 3 Apr 2026, Easter Monday
 * 6 Apr 2026, Boxing Day substitute Mon 28 Dec 2026, New Year 1 Jan 2027). */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct scenario {
    const char *name;
    const char *pack;                 /* pack text (rules of the scenario) */
    const char *events[8];            /* "name=value" */
    const char *until, *today;
    const char *want[16];             /* "rule occ due [flags...]" in plan order */
    const char *calendar;             /* holiday-file text, or NULL: the pack's calendar */
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
    if (!s->calendar)
        cal = T_calendar(tsc_pack_calendar(pack));
    else if (tsc_calendar_load_string(s->calendar, s->name, &cal, &err))
        fail_msg("%s: calendar: %s", s->name, err.message);
    assert_int_equal(tsc_case_new(&c, NULL), TSC_OK);
    assert_int_equal(tsc_plan_new(&plan, NULL), TSC_OK);
    for (int i = 0; i < 8 && s->events[i]; i++)
        if (tsc_case_add_text(c, s->events[i], cal, &err))
            fail_msg("%s: event %s: %s", s->name, s->events[i], err.message);
    if (tsc_plan_compute(plan, pack, cal, c, T_date(s->until), s->today ? T_date(s->today) : 0,
                         0, &err))
        fail_msg("%s: %s", s->name, err.message);
    size_t n = tsc_plan_item_count(plan), want = 0;
    while (want < 16 && s->want[want])
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
      "cp.visits 3 2026-04-15"}, NULL},
    {"a projected review carries its own deadline, then firms up",
     PACK("rule lac.review\n  when 20 working days after lac-start\n  schedules lac-review\n"
          "  binding yes\n"
          "rule lac.invites\n  when 16 working days before lac-review\n  schedules invites\n"),
     {"lac-start=2026-12-01"}, "2027-06-30", NULL,
     /* Tue 1 Dec + 20 wd, skipping 25 Dec and Mon 28 Dec (Boxing Day substitute) = Thu
      * 31 Dec.  16 wd before 31 Dec, back over the same days = Mon 7 Dec, projected. */
     {"lac.invites 1 2026-12-07 projected", "lac.review 1 2026-12-31 binding"}, NULL},
    {"the recorded review replaces the projection",
     PACK("rule lac.review\n  when 20 working days after lac-start\n  schedules lac-review\n"
          "  binding yes\n"
          "rule lac.invites\n  when 16 working days before lac-review\n  schedules invites\n"),
     {"lac-start=2026-12-01", "lac-review=2027-01-05"}, "2027-06-30", NULL,
     /* The review, held Tue 5 Jan 2027, was due Thu 31 Dec: done late.  16 wd before
      * 5 Jan: 4 Jan, (1 Jan, weekend) 31, 30, 29, (28, 27, 26, 25 Dec) 24, 23, 22, 21,
      * 18, 17, 16, 15, 14, 11, 10, 9 = Wed 9 Dec, firm. */
     {"lac.invites 1 2026-12-09", "lac.review 1 2026-12-31 on 2027-01-05 done late binding"}, NULL},
    {"one deadline per instance of a repeated anchor",
     PACK("rule cin.plan-update\n  when 2 working days after review\n  schedules plan-update\n"),
     {"review=2026-03-02", "review=2026-06-01", "plan-update=2026-03-03"}, "2026-12-31",
     "2026-06-10",
     /* Mon 2 Mar + 2 = Wed 4 Mar, met Tue 3 Mar; Mon 1 Jun + 2 = Wed 3 Jun, open and
      * overdue on 10 Jun. */
     {"cin.plan-update 1 2026-03-04 on 2026-03-03 done", "cin.plan-update 2 2026-06-03 overdue"}, NULL},
    {"24 hours across the clocks going forward",
     PACK("rule missing.rhi\n  when 24 hours after return\n  schedules interview\n"),
     {"return=2027-03-27T21:00"}, "2027-04-30", NULL,
     /* TIMESCALES.md 3: 21:00 GMT + 24 h = 21:00 UTC on the 28th = 22:00 BST. */
     {"missing.rhi 1 2027-03-28T22:00+01:00"}, NULL},
    {"an anchor with another UTC offset is an instant, shown in the calendar's zone",
     PACK("rule missing.rhi\n  when 24 hours after return\n  schedules interview\n"),
     {"return=2027-03-27T22:00+01:00"}, "2027-04-30", NULL,
     /* 22:00+01:00 is 21:00 UTC: the same instant as the scenario above. */
     {"missing.rhi 1 2027-03-28T22:00+01:00"}, NULL},
    {"an hour deadline on a date-only anchor is due on a date, time not recorded",
     PACK("rule missing.rhi\n  when 24 hours after return\n  schedules interview\n"
          "rule chair.meets\n  when 15 minutes before icpc\n  schedules chair\n"
          "rule reports\n  when 48 hours before icpc\n  schedules reports\n"
          "rule w.hours\n  when between 1 and 72 hours after return\n  schedules w\n"),
     {"return=2027-03-27", "icpc=2027-03-24"}, "2027-04-30", NULL,
     /* Issue 10: no fabricated instant (it was 23:45 the night before for the chair).
      * 15 minutes before Wed 24 Mar: on 24 Mar; 48 hours before: two whole days, Mon
      * 22 Mar; 24 hours after Sat 27 Mar: Sun 28 Mar; the window of 1 to 72 hours after
      * 27 Mar: from 27 Mar (under a day) to Tue 30 Mar.  All dates, none timed. */
     {"reports 1 2027-03-22 midnight", "chair.meets 1 2027-03-24 midnight",
      "missing.rhi 1 2027-03-28 midnight", "w.hours 1 2027-03-30 from 2027-03-27 midnight window"},
     NULL},
    {"a series in hours from a date-only anchor counts from 00:00 and says so",
     PACK("rule obs\n  when every 12 hours after return\n  schedules obs\n"),
     {"return=2027-03-27"}, "2027-03-28", NULL,
     /* 00:00 GMT Sat 27 Mar + 12 h = 12:00 GMT; 00:00 GMT on the 28th (the clocks go
      * forward at 01:00 UTC); 12:00 UTC = 13:00 BST.  Every one flagged. */
     {"obs 1 2027-03-27T12:00+00:00 midnight", "obs 2 2027-03-28T00:00+00:00 projected midnight",
      "obs 3 2027-03-28T13:00+01:00 projected midnight"}, NULL},
    {"29 February birthdays clamp to 28 February, then roll back",
     PACK("rule pathway.at-18\n  when 18 years after date-of-birth\n  schedules pa\n"
          "rule school.at-5\n  when 5 years after date-of-birth\n  schedules school\n"),
     {"date-of-birth=2008-02-29"}, "2030-12-31", NULL,
     /* 2013-02-28 is a Thursday: due as is.  2026-02-28 is a Saturday: Fri 27 Feb. */
     {"school.at-5 1 2013-02-28", "pathway.at-18 1 2026-02-27"}, NULL},
    {"calendar units roll to the preceding working day unless told otherwise",
     PACK("rule a.pre\n  when 4 weeks after icpc\n  schedules x\n"
          "rule a.keep\n  when 4 weeks after icpc, keep\n  schedules y\n"
          "rule a.follow\n  when 4 weeks after icpc, following\n  schedules z\n"),
     {"icpc=2026-11-30"}, "2027-03-31", NULL,
     /* TIMESCALES.md 2: Mon 30 Nov + 4 weeks = Mon 28 Dec, the Boxing Day substitute:
      * preceding = Thu 24 Dec; keep = 28 Dec; following = Tue 29 Dec. */
     {"a.pre 1 2026-12-24", "a.keep 1 2026-12-28", "a.follow 1 2026-12-29"}, NULL},
    {"windows, day N and same day",
     PACK("rule w.assess\n  when between 1 and 8 working days after allocation\n"
          "  schedules assessment\n"
          "rule w.day5\n  when on day 5 of allocation\n  schedules review\n"
          "rule w.same\n  when same day as allocation\n  schedules record\n"),
     {"allocation=2026-04-02"}, "2026-12-31", NULL,
     /* Thu 2 Apr: 1 wd after is Tue 7 Apr (Good Friday, weekend, Easter Monday); 8 wd is
      * Thu 16 Apr.  Day 5 with 2 Apr as day 1: 7, 8, 9, 10 Apr = Fri 10 Apr.  Same day: 2 Apr. */
     {"w.same 1 2026-04-02", "w.day5 1 2026-04-10", "w.assess 1 2026-04-16 from 2026-04-07 window"}, NULL},
    {"day N from a weekend anchor starts on the next working day",
     PACK("rule s47.visit\n  when on day 5 of s47-start\n  schedules visit\n"
          "rule s47.same\n  when same day as s47-start\n  schedules note\n"),
     {"s47-start=2026-03-07"}, "2026-12-31", NULL,
     /* Sat 7 Mar: day 1 is Mon 9, day 5 Fri 13; same day stays on Saturday 7 Mar. */
     {"s47.same 1 2026-03-07", "s47.visit 1 2026-03-13"}, NULL},
    {"placement days: the 7th recorded, projected until there are seven",
     PACK("rule sb.plan\n  when on placement day 7\n  schedules visit\n"),
     {"placement-day=2026-03-02", "placement-day=2026-03-03", "placement-day=2026-03-09",
      "placement-day=2026-03-10", "placement-day=2026-03-16"},
     "2026-12-31", NULL,
     /* Five recorded; the 6th and 7th are projected as the next days: 17, 18 Mar. */
     {"sb.plan 1 2026-03-18 projected"}, NULL},
    {"ordinals pick one instance",
     PACK("rule r.second\n  when 5 working days before second lac-review\n  schedules report\n"),
     {"lac-review=2026-03-02", "lac-review=2026-06-01", "lac-review=2026-09-01"}, "2026-12-31",
     NULL,
     /* Second review Mon 1 Jun: 5 wd before = Mon 25 May is the Spring bank holiday, so
      * 29, 28, 27, 26, 22 May = Fri 22 May. */
     {"r.second 1 2026-05-22"}, NULL},
    {"phases: the interval in force on the previous occurrence's date",
     PACK("rule lac.visits\n  when 1 week after placement-start, then every 6 weeks until "
          "2 months after placement-start, then every 3 months\n  schedules visit\n"),
     {"placement-start=2026-01-05", "visit=2026-01-12"}, "2026-08-31", NULL,
     /* Mon 5 Jan + 1 week = Mon 12 Jan, done that day (firm).  From 12 Jan (before the
      * end, Thu 5 Mar) + 6 weeks = Mon 23 Feb.  23 Feb is still before 5 Mar, so 6 weeks
      * again: Mon 6 Apr is Easter Monday -> Thu 2 Apr.  From 2 Apr (past 5 Mar) + 3 months
      * = Thu 2 Jul. */
     {"lac.visits 1 2026-01-12 on 2026-01-12 done", "lac.visits 2 2026-02-23",
      "lac.visits 3 2026-04-02 projected", "lac.visits 4 2026-07-02 projected"}, NULL},
};

/* Series must advance (issue 10): dates strictly increase, every interval
 * is honoured as far as the calendar allows.  COUNCIL adds a closure from
 * Thu 24 to Thu 31 Dec 2026 to England and Wales (so Fri 1 Jan 2027 and the
 * weekend follow: the first working day after it is Mon 4 Jan); AUGUST closes
 * the whole of August 2026 (Sat 1 to Mon 31, itself the bank holiday): the
 * last working day before is Fri 31 Jul, the first after Tue 1 Sep. */
#define COUNCIL "include england-and-wales\n\"Council closure\"  2026-12-24 .. 2026-12-31\n"
#define AUGUST "include england-and-wales\n\"Closed\"  2026-08-01 .. 2026-08-31\n"
#define SERIES(when) PACK("rule s\n  when " when "\n  schedules visit\n")

static const struct scenario series_advance[] = {
    {"daily is a seven-day duty: not rolled", SERIES("daily after x"), {"x=2026-03-02"},
     "2026-03-09", NULL,
     /* Mon 2 Mar: every day, Sat 7 and Sun 8 included (it stalled on Fri 6). */
     {"s 1 2026-03-03", "s 2 2026-03-04 projected", "s 3 2026-03-05 projected",
      "s 4 2026-03-06 projected", "s 5 2026-03-07 projected", "s 6 2026-03-08 projected",
      "s 7 2026-03-09 projected"}, NULL},
    {"daily, preceding, over Easter rolls forward past the previous",
     SERIES("daily after x, preceding"), {"x=2026-04-01"}, "2026-04-10", NULL,
     /* Wed 1 Apr: Thu 2; Good Friday 3 would roll back to 2 (the previous), so forward
      * over the weekend and Easter Monday to Tue 7; then 8, 9, 10. */
     {"s 1 2026-04-02", "s 2 2026-04-07 projected", "s 3 2026-04-08 projected",
      "s 4 2026-04-09 projected", "s 5 2026-04-10 projected"}, NULL},
    {"every 3 days over Easter", SERIES("every 3 days after x"), {"x=2026-03-27"},
     "2026-04-10", NULL,
     /* Fri 27 Mar + 3 = Mon 30, Thu 2 Apr, Easter Sunday 5 Apr (kept), Wed 8. */
     {"s 1 2026-03-30", "s 2 2026-04-02 projected", "s 3 2026-04-05 projected",
      "s 4 2026-04-08 projected"}, NULL},
    {"every 4 days over Christmas", SERIES("every 4 days after x"), {"x=2026-12-16"},
     "2027-01-06", NULL,
     /* Wed 16 Dec + 4 = Sun 20, Thu 24, Mon 28, Fri 1 Jan, Tue 5 Jan, all kept. */
     {"s 1 2026-12-20", "s 2 2026-12-24 projected", "s 3 2026-12-28 projected",
      "s 4 2027-01-01 projected", "s 5 2027-01-05 projected"}, NULL},
    {"every 4 days, preceding, over Christmas", SERIES("every 4 days after x, preceding"),
     {"x=2026-12-16"}, "2027-01-06", NULL,
     /* Wed 16 + 4 = Sun 20 -> Fri 18; Tue 22; Sat 26 -> (25 H) Thu 24; Mon 28 H would go
      * back to 24, the previous: forward to Tue 29; Sat 2 Jan -> (1 Jan H) Thu 31 Dec;
      * Mon 4 Jan. */
     {"s 1 2026-12-18", "s 2 2026-12-22 projected", "s 3 2026-12-24 projected",
      "s 4 2026-12-29 projected", "s 5 2026-12-31 projected", "s 6 2027-01-04 projected"}, NULL},
    {"weekly across a week-long closure", SERIES("weekly after x"), {"x=2026-12-02"},
     "2027-01-20", NULL,
     /* Wed 2 Dec: 9, 16, 23; Wed 30 is closed and would roll back to 23: forward to Mon
      * 4 Jan; then 11, 18 Jan (it stalled on 23 Dec). */
     {"s 1 2026-12-09", "s 2 2026-12-16 projected", "s 3 2026-12-23 projected",
      "s 4 2027-01-04 projected", "s 5 2027-01-11 projected", "s 6 2027-01-18 projected"},
     COUNCIL},
    {"fortnightly across the closure", SERIES("fortnightly after x"), {"x=2026-12-16"},
     "2027-01-22", NULL,
     /* Wed 16 + 14 = Wed 30, closed: back to Wed 23 (after 16, so kept); Wed 6 Jan, 20 Jan. */
     {"s 1 2026-12-23", "s 2 2027-01-06 projected", "s 3 2027-01-20 projected"}, COUNCIL},
    {"every 5 working days across the closure", SERIES("every 5 working days after x"),
     {"x=2026-12-14"}, "2027-01-15", NULL,
     /* Mon 14: 15, 16, 17, 18, 21; then 22, 23, (closure, 1 Jan, weekend) 4, 5, 6 Jan;
      * then 7, 8, 11, 12, 13. */
     {"s 1 2026-12-21", "s 2 2027-01-06 projected", "s 3 2027-01-13 projected"}, COUNCIL},
    {"daily, following, across the closure", SERIES("daily after x, following"),
     {"x=2026-12-22"}, "2027-01-06", NULL,
     /* Tue 22: Wed 23; Thu 24 closed -> the next working day, Mon 4 Jan; 5, 6. */
     {"s 1 2026-12-23", "s 2 2027-01-04 projected", "s 3 2027-01-05 projected",
      "s 4 2027-01-06 projected"}, COUNCIL},
    {"phases across the closure",
     SERIES("weekly after x until 3 weeks after x, then fortnightly"), {"x=2026-12-09"},
     "2027-02-05", NULL,
     /* Wed 9 Dec; the first phase ends Wed 30 Dec.  16, 23; 30 closed -> back to 23, the
      * previous: forward to Mon 4 Jan, past the end, so fortnightly: 18 Jan, 1 Feb. */
     {"s 1 2026-12-16", "s 2 2026-12-23 projected", "s 3 2027-01-04 projected",
      "s 4 2027-01-18 projected", "s 5 2027-02-01 projected"}, COUNCIL},
    {"until an event", SERIES("weekly after x until y"), {"x=2026-12-02", "y=2027-01-12"},
     "2027-02-01", NULL,
     /* As weekly above; Mon 18 Jan is after y (Tue 12 Jan): the series ends. */
     {"s 1 2026-12-09", "s 2 2026-12-16 projected", "s 3 2026-12-23 projected",
      "s 4 2027-01-04 projected", "s 5 2027-01-11 projected"}, COUNCIL},
    {"quarterly across the closure", SERIES("quarterly after x"), {"x=2026-09-30"},
     "2027-04-30", NULL,
     /* Wed 30 Sep + 3 months = Wed 30 Dec, closed: back past the closure and the weekend
      * to Wed 23 Dec; + 3 months = Tue 23 Mar 2027. */
     {"s 1 2026-12-23", "s 2 2027-03-23 projected"}, COUNCIL},
    {"annually across the closure", SERIES("annually after x"), {"x=2025-12-28"},
     "2027-12-31", NULL,
     /* Sun 28 Dec 2025 + 1 year = Mon 28 Dec 2026 (H, closed) -> Wed 23 Dec; + 1 year =
      * Thu 23 Dec 2027 (the closure was 2026 only). */
     {"s 1 2026-12-23", "s 2 2027-12-23 projected"}, COUNCIL},
    {"4 times a year across the closure", SERIES("4 times a year after x"), {"x=2026-06-30"},
     "2027-01-31", NULL,
     /* Every 3 months: Wed 30 Sep; Wed 30 Dec closed -> Wed 23 Dec; next 23 Mar 2027. */
     {"s 1 2026-09-30", "s 2 2026-12-23 projected"}, COUNCIL},
    {"monthly across a month with no working day", SERIES("monthly after x"),
     {"x=2026-06-30"}, "2026-10-05", NULL,
     /* Tue 30 Jun + 1 month = Thu 30 Jul; Sun 30 Aug -> back to Fri 31 Jul (after 30 Jul,
      * kept: the last chance before the closure); Mon 31 Aug would go back to 31 Jul, the
      * previous: forward to Tue 1 Sep; Thu 1 Oct. */
     {"s 1 2026-07-30", "s 2 2026-07-31 projected", "s 3 2026-09-01 projected",
      "s 4 2026-10-01 projected"}, AUGUST},
    {"weekly across a month with no working day", SERIES("weekly after x"), {"x=2026-07-22"},
     "2026-09-10", NULL,
     /* Wed 22 Jul: 29 Jul; Wed 5 Aug -> Fri 31 Jul; Fri 7 Aug would go back to 31 Jul:
      * forward to Tue 1 Sep; Tue 8 Sep. */
     {"s 1 2026-07-29", "s 2 2026-07-31 projected", "s 3 2026-09-01 projected",
      "s 4 2026-09-08 projected"}, AUGUST},
    {"every 2 weeks across a month with no working day", SERIES("every 2 weeks after x"),
     {"x=2026-07-15"}, "2026-09-20", NULL,
     /* Wed 15 Jul: 29 Jul; Wed 12 Aug -> Fri 31 Jul; Fri 14 Aug -> 31 Jul again: forward
      * to Tue 1 Sep; Tue 15 Sep. */
     {"s 1 2026-07-29", "s 2 2026-07-31 projected", "s 3 2026-09-01 projected",
      "s 4 2026-09-15 projected"}, AUGUST},
    {"every 10 working days across a month with no working day",
     SERIES("every 10 working days after x"), {"x=2026-07-20"}, "2026-09-20", NULL,
     /* Mon 20 Jul: 21, 22, 23, 24, 27, 28, 29, 30, 31, (August) 1 Sep; then 2, 3, 4, 7, 8,
      * 9, 10, 11, 14, 15 Sep. */
     {"s 1 2026-09-01", "s 2 2026-09-15 projected"}, AUGUST},
    {"daily, preceding, across a month with no working day", SERIES("daily after x, preceding"),
     {"x=2026-07-30"}, "2026-09-02", NULL,
     /* Thu 30 Jul: Fri 31; Sat 1 Aug would go back to 31 Jul: forward to Tue 1 Sep; 2 Sep. */
     {"s 1 2026-07-31", "s 2 2026-09-01 projected", "s 3 2026-09-02 projected"}, AUGUST},
};

static void series_advance_across_closures(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof series_advance / sizeof series_advance[0]; i++)
        run(&series_advance[i]);
}

/* For every form of recurrence and every anchor in two months of closures,
 * each occurrence is strictly after the one before. */
static void series_dates_strictly_increase(void **state)
{
    (void)state;
    static const char *const forms[] = {
        "daily after x", "daily after x, preceding", "every 2 days after x, preceding",
        "every 6 days after x, preceding", "weekly after x", "fortnightly after x",
        "monthly after x", "every 5 working days after x", "every 12 hours after x",
        "weekly after x until 3 weeks after x, then every 2 days, preceding"};
    static const char *const calendars[] = {COUNCIL, AUGUST};
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    assert_int_equal(tsc_case_new(&c, NULL), TSC_OK);
    assert_int_equal(tsc_plan_new(&plan, NULL), TSC_OK);
    for (size_t k = 0; k < 2; k++) {
        tsc_calendar *cal = NULL;
        assert_int_equal(tsc_calendar_load_string(calendars[k], NULL, &cal, NULL), TSC_OK);
        tsc_date first = T_date(k == 0 ? "2026-12-01" : "2026-07-15");
        for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
            tsc_pack *pack = NULL;
            tsc_error err;
            if (T_pack_from_rule(forms[f], "visit", NULL, &pack, &err))
                fail_msg("%s: %s", forms[f], err.message);
            for (tsc_date x = first; x < first + 45; x++) {
                tsc_case_clear(c);
                assert_int_equal(tsc_case_add_date(c, "x", x, NULL), TSC_OK);
                assert_int_equal(tsc_plan_compute(plan, pack, cal, c, x + 90, 0, 0, NULL),
                                 TSC_OK);
                size_t n = tsc_plan_item_count(plan);
                assert_true(n > 0);
                tsc_item prev, it;
                for (size_t i = 0; i < n; i++) {
                    assert_int_equal(tsc_plan_item(plan, i, &it, NULL), TSC_OK);
                    bool timed = it.flags & TSC_ITEM_TIMED;
                    if (i && (timed ? it.due_time <= prev.due_time : it.due <= prev.due))
                        fail_msg("%s from %s: item %zu on %s is not after %s", forms[f],
                                 T_fmt(x), i, T_fmt(it.due), T_fmt(prev.due));
                    prev = it;
                }
            }
            tsc_pack_free(pack);
        }
        tsc_calendar_free(cal);
    }
    tsc_plan_free(plan);
    tsc_case_free(c);
}

/* Issue 10: Swindon's weekly visits under an interim care order lost every
 * January and February visit on a council calendar closed 24-31 Dec. */
static void swindon_ico_visits_continue_after_a_closure(void **state)
{
    (void)state;
    tsc_pack *pack = NULL;
    tsc_calendar *cal = NULL;
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    assert_int_equal(tsc_pack_open("swindon", &pack, NULL), TSC_OK);
    assert_int_equal(tsc_calendar_load_string(COUNCIL, NULL, &cal, NULL), TSC_OK);
    assert_int_equal(tsc_case_new(&c, NULL), TSC_OK);
    assert_int_equal(tsc_plan_new(&plan, NULL), TSC_OK);
    assert_int_equal(tsc_case_add_text(c, "ico-placement-start=2026-12-02", cal, NULL), TSC_OK);
    assert_int_equal(tsc_plan_compute(plan, pack, cal, c, T_date("2027-03-01"), 0, 0, NULL),
                     TSC_OK);
    /* Weekly from Wed 2 Dec: 9, 16, 23 Dec; 30 Dec is closed and would roll back to
     * 23: forward to Mon 4 Jan; then every Monday to 1 Mar (no lac-review recorded). */
    static const char *const want[] = {"2026-12-09", "2026-12-16", "2026-12-23", "2027-01-04",
                                       "2027-01-11", "2027-01-18", "2027-01-25", "2027-02-01",
                                       "2027-02-08", "2027-02-15", "2027-02-22", "2027-03-01"};
    size_t got = 0;
    for (size_t i = 0; i < tsc_plan_item_count(plan); i++) {
        tsc_item it;
        assert_int_equal(tsc_plan_item(plan, i, &it, NULL), TSC_OK);
        if (strcmp(it.rule_id, "swindon.visits.ico-temporary-carers") != 0)
            continue;
        assert_true(got < sizeof want / sizeof want[0]);
        assert_int_equal(it.due, T_date(want[got]));
        got++;
    }
    assert_int_equal(got, sizeof want / sizeof want[0]);
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
}

/* The flags of rule `id`'s first item in a Sunderland plan of `events`
 * (";"-separated "event=date"), its due date into *due; -1 when none. */
static long sunderland_item(const char *events, const char *id, tsc_date *due)
{
    tsc_pack *pack = NULL;
    tsc_calendar *cal = T_calendar("england-and-wales");
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    assert_int_equal(tsc_pack_open("sunderland", &pack, NULL), TSC_OK);
    assert_int_equal(tsc_case_new(&c, NULL), TSC_OK);
    assert_int_equal(tsc_plan_new(&plan, NULL), TSC_OK);
    char list[300];
    snprintf(list, sizeof list, "%s", events);
    for (char *save = NULL, *e = strtok_r(list, ";", &save); e; e = strtok_r(NULL, ";", &save))
        assert_int_equal(tsc_case_add_text(c, e, cal, NULL), TSC_OK);
    assert_int_equal(tsc_plan_compute(plan, pack, cal, c, T_date("2027-12-31"), 0, 0, NULL),
                     TSC_OK);
    long flags = -1;
    for (size_t i = 0; flags < 0 && i < tsc_plan_item_count(plan); i++) {
        tsc_item it;
        assert_int_equal(tsc_plan_item(plan, i, &it, NULL), TSC_OK);
        if (!strcmp(it.rule_id, id)) {
            flags = it.flags;
            *due = it.due;
        }
    }
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
    return flags;
}

/* Sunderland's initial review counts from the first placement-start and
 * the 4-month one ("schedules second lac-review") from lac-start.  A case
 * recording lac-start alone got no initial review, and the 4-month review
 * was then its first lac-review, silently: its item says so now. */
static void a_second_review_without_a_first_says_so(void **state)
{
    (void)state;
    const char *second = "sunderland.lac.second-review-4-months";
    const char *initial = "sunderland.lac.initial-review-20-working-days";
    tsc_date due = 0;
    /* Mon 2 Mar 2026 + 4 months: Thu 2 Jul 2026. */
    long f = sunderland_item("lac-start=2026-03-02", second, &due);
    assert_true(f >= 0 && (f & TSC_ITEM_NO_EARLIER));
    assert_int_equal(due, T_date("2026-07-02"));
    assert_int_equal(sunderland_item("lac-start=2026-03-02", initial, &due), -1);
    /* With the placement the initial review is projected 20 working days
     * on (3-6, 9-13, 16-20, 23-27 and 30 March: Mon 30 Mar), before it. */
    f = sunderland_item("lac-start=2026-03-02;placement-start=2026-03-02", second, &due);
    assert_true(f >= 0 && !(f & TSC_ITEM_NO_EARLIER));
    assert_true(sunderland_item("lac-start=2026-03-02;placement-start=2026-03-02", initial,
                                &due) >= 0);
    assert_int_equal(due, T_date("2026-03-30"));
    /* A recorded first review is one too. */
    f = sunderland_item("lac-start=2026-03-02;lac-review=2026-03-27", second, &due);
    assert_true(f >= 0 && !(f & TSC_ITEM_NO_EARLIER));
}

/* The rules tsc_plan_unanchored() names for a Sunderland case, as "id id ..." */
static void sunderland_unanchored(const char *events, char *out, size_t n)
{
    tsc_pack *pack = NULL;
    tsc_calendar *cal = T_calendar("england-and-wales");
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    assert_int_equal(tsc_pack_open("sunderland", &pack, NULL), TSC_OK);
    assert_int_equal(tsc_case_new(&c, NULL), TSC_OK);
    assert_int_equal(tsc_plan_new(&plan, NULL), TSC_OK);
    assert_int_equal(tsc_plan_unanchored(plan, NULL, 0), 0);
    char list[300];
    snprintf(list, sizeof list, "%s", events);
    for (char *save = NULL, *e = strtok_r(list, ";", &save); e; e = strtok_r(NULL, ";", &save))
        assert_int_equal(tsc_case_add_text(c, e, cal, NULL), TSC_OK);
    assert_int_equal(tsc_plan_compute(plan, pack, cal, c, T_date("2027-12-31"), 0, 0, NULL),
                     TSC_OK);
    size_t rules[8], count = tsc_plan_unanchored(plan, rules, 8);
    out[0] = '\0';
    for (size_t i = 0; i < count && i < 8; i++) {
        tsc_rule_info info;
        assert_int_equal(tsc_pack_rule(pack, rules[i], &info, NULL), TSC_OK);
        snprintf(out + strlen(out), n - strlen(out), "%s%s", i ? " " : "", info.id);
    }
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
}

/* The other way round: a case recorded from its placement (no lac-start:
 * an SSDA903 child looked after before the year has no RNE S episode)
 * gets the initial review but no 4-month review, so no review after it;
 * nor does one with a review recorded.  A case with no review at all (a
 * child in need) is not one. */
static void a_review_chain_without_its_anchor_is_named(void **state)
{
    (void)state;
    char got[500];
    const char *want = "sunderland.lac.second-review-4-months";
    sunderland_unanchored("placement-start=2026-03-02", got, sizeof got);
    assert_string_equal(got, want);
    sunderland_unanchored("placement-start=2025-03-02;lac-review=2026-01-10", got, sizeof got);
    assert_string_equal(got, want);
    sunderland_unanchored("lac-start=2026-03-02;placement-start=2026-03-02", got, sizeof got);
    assert_string_equal(got, "");
    sunderland_unanchored("referral=2026-03-02", got, sizeof got);
    assert_string_equal(got, "");
    tsc_date due;
    assert_int_equal(sunderland_item("placement-start=2026-03-02",
                                     "sunderland.lac.reviews-six-monthly", &due), -1);
}

static void scenarios_hold(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++)
        run(&scenarios[i]);
}

/* A series longer than the limit stops visibly: its last item says so and
 * the plan counts it; one under the limit is whole. */
static void series_cut_short_say_so(void **state)
{
    (void)state;
    tsc_calendar *cal = T_calendar("england-and-wales");
    tsc_pack *minutes = NULL, *hours = NULL;
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    tsc_item it;
    assert_int_equal(T_pack_from_rule("every 1 minute after x", "visit", NULL, &minutes,
                                        NULL), TSC_OK);
    assert_int_equal(T_pack_from_rule("every 1 hour after x", "visit", NULL, &hours, NULL),
                     TSC_OK);
    assert_int_equal(tsc_case_new(&c, NULL), TSC_OK);
    assert_int_equal(tsc_plan_new(&plan, NULL), TSC_OK);
    assert_int_equal(tsc_case_add_text(c, "x=2026-03-02T09:00", cal, NULL), TSC_OK);
    /* A year of minutes: 527,040 due, the first TSC_PLAN_SERIES_LIMIT given. */
    assert_int_equal(tsc_plan_compute(plan, minutes, cal, c, T_date("2027-03-01"), 0, 0, NULL),
                     TSC_OK);
    size_t n = tsc_plan_item_count(plan);
    assert_int_equal(n, TSC_PLAN_SERIES_LIMIT);
    assert_int_equal(tsc_plan_truncated(plan), 1);
    assert_int_equal(tsc_plan_item(plan, n - 1, &it, NULL), TSC_OK);
    assert_true(it.flags & TSC_ITEM_TRUNCATED);
    /* 09:00 on 2 Mar + 10,000 minutes (6 days 22 h 40 min) = 07:40 on Mon 9 Mar (GMT). */
    assert_int_equal(it.due, T_date("2026-03-09"));
    assert_int_equal(tsc_plan_item(plan, n - 2, &it, NULL), TSC_OK);
    assert_false(it.flags & TSC_ITEM_TRUNCATED);
    /* Hours to the end of 31 Mar: 09:00 GMT 2 Mar + 29 days = 09:00 UTC 31 Mar (696 h);
     * the clocks went forward on 29 Mar, so 31 Mar ends at 23:00 UTC and its last whole
     * hour from 09:00 UTC is 22:00 UTC (23:00 BST): 696 + 13 = 709 items, all there. */
    assert_int_equal(tsc_plan_compute(plan, hours, cal, c, T_date("2026-03-31"), 0, 0, NULL),
                     TSC_OK);
    assert_int_equal(tsc_plan_item_count(plan), 709);
    assert_int_equal(tsc_plan_truncated(plan), 0);
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_pack_free(minutes);
    tsc_pack_free(hours);
    tsc_calendar_free(cal);
}

/* `until` hides deadlines only when asked to: with
 * TSC_PLAN_UNTIL_BOUNDS_REPEATS it bounds a series' repeats alone, and what
 * it hides otherwise is counted. */
static void the_horizon_bounds_repeats_not_deadlines(void **state)
{
    (void)state;
    tsc_calendar *cal = T_calendar("england-and-wales");
    tsc_pack *pack = NULL;
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    tsc_item it;
    assert_int_equal(tsc_pack_load_string(
                         PACK("rule a.leaving\n  when 15 years 9 months after date-of-birth\n"
                              "  schedules pathway\n"
                              "rule a.visits\n  when every 2 years after date-of-birth\n"
                              "  schedules visit\n"), "horizon", &pack, NULL), TSC_OK);
    assert_int_equal(tsc_case_new(&c, NULL), TSC_OK);
    assert_int_equal(tsc_plan_new(&plan, NULL), TSC_OK);
    assert_int_equal(tsc_case_add_text(c, "date-of-birth=2011-05-31", cal, NULL), TSC_OK);
    tsc_date until = T_date("2012-05-31");
    /* Bounded: the deadline (2027) and the series' first occurrence (2013) are hidden. */
    assert_int_equal(tsc_plan_compute(plan, pack, cal, c, until, 0, 0, NULL), TSC_OK);
    assert_int_equal(tsc_plan_item_count(plan), 0);
    assert_int_equal(tsc_plan_hidden(plan), 2);
    /* Repeats only: 31 May 2011 + 15 years 9 months = Sun 28 Feb 2027 (clamped from
     * 31 Feb) -> Fri 26 Feb; + 2 years = Fri 31 May 2013, then nothing more. */
    assert_int_equal(tsc_plan_compute(plan, pack, cal, c, until, 0,
                                      TSC_PLAN_UNTIL_BOUNDS_REPEATS, NULL), TSC_OK);
    assert_int_equal(tsc_plan_item_count(plan), 2);
    assert_int_equal(tsc_plan_hidden(plan), 0);
    assert_int_equal(tsc_plan_item(plan, 0, &it, NULL), TSC_OK);
    assert_string_equal(it.rule_id, "a.visits");
    assert_int_equal(it.due, T_date("2013-05-31"));
    assert_int_equal(tsc_plan_item(plan, 1, &it, NULL), TSC_OK);
    assert_string_equal(it.rule_id, "a.leaving");
    assert_int_equal(it.due, T_date("2027-02-26"));
    assert_int_equal(tsc_plan_compute(plan, pack, cal, c, until, 0, 4, NULL), TSC_ERR_ARG);
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_pack_free(pack);
    tsc_calendar_free(cal);
}

static void unknown_events_are_errors_unless_ignored(void **state)
{
    (void)state;
    tsc_pack *pack = NULL;
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    tsc_calendar *cal = T_calendar("england-and-wales");
    tsc_error err;
    assert_int_equal(T_pack_from_rule("2 working days after referral", "visit", NULL, &pack,
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
    assert_int_equal(tsc_case_add_text(c, "strategy-discussion=2026-03-31T23:30Z", cal, NULL), TSC_OK);
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
        cmocka_unit_test(series_advance_across_closures),
        cmocka_unit_test(series_dates_strictly_increase),
        cmocka_unit_test(swindon_ico_visits_continue_after_a_closure),
        cmocka_unit_test(series_cut_short_say_so),
        cmocka_unit_test(the_horizon_bounds_repeats_not_deadlines),
        cmocka_unit_test(unknown_events_are_errors_unless_ignored),
        cmocka_unit_test(plans_and_cases_are_reusable),
        cmocka_unit_test(plan_remembers_pack_calendar_and_horizon),
        cmocka_unit_test(items_come_in_date_order),
        cmocka_unit_test(a_second_review_without_a_first_says_so),
        cmocka_unit_test(a_review_chain_without_its_anchor_is_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
