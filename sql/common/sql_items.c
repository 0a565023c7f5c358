/* sql_items.c -- one rule's first due date, an item's status, error text. */
#include "sql_common.h"

#include <stdio.h>
#include <string.h>

enum { FIRST_HORIZON_DAYS = 400 };

/* The event a one-rule pack counts from: the one it names that is not the
 * event it schedules (or that one, for a recurrence with no anchor). */
static tsc_status anchor_event(const tsc_pack *rule, const char **out, tsc_error *err)
{
    tsc_rule_info info;
    tsc_status st = tsc_pack_rule(rule, 0, &info, err);
    if (st)
        return st;
    *out = info.schedules;
    int others = 0;
    for (size_t i = 0; i < tsc_pack_event_count(rule); i++) {
        const char *name = tsc_pack_event_name(rule, i);
        if (strcmp(name, info.schedules) != 0 && others++ == 0)
            *out = name;
    }
    if (others > 1 && err) {
        *err = (tsc_error){.code = TSC_ERR_ARG};
        snprintf(err->message, sizeof err->message,
                 "the rule names %d events; tsc_due counts from one (use tsc_plan)", others);
    }
    return others > 1 ? TSC_ERR_ARG : TSC_OK;
}

tsc_status tsc_sql_due(const tsc_pack *rule, const char *anchor, const tsc_calendar *cal,
                       tsc_case *c, tsc_plan *plan, tsc_item *first, tsc_error *err)
{
    const char *event;
    tsc_status st = anchor_event(rule, &event, err);
    if (st)
        return st;
    char assignment[160], day[11];
    snprintf(assignment, sizeof assignment, "%s=%.100s", event, anchor);
    tsc_case_clear(c);
    if ((st = tsc_case_add_text(c, assignment, cal, err)) != TSC_OK)
        return st;
    tsc_date from, until;
    snprintf(day, sizeof day, "%.10s", anchor);
    if (tsc_date_parse(day, &from, NULL) ||
        tsc_date_add_days(from, FIRST_HORIZON_DAYS, &until, NULL))
        until = TSC_DATE_MAX;
    /* Most rules fall due within the first horizon; a long one ("15 years
     * after date-of-birth") is found by a second, unbounded pass. */
    for (int pass = 0; pass < 2; pass++, until = TSC_DATE_MAX) {
        if ((st = tsc_plan_compute(plan, rule, cal, c, until, 0, 0, err)) != TSC_OK)
            return st;
        if (tsc_plan_item_count(plan) > 0)
            return tsc_plan_item(plan, 0, first, err);
        if (until == TSC_DATE_MAX)
            break;
    }
    if (err) {
        *err = (tsc_error){.code = TSC_ERR_NOTFOUND};
        snprintf(err->message, sizeof err->message, "the rule falls due nowhere after %s",
                 anchor);
    }
    return TSC_ERR_NOTFOUND;
}

const char *tsc_sql_item_status(const tsc_item *it)
{
    if (it->flags & TSC_ITEM_DONE)
        return it->flags & TSC_ITEM_LATE ? "done-late" : "done";
    return it->flags & TSC_ITEM_OVERDUE ? "overdue" : "open";
}

void tsc_sql_error_text(const char *function, const char *what, const tsc_error *err,
                        char *buf, size_t size)
{
    char detail[512];
    tsc_error_format(err, detail, sizeof detail);
    if (what)
        snprintf(buf, size, "%s: %s: %s", function, what, detail);
    else
        snprintf(buf, size, "%s: %s", function, detail);
}
