/* test_holfile.c -- the holiday-file format (documented at the top of
 * src/holfile.c) and .ics import, through the public loaders only.
 *
 * Every construct is checked by the dates it produces; malformed files are
 * data: text, expected status, line, column and a piece of the message.
 * Expected weekdays come from Python's datetime and Easter dates from
 * python3-dateutil, noted per case. */
#include "testutil.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- helpers ---- */

static char tmpdir[512]; /* short, so every path built from it fits in PATH_MAX */

static int make_tmpdir(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/tsc-holfile-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir))
        return -1;
    return 0;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    char cmd[PATH_MAX + 16];
    /* Only our own mkdtemp directory. */
    if (strstr(tmpdir, "/tsc-holfile-")) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            return -1;
    }
    return 0;
}

/* Writes `len` bytes (strlen when len is 0) to tmpdir/name; returns the path
 * in a rotating static buffer. */
static const char *write_file_n(const char *name, const char *text, size_t len)
{
    static char paths[4][PATH_MAX];
    static int k;
    k = (k + 1) % 4;
    snprintf(paths[k], sizeof paths[k], "%s/%s", tmpdir, name);
    FILE *f = fopen(paths[k], "wb");
    if (!f)
        fail_msg("cannot write %s", paths[k]);
    if (fwrite(text, 1, len ? len : strlen(text), f) != (len ? len : strlen(text)))
        fail_msg("short write to %s", paths[k]);
    fclose(f);
    return paths[k];
}

static const char *write_file(const char *name, const char *text)
{
    return write_file_n(name, text, 0);
}

static tsc_calendar *load(const char *text)
{
    tsc_calendar *cal = NULL;
    tsc_error err;
    if (tsc_calendar_load_string(text, "t.hol", &cal, &err) != TSC_OK) {
        char buf[512];
        tsc_error_format(&err, buf, sizeof buf);
        fail_msg("load_string failed: %s\n--- text ---\n%s", buf, text);
    }
    return cal;
}

static tsc_calendar *load_path(const char *path)
{
    tsc_calendar *cal = NULL;
    tsc_error err;
    if (tsc_calendar_load_file(path, &cal, &err) != TSC_OK) {
        char buf[512];
        tsc_error_format(&err, buf, sizeof buf);
        fail_msg("load_file(%s) failed: %s", path, buf);
    }
    return cal;
}

/* Without the iCalendar part (TSC_ICAL=OFF) an .ics file is refused, saying why. */
static void expect_no_ical(const char *path)
{
    tsc_calendar *cal = NULL;
    tsc_error err;
    assert_int_equal(tsc_calendar_load_file(path, &cal, &err), TSC_ERR_ICAL);
    assert_null(cal);
    assert_non_null(strstr(err.message, "without the iCalendar part"));
}

/* The holidays in [from, to] must be exactly `want` (NULL-terminated), in order. */
static void expect_dates(const tsc_calendar *cal, const char *from, const char *to,
                         const char *const *want)
{
    tsc_holiday h[64];
    size_t count = 0, n = 0;
    assert_int_equal(tsc_calendar_holidays(cal, T_date(from), T_date(to), h, 64, &count, NULL),
                     TSC_OK);
    while (want[n])
        n++;
    int same = count == n;
    for (size_t i = 0; same && i < n; i++)
        same = h[i].date == T_date(want[i]);
    if (!same) {
        char got[1024] = "";
        for (size_t i = 0; i < count && i < 64; i++)
            snprintf(got + strlen(got), sizeof got - strlen(got), " %s(%s)", T_fmt(h[i].date),
                     h[i].name);
        fail_msg("%s..%s: got%s; want %zu dates starting %s", from, to, got, n,
                 n ? want[0] : "-");
    }
}

/* The single holiday on `date`, with its name and flags. */
static void expect_holiday(const tsc_calendar *cal, const char *date, const char *name,
                           uint32_t flags)
{
    tsc_holiday h[4];
    size_t count = 0;
    assert_int_equal(tsc_calendar_holidays(cal, T_date(date), T_date(date), h, 4, &count, NULL),
                     TSC_OK);
    if (count != 1 || strcmp(h[0].name, name) != 0 || h[0].flags != flags)
        fail_msg("%s: %zu holidays, first '%s' flags %u; want '%s' flags %u", date, count,
                 count ? h[0].name : "-", count ? h[0].flags : 0, name, flags);
}

#define DATES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_DATES ((const char *const[]){NULL})

/* ---- constructs ---- */

static void fixed_and_nth_weekday(void **state)
{
    (void)state;
    tsc_calendar *cal = load("\"Fixed\"    25 dec\n"
                             "\"First\"    first mon of may\n"
                             "\"Second\"   second tue of jun\n"
                             "\"Third\"    third wednesday of july\n"
                             "\"Fourth\"   fourth thu of nov\n"
                             "\"Last\"     last fri of feb\n"
                             "\"LastLong\" last monday of august\n");
    /* 2026, from Python's calendar: 4 May, 9 Jun (1 Jun is a Mon), 15 Jul (1 Jul is a
       Wed), 26 Nov (US Thanksgiving), 27 Feb (28 Feb is a Sat), 31 Aug, 25 Dec. */
    expect_dates(cal, "2026-01-01", "2026-12-31",
                 DATES("2026-02-27", "2026-05-04", "2026-06-09", "2026-07-15", "2026-08-31",
                       "2026-11-26", "2026-12-25"));
    /* No substitute asked for: 25 Dec 2027 (Sat) stays on the Saturday. */
    expect_holiday(cal, "2027-12-25", "Fixed", 0);
    assert_int_equal(tsc_calendar_is_working_day(cal, T_date("2027-12-27")), 1);
    tsc_calendar_free(cal);
}

