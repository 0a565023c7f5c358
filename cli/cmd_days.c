/* cmd_days.c -- add, between, is-working, next, previous, roll, easter. */
#include "cli.h"

#include <string.h>

static const char *const weekday_names[8] = {"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* Prints the answer when all went well, frees the calendar, passes rc on. */
static int finish_date(int rc, tsc_date out, tsc_calendar *cal)
{
    if (!rc) {
        cli_print_date(stdout, out);
        putchar('\n');
    }
    tsc_calendar_free(cal);
    return rc;
}

static int add_calendar_units(const struct cli_args *a, tsc_date from, long n, tsc_date *out)
{
    tsc_error err;
    tsc_status st;
    unsigned eom = cli_flag(a, "end-of-month") ? TSC_KEEP_END_OF_MONTH : 0;
    if (cli_flag(a, "days"))
        st = tsc_date_add_days(from, n, out, &err);
    else if (cli_flag(a, "weeks"))
        st = tsc_date_add_days(from, (int64_t)n * 7, out, &err);
    else if (cli_flag(a, "months"))
        st = tsc_date_add_months(from, (int32_t)n, eom, out, &err);
    else
        st = tsc_date_add_years(from, (int32_t)n, eom, out, &err);
    return st ? cli_fail_error(&err) : CLI_OK;
}

static int parse_roll(const char *text, tsc_roll *roll)
{
    static const char *const names[] = {"unadjusted", "following", "preceding",
                                        "modified-following", "modified-preceding"};
    for (int i = 0; i < 5; i++)
        if (!strcmp(text, names[i])) {
            *roll = (tsc_roll)i;
            return CLI_OK;
        }
    return cli_fail("unknown roll convention '%s' (expected following, preceding, "
                    "modified-following, modified-preceding or unadjusted)", text);
}

static int run_add(const struct cli_args *a)
{
    tsc_calendar *cal = NULL;
    tsc_date from, out = 0;
    long n;
    int units = cli_flag(a, "working") + cli_flag(a, "days") + cli_flag(a, "weeks") +
                cli_flag(a, "months") + cli_flag(a, "years");
    bool by_month = cli_flag(a, "months") || cli_flag(a, "years");
    int rc = units > 1 ? cli_fail("add: give one of --working, --days, --weeks, --months, "
                                  "--years")
                       : CLI_OK;
    /* Working days are never rolled, and only months and years reach a month's end. */
    if (!rc && cli_opt(a, "roll") && (units == 0 || cli_flag(a, "working")))
        rc = cli_fail("add: --roll needs calendar units (--days, --weeks, --months or --years); "
                      "a working day needs no roll");
    if (!rc && cli_flag(a, "end-of-month") && !by_month)
        rc = cli_fail("add: --end-of-month needs --months or --years");
    if (!rc)
        rc = cli_parse_date(a->pos[0], "add", &from);
    if (!rc)
        rc = cli_parse_int(a->pos[1], "add: N", -3700000, 3700000, &n);
    if (!rc)
        rc = cli_open_calendar(cli_opt(a, "calendar"), &cal);
    if (!rc && (units == 0 || cli_flag(a, "working"))) {
        tsc_error err;
        if (tsc_calendar_add_working_days(cal, from, (int32_t)n, &out, &err))
            rc = cli_fail_error(&err);
    } else if (!rc) {
        rc = add_calendar_units(a, from, n, &out);
        tsc_roll roll = TSC_ROLL_UNADJUSTED;
        const char *conv = cli_opt(a, "roll");
        tsc_error err;
        if (!rc && conv)
            rc = parse_roll(conv, &roll);
        if (!rc && tsc_calendar_roll(cal, out, roll, &out, &err))
            rc = cli_fail_error(&err);
    }
    return finish_date(rc, out, cal);
}

static int run_between(const struct cli_args *a)
{
    tsc_calendar *cal = NULL;
    tsc_date from, to;
    int32_t count;
    tsc_error err;
    int rc = cli_parse_date(a->pos[0], "between: FROM", &from);
    if (!rc)
        rc = cli_parse_date(a->pos[1], "between: TO", &to);
    if (!rc && cli_flag(a, "days")) {
        printf("%ld\n", (long)to - (long)from + (cli_flag(a, "inclusive") ? (to >= from ? 1 : -1) : 0));
        return CLI_OK;
    }
    if (!rc)
        rc = cli_open_calendar(cli_opt(a, "calendar"), &cal);
    if (!rc && tsc_calendar_count_working_days(cal, from, to,
                                               cli_flag(a, "inclusive") ? TSC_COUNT_INCLUSIVE : 0,
                                               &count, &err))
        rc = cli_fail_error(&err);
    if (!rc)
        printf("%ld\n", (long)count);
    tsc_calendar_free(cal);
    return rc;
}

/* "2026-12-28  Mon  no  Christmas Day (substitute day)" */
static int run_is_working(const struct cli_args *a)
{
    tsc_calendar *cal = NULL;
    tsc_date d;
    tsc_holiday hols[8];
    size_t n = 0;
    tsc_error err;
    int rc = cli_parse_date(a->pos[0], "is-working", &d);
    if (!rc)
        rc = cli_open_calendar(cli_opt(a, "calendar"), &cal);
    if (!rc && tsc_calendar_holidays(cal, d, d, hols, 8, &n, &err))
        rc = cli_fail_error(&err);
    if (rc) {
        tsc_calendar_free(cal);
        return rc;
    }
    int working = tsc_calendar_is_working_day(cal, d);
    cli_print_date(stdout, d);
    printf("\t%s\t%s\t", weekday_names[tsc_date_weekday(d)], working ? "yes" : "no");
    if (n == 0 && !working)
        fputs("weekend", stdout);
    for (size_t i = 0; i < n && i < 8; i++)
        printf("%s%s%s", i ? "; " : "", hols[i].name,
               hols[i].flags & TSC_HOLIDAY_SUBSTITUTE ? " (substitute day)" : "");
    putchar('\n');
    tsc_calendar_free(cal);
    return working ? CLI_OK : CLI_NO;
}

static int step(const struct cli_args *a, int n)
{
    tsc_calendar *cal = NULL;
    tsc_date d, out = 0;
    tsc_error err;
    int rc = cli_parse_date(a->pos[0], a->command, &d);
    if (!rc)
        rc = cli_open_calendar(cli_opt(a, "calendar"), &cal);
    if (!rc && tsc_calendar_add_working_days(cal, d, n, &out, &err))
        rc = cli_fail_error(&err);
    return finish_date(rc, out, cal);
}

static int run_next(const struct cli_args *a) { return step(a, 1); }
static int run_previous(const struct cli_args *a) { return step(a, -1); }

static int run_roll(const struct cli_args *a)
{
    tsc_calendar *cal = NULL;
    tsc_date d, out = 0;
    tsc_roll roll = TSC_ROLL_FOLLOWING;
    tsc_error err;
    int rc = cli_parse_date(a->pos[0], "roll", &d);
    if (!rc && cli_opt(a, "convention"))
        rc = parse_roll(cli_opt(a, "convention"), &roll);
    if (!rc)
        rc = cli_open_calendar(cli_opt(a, "calendar"), &cal);
    if (!rc && tsc_calendar_roll(cal, d, roll, &out, &err))
        rc = cli_fail_error(&err);
    return finish_date(rc, out, cal);
}

static int run_easter(const struct cli_args *a)
{
    long year;
    tsc_date d;
    int rc = cli_parse_int(a->pos[0], "easter: YEAR", 1, 9999, &year);
    if (!rc && tsc_date_easter((int)year, &d, NULL) == TSC_OK) {
        cli_print_date(stdout, d);
        putchar('\n');
    }
    return rc;
}

static const struct cli_option_spec calendar_only[] = {{"calendar", true}, {NULL, false}};

const struct cli_command cli_cmd_add = {
    "add", "DATE N [--working|--days|--weeks|--months|--years] [--calendar CAL]",
    "Prints the date N units after DATE (before it when N is negative).\n\n"
    "  --working        N working days (the default): the N-th working day strictly\n"
    "                   after DATE, whether or not DATE is itself a working day\n"
    "  --days, --weeks, --months, --years\n"
    "                   calendar units; months and years clamp to the month's end\n"
    "  --end-of-month   with --months/--years: a month-end start stays at month end\n"
    "  --roll CONV      with calendar units: following, preceding, modified-following,\n"
    "                   modified-preceding or unadjusted (the default)\n"
    "  --calendar CAL   built-in name or .hol/.ics file (default england-and-wales)\n\n"
    "example: timescale add 2026-12-23 5 --working --calendar scotland\n",
    (const struct cli_option_spec[]){{"calendar", true}, {"working", false}, {"days", false},
                                     {"weeks", false}, {"months", false}, {"years", false},
                                     {"end-of-month", false}, {"roll", true}, {NULL, false}},
    2, 2, run_add};

const struct cli_command cli_cmd_between = {
    "between", "FROM TO [--inclusive] [--calendar CAL]",
    "Prints the number of working days in [FROM, TO): FROM counts, TO does not.\n"
    "Negative when TO is before FROM.\n\n"
    "  --inclusive      count [FROM, TO] instead\n"
    "  --days           count calendar days instead of working days\n"
    "  --calendar CAL   built-in name or .hol/.ics file (default england-and-wales)\n",
    (const struct cli_option_spec[]){{"calendar", true}, {"inclusive", false}, {"days", false},
                                     {NULL, false}},
    2, 2, run_between};

const struct cli_command cli_cmd_is_working = {
    "is-working", "DATE [--calendar CAL]",
    "Prints DATE, its weekday, yes or no, and the holidays on it, tab-separated.\n"
    "Exit status 0 for a working day, 1 for a weekend day or holiday, 2 on error.\n",
    calendar_only, 1, 1, run_is_working};

const struct cli_command cli_cmd_next = {
    "next", "DATE [--calendar CAL]", "Prints the first working day after DATE.\n",
    calendar_only, 1, 1, run_next};

const struct cli_command cli_cmd_previous = {
    "previous", "DATE [--calendar CAL]", "Prints the last working day before DATE.\n",
    calendar_only, 1, 1, run_previous};

const struct cli_command cli_cmd_roll = {
    "roll", "DATE [--convention CONV] [--calendar CAL]",
    "Prints DATE when it is a working day, else the working day CONV picks:\n"
    "following (the default), preceding, modified-following, modified-preceding\n"
    "or unadjusted.\n",
    (const struct cli_option_spec[]){{"calendar", true}, {"convention", true}, {NULL, false}},
    1, 1, run_roll};

const struct cli_command cli_cmd_easter = {
    "easter", "YEAR", "Prints the date of Easter Sunday (Gregorian) in YEAR (1..9999).\n",
    NULL, 1, 1, run_easter};
