/* cmd_holidays.c -- `timescale holidays` and `timescale calendars`. */
#include "items.h"

#include <stdlib.h>
#include <string.h>

static const char *const weekday_names[8] = {"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* --from / --to take a year (whole years) or a date; --year only a year.
 * Text without a '-' after its first character is a year. */
static int range_end(const char *text, const char *what, bool first, tsc_date *out)
{
    long year;
    if (!strcmp(what, "holidays: --year") || !strchr(text + (text[0] != '\0'), '-')) {
        int rc = cli_parse_int(text, what, 1, 9999, &year);
        if (rc)
            return rc;
        tsc_date_from_ymd((int)year, first ? 1 : 12, first ? 1 : 31, out, NULL);
        return CLI_OK;
    }
    return cli_parse_date(text, what, out);
}

static int holiday_range(const struct cli_args *a, tsc_date *from, tsc_date *to)
{
    const char *year = cli_opt(a, "year"), *f = cli_opt(a, "from"), *t = cli_opt(a, "to");
    int rc;
    if (year && (f || t))
        return cli_fail("holidays: give --year or --from/--to, not both");
    if (year)
        return (rc = range_end(year, "holidays: --year", true, from)) ? rc
               : range_end(year, "holidays: --year", false, to);
    if (!f && !t)
        return cli_fail("holidays: give --year YEAR or --from/--to");
    if ((rc = range_end(f ? f : t, "holidays: --from", true, from)))
        return rc;
    if ((rc = range_end(t ? t : f, "holidays: --to", false, to)))
        return rc;
    return *to < *from ? cli_fail("holidays: --to is before --from") : CLI_OK;
}

static int run_holidays(const struct cli_args *a)
{
    tsc_calendar *cal = NULL;
    tsc_date from, to;
    tsc_error err;
    size_t n = 0;
    int rc = holiday_range(a, &from, &to);
    if (!rc)
        rc = cli_open_calendar(cli_opt(a, "calendar"), &cal);
    if (!rc && cli_opt(a, "ics")) {
        tsc_ics_writer *ics = NULL;
        struct ics_settings settings;
        char name[200];
        snprintf(name, sizeof name, "Holidays: %s", tsc_calendar_name(cal));
        rc = ics_settings_parse(a, cal, true, &settings);
        if (!rc)
            rc = ics_open(&settings, cal, name, &ics);
        if (!rc && tsc_ics_writer_add_holidays(ics, from, to, &err))
            rc = cli_fail_error(&err);
        if (!rc)
            rc = ics_close(settings.path, ics);
        else
            tsc_ics_writer_free(ics);
        tsc_calendar_free(cal);
        return rc;
    }
    tsc_outfile *file = NULL;
    FILE *out = stdout;
    if (!rc)
        rc = output_open(a, &out, &file);
    if (!rc && tsc_calendar_holidays(cal, from, to, NULL, 0, &n, &err))
        rc = cli_fail_error(&err);
    tsc_holiday *hols = rc ? NULL : malloc((n ? n : 1) * sizeof *hols);
    if (!rc && !hols)
        rc = cli_fail("out of memory");
    if (!rc && tsc_calendar_holidays(cal, from, to, hols, n, &n, &err))
        rc = cli_fail_error(&err);
    for (size_t i = 0; !rc && i < n; i++) {
        cli_print_date(out, hols[i].date);
        fprintf(out, "\t%s\t%s%s\n", weekday_names[tsc_date_weekday(hols[i].date)],
                hols[i].name, hols[i].flags & TSC_HOLIDAY_SUBSTITUTE ? " (substitute day)" : "");
    }
    rc = output_close(file, rc);
    free(hols);
    tsc_calendar_free(cal);
    return rc;
}

static int run_calendars(const struct cli_args *a)
{
    (void)a;
    for (size_t i = 0; i < tsc_calendar_builtin_count(); i++) {
        tsc_calendar *cal;
        tsc_error err;
        if (tsc_calendar_open(tsc_calendar_builtin_name(i), &cal, &err))
            return cli_fail_error(&err);
        printf("%s\t%s\n", tsc_calendar_name(cal), tsc_calendar_zone(cal));
        tsc_calendar_free(cal);
    }
    return CLI_OK;
}

const struct cli_command cli_cmd_holidays = {
    "holidays", "--year YEAR | --from Y|DATE --to Y|DATE [--calendar CAL] [--ics FILE]",
    "Lists the holidays observed in the range, one per line, tab-separated:\n"
    "date, weekday, name (\"(substitute day)\" when moved off a weekend).\n\n"
    "  --ics FILE         write them as an iCalendar file of all-day events instead\n"
    "                     ('-': standard output), as GOV.UK publishes its lists\n"
    "  --previous FILE    the file written last time: holidays no longer in the\n"
    "                     range are written as cancelled\n"
    "  --dtstamp TIME     DTSTAMP, e.g. 2026-01-01T00:00Z (default $SOURCE_DATE_EPOCH,\n"
    "                     else now)\n"
    OUTPUT_HELP "\n"
    "example: timescale holidays --calendar st-helena --year 2027\n"
    "         timescale holidays --calendar scotland --from 2026 --to 2030 --ics scotland.ics\n",
    (const struct cli_option_spec[]){{"calendar", true}, {"year", true}, {"from", true},
                                     {"to", true}, {"ics", true}, {"previous", true},
                                     {"dtstamp", true}, OUTPUT_OPTION, {NULL, false}},
    0, 0, run_holidays};

const struct cli_command cli_cmd_calendars = {
    "calendars", "", "Lists the built-in calendars and their time zones.\n", NULL, 0, 0,
    run_calendars};
