/* test_ics.c -- the iCalendar writer, read back with libical: every field of
 * every item against the plan, hand-checked reminder triggers, stable UIDs,
 * SEQUENCE across re-exports, atomic files, holidays out and back in, and
 * the .ics import's errors. */
#include "testutil.h"
#include "timescale_ical.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static int make_tmpdir(void **state)
{
    (void)state;
    return T_tmpdir_make("tsc-ics");
}

static int remove_tmpdir(void **state)
{
    (void)state;
    T_tmpdir_remove();
    return 0;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}


static tsc_plan *compute(const tsc_pack *pack, const tsc_calendar *cal,
                         const char *const *events, const char *until)
{
    tsc_case *c;
    tsc_plan *plan;
    CHECK(tsc_case_new(&c, &e_));
    for (size_t i = 0; events[i]; i++)
        CHECK(tsc_case_add_text(c, events[i], cal, &e_));
    CHECK(tsc_plan_new(&plan, &e_));
    CHECK(tsc_plan_compute(plan, pack, cal, c, T_date(until), T_date("2026-03-10"), 0, &e_));
    tsc_case_free(c);
    return plan;
}

static const char *const swindon_events[] = {"referral=2026-03-02", "icpc=2026-03-05T14:00",
                                             "cp-visit=2026-03-06",
                                             "assessment-start=2026-03-03", NULL};

static icalcomponent *find_uid(icalcomponent *cal, const char *uid)
{
    for (icalcomponent *c = icalcomponent_get_first_component(cal, ICAL_ANY_COMPONENT); c;
         c = icalcomponent_get_next_component(cal, ICAL_ANY_COMPONENT)) {
        icalproperty *p = icalcomponent_get_first_property(c, ICAL_UID_PROPERTY);
        if (p && strcmp(icalproperty_get_uid(p), uid) == 0)
            return c;
    }
    return NULL;
}

static const char *text_of(icalcomponent *c, icalproperty_kind kind)
{
    icalproperty *p = icalcomponent_get_first_property(c, kind);
    return p ? icalvalue_as_ical_string(icalproperty_get_value(p)) : "";
}

static tsc_date date_of(struct icaltimetype t)
{
    tsc_date d = 0;
    tsc_date_from_ymd(t.year, t.month, t.day, &d, NULL);
    return d;
}

static bool has_category(icalcomponent *c, const char *want)
{
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_CATEGORIES_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_CATEGORIES_PROPERTY))
        if (strcmp(icalproperty_get_categories(p), want) == 0)
            return true;
    return false;
}

/* The instant an alarm fires, computed by libical: the trigger's duration
 * added to the start, end or due time it is related to; a DATE there is
 * midnight in libical's own Europe/London zone. */
static tsc_time alarm_instant(icalcomponent *c, icalcomponent *alarm, bool todo)
{
    icalproperty *tp = icalcomponent_get_first_property(alarm, ICAL_TRIGGER_PROPERTY);
    assert_non_null(tp);
    struct icaltriggertype trig = icalproperty_get_trigger(tp);
    icalparameter *rel = icalproperty_get_first_parameter(tp, ICAL_RELATED_PARAMETER);
    bool end = rel && icalparameter_get_related(rel) == ICAL_RELATED_END;
    icalproperty_kind kind = !end ? ICAL_DTSTART_PROPERTY : todo ? ICAL_DUE_PROPERTY
                                                                 : ICAL_DTEND_PROPERTY;
    icalproperty *ref = icalcomponent_get_first_property(c, kind);
    assert_non_null(ref);
    struct icaltimetype t = icalvalue_get_datetime(icalproperty_get_value(ref));
    icaltimezone *london = icaltimezone_get_builtin_timezone("Europe/London");
    if (t.is_date) {
        t.is_date = 0;
        t.hour = t.minute = t.second = 0;
    }
    time_t base = icaltime_as_timet_with_zone(t, london);
    return (tsc_time)base + icaldurationtype_as_int(trig.duration);
}

