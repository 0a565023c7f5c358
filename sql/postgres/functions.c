/* functions.c -- the scalar functions of tsc_workdays over date and
 * timestamptz (a timestamptz counts from its local date in the calendar's
 * zone, so the answer does not depend on the session's TimeZone). */
#include "tsc_workdays.h"

#include "lib/stringinfo.h"
#include "utils/builtins.h"

#include <string.h>

PG_FUNCTION_INFO_V1(tsc_pg_add_working_days);
PG_FUNCTION_INFO_V1(tsc_pg_add_working_days_tz);
PG_FUNCTION_INFO_V1(tsc_pg_count_working_days);
PG_FUNCTION_INFO_V1(tsc_pg_count_working_days_tz);
PG_FUNCTION_INFO_V1(tsc_pg_is_working_day);
PG_FUNCTION_INFO_V1(tsc_pg_is_working_day_tz);
PG_FUNCTION_INFO_V1(tsc_pg_roll);
PG_FUNCTION_INFO_V1(tsc_pg_roll_tz);
PG_FUNCTION_INFO_V1(tsc_pg_holiday_name);
PG_FUNCTION_INFO_V1(tsc_pg_holiday_name_tz);
PG_FUNCTION_INFO_V1(tsc_pg_due);
PG_FUNCTION_INFO_V1(tsc_pg_due_tz);
PG_FUNCTION_INFO_V1(tsc_pg_due_time);

/* Argument 0 as a tsc_date: a date, or a timestamptz's local date. */
static tsc_date day_arg(FunctionCallInfo fcinfo, int argno, bool timestamptz,
                        const tsc_calendar *cal, const char *function)
{
    if (timestamptz)
        return tsc_pg_local_date(cal, PG_GETARG_TIMESTAMPTZ(argno), function);
    return tsc_pg_date(PG_GETARG_DATEADT(argno));
}

static Datum add_working_days(FunctionCallInfo fcinfo, bool timestamptz)
{
    static const char function[] = "tsc_add_working_days";
    const tsc_calendar *cal = tsc_pg_calendar_arg(fcinfo, 2, function);
    tsc_date from = day_arg(fcinfo, 0, timestamptz, cal, function), out;
    tsc_error err;
    if (tsc_calendar_add_working_days(cal, from, PG_GETARG_INT32(1), &out, &err) != TSC_OK)
        tsc_pg_error(function, NULL, &err);
    PG_RETURN_DATEADT(tsc_pg_to_date(out));
}

Datum tsc_pg_add_working_days(PG_FUNCTION_ARGS) { return add_working_days(fcinfo, false); }
Datum tsc_pg_add_working_days_tz(PG_FUNCTION_ARGS) { return add_working_days(fcinfo, true); }

static Datum count_working_days(FunctionCallInfo fcinfo, bool timestamptz)
{
    static const char function[] = "tsc_count_working_days";
    const tsc_calendar *cal = tsc_pg_calendar_arg(fcinfo, 2, function);
    tsc_date from = day_arg(fcinfo, 0, timestamptz, cal, function);
    tsc_date to = day_arg(fcinfo, 1, timestamptz, cal, function);
    int32_t count;
    tsc_error err;
    if (tsc_calendar_count_working_days(cal, from, to, 0, &count, &err) != TSC_OK)
        tsc_pg_error(function, NULL, &err);
    PG_RETURN_INT32(count);
}

Datum tsc_pg_count_working_days(PG_FUNCTION_ARGS) { return count_working_days(fcinfo, false); }
Datum tsc_pg_count_working_days_tz(PG_FUNCTION_ARGS) { return count_working_days(fcinfo, true); }

static Datum is_working_day(FunctionCallInfo fcinfo, bool timestamptz)
{
    static const char function[] = "tsc_is_working_day";
    const tsc_calendar *cal = tsc_pg_calendar_arg(fcinfo, 1, function);
    tsc_date d = day_arg(fcinfo, 0, timestamptz, cal, function);
    PG_RETURN_BOOL(tsc_calendar_is_working_day(cal, d) != 0);
}

Datum tsc_pg_is_working_day(PG_FUNCTION_ARGS) { return is_working_day(fcinfo, false); }
Datum tsc_pg_is_working_day_tz(PG_FUNCTION_ARGS) { return is_working_day(fcinfo, true); }

