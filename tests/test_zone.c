/* test_zone.c -- instants as wall-clock time in a calendar's zone.
 *
 * UK clock changes are from the Summer Time Order / EU rules as listed by
 * timeanddate.com and tzdata's "Rule GB-Eire" / "Rule EU" lines: in 2027
 * the clocks go forward at 01:00 GMT on Sun 28 March and back at 01:00 GMT
 * on Sun 31 October.  tests/scripts/test_zone_vs_zoneinfo.py checks every
 * transition 1972-2100 against the system tz database. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

/* 2027-03-27T21:00Z etc. as seconds since the epoch, from Python:
 * int(datetime(2027,3,27,21,tzinfo=timezone.utc).timestamp()). */
#define T_2027_03_27_2100Z INT64_C(1806181200)

static tsc_time parse_ok(const char *text, const tsc_calendar *cal)
{
    tsc_time t = 0;
    tsc_error err;
    if (tsc_time_parse(text, cal, &t, &err) != TSC_OK)
        fail_msg("tsc_time_parse('%s') failed: %s", text, err.message);
    return t;
}

static const char *fmt(tsc_time t, const tsc_calendar *cal)
{
    static char buf[4][32];
    static int k;
    k = (k + 1) % 4;
    size_t n = tsc_time_format(t, cal, buf[k], sizeof buf[k]);
    if (n == 0)
        strcpy(buf[k], "(out of range)");
    return buf[k];
}

static void spring_forward_day(void **state)
{
    (void)state;
    tsc_calendar *ew = T_calendar("england-and-wales");
    tsc_time t = parse_ok("2027-03-27T21:00", ew);
    assert_int_equal(t, T_2027_03_27_2100Z); /* GMT on the Saturday evening */
    assert_string_equal(fmt(t, ew), "2027-03-27T21:00+00:00");
    /* "24 hours after": 86400 s later the clocks read 22:00 BST. */
    assert_string_equal(fmt(t + 86400, ew), "2027-03-28T22:00+01:00");
    /* The gap: 01:00-01:59 local does not exist on 28 March 2027. */
    static const char *const gap[] = {"2027-03-28T01:00", "2027-03-28T01:30",
                                      "2027-03-28T01:59", "2027-03-28T01:59:59"};
    for (size_t i = 0; i < sizeof gap / sizeof gap[0]; i++) {
        tsc_time out = 42;
        tsc_error err;
        if (tsc_time_parse(gap[i], ew, &out, &err) != TSC_ERR_DATE || out != 42 ||
            err.code != TSC_ERR_DATE)
            fail_msg("'%s' is in the spring gap: want TSC_ERR_DATE", gap[i]);
    }
    /* Either side of the gap. */
    assert_int_equal(parse_ok("2027-03-28T00:59", ew), T_2027_03_27_2100Z + 3 * 3600 + 59 * 60);
    assert_int_equal(parse_ok("2027-03-28T02:00", ew), T_2027_03_27_2100Z + 4 * 3600);
    assert_string_equal(fmt(T_2027_03_27_2100Z + 4 * 3600 - 60, ew), "2027-03-28T00:59+00:00");
    assert_string_equal(fmt(T_2027_03_27_2100Z + 4 * 3600, ew), "2027-03-28T02:00+01:00");
    tsc_time out;
    assert_int_equal(tsc_time_from_local(ew, T_date("2027-03-28"), 90, &out, NULL), TSC_ERR_DATE);
    tsc_calendar_free(ew);
}

static void fall_back_day(void **state)
{
    (void)state;
    tsc_calendar *ew = T_calendar("england-and-wales");
    /* 2027-10-31T00:30Z = 01:30 BST, the first 01:30 of the day. */
    tsc_time first = T_2027_03_27_2100Z + (tsc_time)(217 * 86400) + 3 * 3600 + 30 * 60;
    assert_int_equal(parse_ok("2027-10-31T01:30", ew), first);
    assert_string_equal(fmt(first, ew), "2027-10-31T01:30+01:00");
    assert_string_equal(fmt(first + 3600, ew), "2027-10-31T01:30+00:00"); /* the second */
    assert_string_equal(fmt(first - 30 * 60 + 3600, ew), "2027-10-31T01:00+00:00");
    assert_string_equal(fmt(first + 30 * 60 - 1, ew), "2027-10-31T01:59+01:00");
    assert_int_equal(parse_ok("2027-10-31T00:59", ew), first - 31 * 60);
    assert_int_equal(parse_ok("2027-10-31T02:00", ew), first + 30 * 60 + 3600);
    tsc_time out = 0;
    assert_int_equal(tsc_time_from_local(ew, T_date("2027-10-31"), 90, &out, NULL), TSC_OK);
    assert_int_equal(out, first);
    tsc_date d = 0;
    int minute = -1, offset = -1;
    assert_int_equal(tsc_time_to_local(ew, first + 3600, &d, &minute, &offset, NULL), TSC_OK);
    assert_int_equal(d, T_date("2027-10-31"));
    assert_int_equal(minute, 90);
    assert_int_equal(offset, 0);
    assert_int_equal(tsc_time_to_local(ew, first, &d, &minute, &offset, NULL), TSC_OK);
    assert_int_equal(minute, 90);
    assert_int_equal(offset, 60);
    tsc_calendar_free(ew);
}