/* Every item of the plan, read back from the writer's VCALENDAR. */
static void check_round_trip(unsigned flags)
{
    bool todo = flags & TSC_ICS_TODO;
    tsc_pack *pack;
    CHECK(tsc_pack_open("swindon", &pack, &e_));
    tsc_calendar *cal = T_calendar("england-and-wales");
    tsc_plan *plan = compute(pack, cal, swindon_events, "2026-07-31");
    tsc_ics_writer *w;
    icalcomponent *vcal;
    CHECK(tsc_ics_writer_new(cal, flags, &w, &e_));
    CHECK(tsc_ics_writer_set_dtstamp(w, 1772000000, &e_));
    CHECK(tsc_ics_writer_add_plan(w, "123", plan, &e_));
    CHECK(tsc_ics_writer_write_component(w, &vcal, &e_));
    assert_int_equal(icalcomponent_isa(vcal), ICAL_VCALENDAR_COMPONENT);
    assert_int_equal(icalcomponent_count_errors(vcal), 0);
    icaltimezone *london = icaltimezone_get_builtin_timezone("Europe/London");
    size_t n = tsc_plan_item_count(plan), seen = 0, timed = 0, windows = 0, done = 0,
           projected = 0, reminders = 0;
    for (size_t i = 0; i < n; i++) {
        tsc_item it;
        tsc_rule_info info;
        CHECK(tsc_plan_item(plan, i, &it, &e_));
        CHECK(tsc_pack_rule(pack, it.rule_index, &info, &e_));
        char uid[300], rid[320];
        snprintf(uid, sizeof uid, "123.%s.%d@timescale", it.rule_id, (int)it.occurrence);
        snprintf(rid, sizeof rid, "123.%s.%d.reminder@timescale", it.rule_id, (int)it.occurrence);
        icalcomponent *c = find_uid(vcal, uid);
        if (!c)
            fail_msg("no component %s", uid);
        seen++;
        assert_int_equal(icalcomponent_isa(c), todo ? ICAL_VTODO_COMPONENT
                                                    : ICAL_VEVENT_COMPONENT);
        assert_int_equal(icalcomponent_get_sequence(c), 0);
        assert_int_equal(icaltime_as_timet(icalcomponent_get_dtstamp(c)), 1772000000);
        const char *summary = icalcomponent_get_summary(c);
        bool is_done = it.flags & TSC_ITEM_DONE;
        /* Every SUMMARY starts with the case ("123: "). */
        if (strncmp(summary, "123: ", 5) != 0)
            fail_msg("%s: SUMMARY '%s' does not start with the case", uid, summary);
        if (!todo && is_done != (strncmp(summary + 5, "Done: ", 6) == 0))
            fail_msg("%s: SUMMARY '%s' and done %d", uid, summary, is_done);
        if (it.role[0] && it.role[0] != '(' && !strstr(summary, "\xe2\x80\x94 "))
            fail_msg("%s: SUMMARY '%s' has no role", uid, summary);
        /* Dates and times. */
        icalproperty *due_p = icalcomponent_get_first_property(
            c, todo ? ICAL_DUE_PROPERTY : ICAL_DTSTART_PROPERTY);
        assert_non_null(due_p);
        struct icaltimetype due = icalvalue_get_datetime(icalproperty_get_value(due_p));
        if (it.flags & TSC_ITEM_TIMED) {
            timed++;
            icalparameter *tz = icalproperty_get_first_parameter(due_p, ICAL_TZID_PARAMETER);
            assert_non_null(tz);
            assert_string_equal(icalparameter_get_tzid(tz), "Europe/London");
            assert_false(due.is_date);
            if ((tsc_time)icaltime_as_timet_with_zone(due, london) != it.due_time)
                fail_msg("%s: due %s is not the plan's instant", uid,
                         icaltime_as_ical_string(due));
        } else {
            assert_true(due.is_date);
            tsc_date first = date_of(due);
            if (!todo && (it.flags & TSC_ITEM_WINDOW)) {
                windows++;
                assert_int_equal(first, it.window_start);
            } else {
                assert_int_equal(first, it.due);
            }
            if (!todo)
                assert_int_equal(date_of(icalcomponent_get_dtend(c)), it.due + 1);
            if (todo && (it.flags & TSC_ITEM_WINDOW)) {
                windows++;
                assert_int_equal(date_of(icalcomponent_get_dtstart(c)), it.window_start);
            }
        }
        /* Words. */
        const char *desc = icalcomponent_get_description(c);
        char anchor[16];
        tsc_date_format(it.anchor_date, anchor, sizeof anchor);
        if (!strstr(desc, info.quote) || !strstr(desc, info.section) ||
            !strstr(desc, "Swindon Borough Council") || !strstr(desc, it.anchor_event) ||
            !strstr(desc, anchor))
            fail_msg("%s: DESCRIPTION lacks the quote, section, authority or anchor:\n%s", uid,
                     desc);
        bool says_projected = strstr(desc, "Projected:") != NULL;
        if (says_projected != ((it.flags & TSC_ITEM_PROJECTED) != 0))
            fail_msg("%s: DESCRIPTION projected %d, plan %u", uid, says_projected, it.flags);
        projected += says_projected ? 1u : 0u;
        assert_true(has_category(c, "Swindon Borough Council"));
        assert_true(has_category(c, info.area));
        /* Status. */
        icalproperty_status status = icalcomponent_get_status(c);
        if (todo)
            assert_int_equal(status, is_done ? ICAL_STATUS_COMPLETED : ICAL_STATUS_NEEDSACTION);
        else
            assert_int_equal(status, (it.flags & TSC_ITEM_PROJECTED) && !is_done
                                         ? ICAL_STATUS_TENTATIVE : ICAL_STATUS_CONFIRMED);
        if (todo && is_done)
            assert_non_null(icalcomponent_get_first_property(c, ICAL_COMPLETED_PROPERTY));
        done += is_done ? 1u : 0u;
        /* The alarm: 09:00 on the working day before the due date. */
        icalcomponent *alarm = icalcomponent_get_first_component(c, ICAL_VALARM_COMPONENT);
        icalcomponent *rem = find_uid(vcal, rid);
        if (is_done) {
            assert_null(alarm);
            assert_null(rem);
            continue;
        }
        assert_non_null(alarm);
        tsc_time fires = alarm_instant(c, alarm, todo);
        tsc_date day, due_day = it.due;
        int minute, offset;
        CHECK(tsc_time_to_local(cal, fires, &day, &minute, &offset, &e_));
        if (it.flags & TSC_ITEM_TIMED)
            CHECK(tsc_time_to_local(cal, it.due_time, &due_day, &minute, &offset, &e_));
        CHECK(tsc_time_to_local(cal, fires, &day, &minute, &offset, &e_));
        int32_t between;
        CHECK(tsc_calendar_count_working_days(cal, day, due_day, 0, &between, &e_));
        if (minute != 9 * 60 || !tsc_calendar_is_working_day(cal, day) || between != 1)
            fail_msg("%s: alarm at %s minute %d, %d working days before %s", uid, T_fmt(day),
                     minute, (int)between, T_fmt(due_day));
        /* ... and the reminder event on that day, pointing at the item. */
        if (flags & TSC_ICS_NO_REMINDER_EVENTS) {
            assert_null(rem);
            continue;
        }
        assert_non_null(rem);
        reminders++;
        assert_int_equal(icalcomponent_isa(rem), ICAL_VEVENT_COMPONENT);
        assert_int_equal(date_of(icalcomponent_get_dtstart(rem)), day);
        assert_string_equal(text_of(rem, ICAL_RELATEDTO_PROPERTY), uid);
        /* One line, "123: Reminder: <what> due <date>": the item
         * (RELATED-TO) holds the rest. */
        const char *rem_summary = icalcomponent_get_summary(rem);
        char due_text[16];
        tsc_date_format(due_day, due_text, sizeof due_text);
        if (strncmp(rem_summary, "123: Reminder: ", 15) != 0 || !strstr(rem_summary, due_text) ||
            strchr(rem_summary, '\n'))
            fail_msg("%s: reminder SUMMARY '%s'", rid, rem_summary);
        assert_null(icalcomponent_get_first_property(rem, ICAL_DESCRIPTION_PROPERTY));
    }
    /* Nothing else in the file. */
    int comps = icalcomponent_count_components(vcal, todo ? ICAL_VTODO_COMPONENT
                                                          : ICAL_VEVENT_COMPONENT);
    if (todo)
        comps += icalcomponent_count_components(vcal, ICAL_VEVENT_COMPONENT);
    assert_int_equal((size_t)comps, seen + reminders);
    assert_int_equal(tsc_ics_writer_count(w), seen + reminders);
    /* The plan has each kind of item the test means to cover. */
    assert_true(timed > 0 && windows > 0 && done > 0 && projected > 0);
    if (!(flags & TSC_ICS_NO_REMINDER_EVENTS))
        assert_true(reminders > 0);
    /* One VTIMEZONE, with a plain TZID, covering 2026 only. */
    icalcomponent *vtz = icalcomponent_get_first_component(vcal, ICAL_VTIMEZONE_COMPONENT);
    assert_non_null(vtz);
    assert_string_equal(text_of(vtz, ICAL_TZID_PROPERTY), "Europe/London");
    assert_int_equal(icalcomponent_count_components(vcal, ICAL_VTIMEZONE_COMPONENT), 1);
    icalcomponent_free(vcal);
    tsc_ics_writer_free(w);
    tsc_plan_free(plan);
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
}

