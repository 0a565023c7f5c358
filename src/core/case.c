/* case.c -- recording a case's events. */
#include "case.h"
#include "date.h"
#include "event_name.h"

#include <stdlib.h>
#include <string.h>

tsc_status tsc_case_new(tsc_case **out, tsc_error *err)
{
    if (!out)
        return tsc__fail(err, TSC_ERR_ARG, "out is NULL");
    *out = calloc(1, sizeof **out);
    return *out ? TSC_OK : tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
}

void tsc_case_free(tsc_case *c)
{
    if (!c)
        return;
    free(c->ev);
    free(c->pool);
    free(c);
}

void tsc_case_clear(tsc_case *c)
{
    if (c)
        c->n = c->pool_len = 0;
}

static tsc_status add(tsc_case *c, const char *name, size_t len, tsc_date d, tsc_time t,
                      bool timed, tsc_error *err)
{
    if (!tsc__is_event_name(name, len, NULL))
        return tsc__fail_at(err, TSC_ERR_PARSE, NULL, 0, 1,
                            "'%.*s' is not an event name (kebab-case: a-z, 0-9 and '-')",
                            (int)(len > 60 ? 60 : len), name);
    if (!tsc__grow((void **)&c->ev, &c->cap, c->n + 1, sizeof *c->ev) ||
        !tsc__grow((void **)&c->pool, &c->pool_cap, c->pool_len + len + 1, 1))
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    memcpy(c->pool + c->pool_len, name, len);
    c->pool[c->pool_len + len] = '\0';
    c->ev[c->n++] = (struct tsc__case_event){c->pool_len, len, d, t, timed};
    c->pool_len += len + 1;
    return TSC_OK;
}

tsc_status tsc_case_add_date(tsc_case *c, const char *event, tsc_date d, tsc_error *err)
{
    if (!c || !event)
        return tsc__fail(err, TSC_ERR_ARG, "case or event is NULL");
    if (!tsc__date_valid(d))
        return tsc__fail(err, TSC_ERR_RANGE, "day number %ld is not a date", (long)d);
    return add(c, event, strlen(event), d, 0, false, err);
}

tsc_status tsc_case_add_time(tsc_case *c, const char *event, tsc_time t, tsc_error *err)
{
    if (!c || !event)
        return tsc__fail(err, TSC_ERR_ARG, "case or event is NULL");
    if (t < -62135596800LL || t > 253402300799LL)
        return tsc__fail(err, TSC_ERR_RANGE, "instant %lld is outside 0001..9999", (long long)t);
    return add(c, event, strlen(event), 0, t, true, err);
}

tsc_status tsc_case_add_text(tsc_case *c, const char *assignment, const tsc_calendar *cal,
                             tsc_error *err)
{
    if (!c || !assignment || !cal)
        return tsc__fail(err, TSC_ERR_ARG, "case, assignment or calendar is NULL");
    const char *eq = strchr(assignment, '=');
    if (!eq)
        return tsc__fail_at(err, TSC_ERR_PARSE, NULL, 0, (int)strlen(assignment) + 1,
                            "expected NAME=DATE (like referral=2026-03-02), got '%.60s'",
                            assignment);
    size_t len = (size_t)(eq - assignment);
    if (!tsc__is_event_name(assignment, len, NULL))
        return tsc__fail_at(err, TSC_ERR_PARSE, NULL, 0, 1,
                            "'%.*s' is not an event name (kebab-case: a-z, 0-9 and '-')",
                            (int)(len > 60 ? 60 : len), assignment);
    const char *value = eq + 1;
    tsc_status st;
    if (strchr(value, 'T')) {
        tsc_time t;
        if ((st = tsc_time_parse(value, cal, &t, err))) {
            if (err && err->column)
                err->column += (int)len + 1;
            return st;
        }
        return add(c, assignment, len, 0, t, true, err);
    }
    tsc_date d;
    if ((st = tsc__date_parse_n(value, strlen(value), &d, err, NULL, 0, (int)len + 1)))
        return st;
    return add(c, assignment, len, d, 0, false, err);
}