static void weekday_on_or_after_before(void **state)
{
    (void)state;
    tsc_calendar *cal = load("\"After\"  fri on or after 11 nov\n"
                             "\"Same\"   wed on or after 11 nov\n"
                             "\"Before\" mon on or before 24 may\n");
    /* 11 Nov: Tue 2025, Wed 2026, Thu 2027.  24 May: Sat 2025, Sun 2026, Mon 2027. */
    expect_dates(cal, "2025-01-01", "2025-12-31",
                 DATES("2025-05-19", "2025-11-12", "2025-11-14"));
    expect_dates(cal, "2026-01-01", "2026-12-31",
                 DATES("2026-05-18", "2026-11-11", "2026-11-13"));
    expect_dates(cal, "2027-01-01", "2027-12-31",
                 DATES("2027-05-24", "2027-11-12", "2027-11-17"));
    tsc_calendar_free(cal);
    /* "on or before 1 jan" can fall in the previous December: 1 Jan 2026 is a Thu,
       so Sun 28 Dec 2025; 1 Jan 2027 (Fri) gives Sun 27 Dec 2026. */
    cal = load("\"Eve\" sun on or before 1 jan\n");
    expect_dates(cal, "2025-12-01", "2026-12-31", DATES("2025-12-28", "2026-12-27"));
    tsc_calendar_free(cal);
}

static void easter_offsets(void **state)
{
    (void)state;
    /* Easter 2026 is 5 April (dateutil): -47 Shrove Tuesday 17 Feb, -2 Good Friday,
       +1 Easter Monday, +39 Ascension 14 May, +50 Whit Monday 25 May. */
    tsc_calendar *cal = load("\"Shrove\"    easter-47\n"
                             "\"Friday\"    easter-2\n"
                             "\"Sunday\"    easter\n"
                             "\"Monday\"    easter+1\n"
                             "\"Ascension\" easter +39\n"
                             "\"Whit\"      easter+50\n");
    expect_dates(cal, "2026-01-01", "2026-12-31",
                 DATES("2026-02-17", "2026-04-03", "2026-04-05", "2026-04-06", "2026-05-14",
                       "2026-05-25"));
    /* Easter 2027 is 28 March. */
    expect_dates(cal, "2027-03-26", "2027-03-29",
                 DATES("2027-03-26", "2027-03-28", "2027-03-29"));
    tsc_calendar_free(cal);
}

static void dated_one_offs_and_ranges(void **state)
{
    (void)state;
    tsc_calendar *cal = load("\"Once\"    2026-06-15\n"
                             "\"Closure\" 2026-12-24 .. 2026-12-31\n"
                             "\"Tight\"   2027-03-01..2027-03-02\n"
                             "\"Across\"  2027-12-30 .. 2028-01-02\n");
    expect_holiday(cal, "2026-06-15", "Once", TSC_HOLIDAY_ONE_OFF);
    expect_dates(cal, "2025-01-01", "2025-12-31", NO_DATES); /* a one-off, not yearly */
    expect_dates(cal, "2027-06-15", "2027-06-15", NO_DATES);
    expect_dates(cal, "2026-12-20", "2027-01-05",
                 DATES("2026-12-24", "2026-12-25", "2026-12-26", "2026-12-27", "2026-12-28",
                       "2026-12-29", "2026-12-30", "2026-12-31"));
    expect_holiday(cal, "2026-12-26", "Closure", TSC_HOLIDAY_ONE_OFF);
    expect_dates(cal, "2027-02-28", "2027-03-03", DATES("2027-03-01", "2027-03-02"));
    /* A range across the year end: asked for from either year. */
    expect_dates(cal, "2028-01-01", "2028-01-31", DATES("2028-01-01", "2028-01-02"));
    expect_dates(cal, "2027-12-29", "2028-01-03",
                 DATES("2027-12-30", "2027-12-31", "2028-01-01", "2028-01-02"));
    /* Working days: 23 Dec 2026 + 1 is Mon 4 Jan 2027 (24-31 Dec closed, 1 Jan Fri is
       not a holiday in this file, so it is Fri 1 Jan). */
    tsc_date got = 0;
    assert_int_equal(tsc_calendar_add_working_days(cal, T_date("2026-12-23"), 1, &got, NULL),
                     TSC_OK);
    assert_int_equal(got, T_date("2027-01-01"));
    assert_int_equal(tsc_calendar_is_working_day(cal, T_date("2027-12-31")), 0);
    tsc_calendar_free(cal);
}

static void yearly_ranges_and_years(void **state)
{
    (void)state;
    tsc_calendar *cal = load("\"Season\" 24 dec .. 27 dec\n"
                             "\"Leap\"   29 feb\n"
                             "\"Span\"   28 feb .. 29 feb\n"
                             "\"Window\" 1 jul from 2025 to 2027\n"
                             "\"Until\"  2 jul to 2000\n"
                             "\"Since\"  3 jul from 2030\n");
    expect_dates(cal, "2026-12-01", "2026-12-31",
                 DATES("2026-12-24", "2026-12-25", "2026-12-26", "2026-12-27"));
    /* 29 Feb only in leap years; the Feb range stops at 28 Feb in other years. */
    expect_dates(cal, "2024-02-01", "2024-03-01",
                 DATES("2024-02-28", "2024-02-29", "2024-02-29"));
    expect_dates(cal, "2026-02-01", "2026-03-01", DATES("2026-02-28"));
    expect_dates(cal, "2024-07-01", "2024-07-03", NO_DATES);
    expect_dates(cal, "2025-07-01", "2025-07-03", DATES("2025-07-01"));
    expect_dates(cal, "2027-07-01", "2027-07-03", DATES("2027-07-01"));
    expect_dates(cal, "2028-07-01", "2028-07-03", NO_DATES);
    expect_dates(cal, "2000-07-01", "2000-07-03", DATES("2000-07-02"));
    expect_dates(cal, "2001-07-01", "2001-07-03", NO_DATES);
    expect_dates(cal, "2030-07-01", "2030-07-03", DATES("2030-07-03"));
    expect_dates(cal, "2029-07-01", "2029-07-03", NO_DATES);
    tsc_calendar_free(cal);
}