static void round_trip_events(void **state)
{
    (void)state;
    check_round_trip(0);
}

static void round_trip_todos(void **state)
{
    (void)state;
    check_round_trip(TSC_ICS_TODO | TSC_ICS_NO_REMINDER_EVENTS);
}

/* One rule's export, as text. */
static char *export_rule(const char *rule, const char *const *events, const char *calendar,
                         unsigned flags, int alarm, const char *until)
{
    tsc_pack *pack;
    CHECK(T_pack_from_rule(rule, NULL, calendar, &pack, &e_));
    tsc_calendar *cal = T_calendar(calendar);
    tsc_plan *plan = compute(pack, cal, events, until);
    tsc_ics_writer *w;
    char *text;
    CHECK(tsc_ics_writer_new(cal, flags, &w, &e_));
    CHECK(tsc_ics_writer_set_alarm(w, alarm, 9 * 60, &e_));
    CHECK(tsc_ics_writer_set_dtstamp(w, 1772000000, &e_));
    CHECK(tsc_ics_writer_add_plan(w, "7", plan, &e_));
    CHECK(tsc_ics_writer_write_string(w, &text, NULL, &e_));
    tsc_ics_writer_free(w);
    tsc_plan_free(plan);
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
    return text;
}

/* Triggers worked by hand (UK clocks went forward on Sun 29 March 2026;
 * Good Friday 3 April, Easter Monday 6 April). */
static const struct {
    const char *rule, *event, *calendar;
    unsigned flags;
    int alarm;
    const char *want[3];
} triggers[] = {
    /* Due Tue 7 Apr; 1 working day before is Thu 2 Apr: 09:00 Thu -> 00:00 Tue
       is 24+72+15 = 111 hours, all in BST. */
    {"same day as deadline", "deadline=2026-04-07", "england-and-wales", 0, 1,
     {"DTSTART;VALUE=DATE:20260407\r\n", "TRIGGER;RELATED=START:-PT111H\r\n",
      "DTSTART;VALUE=DATE:20260402\r\n"}},
    /* Due Mon 30 Mar; 3 working days before is Wed 25 Mar 09:00 GMT (09:00Z);
       Mon 00:00 BST is Sun 23:00Z: 4 days 14 hours = 110 hours. */
    {"same day as deadline", "deadline=2026-03-30", "england-and-wales", 0, 3,
     {"TRIGGER;RELATED=START:-PT110H\r\n", "DTSTART;VALUE=DATE:20260325\r\n", NULL}},
    /* 48 elapsed hours from Fri 27 Mar 14:00 GMT: Sun 29 Mar 14:00Z = 15:00 BST.
       Reminder Fri 27 Mar 09:00 GMT: 2 days 5 hours = 53 hours before. */
    {"48 hours after icpc", "icpc=2026-03-27T14:00", "england-and-wales", 0, 1,
     {"DTSTART;TZID=Europe/London:20260329T150000\r\n", "TRIGGER;RELATED=START:-PT53H\r\n",
      "DTSTART;VALUE=DATE:20260327\r\n"}},
    /* Window from Mon 30 Mar to the 8th working day after Fri 27 Mar: Fri 10 Apr
       (Easter skipped); DTEND Sat 11 Apr.  Reminder Thu 9 Apr 09:00, 39 hours
       before the end. */
    {"between 1 and 8 working days after allocation", "allocation=2026-03-27",
     "england-and-wales", 0, 1,
     {"DTSTART;VALUE=DATE:20260330\r\nDTEND;VALUE=DATE:20260411\r\n",
      "TRIGGER;RELATED=END:-PT39H\r\n", "DTSTART;VALUE=DATE:20260409\r\n"}},
    /* The same as a VTODO: DUE Fri 10 Apr (00:00 BST); 09:00 Thu is 15 hours
       before it. */
    {"between 1 and 8 working days after allocation", "allocation=2026-03-27",
     "england-and-wales", TSC_ICS_TODO, 1,
     {"DTSTART;VALUE=DATE:20260330\r\nDUE;VALUE=DATE:20260410\r\n",
      "TRIGGER;RELATED=END:-PT15H\r\n", NULL}},
    /* Scotland: 2 January is a holiday.  Due Mon 4 Jan 2027; 1 working day
       before is Thu 31 Dec 2026 (Fri 1 Jan and the weekend are not); 09:00
       Thu -> 00:00 Mon is 87 hours (GMT throughout). */
    {"same day as deadline", "deadline=2027-01-04", "scotland", 0, 1,
     {"TRIGGER;RELATED=START:-PT87H\r\n", "DTSTART;VALUE=DATE:20261231\r\n", NULL}},
    /* St Helena, UTC all year, St Helena Day Mon 25 May 2026 (Whit Monday).
       Due Tue 26 May: the working day before is Fri 22 May; 09:00 Fri -> 00:00
       Tue is 87 hours. */
    {"same day as deadline", "deadline=2026-05-26", "st-helena", 0, 1,
     {"TRIGGER;RELATED=START:-PT87H\r\n", "DTSTART;VALUE=DATE:20260522\r\n", NULL}},
};

