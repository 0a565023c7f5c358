/* functions.c -- the scalar functions: working days, rolls, holiday names
 * and one rule's due date, over ISO text dates. */
#include "tsc_sqlite.h"

#include <stdio.h>
#include <string.h>

/* A function's calendar: its optional last argument, or the default.  A
 * constant calendar argument is looked up once per statement. */
static const tsc_calendar *calendar_arg(sqlite3_context *ctx, int argc, sqlite3_value **argv,
                                        int index, const char *function) {
    struct tsc_sqlite_state *state = sqlite3_user_data(ctx);
    const tsc_calendar *cal;
    tsc_error err;
    if (argc <= index) {
        if (state->default_calendar)
            return state->default_calendar;
        if (tsc_sql_cache_calendar(state->cache, NULL, &cal, &err) == TSC_OK)
            return state->default_calendar = cal;
    } else {
        if ((cal = sqlite3_get_auxdata(ctx, index)) != NULL)
            return cal;
        const char *name = (const char *)sqlite3_value_text(argv[index]);
        if (name && tsc_sql_cache_calendar(state->cache, name, &cal, &err) == TSC_OK) {
            sqlite3_set_auxdata(ctx, index, (void *)cal, NULL);
            return cal;
        }
        if (!name) {
            sqlite3_result_error_nomem(ctx);
            return NULL;
        }
    }
    char message[800];
    tsc_sql_error_text(function, NULL, &err, message, sizeof message);
    sqlite3_result_error(ctx, message, -1);
    return NULL;
}