static void substitutes(void **state)
{
    (void)state;
    /* 4 Jul: Fri 2025, Sat 2026, Sun 2027. */
    tsc_calendar *cal = load("\"Next\" 4 jul substitute\n");
    expect_holiday(cal, "2025-07-04", "Next", 0);
    expect_holiday(cal, "2026-07-06", "Next", TSC_HOLIDAY_SUBSTITUTE); /* Sat -> Mon */
    expect_holiday(cal, "2027-07-05", "Next", TSC_HOLIDAY_SUBSTITUTE); /* Sun -> Mon */
    expect_dates(cal, "2026-07-04", "2026-07-05", NO_DATES);
    tsc_calendar_free(cal);

    cal = load("\"Shift\" 4 jul substitute sat:-1 sun:+1\n");
    expect_holiday(cal, "2026-07-03", "Shift", TSC_HOLIDAY_SUBSTITUTE); /* Sat -> Fri */
    expect_holiday(cal, "2027-07-05", "Shift", TSC_HOLIDAY_SUBSTITUTE); /* Sun -> Mon */
    tsc_calendar_free(cal);

    /* A shift only for Saturday: a Sunday holiday stays on the Sunday. */
    cal = load("\"SatOnly\" 4 jul substitute sat:+2\n");
    expect_holiday(cal, "2026-07-06", "SatOnly", TSC_HOLIDAY_SUBSTITUTE);
    expect_holiday(cal, "2027-07-04", "SatOnly", 0);
    tsc_calendar_free(cal);

    /* A shift with a fallback ("sun:+1/-2") takes the fallback only when the first
       choice is another holiday: 21 May 2023 is a Sunday, Mon 22 is taken by "W", so
       Fri 19; 21 May 2034 is a Sunday too, and Mon 22 May 2034 is free. */
    cal = load("\"A\" 21 may substitute sat:-1 sun:+1/-2\n"
               "\"W\" 2023-05-22\n");
    expect_dates(cal, "2023-05-15", "2023-05-31", DATES("2023-05-19", "2023-05-22"));
    expect_holiday(cal, "2023-05-19", "A", TSC_HOLIDAY_SUBSTITUTE);
    expect_dates(cal, "2034-05-15", "2034-05-31", DATES("2034-05-22"));
    expect_dates(cal, "2022-05-15", "2022-05-31", DATES("2022-05-20")); /* Sat -> Fri */
    tsc_calendar_free(cal);

    /* Next free day skips days already taken: Christmas 2021 on a Saturday, Boxing Day
       on a Sunday -> Mon 27 and Tue 28 (GOV.UK 2021); 2022 (Sun) -> Mon 26, Tue 27. */
    cal = load("\"Boxing\"    26 dec substitute\n"
               "\"Christmas\" 25 dec substitute\n");
    expect_dates(cal, "2021-12-20", "2021-12-31", DATES("2021-12-27", "2021-12-28"));
    expect_holiday(cal, "2021-12-27", "Christmas", TSC_HOLIDAY_SUBSTITUTE);
    expect_holiday(cal, "2021-12-28", "Boxing", TSC_HOLIDAY_SUBSTITUTE);
    expect_holiday(cal, "2022-12-26", "Boxing", 0);
    expect_holiday(cal, "2022-12-27", "Christmas", TSC_HOLIDAY_SUBSTITUTE);
    tsc_calendar_free(cal);

    /* The next free day respects the file's own weekend: with a Fri-Sat weekend,
       Sat 4 Jul 2026 moves to Sun 5 Jul; Fri 4 Jul 2025 moves to Sun 6 Jul. */
    cal = load("weekend fri sat\n\"Next\" 4 jul substitute\n");
    expect_holiday(cal, "2026-07-05", "Next", TSC_HOLIDAY_SUBSTITUTE);
    expect_holiday(cal, "2025-07-06", "Next", TSC_HOLIDAY_SUBSTITUTE);
    tsc_calendar_free(cal);
}

/* The format promises the substitute is "the next day that is neither a
 * weekend day nor already a holiday".  Sat 31 Dec 2022: Sun 1 Jan 2023 is a
 * weekend day and Mon 2 Jan 2023 is already a holiday (of the next year), so
 * the substitute must be Tue 3 Jan 2023.  (2022-12-31 is a Saturday and
 * 2023-01-02 a Monday: Python's date.isoweekday().) */
static void expect_two_days(const char *text, const char *first_name)
{
    tsc_calendar *cal = load(text);
    tsc_holiday h[4];
    size_t count = 0;
    assert_int_equal(tsc_calendar_holidays(cal, T_date("2023-01-02"), T_date("2023-01-03"), h,
                                           4, &count, NULL),
                     TSC_OK);
    tsc_calendar_free(cal);
    if (count != 2 || h[0].date != T_date("2023-01-02") || h[1].date != T_date("2023-01-03"))
        fail_msg("Sat 31 Dec 2022 should be observed on Tue 3 Jan 2023, after '%s' on "
                 "Mon 2 Jan; got %zu holidays: %s '%s', %s '%s'\n--- text ---\n%s",
                 first_name, count, count > 0 ? T_fmt(h[0].date) : "-",
                 count > 0 ? h[0].name : "-", count > 1 ? T_fmt(h[1].date) : "-",
                 count > 1 ? h[1].name : "-", text);
}

static void substitute_across_year_end(void **state)
{
    (void)state;
    /* A plain holiday on 2 Jan of the next year. */
    expect_two_days("\"Eve\"    31 dec substitute\n"
                    "\"Second\" 2 jan\n",
                    "Second");
    /* The realistic case: a New Year's Eve closure on top of England and Wales, whose
       New Year's Day 2023 (a Sunday) is observed Mon 2 Jan (GOV.UK 2023). */
    expect_two_days("include england-and-wales\n"
                    "\"New Year's Eve\" 31 dec substitute\n",
                    "New Year's Day");
}