static void hand_checked_triggers(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof triggers / sizeof triggers[0]; i++) {
        const char *events[] = {triggers[i].event, NULL};
        char *text = export_rule(triggers[i].rule, events, triggers[i].calendar,
                                 triggers[i].flags, triggers[i].alarm, "2027-12-31");
        for (size_t k = 0; k < 3 && triggers[i].want[k]; k++)
            if (!strstr(text, triggers[i].want[k]))
                fail_msg("case %zu (%s): no '%s' in\n%s", i, triggers[i].rule,
                         triggers[i].want[k], text);
        tsc_free(text);
    }
}

/* ---- UIDs and SEQUENCE ---- */

/* Unfolded component texts keyed by UID, DTSTAMP and SEQUENCE lines apart:
 * parsed here by hand, not by libical nor by the writer. */
struct comp_text {
    char uid[300];
    char body[20000];
    int sequence;
    char dtstamp[40];
    char status[40];
};

static size_t split_components(const char *text, struct comp_text *out, size_t max)
{
    size_t n = 0;
    char *copy = malloc(strlen(text) + 1), *w = copy;
    /* Unfold: CR LF followed by a space or tab disappears. */
    for (const char *p = text; *p; p++) {
        if (p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t')) {
            p += 2;
            continue;
        }
        *w++ = *p;
    }
    *w = '\0';
    int depth = 0;
    struct comp_text *cur = NULL;
    for (char *line = strtok(copy, "\r\n"); line; line = strtok(NULL, "\r\n")) {
        if (!strcmp(line, "BEGIN:VEVENT") || !strcmp(line, "BEGIN:VTODO")) {
            assert_true(n < max);
            cur = &out[n++];
            memset(cur, 0, sizeof *cur);
            depth = 1;
        } else if (cur && (!strcmp(line, "END:VEVENT") || !strcmp(line, "END:VTODO"))) {
            cur = NULL;
            depth = 0;
        }
        if (!cur || !depth)
            continue;
        if (!strncmp(line, "UID:", 4))
            snprintf(cur->uid, sizeof cur->uid, "%s", line + 4);
        if (!strncmp(line, "SEQUENCE:", 9))
            cur->sequence = atoi(line + 9);
        else if (!strncmp(line, "DTSTAMP:", 8))
            snprintf(cur->dtstamp, sizeof cur->dtstamp, "%s", line + 8);
        else {
            if (!strncmp(line, "STATUS:", 7))
                snprintf(cur->status, sizeof cur->status, "%s", line + 7);
            size_t len = strlen(cur->body);
            snprintf(cur->body + len, sizeof cur->body - len, "%s\n", line);
        }
    }
    free(copy);
    return n;
}

static struct comp_text *by_uid(struct comp_text *v, size_t n, const char *uid)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i].uid, uid))
            return &v[i];
    return NULL;
}

/* Exports swindon case 123 with the given events; previous may be NULL. */
static char *export_case(const char *case_id, const char *const *events, const char *previous,
                         tsc_time stamp, const char *path)
{
    tsc_pack *pack;
    CHECK(tsc_pack_open("swindon", &pack, &e_));
    tsc_calendar *cal = T_calendar("england-and-wales");
    tsc_plan *plan = compute(pack, cal, events, "2026-07-31");
    tsc_ics_writer *w;
    CHECK(tsc_ics_writer_new(cal, 0, &w, &e_));
    CHECK(tsc_ics_writer_set_dtstamp(w, stamp, &e_));
    if (previous)
        CHECK(tsc_ics_writer_load_previous(w, previous, &e_));
    CHECK(tsc_ics_writer_add_plan(w, case_id, plan, &e_));
    CHECK(tsc_ics_writer_write_file(w, path, &e_));
    tsc_ics_writer_free(w);
    tsc_plan_free(plan);
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
    return T_slurp(path, NULL);
}

enum { MAXC = 600 };

static void uids_stable(void **state)
{
    (void)state;
    static struct comp_text a[MAXC], b[MAXC], c[MAXC];
    char *ta = export_case("123", swindon_events, NULL, 1772000000, T_tmp_path("a.ics"));
    char *tb = export_case("123", swindon_events, NULL, 1780000000, T_tmp_path("b.ics"));
    char *tc = export_case("456", swindon_events, NULL, 1772000000, T_tmp_path("c.ics"));
    size_t na = split_components(ta, a, MAXC), nb = split_components(tb, b, MAXC),
           nc = split_components(tc, c, MAXC);
    assert_true(na > 20);
    assert_int_equal(na, nb);
    assert_int_equal(na, nc);
    for (size_t i = 0; i < na; i++) {
        /* Another run: the same UIDs with the same content; only DTSTAMP moves. */
        assert_string_equal(a[i].uid, b[i].uid);
        assert_string_equal(a[i].body, b[i].body);
        assert_string_not_equal(a[i].dtstamp, b[i].dtstamp);
        /* Another case: no UID in common. */
        if (by_uid(c, nc, a[i].uid))
            fail_msg("cases 123 and 456 share UID %s", a[i].uid);
    }
    free(ta);
    free(tb);
    free(tc);
}