static Datum roll(FunctionCallInfo fcinfo, bool timestamptz)
{
    static const char function[] = "tsc_roll";
    const tsc_calendar *cal = tsc_pg_calendar_arg(fcinfo, 2, function);
    tsc_date d = day_arg(fcinfo, 0, timestamptz, cal, function), out;
    char *convention = text_to_cstring(PG_GETARG_TEXT_PP(1));
    tsc_error err;
    tsc_roll how;
    if (!tsc_sql_roll_named(convention, &how))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: unknown convention '%s' (expected " TSC_SQL_ROLL_NAMES ")",
                               function, convention)));
    if (tsc_calendar_roll(cal, d, how, &out, &err) != TSC_OK)
        tsc_pg_error(function, NULL, &err);
    PG_RETURN_DATEADT(tsc_pg_to_date(out));
}

Datum tsc_pg_roll(PG_FUNCTION_ARGS) { return roll(fcinfo, false); }
Datum tsc_pg_roll_tz(PG_FUNCTION_ARGS) { return roll(fcinfo, true); }

/* The names of the holidays on the day joined by "; ", or NULL. */
static Datum holiday_name(FunctionCallInfo fcinfo, bool timestamptz)
{
    static const char function[] = "tsc_holiday_name";
    const tsc_calendar *cal = tsc_pg_calendar_arg(fcinfo, 1, function);
    tsc_date d = day_arg(fcinfo, 0, timestamptz, cal, function);
    tsc_holiday found[4];
    size_t count;
    tsc_error err;
    if (tsc_calendar_holidays(cal, d, d, found, lengthof(found), &count, &err) != TSC_OK)
        tsc_pg_error(function, NULL, &err);
    if (count == 0)
        PG_RETURN_NULL();
    StringInfoData names;
    initStringInfo(&names);
    for (size_t i = 0; i < count && i < lengthof(found); i++)
        appendStringInfo(&names, "%s%s", i ? "; " : "", found[i].name);
    PG_RETURN_TEXT_P(cstring_to_text_with_len(names.data, names.len));
}

Datum tsc_pg_holiday_name(PG_FUNCTION_ARGS) { return holiday_name(fcinfo, false); }
Datum tsc_pg_holiday_name_tz(PG_FUNCTION_ARGS) { return holiday_name(fcinfo, true); }

/* The first occurrence of one rule from an anchor date or instant. */
static tsc_item first_due(FunctionCallInfo fcinfo, bool timestamptz, const tsc_calendar *cal)
{
    static const char function[] = "tsc_due";
    static tsc_case *scratch_case;   /* per backend, reused by every call */
    static tsc_plan *scratch_plan;
    char *rule_text = text_to_cstring(PG_GETARG_TEXT_PP(0));
    char anchor[40];
    const tsc_pack *rule;
    tsc_item first;
    tsc_error err;
    if ((!scratch_case && tsc_case_new(&scratch_case, NULL)) ||
        (!scratch_plan && tsc_plan_new(&scratch_plan, NULL)))
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
    if (timestamptz) {
        if (!tsc_time_format(tsc_pg_time(PG_GETARG_TIMESTAMPTZ(1)), cal, anchor, sizeof anchor))
            ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
                            errmsg("%s: the anchor is outside the calendar zone's years",
                                   function)));
    } else {
        tsc_date_format(tsc_pg_date(PG_GETARG_DATEADT(1)), anchor, sizeof anchor);
    }
    if (tsc_sql_cache_rule(tsc_pg_cache(), rule_text, &rule, &err) != TSC_OK) {
        snprintf(err.source, sizeof err.source, "rule");   /* the library leaves it "" */
        tsc_pg_error(function, NULL, &err);
    }
    if (tsc_sql_due(rule, anchor, cal, scratch_case, scratch_plan, &first, &err) != TSC_OK)
        tsc_pg_error(function, NULL, &err);
    return first;
}

static Datum due(FunctionCallInfo fcinfo, bool timestamptz)
{
    const tsc_calendar *cal = tsc_pg_calendar_arg(fcinfo, 2, "tsc_due");
    tsc_item first = first_due(fcinfo, timestamptz, cal);
    PG_RETURN_DATEADT(tsc_pg_to_date(first.due));
}

Datum tsc_pg_due(PG_FUNCTION_ARGS) { return due(fcinfo, false); }
Datum tsc_pg_due_tz(PG_FUNCTION_ARGS) { return due(fcinfo, true); }

/* The instant an hour rule falls due; NULL for a rule in days. */
Datum tsc_pg_due_time(PG_FUNCTION_ARGS)
{
    const tsc_calendar *cal = tsc_pg_calendar_arg(fcinfo, 2, "tsc_due_time");
    tsc_item first = first_due(fcinfo, true, cal);
    if (!(first.flags & TSC_ITEM_TIMED))
        PG_RETURN_NULL();
    PG_RETURN_TIMESTAMPTZ(tsc_pg_to_timestamptz(first.due_time));
}