static void moves(void **state)
{
    (void)state;
    /* Without a name: every holiday on the day moves, keeping its name. */
    tsc_calendar *cal = load("\"Day\" 1 may\n"
                             "move 2026-05-01 to 2026-05-08\n");
    expect_dates(cal, "2026-05-01", "2026-05-31", DATES("2026-05-08"));
    expect_holiday(cal, "2026-05-08", "Day", TSC_HOLIDAY_MOVED);
    expect_dates(cal, "2027-05-01", "2027-05-01", DATES("2027-05-01")); /* one year only */
    tsc_calendar_free(cal);

    /* With a "Which" name and a new name: only that holiday moves. */
    cal = load("\"A\" 1 may\n\"B\" 1 may\n"
               "move \"B\" 2026-05-01 to 2026-05-05 \"B, moved\"\n");
    expect_holiday(cal, "2026-05-01", "A", 0);
    expect_holiday(cal, "2026-05-05", "B, moved", TSC_HOLIDAY_MOVED);
    tsc_calendar_free(cal);

    /* A new name without "Which". */
    cal = load("\"A\" 1 may\nmove 2026-05-01 to 2026-04-30 \"A (early)\"\n");
    expect_holiday(cal, "2026-04-30", "A (early)", TSC_HOLIDAY_MOVED);
    tsc_calendar_free(cal);

    /* A move acts on the observed day: Sat 4 Jul 2026 is observed Mon 6 Jul. */
    cal = load("\"Next\" 4 jul substitute\nmove 2026-07-06 to 2026-07-10\n");
    expect_dates(cal, "2026-07-01", "2026-07-31", DATES("2026-07-10"));
    tsc_calendar_free(cal);

    /* Moving an included calendar's holiday (E&W 2026: Boxing Day observed Mon 28 Dec). */
    cal = load("include england-and-wales\nmove 2026-12-28 to 2026-12-29\n");
    expect_dates(cal, "2026-12-20", "2026-12-31", DATES("2026-12-25", "2026-12-29"));
    tsc_calendar_free(cal);
}