static void explicit_offsets(void **state)
{
    (void)state;
    tsc_calendar *ew = T_calendar("england-and-wales");
    /* 2027-06-01T12:00Z = 1811851200 (Python timestamp). */
    const tsc_time noon = INT64_C(1811851200);
    assert_int_equal(parse_ok("2027-06-01T12:00Z", ew), noon);
    assert_int_equal(parse_ok("2027-06-01T12:00z", ew), noon);
    assert_int_equal(parse_ok("2027-06-01T13:00+01:00", ew), noon);
    assert_int_equal(parse_ok("2027-06-01T13:00", ew), noon); /* BST in June */
    assert_int_equal(parse_ok("2027-06-01T06:30-05:30", ew), noon);
    assert_int_equal(parse_ok("2027-06-01T12:00:30Z", ew), noon + 30);
    assert_int_equal(parse_ok("2027-06-01T13:00:30", ew), noon + 30);
    /* An explicit offset may name a time in the gap: it is an instant already. */
    assert_int_equal(parse_ok("2027-03-28T01:30Z", ew), T_2027_03_27_2100Z + 4 * 3600 + 1800);
    assert_string_equal(fmt(noon, ew), "2027-06-01T13:00+01:00");
    /* Format truncates like snprintf; 23 bytes are enough. */
    char buf[23], small[11];
    assert_int_equal(tsc_time_format(noon, ew, buf, sizeof buf), 22);
    assert_string_equal(buf, "2027-06-01T13:00+01:00");
    assert_int_equal(tsc_time_format(noon, ew, small, sizeof small), 22);
    assert_string_equal(small, "2027-06-01");
    assert_int_equal(tsc_time_format(noon, ew, NULL, 0), 22);
    tsc_calendar_free(ew);
}

static void st_helena_is_gmt(void **state)
{
    (void)state;
    tsc_calendar *sh = T_calendar("st-helena");
    /* St Helena keeps GMT all year (tzdata: Atlantic/St_Helena -> Africa/Abidjan). */
    static const char *const local[] = {"2027-01-15T12:00", "2027-03-28T01:30",
                                        "2027-07-01T12:00", "2027-10-31T01:30",
                                        "1960-06-01T09:15", "2100-12-31T23:59"};
    for (size_t i = 0; i < sizeof local / sizeof local[0]; i++) {
        tsc_time t = parse_ok(local[i], sh);
        char want[32];
        snprintf(want, sizeof want, "%s+00:00", local[i]);
        if (strcmp(fmt(t, sh), want) != 0)
            fail_msg("st-helena: '%s' formats as '%s'", local[i], fmt(t, sh));
        tsc_date d;
        int minute, offset = -1;
        assert_int_equal(tsc_time_to_local(sh, t, &d, &minute, &offset, NULL), TSC_OK);
        assert_int_equal(offset, 0);
    }
    assert_int_equal(parse_ok("2027-07-01T12:00", sh), parse_ok("2027-07-01T12:00Z", sh));
    tsc_calendar_free(sh);
}

