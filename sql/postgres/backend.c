/* backend.c -- what every function of tsc_workdays shares: the backend's
 * cache, calendar arguments, date conversions and errors. */
#include "tsc_workdays.h"

#include "catalog/pg_authid_d.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"

#include <string.h>

PG_MODULE_MAGIC;

/* Days from 0001-01-01 (tsc_date 1) to 2000-01-01 (PostgreSQL's date 0). */
enum { PG_EPOCH_ORDINAL = 730120 };
/* Seconds from 1970-01-01 to 2000-01-01. */
#define PG_EPOCH_UNIX INT64CONST(946684800)

static tsc_sql_cache *cache;

tsc_sql_cache *tsc_pg_cache(void)
{
    if (!cache && !(cache = tsc_sql_cache_new()))
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
    return cache;
}

static int sqlstate_of(tsc_status code)
{
    switch (code) {
    case TSC_ERR_NOMEM: return ERRCODE_OUT_OF_MEMORY;
    case TSC_ERR_DATE:
    case TSC_ERR_RANGE: return ERRCODE_DATETIME_VALUE_OUT_OF_RANGE;
    case TSC_ERR_PARSE: return ERRCODE_INVALID_TEXT_REPRESENTATION;
    case TSC_ERR_IO: return ERRCODE_IO_ERROR;
    case TSC_ERR_NOTFOUND: return ERRCODE_UNDEFINED_OBJECT;
    default: return ERRCODE_INVALID_PARAMETER_VALUE;
    }
}

void tsc_pg_error(const char *function, const char *what, const tsc_error *err)
{
    char message[800];
    tsc_sql_error_text(function, what, err, message, sizeof message);
    ereport(ERROR, (errcode(sqlstate_of(err->code)), errmsg("%s", message)));
    pg_unreachable();
}

tsc_date tsc_pg_date(DateADT d)
{
    if (DATE_NOT_FINITE(d))
        ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
                        errmsg("infinite dates have no working days")));
    int64 ordinal = (int64)d + PG_EPOCH_ORDINAL;
    if (ordinal < TSC_DATE_MIN || ordinal > TSC_DATE_MAX)
        ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
                        errmsg("date outside the years 0001..9999")));
    return (tsc_date)ordinal;
}

DateADT tsc_pg_to_date(tsc_date d)
{
    return (DateADT)(d - PG_EPOCH_ORDINAL);
}

tsc_time tsc_pg_time(TimestampTz t)
{
    if (TIMESTAMP_NOT_FINITE(t))
        ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
                        errmsg("infinite timestamps have no working days")));
    /* Floor division: microseconds before 2000 round down to the second. */
    int64 seconds = t / USECS_PER_SEC - (t % USECS_PER_SEC < 0);
    return seconds + PG_EPOCH_UNIX;
}

TimestampTz tsc_pg_to_timestamptz(tsc_time t)
{
    return (TimestampTz)((t - PG_EPOCH_UNIX) * USECS_PER_SEC);
}

tsc_date tsc_pg_local_date(const tsc_calendar *cal, TimestampTz t, const char *function)
{
    tsc_date d;
    int minute, offset;
    tsc_error err;
    if (tsc_time_to_local(cal, tsc_pg_time(t), &d, &minute, &offset, &err) != TSC_OK)
        tsc_pg_error(function, NULL, &err);
    return d;
}

void tsc_pg_check_may_read(const char *name, const char *what)
{
    if ((strchr(name, '/') || strchr(name, '.')) &&
        !has_privs_of_role(GetUserId(), ROLE_PG_READ_SERVER_FILES))
        ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                        errmsg("reading the %s file \"%s\" needs pg_read_server_files", what,
                               name)));
}

struct remembered_calendar {
    const tsc_calendar *cal;
    bool constant;   /* a constant or query parameter: the same on every row */
    int len;
    char name[FLEXIBLE_ARRAY_MEMBER];
};

const tsc_calendar *tsc_pg_calendar_arg(FunctionCallInfo fcinfo, int argno, const char *function)
{
    struct remembered_calendar *seen = fcinfo->flinfo->fn_extra;
    if (seen && seen->constant)   /* nothing to read or compare on each row */
        return seen->cal;
    text *arg = PG_GETARG_TEXT_PP(argno);
    const char *data = VARDATA_ANY(arg);
    int len = (int)VARSIZE_ANY_EXHDR(arg);
    if (seen && seen->len == len && memcmp(seen->name, data, (size_t)len) == 0)
        return seen->cal;
    char *name = text_to_cstring(arg);
    const tsc_calendar *cal;
    tsc_error err;
    tsc_pg_check_may_read(name, "calendar");
    if (tsc_sql_cache_calendar(tsc_pg_cache(), name, &cal, &err) != TSC_OK)
        tsc_pg_error(function, NULL, &err);
    if (!seen || seen->len < len) {
        seen = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt,
                                  offsetof(struct remembered_calendar, name) + (size_t)len + 1);
        fcinfo->flinfo->fn_extra = seen;
    }
    seen->cal = cal;
    seen->constant = get_fn_expr_arg_stable(fcinfo->flinfo, argno);
    seen->len = len;
    memcpy(seen->name, name, (size_t)len + 1);
    pfree(name);
    return cal;
}
