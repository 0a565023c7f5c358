/* plan_srf.c -- tsc_plan(pack, events jsonb [, until [, today]]): one row
 * per due item, so
 *     SELECT c.id, p.* FROM cases c, tsc_plan('swindon', c.events) p
 * plans a caseload in one query. */
#include "tsc_workdays.h"

#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/tuplestore.h"

#include <string.h>

PG_FUNCTION_INFO_V1(tsc_pg_plan);

enum column {
    COL_RULE, COL_OCCURRENCE, COL_DUE, COL_DUE_TIME, COL_WINDOW_START, COL_STATUS,
    COL_PROJECTED, COL_ANCHOR_EVENT, COL_ANCHOR, COL_ANCHOR_TIME, COL_DONE_ON, COL_SCHEDULES,
    COL_ROLE, COL_RULE_TEXT, NCOLUMNS
};
enum { DEFAULT_HORIZON_DAYS = 366 };

static const char function[] = "tsc_plan";

static void put_date(Datum *values, bool *nulls, enum column c, tsc_date d)
{
    nulls[c] = d == 0;
    values[c] = d ? DateADTGetDatum(tsc_pg_to_date(d)) : (Datum)0;
}

static void put_time(Datum *values, bool *nulls, enum column c, bool present, tsc_time t)
{
    nulls[c] = !present;
    values[c] = present ? TimestampTzGetDatum(tsc_pg_to_timestamptz(t)) : (Datum)0;
}

static void put_row(ReturnSetInfo *rsinfo, const tsc_item *it)
{
    Datum values[NCOLUMNS];
    bool nulls[NCOLUMNS] = {false};
    bool timed = (it->flags & TSC_ITEM_TIMED) != 0;
    values[COL_RULE] = CStringGetTextDatum(it->rule_id);
    values[COL_OCCURRENCE] = Int32GetDatum(it->occurrence);
    put_date(values, nulls, COL_DUE, it->due);
    put_time(values, nulls, COL_DUE_TIME, timed, it->due_time);
    put_date(values, nulls, COL_WINDOW_START, it->flags & TSC_ITEM_WINDOW ? it->window_start : 0);
    values[COL_STATUS] = CStringGetTextDatum(tsc_sql_item_status(it));
    values[COL_PROJECTED] = BoolGetDatum((it->flags & TSC_ITEM_PROJECTED) != 0);
    values[COL_ANCHOR_EVENT] = CStringGetTextDatum(it->anchor_event);
    put_date(values, nulls, COL_ANCHOR, it->anchor_date);
    put_time(values, nulls, COL_ANCHOR_TIME,
             timed && it->anchor_time && !(it->flags & TSC_ITEM_MIDNIGHT), it->anchor_time);
    put_date(values, nulls, COL_DONE_ON, it->flags & TSC_ITEM_DONE ? it->done_on : 0);
    values[COL_SCHEDULES] = CStringGetTextDatum(it->schedules);
    values[COL_ROLE] = CStringGetTextDatum(it->role);
    values[COL_RULE_TEXT] = CStringGetTextDatum(it->rule_text);
    tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

static tsc_date optional_date(FunctionCallInfo fcinfo, int argno)
{
    if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
        return 0;
    return tsc_pg_date(PG_GETARG_DATEADT(argno));
}

/* The backend's case and plan, reused by every call (nothing to free when
 * an error leaves a call half way). */
static void scratch(tsc_case **c, tsc_plan **plan)
{
    static tsc_case *scratch_case;
    static tsc_plan *scratch_plan;
    if ((!scratch_case && tsc_case_new(&scratch_case, NULL)) ||
        (!scratch_plan && tsc_plan_new(&scratch_plan, NULL)))
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
    tsc_case_clear(scratch_case);
    *c = scratch_case;
    *plan = scratch_plan;
}

Datum tsc_pg_plan(PG_FUNCTION_ARGS)
{
    InitMaterializedSRF(fcinfo, 0);
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
        PG_RETURN_NULL();   /* NULL in, no rows out */
    ReturnSetInfo *rsinfo = (ReturnSetInfo *)fcinfo->resultinfo;
    char *pack_name = text_to_cstring(PG_GETARG_TEXT_PP(0));
    Jsonb *events = PG_GETARG_JSONB_P(1);
    char *json = JsonbToCString(NULL, &events->root, (int)VARSIZE(events));
    tsc_date until = optional_date(fcinfo, 2), today = optional_date(fcinfo, 3), latest;
    const tsc_pack *pack;
    const tsc_calendar *cal;
    tsc_case *c;
    tsc_plan *plan;
    tsc_error err;
    tsc_pg_check_may_read(pack_name, "pack");
    if (tsc_sql_cache_pack(tsc_pg_cache(), pack_name, &pack, &err) != TSC_OK ||
        tsc_sql_cache_calendar(tsc_pg_cache(), tsc_pack_calendar(pack), &cal, &err) != TSC_OK)
        tsc_pg_error(function, NULL, &err);
    scratch(&c, &plan);
    if (tsc_sql_events_from_json(json, c, cal, &latest, &err) != TSC_OK)
        tsc_pg_error(function, NULL, &err);
    if (!latest)
        PG_RETURN_NULL();   /* no events, nothing due */
    if (!until && tsc_date_add_days(latest, DEFAULT_HORIZON_DAYS, &until, NULL) != TSC_OK)
        until = TSC_DATE_MAX;
    if (tsc_plan_compute(plan, pack, cal, c, until, today, 0, &err) != TSC_OK)
        tsc_pg_error(function, NULL, &err);
    for (size_t i = 0; i < tsc_plan_item_count(plan); i++) {
        tsc_item it;
        if (tsc_plan_item(plan, i, &it, &err) != TSC_OK)
            tsc_pg_error(function, NULL, &err);
        put_row(rsinfo, &it);
    }
    PG_RETURN_NULL();
}