static void removes(void **state)
{
    (void)state;
    tsc_calendar *cal = load("include england-and-wales\n"
                             "remove 2026-12-25\n"
                             "remove 2026-04-01 .. 2026-04-30\n");
    /* E&W 2026 (GOV.UK) without Christmas and without Good Friday / Easter Monday. */
    expect_dates(cal, "2026-01-01", "2026-12-31",
                 DATES("2026-01-01", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-28"));
    /* One year only: 2027 keeps its Easter (26, 29 Mar). */
    expect_dates(cal, "2027-03-01", "2027-04-30", DATES("2027-03-26", "2027-03-29"));
    tsc_calendar_free(cal);

    /* Scotland without the 2026 World Cup day. */
    cal = load("include scotland\nremove 2026-06-15\n");
    expect_dates(cal, "2026-06-01", "2026-06-30", NO_DATES);
    tsc_calendar_free(cal);
}

static void includes(void **state)
{
    (void)state;
    /* A built-in plus a closure: the header's example. */
    tsc_calendar *cal = load("include england-and-wales\n"
                             "\"Council closure\"  2026-12-24..2026-12-31\n"
                             "remove 2026-12-28\n");
    assert_string_equal(tsc_calendar_zone(cal), "Europe/London");
    assert_int_equal(tsc_calendar_weekend(cal), TSC_SAT | TSC_SUN);
    /* 24-31 Dec less 28 (removed: both the closure day and Boxing Day's substitute). */
    expect_dates(cal, "2026-12-24", "2026-12-31",
                 DATES("2026-12-24", "2026-12-25", "2026-12-25", "2026-12-26", "2026-12-27",
                       "2026-12-29", "2026-12-30", "2026-12-31"));
    assert_int_equal(tsc_calendar_is_working_day(cal, T_date("2026-12-28")), 1);
    tsc_calendar_free(cal);

    /* A relative file beside the including file, bare and quoted, and nested. */
    write_file("base.hol", "zone Atlantic/St_Helena\n\"Base day\" 10 mar\n");
    char sub[PATH_MAX];
    snprintf(sub, sizeof sub, "%s/sub", tmpdir);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file("sub/inner.hol", "\"Inner day\" 11 mar\n");
    write_file("mid.hol", "include base\ninclude \"sub/inner.hol\"\n\"Mid day\" 12 mar\n");
    const char *top = write_file("top.hol", "include mid\n\"Top day\" 13 mar\n");
    cal = load_path(top);
    assert_string_equal(tsc_calendar_name(cal), "top");            /* from the file name */
    assert_string_equal(tsc_calendar_zone(cal), "Atlantic/St_Helena"); /* from base.hol */
    expect_dates(cal, "2026-03-01", "2026-03-31",
                 DATES("2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"));
    tsc_calendar_free(cal);

    /* A string resolves relative includes from the current directory. */
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(tmpdir), 0);
    tsc_error err;
    tsc_status st = tsc_calendar_load_string("include base\n", NULL, &cal, &err);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(st, TSC_OK);
    expect_dates(cal, "2026-03-01", "2026-03-31", DATES("2026-03-10"));
    assert_string_equal(tsc_calendar_name(cal), "custom");
    tsc_calendar_free(cal);

    /* An absolute quoted path from a string. */
    char text[PATH_MAX + 32];
    snprintf(text, sizeof text, "include \"%s/sub/inner.hol\"\n", tmpdir);
    cal = load(text);
    expect_dates(cal, "2026-03-01", "2026-03-31", DATES("2026-03-11"));
    tsc_calendar_free(cal);

    /* An .ics file included from a .hol file. */
    write_file("one.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"
                          "DTSTART;VALUE=DATE:20260415\r\nSUMMARY:From ICS\r\nEND:VEVENT\r\n"
                          "END:VCALENDAR\r\n");
    top = write_file("withics.hol", "include \"one.ics\"\n\"Own\" 16 apr\n");
    if (!TSC_TEST_ICAL) {
        expect_no_ical(top);
        return;
    }
    cal = load_path(top);
    expect_dates(cal, "2026-04-01", "2026-04-30", DATES("2026-04-15", "2026-04-16"));
    expect_holiday(cal, "2026-04-15", "From ICS", TSC_HOLIDAY_ONE_OFF);
    tsc_calendar_free(cal);
}

static void weekend_zone_and_name(void **state)
{
    (void)state;
    tsc_calendar *cal = load("calendar gulf-office\nweekend fri sat\nzone UTC\n");
    assert_string_equal(tsc_calendar_name(cal), "gulf-office");
    assert_string_equal(tsc_calendar_zone(cal), "UTC");
    assert_int_equal(tsc_calendar_weekend(cal), TSC_FRI | TSC_SAT);
    /* 2026-03-06 is a Friday, 03-07 Saturday, 03-08 Sunday. */
    assert_int_equal(tsc_calendar_is_working_day(cal, T_date("2026-03-06")), 0);
    assert_int_equal(tsc_calendar_is_working_day(cal, T_date("2026-03-07")), 0);
    assert_int_equal(tsc_calendar_is_working_day(cal, T_date("2026-03-08")), 1);
    tsc_date got = 0;
    assert_int_equal(tsc_calendar_add_working_days(cal, T_date("2026-03-05"), 1, &got, NULL),
                     TSC_OK);
    assert_int_equal(got, T_date("2026-03-08"));
    tsc_calendar_free(cal);

    cal = load("weekend none\n\"X\" 2026-03-07\n");
    assert_int_equal(tsc_calendar_weekend(cal), 0);
    assert_int_equal(tsc_calendar_is_working_day(cal, T_date("2026-03-08")), 1); /* Sunday */
    int32_t n = 0;
    /* A week of seven working days less the Saturday holiday. */
    assert_int_equal(tsc_calendar_count_working_days(cal, T_date("2026-03-02"),
                                                     T_date("2026-03-09"), 0, &n, NULL),
                     TSC_OK);
    assert_int_equal(n, 6);
    tsc_calendar_free(cal);

    /* Long day names; the default is Sat+Sun and Europe/London. */
    cal = load("weekend sunday\n");
    assert_int_equal(tsc_calendar_weekend(cal), TSC_SUN);
    tsc_calendar_free(cal);
    cal = load("# nothing but a comment\n");
    assert_int_equal(tsc_calendar_weekend(cal), TSC_SAT | TSC_SUN);
    assert_string_equal(tsc_calendar_zone(cal), "Europe/London");
    tsc_calendar_free(cal);
    cal = load("zone Atlantic/St_Helena\n");
    assert_string_equal(tsc_calendar_zone(cal), "Atlantic/St_Helena");
    tsc_calendar_free(cal);
    /* An explicit weekend overrides the included calendar's. */
    cal = load("include england-and-wales\nweekend sun\n");
    assert_int_equal(tsc_calendar_weekend(cal), TSC_SUN);
    assert_int_equal(tsc_calendar_is_working_day(cal, T_date("2026-03-07")), 1);
    tsc_calendar_free(cal);
}

static void lexical_details(void **state)
{
    (void)state;
    /* CRLF endings, tabs, '#' inside a quoted name, a comment after a statement and
       no newline at the end. */
    tsc_calendar *cal = load("\"No # here\"\t25 dec   # a comment\r\n"
                             "\r\n"
                             "\t\"Tabbed\"\t26\tdec");
    expect_holiday(cal, "2026-12-25", "No # here", 0);
    expect_holiday(cal, "2026-12-26", "Tabbed", 0);
    tsc_calendar_free(cal);
    /* An empty string is an empty calendar. */
    cal = load("");
    expect_dates(cal, "2026-01-01", "2026-12-31", NO_DATES);
    tsc_calendar_free(cal);
}

/* ---- malformed text, as data ---- */

static const struct {
    const char *text;
    tsc_status code;
    int line, column;
    const char *message;
} bad_cases[] = {
    {"frobnicate 1 2\n", TSC_ERR_PARSE, 1, 1, "unknown statement 'frobnicate'"},
    {"# comment\n\n  frobnicate\n", TSC_ERR_PARSE, 3, 3, "unknown statement"},
    {"\"X\" first mnd of may\n", TSC_ERR_PARSE, 1, 11, "expected a weekday (mon..sun)"},
    {"weekend sat funday\n", TSC_ERR_PARSE, 1, 13, "unknown weekday 'funday'"},
    {"\"X\" fri on or after 11 nvember\n", TSC_ERR_PARSE, 1, 24, "expected a month"},
    {"\"X\" 25 dex\n", TSC_ERR_PARSE, 1, 8, "found 'dex'"},
    {"\"X\" last mon of maybe\n", TSC_ERR_PARSE, 1, 17, "expected a month"},
    {"\"X\" 31 apr\n", TSC_ERR_DATE, 1, 5, "apr has no day 31"},
    {"\"X\" 30 feb\n", TSC_ERR_DATE, 1, 5, "feb has no day 30"},
    {"\"X\" 32 jan\n", TSC_ERR_PARSE, 1, 5, "expected a day of the month"},
    {"\"X\" 25 dec from 2030 to 2020\n", TSC_ERR_RANGE, 1, 22, "'from 2030' is after 'to 2020'"},
    {"\"X\" 25 dec from 0\n", TSC_ERR_PARSE, 1, 17, "expected a year (1..9999) after 'from'"},
    {"\"X\" 25 dec to\n", TSC_ERR_PARSE, 1, 14, "expected a year"},
    {"\"Christmas 25 dec\n", TSC_ERR_PARSE, 1, 1, "unterminated quoted name"},
    {"\"A\" 25 dec\n\"B\" 26 dec \"oops\n", TSC_ERR_PARSE, 2, 12, "unterminated"},
    {"\"A\" 25 dec\nmove 2026-12-24 to 2026-12-28\n", TSC_ERR_PARSE, 2, 6,
     "move: no holiday falls on 2026-12-24"},
    {"\"A\" 25 dec\nmove \"B\" 2026-12-25 to 2026-12-28\n", TSC_ERR_PARSE, 2, 10,
     "no holiday 'B' falls on 2026-12-25"},
    {"\"A\" 25 dec\nmove 2026-12-25 to 2026-12-25\n", TSC_ERR_PARSE, 2, 20,
     "cannot move to its own date"},
    {"\"A\" 25 dec\nmove 2026-12-25 2026-12-28\n", TSC_ERR_PARSE, 2, 17, "expected 'to'"},
    {"\"A\" 25 dec\n\nremove 2026-03-03\n", TSC_ERR_PARSE, 3, 8,
     "remove: no holiday falls on 2026-03-03"},
    {"\"A\" 25 dec\nremove 2026-03-02 .. 2026-03-06\n", TSC_ERR_PARSE, 2, 8,
     "no holiday falls in 2026-03-02..2026-03-06"},
    {"\"A\" 25 dec\nremove 2026-12-31 .. 2026-12-24\n", TSC_ERR_RANGE, 2, 22,
     "the range runs backwards"},
    {"\"A\" 25 dec\nremove 2026-12-25 junk\n", TSC_ERR_PARSE, 2, 19, "unexpected 'junk'"},
    {"include atlantis\n", TSC_ERR_NOTFOUND, 1, 9, "cannot include 'atlantis'"},
    {"include\n", TSC_ERR_PARSE, 1, 8, "expected a calendar name"},
    {"zone Mars/Olympus\n", TSC_ERR_NOTFOUND, 1, 6, "unknown time zone 'Mars/Olympus'"},
    {"zone UTC\nzone UTC\n", TSC_ERR_PARSE, 2, 1, "'zone' is already set on line 1"},
    {"weekend sat\nweekend sun\n", TSC_ERR_PARSE, 2, 1, "already set on line 1"},
    {"weekend\n", TSC_ERR_PARSE, 1, 8, "expected weekdays"},
    {"weekend mon tue wed thu fri sat sun\n", TSC_ERR_PARSE, 1, 1, "no working day"},
    {"calendar My-Cal\n", TSC_ERR_PARSE, 1, 10, "a-z, 0-9"},
    {"\"X\" 2026-12-31 .. 2026-12-24\n", TSC_ERR_RANGE, 1, 19, "must run forwards"},
    {"\"X\" 2026-01-01 .. 2027-01-03\n", TSC_ERR_RANGE, 1, 19, "at most 367 days"},
    {"\"X\" 2026-06-15 from 2020\n", TSC_ERR_PARSE, 1, 16, "a dated holiday cannot have"},
    {"\"X\" 2026-06-15 to 2030\n", TSC_ERR_PARSE, 1, 16, "a dated holiday cannot have"},
    {"\"X\" 2026-02-30\n", TSC_ERR_DATE, 1, 13, "2026-02 has 28 days"},
    {"\"X\" 2026-2-3\n", TSC_ERR_PARSE, 1, 11, "malformed date"},
    {"\"X\" 24 dec .. 2 jan\n", TSC_ERR_RANGE, 1, 15, "split it at 31 dec"},
    {"\"X\" first mon in may\n", TSC_ERR_PARSE, 1, 15, "expected 'of', found 'in'"},
    {"\"X\" fri on or afterwards 11 nov\n", TSC_ERR_PARSE, 1, 15, "expected 'after' or 'before'"},
    {"\"X\" christmas\n", TSC_ERR_PARSE, 1, 5, "unknown date form 'christmas'"},
    {"\"X\"\n", TSC_ERR_PARSE, 1, 4, "expected when the holiday falls"},
    {"\"\" 25 dec\n", TSC_ERR_PARSE, 1, 1, "name may not be empty"},
    {"\"X\" easter+x\n", TSC_ERR_PARSE, 1, 5, "expected an offset"},
    {"\"X\" easter+301\n", TSC_ERR_PARSE, 1, 5, "at most 300"},
    {"\"X\" 25 dec substitute sat:+9\n", TSC_ERR_PARSE, 1, 23, "expected a substitute shift"},
    {"\"X\" 25 dec substitute xyz:+1\n", TSC_ERR_PARSE, 1, 23, "found 'xyz:+1'"},
    {"\"X\" 25 dec substitute sun:+1/x2\n", TSC_ERR_PARSE, 1, 23, "found 'sun:+1/x2'"},
    {"\"X\" 25 dec substitute sun:+1/-7\n", TSC_ERR_PARSE, 1, 23, "(1..6 days)"},
    {"\"X\" 25 dec sometimes\n", TSC_ERR_PARSE, 1, 12, "unexpected 'sometimes'"},
    {"\"X\" 25 dec\n\"Y\" 26 dec\n\"Z\" 27 dek\n", TSC_ERR_PARSE, 3, 8, "expected a month"},
};

static void malformed_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        tsc_calendar *cal = (tsc_calendar *)&cal, *sentinel = cal;
        tsc_error err;
        memset(&err, 0, sizeof err);
        tsc_status st = tsc_calendar_load_string(bad_cases[i].text, "bad.hol", &cal, &err);
        if (st == TSC_OK)
            tsc_calendar_free(cal);
        if (st != bad_cases[i].code || err.code != st || err.line != bad_cases[i].line ||
            err.column != bad_cases[i].column || strcmp(err.source, "bad.hol") != 0 ||
            !strstr(err.message, bad_cases[i].message) || (st && cal != sentinel))
            fail_msg("case %zu: got status %d at %s:%d:%d '%s'; want %d at bad.hol:%d:%d '%s'"
                     "\n--- text ---\n%s",
                     i, st, err.source, err.line, err.column, err.message, bad_cases[i].code,
                     bad_cases[i].line, bad_cases[i].column, bad_cases[i].message,
                     bad_cases[i].text);
    }
}