static void sequence_on_reexport(void **state)
{
    (void)state;
    static struct comp_text a[MAXC], b[MAXC], c[MAXC], d[MAXC];
    /* First export; then a second CP visit is recorded on 19 March (so the
     * fortnightly visits after it move, and the visit due on the 20th is done). */
    const char *const later[] = {"referral=2026-03-02", "icpc=2026-03-05T14:00",
                                 "cp-visit=2026-03-06", "assessment-start=2026-03-03",
                                 "cp-visit=2026-03-19", NULL};
    char *ta = export_case("123", swindon_events, NULL, 1772000000, T_tmp_path("seq.ics"));
    char *tb = export_case("123", later, T_tmp_path("seq.ics"), 1773000000, T_tmp_path("seq.ics"));
    size_t na = split_components(ta, a, MAXC), nb = split_components(tb, b, MAXC);
    size_t same = 0, changed = 0, added = 0, cancelled = 0;
    for (size_t i = 0; i < nb; i++) {
        struct comp_text *old = by_uid(a, na, b[i].uid);
        if (!old) {
            added++;
            assert_int_equal(b[i].sequence, 0);
            assert_string_equal(b[i].dtstamp, "20260308T200000Z");   /* 1773000000 */
        } else if (!strcmp(old->body, b[i].body)) {
            same++;
            assert_int_equal(b[i].sequence, old->sequence);
            assert_string_equal(b[i].dtstamp, old->dtstamp);
        } else {
            assert_int_equal(b[i].sequence, old->sequence + 1);
            assert_string_equal(b[i].dtstamp, "20260308T200000Z");
            if (!strcmp(b[i].status, "CANCELLED") && strcmp(old->status, "CANCELLED") != 0)
                cancelled++;
            else
                changed++;
        }
    }
    /* Every old UID is still in the new file (cancelled if the plan lost it). */
    for (size_t i = 0; i < na; i++)
        if (!by_uid(b, nb, a[i].uid))
            fail_msg("re-export dropped %s instead of cancelling it", a[i].uid);
    if (!same || !changed || !cancelled)
        fail_msg("same %zu changed %zu added %zu cancelled %zu: the case should have all",
                 same, changed, added, cancelled);
    /* Exporting the same plan again changes nothing, cancellations included. */
    char *tc = export_case("123", later, T_tmp_path("seq.ics"), 1774000000, T_tmp_path("seq.ics"));
    size_t nc = split_components(tc, c, MAXC);
    assert_int_equal(nc, nb);
    assert_string_equal(tc, tb);
    /* Back to the first events: the cancelled items come back, one SEQUENCE on. */
    char *td = export_case("123", swindon_events, T_tmp_path("seq.ics"), 1775000000,
                           T_tmp_path("seq.ics"));
    size_t nd = split_components(td, d, MAXC);
    size_t revived = 0;
    for (size_t i = 0; i < nd; i++) {
        struct comp_text *mid = by_uid(c, nc, d[i].uid), *first = by_uid(a, na, d[i].uid);
        assert_non_null(mid);
        if (!strcmp(mid->status, "CANCELLED") && first) {
            assert_string_equal(d[i].body, first->body);
            assert_int_equal(d[i].sequence, mid->sequence + 1);
            revived++;
        }
    }
    assert_int_equal(revived, cancelled);
    free(ta);
    free(tb);
    free(tc);
    free(td);
}

/* ---- files ---- */

static void atomic_write(void **state)
{
    (void)state;
    const char *path = T_tmp_path("keep.ics");
    spit(path, "the old file\n");
    chmod(path, 0640);
    tsc_pack *pack;
    CHECK(tsc_pack_open("swindon", &pack, &e_));
    tsc_calendar *cal = T_calendar("england-and-wales");
    tsc_plan *plan = compute(pack, cal, swindon_events, "2026-07-31");
    tsc_ics_writer *w;
    CHECK(tsc_ics_writer_new(cal, 0, &w, &e_));
    CHECK(tsc_ics_writer_add_plan(w, "123", plan, &e_));
    /* A file size limit makes the write fail half way (EFBIG). */
    struct rlimit old, small = {4096, 0};
    getrlimit(RLIMIT_FSIZE, &old);
    small.rlim_max = old.rlim_max;
    signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &small);
    tsc_error err;
    tsc_status st = tsc_ics_writer_write_file(w, path, &err);
    setrlimit(RLIMIT_FSIZE, &old);
    assert_int_equal(st, TSC_ERR_IO);
    assert_string_equal(err.source, path);
    char *now = T_slurp(path, NULL);
    assert_string_equal(now, "the old file\n");   /* byte for byte */
    free(now);
    /* No temporary file is left beside it. */
    DIR *d = opendir(T_tmpdir());
    struct dirent *e;
    while ((e = readdir(d)))
        if (strstr(e->d_name, ".tmp"))
            fail_msg("left behind: %s", e->d_name);
    closedir(d);
    /* The same writer then succeeds, and the file keeps its permissions. */
    CHECK(tsc_ics_writer_write_file(w, path, &e_));
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0640);
    now = T_slurp(path, NULL);
    assert_non_null(strstr(now, "BEGIN:VCALENDAR\r\n"));
    assert_non_null(strstr(now, "END:VCALENDAR\r\n"));
    free(now);
    /* A directory that does not exist: an error, and nothing written. */
    assert_int_equal(tsc_ics_writer_write_file(w, T_tmp_path("no/such/dir.ics"), &err),
                     TSC_ERR_IO);
    tsc_ics_writer_free(w);
    tsc_plan_free(plan);
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
}

