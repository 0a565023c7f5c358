/* events_json.c -- a case's events from a JSON object of dates:
 *     {"referral": "2026-03-02", "cp-visit": ["2026-03-10", "2026-03-20"]}
 * Only this shape is read (strings, arrays of strings); anything else is an
 * error naming the column. */
#include "sql_common.h"

#include <stdio.h>
#include <string.h>

struct reader {
    const char *text;
    size_t pos;
    tsc_date latest;
    tsc_error *err;
};

enum { MAX_TEXT = 128 };   /* event names and dates are short */

static tsc_status fail(struct reader *r, tsc_status code, const char *what)
{
    if (r->err) {
        *r->err = (tsc_error){.code = code, .line = 1, .column = (int)r->pos + 1};
        snprintf(r->err->source, sizeof r->err->source, "events");
        /* A long date or name is cut, not overflowed. */
        snprintf(r->err->message, sizeof r->err->message, "%.*s",
                 (int)sizeof r->err->message - 1, what);
    }
    return code;
}

static void skip_space(struct reader *r)
{
    while (strchr(" \t\r\n", r->text[r->pos]) && r->text[r->pos])
        r->pos++;
}

static int accept(struct reader *r, char c)
{
    skip_space(r);
    if (r->text[r->pos] != c)
        return 0;
    r->pos++;
    return 1;
}

/* A JSON string without escapes other than \" \\ \/ (names and dates need none). */
static tsc_status read_string(struct reader *r, char *out)
{
    skip_space(r);
    if (r->text[r->pos] != '"')
        return fail(r, TSC_ERR_PARSE, "expected a string");
    r->pos++;
    size_t n = 0;
    for (;;) {
        char c = r->text[r->pos];
        if (c == '"')
            break;
        if (!c || (unsigned char)c < 0x20)
            return fail(r, TSC_ERR_PARSE, "unterminated string");
        if (c == '\\') {
            c = r->text[++r->pos];
            if (c != '"' && c != '\\' && c != '/')
                return fail(r, TSC_ERR_PARSE, "unsupported escape in a name or date");
        }
        if (n + 1 >= MAX_TEXT)
            return fail(r, TSC_ERR_PARSE, "string too long for an event name or date");
        out[n++] = c;
        r->pos++;
    }
    out[n] = '\0';
    r->pos++;
    return TSC_OK;
}

static tsc_status add_event(struct reader *r, const char *name, tsc_case *c,
                            const tsc_calendar *cal)
{
    size_t at = r->pos;
    char value[MAX_TEXT], assignment[2 * MAX_TEXT + 1];
    tsc_status st = read_string(r, value);
    if (st)
        return st;
    snprintf(assignment, sizeof assignment, "%s=%s", name, value);
    tsc_error inner;
    if (tsc_case_add_text(c, assignment, cal, &inner) == TSC_OK) {
        char day[11];
        tsc_date d;
        snprintf(day, sizeof day, "%.10s", value);
        if (tsc_date_parse(day, &d, NULL) == TSC_OK && d > r->latest)
            r->latest = d;
        return TSC_OK;
    }
    r->pos = at;
    skip_space(r);
    char what[sizeof inner.message + MAX_TEXT + 8];
    snprintf(what, sizeof what, "%s: %s", name,
             inner.message[0] ? inner.message : tsc_strerror(inner.code));
    return fail(r, inner.code, what);
}

static tsc_status read_value(struct reader *r, const char *name, tsc_case *c,
                             const tsc_calendar *cal)
{
    if (!accept(r, '['))
        return add_event(r, name, c, cal);
    if (accept(r, ']'))
        return TSC_OK;
    do {
        tsc_status st = add_event(r, name, c, cal);
        if (st)
            return st;
    } while (accept(r, ','));
    return accept(r, ']') ? TSC_OK : fail(r, TSC_ERR_PARSE, "expected ',' or ']'");
}

tsc_status tsc_sql_events_from_json(const char *json, tsc_case *c, const tsc_calendar *cal,
                                    tsc_date *latest, tsc_error *err)
{
    struct reader r = {.text = json, .err = err};
    *latest = 0;
    if (!accept(&r, '{'))
        return fail(&r, TSC_ERR_PARSE,
                    "expected a JSON object of events: {\"referral\": \"2026-03-02\"}");
    if (!accept(&r, '}')) {
        do {
            char name[MAX_TEXT];
            tsc_status st = read_string(&r, name);
            if (st)
                return st;
            if (!accept(&r, ':'))
                return fail(&r, TSC_ERR_PARSE, "expected ':'");
            if ((st = read_value(&r, name, c, cal)) != TSC_OK)
                return st;
        } while (accept(&r, ','));
        if (!accept(&r, '}'))
            return fail(&r, TSC_ERR_PARSE, "expected ',' or '}'");
    }
    skip_space(&r);
    if (r.text[r.pos])
        return fail(&r, TSC_ERR_PARSE, "text after the events object");
    *latest = r.latest;
    return TSC_OK;
}