static void outside_the_rules(void **state)
{
    (void)state;
    tsc_calendar *ew = T_calendar("england-and-wales");
    tsc_time out = 42;
    tsc_error err;
    /* Europe/London rules are built in from 1972. */
    assert_int_equal(tsc_time_parse("1971-06-01T12:00", ew, &out, &err), TSC_ERR_RANGE);
    assert_int_equal(err.code, TSC_ERR_RANGE);
    assert_int_equal(tsc_time_parse("1900-01-01T00:00", ew, &out, NULL), TSC_ERR_RANGE);
    assert_int_equal(out, 42);
    /* 1971-12-31T23:59:59Z = 63071999; 1972-01-01T00:00Z = 63072000. */
    assert_int_equal(tsc_time_format(INT64_C(63071999), ew, NULL, 0), 0);
    assert_string_equal(fmt(INT64_C(63072000), ew), "1972-01-01T00:00+00:00");
    tsc_date d;
    int minute, offset;
    assert_int_equal(tsc_time_to_local(ew, INT64_C(63071999), &d, &minute, &offset, NULL),
                     TSC_ERR_RANGE);
    assert_int_equal(tsc_time_from_local(ew, T_date("1971-12-31"), 720, &out, NULL),
                     TSC_ERR_RANGE);
    /* Arguments. */
    assert_int_equal(tsc_time_from_local(ew, T_date("2027-01-01"), 1440, &out, NULL),
                     TSC_ERR_DATE);
    assert_int_equal(tsc_time_from_local(ew, T_date("2027-01-01"), -1, &out, NULL),
                     TSC_ERR_DATE);
    assert_int_equal(tsc_time_from_local(ew, 0, 0, &out, NULL), TSC_ERR_RANGE);
    assert_int_equal(tsc_time_from_local(NULL, T_date("2027-01-01"), 0, &out, NULL),
                     TSC_ERR_ARG);
    assert_int_equal(tsc_time_from_local(ew, T_date("2027-01-01"), 0, NULL, NULL),
                     TSC_ERR_ARG);
    assert_int_equal(tsc_time_parse(NULL, ew, &out, NULL), TSC_ERR_ARG);
    assert_int_equal(tsc_time_parse("2027-01-01T00:00", NULL, &out, NULL), TSC_ERR_ARG);
    assert_int_equal(tsc_time_to_local(NULL, 0, &d, &minute, &offset, NULL), TSC_ERR_ARG);
    assert_int_equal(tsc_time_format(0, NULL, NULL, 0), 0);
    tsc_calendar_free(ew);
}

/* The first minutes of 1972 are GMT in London and inside the rules (they start
 * at 1972-01-01T00:00Z), so local 00:30 on 1 January 1972 is 00:30Z. */
static void first_hour_of_the_rules(void **state)
{
    (void)state;
    char msg[2][300] = {"", ""};
    tsc_calendar *ew = T_calendar("england-and-wales");
    tsc_time out = 0;
    tsc_error err;
    tsc_status st = tsc_time_from_local(ew, T_date("1972-01-01"), 30, &out, &err);
    if (st != TSC_OK || out != INT64_C(63072000) + 1800)
        snprintf(msg[0], sizeof msg[0],
                 "from_local(1972-01-01 00:30, Europe/London) gave %d (%s), want 00:30Z",
                 st, st ? err.message : fmt(out, ew));
    tsc_calendar_free(ew);
    /* The same at St Helena, whose rules start in 1951 (1951-01-01T00:00Z is
       -599616000). */
    tsc_calendar *sh = T_calendar("st-helena");
    st = tsc_time_parse("1951-01-01T00:30", sh, &out, &err);
    if (st != TSC_OK || out != INT64_C(-599616000) + 1800)
        snprintf(msg[1], sizeof msg[1],
                 "parse(1951-01-01T00:30, Atlantic/St_Helena) gave %d (%s), want 00:30Z", st,
                 st ? err.message : fmt(out, sh));
    tsc_calendar_free(sh);
    if (msg[0][0] || msg[1][0])
        fail_msg("%s%s%s", msg[0], msg[0][0] && msg[1][0] ? "; " : "", msg[1]);
}

/* Malformed text: status and the column of the problem. */
static const struct {
    const char *text;
    tsc_status code;
    int column;
} bad_times[] = {
    {"2027-03-27 21:00", TSC_ERR_PARSE, 11},         /* no 'T' */
    {"2027-03-27", TSC_ERR_PARSE, 11},
    {"2027-03-27T2100", TSC_ERR_PARSE, 12},
    {"2027-03-27T", TSC_ERR_PARSE, 12},
    {"2027-03-27T25:00", TSC_ERR_DATE, 12},          /* no hour 25 */
    {"2027-03-27T21:60", TSC_ERR_DATE, 12},
    {"2027-03-27T21:00:61", TSC_ERR_DATE, 12},
    {"2027-02-30T10:00", TSC_ERR_DATE, 9},           /* no 30 Feb */
    {"2027-3-27T10:00", TSC_ERR_PARSE, 7},
    {"2027-03-27T21:00+1", TSC_ERR_PARSE, 17},
    {"2027-03-27T21:00+01:00x", TSC_ERR_PARSE, 17},
    {"2027-03-27T21:00+24:00", TSC_ERR_PARSE, 17},
    {"2027-03-27T21:00 ", TSC_ERR_PARSE, 17},
    {"0000-03-27T21:00", TSC_ERR_RANGE, 1},
};