static void writer_misuse(void **state)
{
    (void)state;
    tsc_pack *pack;
    CHECK(tsc_pack_open("swindon", &pack, &e_));
    tsc_calendar *cal = T_calendar("england-and-wales");
    tsc_plan *plan = compute(pack, cal, swindon_events, "2026-07-31");
    tsc_ics_writer *w;
    tsc_error err;
    assert_int_equal(tsc_ics_writer_new(cal, 1u << 9, &w, &err), TSC_ERR_ARG);
    CHECK(tsc_ics_writer_new(cal, 0, &w, &e_));
    assert_int_equal(tsc_ics_writer_set_alarm(w, -1, 540, &err), TSC_ERR_ARG);
    assert_int_equal(tsc_ics_writer_set_alarm(w, 1, 1440, &err), TSC_ERR_ARG);
    assert_int_equal(tsc_ics_writer_add_plan(w, "", plan, &err), TSC_ERR_ARG);
    /* A plan brings its pack; it must have been computed, on this calendar. */
    tsc_plan *blank;
    CHECK(tsc_plan_new(&blank, &e_));
    assert_int_equal(tsc_ics_writer_add_plan(w, "9", blank, &err), TSC_ERR_ARG);
    assert_non_null(strstr(err.message, "not been computed"));
    tsc_plan_free(blank);
    tsc_calendar *scotland = T_calendar("scotland");
    tsc_plan *elsewhere = compute(pack, scotland, swindon_events, "2026-07-31");
    assert_int_equal(tsc_ics_writer_add_plan(w, "9", elsewhere, &err), TSC_ERR_ARG);
    assert_non_null(strstr(err.message, "calendar scotland"));
    assert_int_equal(tsc_ics_writer_count(w), 0);
    tsc_plan_free(elsewhere);
    tsc_calendar_free(scotland);
    CHECK(tsc_ics_writer_add_plan(w, "123", plan, &e_));
    size_t count = tsc_ics_writer_count(w);
    /* The same case twice would give two components one UID. */
    assert_int_equal(tsc_ics_writer_add_plan(w, "123", plan, &err), TSC_ERR_ARG);
    assert_non_null(strstr(err.message, "already"));
    assert_int_equal(tsc_ics_writer_count(w), count);   /* nothing of it went in */
    assert_int_equal(tsc_ics_writer_set_alarm(w, 2, 540, &err), TSC_ERR_ARG);
    CHECK(tsc_ics_writer_add_plan(w, "124", plan, &e_));
    char *one, *two;
    CHECK(tsc_ics_writer_write_string(w, &one, NULL, &e_));
    assert_int_equal(tsc_ics_writer_add_plan(w, "125", plan, &err), TSC_ERR_ARG);
    CHECK(tsc_ics_writer_write_string(w, &two, NULL, &e_));
    assert_string_equal(one, two);
    tsc_free(one);
    tsc_free(two);
    tsc_ics_writer_free(w);
    /* One rule only: just that rule's UIDs. */
    size_t idx;
    CHECK(tsc_pack_find_rule(pack, "swindon.visits.cp-10-working-days", &idx, &e_));
    CHECK(tsc_ics_writer_new(cal, TSC_ICS_NO_REMINDER_EVENTS, &w, &e_));
    CHECK(tsc_ics_writer_add_rule(w, "123", plan, idx, &e_));
    CHECK(tsc_ics_writer_write_string(w, &one, NULL, &e_));
    static struct comp_text v[MAXC];
    size_t n = split_components(one, v, MAXC);
    assert_true(n >= 3);
    for (size_t i = 0; i < n; i++)
        assert_non_null(strstr(v[i].uid, "123.swindon.visits.cp-10-working-days."));
    tsc_free(one);
    tsc_ics_writer_free(w);
    tsc_plan_free(plan);
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
}

/* ---- holidays out and back in ---- */

static void holidays_round_trip(void **state)
{
    (void)state;
    tsc_calendar *scot = T_calendar("scotland");
    tsc_ics_writer *w;
    CHECK(tsc_ics_writer_new(scot, 0, &w, &e_));
    CHECK(tsc_ics_writer_add_holidays(w, T_date("2026-01-01"), T_date("2030-12-31"), &e_));
    CHECK(tsc_ics_writer_write_file(w, T_tmp_path("scotland.ics"), &e_));
    tsc_ics_writer_free(w);
    tsc_calendar *back;
    CHECK(tsc_calendar_load_file(T_tmp_path("scotland.ics"), &back, &e_));
    tsc_holiday a[100], b[100];
    size_t na, nb;
    CHECK(tsc_calendar_holidays(scot, T_date("2026-01-01"), T_date("2030-12-31"), a, 100, &na,
                                &e_));
    CHECK(tsc_calendar_holidays(back, T_date("2026-01-01"), T_date("2030-12-31"), b, 100, &nb,
                                &e_));
    assert_true(na > 40);   /* 9 or 10 a year in Scotland */
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_int_equal(a[i].date, b[i].date);
        if (!strstr(b[i].name, a[i].name))
            fail_msg("%s: '%s' came back as '%s'", T_fmt(a[i].date), a[i].name, b[i].name);
    }
    for (tsc_date d = T_date("2026-01-01"); d <= T_date("2030-12-31"); d++)
        if (tsc_calendar_is_working_day(scot, d) != tsc_calendar_is_working_day(back, d))
            fail_msg("%s differs after the round trip", T_fmt(d));
    tsc_calendar_free(back);
    tsc_calendar_free(scot);
}

/* ---- import errors, at the line ---- */