static void too_many_words(void **state)
{
    (void)state;
    char text[512] = "weekend";
    for (int i = 0; i < 48; i++)
        strcat(text, " sat");
    tsc_calendar *cal;
    tsc_error err;
    /* 49 words: the 49th starts at byte 8 + 48 * 4 - 3 = 197. */
    assert_int_equal(tsc_calendar_load_string(text, NULL, &cal, &err), TSC_ERR_PARSE);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 197);
    assert_string_equal(err.source, "<string>");
    assert_non_null(strstr(err.message, "too many words"));
}

static void file_errors(void **state)
{
    (void)state;
    tsc_calendar *cal = NULL;
    tsc_error err;
    char buf[600];

    /* A file that does not exist: TSC_ERR_NOTFOUND naming the path. */
    char missing[PATH_MAX];
    snprintf(missing, sizeof missing, "%s/no-such-file.hol", tmpdir);
    assert_int_equal(tsc_calendar_load_file(missing, &cal, &err), TSC_ERR_NOTFOUND);
    assert_int_equal(err.code, TSC_ERR_NOTFOUND);
    assert_string_equal(err.source, missing);
    tsc_error_format(&err, buf, sizeof buf);
    assert_non_null(strstr(buf, missing));
    assert_null(cal);

    /* A NUL byte: not text. */
    const char *nul = write_file_n("nul.hol", "\"A\" 25 dec\n\0\"B\" 26 dec\n", 23);
    assert_int_equal(tsc_calendar_load_file(nul, &cal, &err), TSC_ERR_PARSE);
    assert_string_equal(err.source, nul);
    assert_non_null(strstr(err.message, "NUL"));

    /* An empty file is an empty calendar named after the file. */
    cal = load_path(write_file("empty.hol", ""));
    assert_string_equal(tsc_calendar_name(cal), "empty");
    expect_dates(cal, "2026-01-01", "2026-12-31", NO_DATES);
    assert_int_equal(tsc_calendar_weekend(cal), TSC_SAT | TSC_SUN);
    tsc_calendar_free(cal);

    /* An error inside an included file names that file and its line. */
    const char *inner = write_file("broken.hol", "\"A\" 1 jan\n\n\"B\" 2 jan\n\"C\" 3 jna\n");
    const char *outer = write_file("outer.hol", "\"Z\" 9 sep\ninclude broken\n");
    cal = NULL;
    assert_int_equal(tsc_calendar_load_file(outer, &cal, &err), TSC_ERR_PARSE);
    assert_string_equal(err.source, inner);
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 7);
    assert_null(cal);

    /* A missing relative include names the file it looked for. */
    outer = write_file("lonely.hol", "\n\ninclude \"nowhere.hol\"\n");
    assert_int_equal(tsc_calendar_load_file(outer, &cal, &err), TSC_ERR_NOTFOUND);
    assert_string_equal(err.source, outer);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 9);
    assert_non_null(strstr(err.message, "nowhere.hol"));

    /* Include loops: a file including itself, and two including each other. */
    const char *self = write_file("self.hol", "\"S\" 1 jun\ninclude self\n");
    assert_int_equal(tsc_calendar_load_file(self, &cal, &err), TSC_ERR_PARSE);
    assert_non_null(strstr(err.message, "loop"));
    assert_string_equal(err.source, self);
    assert_int_equal(err.line, 2);
    write_file("ping.hol", "include pong\n");
    const char *pong = write_file("pong.hol", "# pong\ninclude ping\n");
    assert_int_equal(tsc_calendar_load_file(pong, &cal, &err), TSC_ERR_PARSE);
    assert_non_null(strstr(err.message, "loop"));
    assert_non_null(strstr(err.source, "p")); /* ping.hol or pong.hol */
    assert_true(err.line >= 1 && err.line <= 2);

    /* NULL arguments. */
    assert_int_equal(tsc_calendar_load_file(NULL, &cal, NULL), TSC_ERR_ARG);
    assert_int_equal(tsc_calendar_load_file(missing, NULL, NULL), TSC_ERR_ARG);
    assert_int_equal(tsc_calendar_load_string(NULL, NULL, &cal, NULL), TSC_ERR_ARG);
    assert_int_equal(tsc_calendar_load_string("", NULL, NULL, NULL), TSC_ERR_ARG);
}