static int any_null(int argc, sqlite3_value **argv)
{
    for (int i = 0; i < argc; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            return 1;
    return 0;
}

/* Text "YYYY-MM-DD" is read here; anything else (another type, a
 * malformed or impossible date) by the library, which gives the error. */
static int date_arg(sqlite3_context *ctx, sqlite3_value *value, const char *function,
                    tsc_date *out) {
    int type = sqlite3_value_type(value);
    const char *text = (const char *)sqlite3_value_text(value);
    tsc_error err;
    if (!text) {
        sqlite3_result_error_nomem(ctx);
        return 0;
    }
    if (type == SQLITE_TEXT &&
        tsc_sql_date_parse10(text, (size_t)sqlite3_value_bytes(value), out))
        return 1;
    if (tsc_date_parse(text, out, &err) == TSC_OK)
        return 1;
    char message[800];
    tsc_sql_error_text(function, NULL, &err, message, sizeof message);
    sqlite3_result_error(ctx, message, -1);
    return 0;
}

static int int32_arg(sqlite3_context *ctx, sqlite3_value *value, const char *function,
                     int32_t *out) {
    sqlite3_int64 n = sqlite3_value_int64(value);
    int type = sqlite3_value_type(value);
    if (type != SQLITE_INTEGER)   /* text or a float holding a whole number */
        type = sqlite3_value_numeric_type(value);
    if ((type == SQLITE_INTEGER || (type == SQLITE_FLOAT &&
                                     sqlite3_value_double(value) == (double)n)) &&
        n >= INT32_MIN && n <= INT32_MAX) {
        *out = (int32_t)n;
        return 1;
    }
    char *message = sqlite3_mprintf("%s: expected a whole number of days, got '%s'", function,
                                    (const char *)sqlite3_value_text(value));
    sqlite3_result_error(ctx, message ? message : function, -1);
    sqlite3_free(message);
    return 0;
}

static void result_error(sqlite3_context *ctx, const char *function, const tsc_error *err)
{
    char message[800];
    tsc_sql_error_text(function, NULL, err, message, sizeof message);
    sqlite3_result_error(ctx, message, -1);
}

/* d comes from the library, so it is a valid date.  SQLite copies the 10
 * bytes into the result register, whose buffer it keeps from row to row. */
static void result_date(sqlite3_context *ctx, tsc_date d)
{
    char text[10];
    tsc_sql_date_format10(d, text);
    sqlite3_result_text(ctx, text, sizeof text, SQLITE_TRANSIENT);
}

/* The calendar a call has already looked up (the default, or a calendar
 * argument remembered for this statement), else NULL. */
static const tsc_calendar *known_calendar(sqlite3_context *ctx, int argc, int index)
{
    if (argc <= index)
        return ((const struct tsc_sqlite_state *)sqlite3_user_data(ctx))->default_calendar;
    return sqlite3_get_auxdata(ctx, index);
}

/* What a query over a table does on every row: a "YYYY-MM-DD" text, an
 * integer n, a calendar already looked up, an answer inside the calendar's
 * index.  False for anything else, which takes the general path (with its
 * errors); nothing is set then. */
static bool add_working_days_fast(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const tsc_calendar *cal = known_calendar(ctx, argc, 2);
    tsc_date from, out;
    if (!cal || sqlite3_value_type(argv[0]) != SQLITE_TEXT ||
        sqlite3_value_type(argv[1]) != SQLITE_INTEGER)
        return false;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    sqlite3_int64 n = sqlite3_value_int64(argv[1]);
    if (!text || n < INT32_MIN || n > INT32_MAX ||
        !tsc_sql_date_parse10(text, (size_t)sqlite3_value_bytes(argv[0]), &from) ||
        tsc_calendar_add_working_days(cal, from, (int32_t)n, &out, NULL) != TSC_OK)
        return false;
    result_date(ctx, out);
    return true;
}

static void add_working_days(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (add_working_days_fast(ctx, argc, argv))
        return;
    static const char function[] = "tsc_add_working_days";
    tsc_date from, out;
    int32_t n;
    tsc_error err;
    if (any_null(argc, argv))
        return;
    const tsc_calendar *cal = calendar_arg(ctx, argc, argv, 2, function);
    if (!cal || !date_arg(ctx, argv[0], function, &from) || !int32_arg(ctx, argv[1], function, &n))
        return;
    if (tsc_calendar_add_working_days(cal, from, n, &out, &err) != TSC_OK) {
        result_error(ctx, function, &err);
        return;
    }
    result_date(ctx, out);
}

static void count_working_days(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char function[] = "tsc_count_working_days";
    tsc_date from, to;
    int32_t count;
    tsc_error err;
    if (any_null(argc, argv))
        return;
    const tsc_calendar *cal = calendar_arg(ctx, argc, argv, 2, function);
    if (!cal || !date_arg(ctx, argv[0], function, &from) || !date_arg(ctx, argv[1], function, &to))
        return;
    if (tsc_calendar_count_working_days(cal, from, to, 0, &count, &err) != TSC_OK) {
        result_error(ctx, function, &err);
        return;
    }
    sqlite3_result_int(ctx, count);
}

static void is_working_day(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char function[] = "tsc_is_working_day";
    tsc_date d;
    if (any_null(argc, argv))
        return;
    const tsc_calendar *cal = calendar_arg(ctx, argc, argv, 1, function);
    if (cal && date_arg(ctx, argv[0], function, &d))
        sqlite3_result_int(ctx, tsc_calendar_is_working_day(cal, d));
}

static void roll(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char function[] = "tsc_roll";
    tsc_date d, out;
    tsc_error err;
    if (any_null(argc, argv))
        return;
    const tsc_calendar *cal = calendar_arg(ctx, argc, argv, 2, function);
    if (!cal || !date_arg(ctx, argv[0], function, &d))
        return;
    const char *convention = (const char *)sqlite3_value_text(argv[1]);
    tsc_roll how;
    if (!tsc_sql_roll_named(convention, &how)) {
        char *message = sqlite3_mprintf("%s: unknown convention '%s' (expected "
                                        TSC_SQL_ROLL_NAMES ")", function,
                                        convention ? convention : "");
        sqlite3_result_error(ctx, message ? message : function, -1);
        sqlite3_free(message);
    } else if (tsc_calendar_roll(cal, d, how, &out, &err) != TSC_OK) {
        result_error(ctx, function, &err);
    } else {
        result_date(ctx, out);
    }
}

/* The names of the holidays on d joined by "; ", or NULL on other days. */
static void holiday_name(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char function[] = "tsc_holiday_name";
    tsc_date d;
    tsc_holiday found[4];
    size_t count;
    tsc_error err;
    if (any_null(argc, argv))
        return;
    const tsc_calendar *cal = calendar_arg(ctx, argc, argv, 1, function);
    if (!cal || !date_arg(ctx, argv[0], function, &d))
        return;
    if (tsc_calendar_holidays(cal, d, d, found, 4, &count, &err) != TSC_OK) {
        result_error(ctx, function, &err);
        return;
    }
    if (count == 0)
        return;
    sqlite3_str *names = sqlite3_str_new(NULL);
    for (size_t i = 0; i < count && i < 4; i++)
        sqlite3_str_appendf(names, "%s%s", i ? "; " : "", found[i].name);
    int len = sqlite3_str_length(names);
    char *text = sqlite3_str_finish(names);
    if (!text) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, text, len, sqlite3_free);
}