static const struct {
    const char *text;
    int line;
    const char *message;
} bad[] = {
    /* libical rejects the DTEND value: reported at the DTEND line. */
    {"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260101\r\n"
     "SUMMARY:X\r\nDTEND;VALUE=DATE:2026\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
     6, "DTEND"},
    /* A repeating event would be read as one day: refused at the RRULE line. */
    {"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n"
     "SUMMARY:Christmas\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
     6, "RRULE is not supported"},
    /* Month 13: libical keeps it, the import refuses it at the DTSTART line. */
    {"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:X\r\n"
     "DTSTART;VALUE=DATE:20261301\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
     5, "is not a date"},
    /* A timed event names the DTSTART line in its message. */
    {"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:X\r\n"
     "DTSTART:20260101T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
     3, "DTSTART on line 5"},
};

static void import_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "bad%zu.ics", i);
        spit(T_tmp_path(name), bad[i].text);
        tsc_calendar *cal = NULL;
        tsc_error err;
        memset(&err, 0, sizeof err);
        tsc_status st = tsc_calendar_load_file(T_tmp_path(name), &cal, &err);
        tsc_calendar_free(cal);
        if (st != TSC_ERR_PARSE || err.line != bad[i].line || !strstr(err.message, bad[i].message))
            fail_msg("case %zu: got %d line %d '%s'; want line %d '%s'", i, st, err.line,
                     err.message, bad[i].line, bad[i].message);
    }
    /* Cancelled events are not holidays; other components are ignored. */
    spit(T_tmp_path("cancel.ics"),
         "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260105\r\n"
         "STATUS:CANCELLED\r\nEND:VEVENT\r\nBEGIN:VTODO\r\nDUE;VALUE=DATE:20260106\r\n"
         "END:VTODO\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260107\r\nEND:VEVENT\r\n"
         "END:VCALENDAR\r\n");
    tsc_calendar *cal;
    CHECK(tsc_calendar_load_file(T_tmp_path("cancel.ics"), &cal, &e_));
    assert_int_equal(tsc_calendar_is_working_day(cal, T_date("2026-01-05")), 1);
    assert_int_equal(tsc_calendar_is_working_day(cal, T_date("2026-01-06")), 1);
    assert_int_equal(tsc_calendar_is_working_day(cal, T_date("2026-01-07")), 0);
    tsc_calendar_free(cal);
    /* A malformed previous export is an error naming its line. */
    tsc_ics_writer *w;
    tsc_error err;
    assert_int_equal(tsc_ics_writer_new(NULL, 0, &w, &err), TSC_ERR_ARG);
    tsc_calendar *ew = T_calendar("england-and-wales");
    CHECK(tsc_ics_writer_new(ew, 0, &w, &e_));
    spit(T_tmp_path("prev.ics"), "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x@timescale\r\n"
                               "END:VCALENDAR\r\n");
    assert_int_equal(tsc_ics_writer_load_previous(w, T_tmp_path("prev.ics"), &err), TSC_ERR_PARSE);
    assert_int_equal(err.line, 4);
    tsc_ics_writer_free(w);
    tsc_calendar_free(ew);
}

/* Only a one-rule pack whose caller named no event is summarised by its
 * rule's words: a pack that happens to schedule "occurrence" is not. */
static void summaries_come_from_the_pack_not_its_names(void **state)
{
    (void)state;
    tsc_calendar *cal = T_calendar("england-and-wales");
    tsc_pack *pack;
    CHECK(tsc_pack_load_string("rule demo.visits.weekly\n  when 5 days after referral\n"
                               "  schedules occurrence\n", "demo.rules", &pack, &e_));
    const char *const events[] = {"referral=2026-03-02", NULL};
    tsc_plan *plan = compute(pack, cal, events, "2026-03-31");
    tsc_ics_writer *w;
    char *text;
    CHECK(tsc_ics_writer_new(cal, TSC_ICS_NO_REMINDER_EVENTS, &w, &e_));
    CHECK(tsc_ics_writer_add_plan(w, "1", plan, &e_));
    CHECK(tsc_ics_writer_write_string(w, &text, NULL, &e_));
    assert_non_null(strstr(text, "SUMMARY:1: Occurrence\r\n"));
    assert_non_null(strstr(text, "UID:1.demo.visits.weekly.1@timescale"));
    tsc_free(text);
    tsc_ics_writer_free(w);
    tsc_plan_free(plan);
    tsc_pack_free(pack);
    /* The same rule as a one-rule pack: its words, and a UID from them. */
    CHECK(T_pack_from_rule("5 days after referral", NULL, NULL, &pack, &e_));
    plan = compute(pack, cal, events, "2026-03-31");
    CHECK(tsc_ics_writer_new(cal, TSC_ICS_NO_REMINDER_EVENTS, &w, &e_));
    CHECK(tsc_ics_writer_add_plan(w, "1", plan, &e_));
    CHECK(tsc_ics_writer_write_string(w, &text, NULL, &e_));
    assert_non_null(strstr(text, "SUMMARY:1: 5 days after referral\r\n"));
    assert_non_null(strstr(text, "UID:1.rule-"));
    tsc_free(text);
    tsc_ics_writer_free(w);
    tsc_plan_free(plan);
    tsc_pack_free(pack);
    tsc_calendar_free(cal);
}

/* An .ics document in memory loads as the same file does; the source
 * names errors and, as a file name would, the calendar. */
