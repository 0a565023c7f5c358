/* given_events.c -- --event NAME=WHEN, split once and parsed once. */
#include "given_events.h"

#include <stdlib.h>
#include <string.h>

static int event_error(const char *option, const tsc_error *err)
{
    char buf[400], shown[CLI_ESCAPED_MAX];
    tsc_error_format(err, buf, sizeof buf);
    return cli_fail("--event %s: %s", cli_escape(option, shown, sizeof shown), buf);
}

static int split_one(const char *option, struct given_event *e)
{
    const char *eq = strchr(option, '=');
    if (!eq) {
        tsc_error err = {.code = TSC_ERR_PARSE};
        snprintf(err.message, sizeof err.message,
                 "expected NAME=DATE (like referral=2026-03-02), got '%.60s'", option);
        return event_error(option, &err);
    }
    size_t len = (size_t)(eq - option);
    e->option = option;
    e->when = eq + 1;
    e->name = malloc(len + 1);
    if (!e->name)
        return cli_fail("out of memory");
    memcpy(e->name, option, len);
    e->name[len] = '\0';
    return CLI_OK;
}

int given_events_split(const struct cli_args *a, struct given_events *out)
{
    *out = (struct given_events){NULL, 0};
    int count = 0;
    for (int i = 0; i < a->nopts; i++)
        count += !strcmp(a->opts[i].name, "event");
    if (count && !(out->ev = calloc((size_t)count, sizeof *out->ev)))
        return cli_fail("out of memory");
    int rc = CLI_OK;
    for (int i = 0; i < a->nopts && !rc; i++)
        if (!strcmp(a->opts[i].name, "event") &&
            !(rc = split_one(a->opts[i].value, &out->ev[out->n])))
            out->n++;
    if (rc)
        given_events_free(out);
    return rc;
}

void given_events_free(struct given_events *events)
{
    for (size_t i = 0; i < events->n; i++)
        free(events->ev[i].name);
    free(events->ev);
    *events = (struct given_events){NULL, 0};
}

bool given_events_has(const struct given_events *events, const char *name)
{
    for (size_t i = 0; i < events->n; i++)
        if (!strcmp(events->ev[i].name, name))
            return true;
    return false;
}

int given_event_record(const struct given_event *e, tsc_case *c, const tsc_calendar *cal)
{
    tsc_error err;
    tsc_status st;
    if (strchr(e->when, 'T')) {
        tsc_time t;
        st = tsc_time_parse(e->when, cal, &t, &err);
        if (!st)
            st = tsc_case_add_time(c, e->name, t, &err);
    } else {
        tsc_date d;
        st = tsc_date_parse(e->when, &d, &err);
        if (!st)
            st = tsc_case_add_date(c, e->name, d, &err);
    }
    return st ? event_error(e->option, &err) : CLI_OK;
}