/* tsc_due(rule, anchor [, calendar]): the first occurrence's due date, or
 * its date-time ("2027-03-28T22:00+01:00") for an hour rule. */
static void due(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char function[] = "tsc_due";
    struct tsc_sqlite_state *state = sqlite3_user_data(ctx);
    const tsc_pack *rule;
    tsc_item first;
    tsc_error err;
    if (any_null(argc, argv))
        return;
    const tsc_calendar *cal = calendar_arg(ctx, argc, argv, 2, function);
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    const char *anchor = (const char *)sqlite3_value_text(argv[1]);
    if (!cal)
        return;
    if (!text || !anchor) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (tsc_sql_cache_rule(state->cache, text, &rule, &err) != TSC_OK) {
        snprintf(err.source, sizeof err.source, "rule");   /* the library leaves it "" */
        result_error(ctx, function, &err);
        return;
    }
    if (tsc_sql_due(rule, anchor, cal, state->scratch_case, state->scratch_plan, &first,
                    &err) != TSC_OK) {
        result_error(ctx, function, &err);
        return;
    }
    if (!(first.flags & TSC_ITEM_TIMED)) {
        result_date(ctx, first.due);
        return;
    }
    char when[40];
    size_t n = tsc_time_format(first.due_time, cal, when, sizeof when);
    sqlite3_result_text(ctx, when, (int)n, SQLITE_TRANSIENT);
}

int tsc_sqlite_register_functions(sqlite3 *db, struct tsc_sqlite_state *state)
{
    static const struct {
        const char *name;
        int min_args, max_args;
        void (*call)(sqlite3_context *, int, sqlite3_value **);
    } functions[] = {
        {"tsc_add_working_days", 2, 3, add_working_days},
        {"tsc_count_working_days", 2, 3, count_working_days},
        {"tsc_is_working_day", 1, 2, is_working_day},
        {"tsc_roll", 2, 3, roll},
        {"tsc_holiday_name", 1, 2, holiday_name},
        {"tsc_due", 2, 3, due},
    };
    /* Same arguments, same answer, within a connection (calendars are read
     * once); no side effect beyond reading a .hol, .ics or .rules file. */
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
        for (int argc = functions[i].min_args; argc <= functions[i].max_args; argc++) {
            state->references++;   /* dropped by SQLite through the destructor */
            int rc = sqlite3_create_function_v2(db, functions[i].name, argc, flags, state,
                                                functions[i].call, NULL, NULL,
                                                tsc_sqlite_state_release);
            if (rc != SQLITE_OK)
                return rc;
        }
    }
    return SQLITE_OK;
}