static void import_from_memory(void **state)
{
    (void)state;
    const char *path = T_path("data/ics/govuk-england-and-wales-2026-2027.ics");
    char *text = T_slurp(path, NULL);
    assert_non_null(text);
    tsc_calendar *mem, *file;
    CHECK(tsc_calendar_load_ics(text, strlen(text), "feeds/govuk ew.ics", &mem, &e_));
    CHECK(tsc_calendar_load_file(path, &file, &e_));
    assert_string_equal(tsc_calendar_name(mem), "govuk-ew");
    assert_string_equal(tsc_calendar_name(file), "govuk-england-and-wales-2026-2027");
    size_t nm = 0, nf = 0;
    tsc_holiday hm[40], hf[40];
    CHECK(tsc_calendar_holidays(mem, T_date("2026-01-01"), T_date("2027-12-31"), hm, 40, &nm,
                                &e_));
    CHECK(tsc_calendar_holidays(file, T_date("2026-01-01"), T_date("2027-12-31"), hf, 40, &nf,
                                &e_));
    assert_int_equal(nm, 16);   /* 8 a year in England and Wales, by hand from GOV.UK */
    assert_int_equal(nm, nf);
    for (size_t i = 0; i < nm; i++) {
        assert_int_equal(hm[i].date, hf[i].date);
        assert_string_equal(hm[i].name, hf[i].name);
    }
    tsc_calendar_free(file);
    tsc_calendar_free(mem);
    /* Only the first len bytes are read: the text need not end there. */
    const char *one = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"
                      "DTSTART;VALUE=DATE:20260415\r\nSUMMARY:Closure\r\nEND:VEVENT\r\n"
                      "END:VCALENDAR\r\n";
    char padded[256];
    snprintf(padded, sizeof padded, "%sGARBAGE", one);
    CHECK(tsc_calendar_load_ics(padded, strlen(one), NULL, &mem, &e_));
    assert_string_equal(tsc_calendar_name(mem), "ics");
    assert_int_equal(tsc_calendar_is_working_day(mem, T_date("2026-04-15")), 0);
    tsc_calendar_free(mem);
    /* Errors name the source and the line; NUL bytes and NULLs are refused. */
    tsc_error err;
    const char *month13 = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261301\r\n"
                      "END:VEVENT\r\nEND:VCALENDAR\r\n";
    mem = NULL;
    assert_int_equal(tsc_calendar_load_ics(month13, strlen(month13), "bad.ics", &mem, &err),
                     TSC_ERR_PARSE);
    assert_null(mem);
    assert_string_equal(err.source, "bad.ics");
    assert_int_equal(err.line, 3);
    assert_int_equal(tsc_calendar_load_ics(month13, strlen(month13), NULL, &mem, &err),
                     TSC_ERR_PARSE);
    assert_string_equal(err.source, "<ics>");
    assert_int_equal(tsc_calendar_load_ics("BEGIN\0x", 7, NULL, &mem, &err), TSC_ERR_PARSE);
    assert_int_equal(tsc_calendar_load_ics(NULL, 1, NULL, &mem, &err), TSC_ERR_ARG);
    assert_int_equal(tsc_calendar_load_ics(one, strlen(one), NULL, NULL, &err), TSC_ERR_ARG);
    free(text);
}

/* ---- threads ---- */

struct job {
    const tsc_pack *pack;
    const tsc_calendar *cal;
    int id;
    char *text;
};

static void *export_job(void *arg)
{
    struct job *j = arg;
    tsc_case *c;
    tsc_plan *plan;
    tsc_ics_writer *w;
    char id[16];
    snprintf(id, sizeof id, "%d", j->id);
    if (tsc_case_new(&c, NULL) || tsc_plan_new(&plan, NULL))
        return NULL;
    for (size_t i = 0; swindon_events[i]; i++)
        tsc_case_add_text(c, swindon_events[i], j->cal, NULL);
    /* Different years (and horizons), so the threads fill the zone cache at once. */
    tsc_case_add_text(c, j->id % 2 ? "icpc=2031-06-02T10:00" : "icpc=2029-06-04T10:00", j->cal,
                      NULL);
    tsc_date until = T_date(j->id % 2 ? "2031-12-31" : "2029-12-31");
    if (!tsc_plan_compute(plan, j->pack, j->cal, c, until, 0, 0, NULL) &&
        !tsc_ics_writer_new(j->cal, 0, &w, NULL)) {
        if (!tsc_ics_writer_set_dtstamp(w, 1772000000, NULL) &&
            !tsc_ics_writer_add_plan(w, id, plan, NULL))
            tsc_ics_writer_write_string(w, &j->text, NULL, NULL);
        tsc_ics_writer_free(w);
    }
    tsc_plan_free(plan);
    tsc_case_free(c);
    return NULL;
}

static void threads_share_pack_and_calendar(void **state)
{
    (void)state;
    enum { N = 8 };
    tsc_pack *pack;
    CHECK(tsc_pack_open("swindon", &pack, &e_));
    tsc_calendar *cal = T_calendar("england-and-wales");
    struct job jobs[N];
    pthread_t t[N];
    for (int i = 0; i < N; i++) {
        jobs[i] = (struct job){pack, cal, i % 2, NULL};
        assert_int_equal(pthread_create(&t[i], NULL, export_job, &jobs[i]), 0);
    }
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    /* Every thread wrote the same text as the others of its case. */
    for (int i = 0; i < N; i++) {
        assert_non_null(jobs[i].text);
        assert_string_equal(jobs[i].text, jobs[i % 2].text);
        /* Its VTIMEZONE runs to the last year it uses: the last change back
         * to GMT is 01:00Z on the last Sunday of October (26 Oct 2031, 28 Oct
         * 2029). */
        assert_non_null(strstr(jobs[i].text, i % 2 ? "UNTIL=20311026T010000Z"
                                                   : "UNTIL=20291028T010000Z"));
    }
    for (int i = 0; i < N; i++)
        tsc_free(jobs[i].text);
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
}

int main(int argc, char **argv)
{
    T_set_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_events),
        cmocka_unit_test(round_trip_todos),
        cmocka_unit_test(hand_checked_triggers),
        cmocka_unit_test(uids_stable),
        cmocka_unit_test(sequence_on_reexport),
        cmocka_unit_test(atomic_write),
        cmocka_unit_test(writer_misuse),
        cmocka_unit_test(holidays_round_trip),
        cmocka_unit_test(import_errors),
        cmocka_unit_test(import_from_memory),
        cmocka_unit_test(summaries_come_from_the_pack_not_its_names),
        cmocka_unit_test(threads_share_pack_and_calendar),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