/* ---- tsc_error_format ---- */

static void error_format(void **state)
{
    (void)state;
    tsc_calendar *cal;
    tsc_error err;
    char buf[512];
    assert_int_equal(tsc_calendar_load_string("\"X\" first mnd of may\n", "council.hol", &cal,
                                              &err),
                     TSC_ERR_PARSE);
    size_t n = tsc_error_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "council.hol:1:11: expected a weekday (mon..sun) after 'first'");
    assert_int_equal(n, strlen(buf));
    /* snprintf rules: truncated but terminated, full length returned. */
    char small[8];
    memset(small, 'x', sizeof small);
    assert_int_equal(tsc_error_format(&err, small, sizeof small), n);
    assert_string_equal(small, "council");
    assert_int_equal(tsc_error_format(&err, NULL, 0), n);

    /* Parts that are unknown are left out. */
    tsc_error e;
    memset(&e, 0, sizeof e);
    e.code = TSC_ERR_DATE;
    strcpy(e.message, "no such day");
    tsc_error_format(&e, buf, sizeof buf);
    assert_string_equal(buf, "no such day");
    e.line = 3;
    e.column = 7;
    tsc_error_format(&e, buf, sizeof buf);
    assert_string_equal(buf, "3:7: no such day");
    strcpy(e.source, "f.hol");
    e.column = 0;
    tsc_error_format(&e, buf, sizeof buf);
    assert_string_equal(buf, "f.hol:3: no such day");
    e.line = 0;
    tsc_error_format(&e, buf, sizeof buf);
    assert_string_equal(buf, "f.hol: no such day");
    e.message[0] = '\0'; /* "" means tsc_strerror(code) */
    tsc_error_format(&e, buf, sizeof buf);
    assert_string_equal(buf, "f.hol: no such date");

    /* A date-parse error formats with its column and no file. */
    tsc_date d;
    assert_int_equal(tsc_date_parse("2026-3-2", &d, &err), TSC_ERR_PARSE);
    tsc_error_format(&err, buf, sizeof buf);
    assert_non_null(strstr(buf, "malformed date"));
}

/* ---- .ics import (the iCalendar part: TSC_ICAL) ---- */

#if !TSC_TEST_ICAL
static void ics_refused_without_ical(void **state)
{
    (void)state;
    expect_no_ical(T_path("data/ics/govuk-england-and-wales-2026-2027.ics"));
}
#else

static void ics_govuk_file(void **state)
{
    (void)state;
    /* tests/data/ics: GOV.UK's England and Wales feed for 2026-2027, in its shape
       (CRLF, VALUE=DATE, DTEND the day after), with one SUMMARY folded. */
    tsc_calendar *cal = load_path(T_path("data/ics/govuk-england-and-wales-2026-2027.ics"));
    assert_string_equal(tsc_calendar_name(cal), "govuk-england-and-wales-2026-2027");
    assert_int_equal(tsc_calendar_weekend(cal), TSC_SAT | TSC_SUN);
    expect_dates(cal, "2026-01-01", "2027-12-31",
                 DATES("2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25",
                       "2026-08-31", "2026-12-25", "2026-12-28", "2027-01-01", "2027-03-26",
                       "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27",
                       "2027-12-28"));
    expect_holiday(cal, "2026-05-04", "Early May bank holiday", TSC_HOLIDAY_ONE_OFF);
    expect_holiday(cal, "2026-12-28", "Boxing Day", TSC_HOLIDAY_ONE_OFF);
    /* The same working days as the built-in calendar in those years. */
    tsc_calendar *ew = T_calendar("england-and-wales");
    for (tsc_date d = T_date("2026-01-01"); d <= T_date("2027-12-31"); d++)
        if (tsc_calendar_is_working_day(cal, d) != tsc_calendar_is_working_day(ew, d))
            fail_msg("%s differs from england-and-wales", T_fmt(d));
    tsc_calendar_free(ew);
    tsc_calendar_free(cal);
}