static void malformed_times(void **state)
{
    (void)state;
    tsc_calendar *ew = T_calendar("england-and-wales");
    for (size_t i = 0; i < sizeof bad_times / sizeof bad_times[0]; i++) {
        tsc_time out = 42;
        tsc_error err;
        memset(&err, 0, sizeof err);
        tsc_status st = tsc_time_parse(bad_times[i].text, ew, &out, &err);
        if (st != bad_times[i].code || err.column != bad_times[i].column || out != 42)
            fail_msg("'%s': status %d column %d (%s), want %d column %d", bad_times[i].text, st,
                     err.column, err.message, bad_times[i].code, bad_times[i].column);
    }
    tsc_calendar_free(ew);
}

/* Every hour 1972-2100: to_local and from_local agree with each other and the
 * offset is GMT or BST; from_local gives back the instant except for the
 * second pass through the repeated hour, where it gives the first. */
static void hourly_round_trip(void **state)
{
    (void)state;
    tsc_calendar *ew = T_calendar("england-and-wales");
    /* From 01:00Z: the first hour of 1972 is first_hour_of_the_rules' case. */
    const tsc_time start = INT64_C(63072000) + 3600; /* 1972-01-01T01:00Z */
    const tsc_time end = INT64_C(4133980800);       /* 2101-01-01T00:00Z */
    int changes = 0, last_offset = 0;
    for (tsc_time t = start; t < end; t += 3600) {
        tsc_date d = 0;
        int minute = -1, offset = -1;
        if (tsc_time_to_local(ew, t, &d, &minute, &offset, NULL) != TSC_OK)
            fail_msg("to_local(%lld) failed", (long long)t);
        if (offset != 0 && offset != 60)
            fail_msg("offset %d at %lld", offset, (long long)t);
        /* The local wall clock is the instant plus the offset. */
        tsc_time local = t + offset * 60;
        if ((local / 86400) + 719163 != d || (local % 86400) / 60 != minute)
            fail_msg("to_local(%lld): %s minute %d offset %d", (long long)t, T_fmt(d), minute,
                     offset);
        tsc_time back = 0;
        if (tsc_time_from_local(ew, d, minute, &back, NULL) != TSC_OK ||
            (back != t && !(back == t - 3600 && offset == 0)))
            fail_msg("from_local(to_local(%lld)) = %lld (%s)", (long long)t, (long long)back,
                     fmt(t, ew));
        if (t != start && offset != last_offset)
            changes++;
        last_offset = offset;
    }
    /* Two changes a year, 1972-2100. */
    assert_int_equal(changes, 2 * 129);
    tsc_calendar_free(ew);
}

/* Instants far outside 0001..9999 are out of range, with no arithmetic
 * overflow on the way (UBSan checks that). */
static void extreme_instants(void **state)
{
    (void)state;
    static const tsc_time extreme[] = {INT64_MIN, INT64_MIN + 1, INT64_MAX, INT64_MAX - 1,
                                       INT64_C(-62135596801), /* 0000-12-31T23:59:59Z */
                                       INT64_C(253402300800)}; /* 10000-01-01T00:00Z */
    for (int c = 0; c < 2; c++) {
        tsc_calendar *cal = T_calendar(c ? "st-helena" : "england-and-wales");
        for (size_t i = 0; i < sizeof extreme / sizeof extreme[0]; i++) {
            tsc_date d = -7;
            int minute = -7, offset = -7;
            if (tsc_time_to_local(cal, extreme[i], &d, &minute, &offset, NULL) != TSC_ERR_RANGE ||
                d != -7)
                fail_msg("to_local(%lld) is not TSC_ERR_RANGE", (long long)extreme[i]);
            if (tsc_time_format(extreme[i], cal, NULL, 0) != 0)
                fail_msg("format(%lld) is not 0", (long long)extreme[i]);
        }
        tsc_calendar_free(cal);
    }
}

int main(int argc, char **argv)
{
    T_set_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spring_forward_day),
        cmocka_unit_test(fall_back_day),
        cmocka_unit_test(explicit_offsets),
        cmocka_unit_test(st_helena_is_gmt),
        cmocka_unit_test(outside_the_rules),
        cmocka_unit_test(first_hour_of_the_rules),
        cmocka_unit_test(malformed_times),
        cmocka_unit_test(hourly_round_trip),
        cmocka_unit_test(extreme_instants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