static void ics_multi_day(void **state)
{
    (void)state;
    const char *path = write_file("multi.ics",
                                  "BEGIN:VCALENDAR\r\n"
                                  "VERSION:2.0\r\n"
                                  "BEGIN:VEVENT\r\n"
                                  "DTSTART;VALUE=DATE:20261224\r\n"
                                  "DTEND;VALUE=DATE:20270101\r\n" /* exclusive */
                                  "SUMMARY:Office closed\r\n"
                                  "END:VEVENT\r\n"
                                  "BEGIN:VEVENT\r\n"
                                  "DTSTART;VALUE=DATE:20270301\r\n" /* no DTEND: one day */
                                  "END:VEVENT\r\n"
                                  "END:VCALENDAR\r\n");
    tsc_calendar *cal = load_path(path);
    expect_dates(cal, "2026-12-20", "2027-01-05",
                 DATES("2026-12-24", "2026-12-25", "2026-12-26", "2026-12-27", "2026-12-28",
                       "2026-12-29", "2026-12-30", "2026-12-31"));
    expect_holiday(cal, "2026-12-31", "Office closed", TSC_HOLIDAY_ONE_OFF);
    expect_dates(cal, "2027-02-28", "2027-03-02", DATES("2027-03-01"));
    assert_int_equal(tsc_calendar_is_working_day(cal, T_date("2027-01-01")), 1);
    tsc_calendar_free(cal);
}

static const struct {
    const char *name, *text;
    tsc_status code;
    int line;
    const char *message;
} bad_ics[] = {
    {"noend.ics",
     "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\n"
     "SUMMARY:X\nEND:VCALENDAR\n",
     TSC_ERR_PARSE, 6, "does not close BEGIN:VEVENT"},
    {"truncated.ics",
     "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\nEND:VEVENT\n",
     TSC_ERR_PARSE, 5, "missing END:VCALENDAR"},
    {"timed.ics",
     "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\nEND:VEVENT\n"
     "BEGIN:VEVENT\nDTSTART:20260102T090000Z\nSUMMARY:Meeting\nEND:VEVENT\nEND:VCALENDAR\n",
     TSC_ERR_PARSE, 6, "not an all-day event"},
    {"nocolon.ics",
     "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\n"
     "this line has no colon\nEND:VEVENT\nEND:VCALENDAR\n",
     TSC_ERR_PARSE, 5, "expected NAME:value"},
    {"nocal.ics",
     "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\nEND:VEVENT\n",
     TSC_ERR_PARSE, 1, "no BEGIN:VCALENDAR"},
    {"outside.ics", "VERSION:2.0\nBEGIN:VCALENDAR\nEND:VCALENDAR\n", TSC_ERR_PARSE, 1,
     "outside BEGIN:VCALENDAR"},
    {"backwards.ics",
     "BEGIN:VCALENDAR\nVERSION:2.0\n\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260105\n"
     "DTEND;VALUE=DATE:20260101\nEND:VEVENT\nEND:VCALENDAR\n",
     TSC_ERR_PARSE, 4, "DTEND must be a date after DTSTART"},
    {"nostart.ics",
     "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nSUMMARY:When?\nEND:VEVENT\nEND:VCALENDAR\n",
     TSC_ERR_PARSE, 3, "no DTSTART"},
};

static void ics_malformed(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_ics / sizeof bad_ics[0]; i++) {
        const char *path = write_file(bad_ics[i].name, bad_ics[i].text);
        tsc_calendar *cal = NULL;
        tsc_error err;
        memset(&err, 0, sizeof err);
        tsc_status st = tsc_calendar_load_file(path, &cal, &err);
        if (st == TSC_OK)
            tsc_calendar_free(cal);
        if (st != bad_ics[i].code || err.line != bad_ics[i].line ||
            strcmp(err.source, path) != 0 || !strstr(err.message, bad_ics[i].message))
            fail_msg("%s: got %d at %s:%d:%d '%s'; want %d at line %d '%s'", bad_ics[i].name,
                     st, err.source, err.line, err.column, err.message, bad_ics[i].code,
                     bad_ics[i].line, bad_ics[i].message);
    }
    tsc_calendar *cal;
    tsc_error err;
    char missing[PATH_MAX];
    snprintf(missing, sizeof missing, "%s/missing.ics", tmpdir);
    assert_int_equal(tsc_calendar_load_file(missing, &cal, &err), TSC_ERR_NOTFOUND);
    assert_string_equal(err.source, missing);
}

#endif

int main(int argc, char **argv)
{
    T_set_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixed_and_nth_weekday),
        cmocka_unit_test(weekday_on_or_after_before),
        cmocka_unit_test(easter_offsets),
        cmocka_unit_test(dated_one_offs_and_ranges),
        cmocka_unit_test(yearly_ranges_and_years),
        cmocka_unit_test(substitutes),
        cmocka_unit_test(substitute_across_year_end),
        cmocka_unit_test(moves),
        cmocka_unit_test(removes),
        cmocka_unit_test(includes),
        cmocka_unit_test(weekend_zone_and_name),
        cmocka_unit_test(lexical_details),
        cmocka_unit_test(malformed_table),
        cmocka_unit_test(too_many_words),
        cmocka_unit_test(file_errors),
        cmocka_unit_test(error_format),
#if TSC_TEST_ICAL
        cmocka_unit_test(ics_govuk_file),
        cmocka_unit_test(ics_multi_day),
        cmocka_unit_test(ics_malformed),
#else
        cmocka_unit_test(ics_refused_without_ical),
#endif
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
