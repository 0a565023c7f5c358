/* ics_import.c -- holidays from an iCalendar file of all-day VEVENTs (the
 * shape GOV.UK publishes for each UK division).
 *
 * libical reports no line numbers, so a first pass over the raw lines
 * checks the structure (BEGIN/END nesting, "NAME:value" lines) and remembers
 * where each VEVENT starts; libical then parses the text and each event's
 * DTSTART, DTEND and SUMMARY become a one-off holiday. */
#include "internal.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct scan {
    int *event_lines;   /* line of each BEGIN:VEVENT, in order */
    size_t nevents;
};

static bool begins(const char *line, size_t len, const char *word)
{
    size_t n = strlen(word);
    return len >= n && strncasecmp(line, word, n) == 0;
}

/* Checks one unfolded logical line; tracks nesting in stack. */
static tsc_status scan_line(const char *line, size_t len, int lineno, const char *path,
                            char stack[][32], int *depth, struct scan *sc, tsc_error *err)
{
    const char *colon = memchr(line, ':', len);
    if (!colon)
        return tsc__fail_at(err, TSC_ERR_PARSE, path, lineno, 1,
                            "malformed iCalendar line (expected NAME:value)");
    const char *value = colon + 1;
    size_t vlen = len - (size_t)(value - line);
    if (begins(line, len, "BEGIN:")) {
        if (*depth == 8)
            return tsc__fail_at(err, TSC_ERR_PARSE, path, lineno, 1, "components nest too deep");
        snprintf(stack[(*depth)++], 32, "%.*s", (int)(vlen < 31 ? vlen : 31), value);
        if (vlen == 6 && strncasecmp(value, "VEVENT", 6) == 0) {
            int *grown = realloc(sc->event_lines, (sc->nevents + 1) * sizeof *grown);
            if (!grown)
                return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
            sc->event_lines = grown;
            sc->event_lines[sc->nevents++] = lineno;
        }
    } else if (begins(line, len, "END:")) {
        if (*depth == 0 || strlen(stack[*depth - 1]) != vlen ||
            strncasecmp(stack[*depth - 1], value, vlen) != 0)
            return tsc__fail_at(err, TSC_ERR_PARSE, path, lineno, 5,
                                "END:%.*s does not close %s%s", (int)(vlen < 40 ? vlen : 40),
                                value, *depth ? "BEGIN:" : "any component",
                                *depth ? stack[*depth - 1] : "");
        (*depth)--;
    } else if (*depth == 0) {
        return tsc__fail_at(err, TSC_ERR_PARSE, path, lineno, 1,
                            "property outside BEGIN:VCALENDAR ... END:VCALENDAR");
    }
    return TSC_OK;
}

static tsc_status scan_structure(const char *text, const char *path, struct scan *sc,
                                 tsc_error *err)
{
    char stack[8][32];
    int depth = 0, lineno = 0, last_line = 0;
    bool saw_calendar = false;
    for (const char *p = text; *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        lineno++;
        if (len && p[len - 1] == '\r')
            len--;
        /* Folded continuation lines (starting with a blank) are part of the
         * line before; blank lines are tolerated. */
        if (len && p[0] != ' ' && p[0] != '\t') {
            tsc_status st = scan_line(p, len, lineno, path, stack, &depth, sc, err);
            if (st)
                return st;
            saw_calendar |= begins(p, len, "BEGIN:VCALENDAR");
            last_line = lineno;
        }
        p = eol ? eol + 1 : p + len;
    }
    if (!saw_calendar)
        return tsc__fail_at(err, TSC_ERR_PARSE, path, 1, 1, "not an iCalendar file (no "
                                                            "BEGIN:VCALENDAR)");
    if (depth)
        return tsc__fail_at(err, TSC_ERR_PARSE, path, last_line, 1,
                            "file ends inside BEGIN:%s (missing END:%s)", stack[depth - 1],
                            stack[depth - 1]);
    return TSC_OK;
}

static tsc_status event_to_rule(icalcomponent *ev, int line, const char *path,
                                struct tsc__arena *arena, struct tsc__holrule *r,
                                tsc_error *err)
{
    icalproperty *start = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
    icalproperty *end = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
    icalproperty *summary = icalcomponent_get_first_property(ev, ICAL_SUMMARY_PROPERTY);
    if (!start)
        return tsc__fail_at(err, TSC_ERR_PARSE, path, line, 1, "VEVENT has no DTSTART");
    struct icaltimetype s = icalproperty_get_dtstart(start);
    if (icaltime_is_null_time(s) || !s.is_date)
        return tsc__fail_at(err, TSC_ERR_PARSE, path, line, 1,
                            "VEVENT is not an all-day event (DTSTART needs VALUE=DATE)");
    tsc_status st = tsc_date_from_ymd(s.year, s.month, s.day, &r->date, err);
    if (st)
        return tsc__fail_at(err, st, path, line, 1, "VEVENT DTSTART: %s", err ? err->message : "");
    r->date_end = r->date;
    if (end) {
        struct icaltimetype e = icalproperty_get_dtend(end);
        tsc_date last;
        if (!e.is_date || tsc_date_from_ymd(e.year, e.month, e.day, &last, NULL) ||
            last <= r->date || last - r->date > 367)
            return tsc__fail_at(err, TSC_ERR_PARSE, path, line, 1,
                                "VEVENT DTEND must be a date after DTSTART (at most a year)");
        r->date_end = last - 1;   /* DTEND is exclusive */
    }
    const char *name = summary ? icalproperty_get_summary(summary) : NULL;
    r->kind = TSC__HOL_DATE;
    r->line = line;
    r->from_year = 1;
    r->to_year = 9999;
    r->name = tsc__arena_strndup(arena, name && *name ? name : "Holiday",
                                 strlen(name && *name ? name : "Holiday"));
    return r->name ? TSC_OK : tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
}

static tsc_status events_to_holset(icalcomponent *root, const struct scan *sc,
                                   const char *path, struct tsc__arena *arena,
                                   struct tsc__holset *set, tsc_error *err)
{
    struct tsc__holrule *rules = tsc__arena_alloc(arena, (sc->nevents + 1) * sizeof *rules);
    if (!rules)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    size_t n = 0;
    icalcomponent *cal = icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT
                             ? root
                             : icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT);
    for (icalcomponent *ev = cal ? icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT)
                                 : NULL;
         ev && n < sc->nevents; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        tsc_status st = event_to_rule(ev, sc->event_lines[n], path, arena, &rules[n], err);
        if (st)
            return st;
        n++;
    }
    set->rules = rules;
    set->nrules = n;
    return TSC_OK;
}

static const char *stem(struct tsc__arena *arena, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".ics") == 0)
        n -= 4;
    return tsc__arena_strndup(arena, base, n);
}

tsc_status tsc__ics_load_holset(const char *path, struct tsc__arena *arena,
                                const struct tsc__holset **out, tsc_error *err)
{
    char *text;
    size_t len;
    tsc_status st = tsc__read_file(path, &text, &len, err);
    if (st)
        return st;
    struct scan sc = {0};
    struct tsc__holset *set = tsc__arena_alloc(arena, sizeof *set);
    if (!set)
        st = tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    if (!st)
        st = scan_structure(text, path, &sc, err);
    icalcomponent *root = st ? NULL : icalparser_parse_string(text);
    if (!st && !root)
        st = tsc__fail_at(err, TSC_ERR_ICAL, path, 0, 0, "libical could not parse the file");
    if (!st && icalcomponent_count_errors(root) > 0)
        st = tsc__fail_at(err, TSC_ERR_PARSE, path, 0, 0,
                          "libical reports %d error(s) in the file",
                          icalcomponent_count_errors(root));
    if (!st)
        st = events_to_holset(root, &sc, path, arena, set, err);
    if (!st) {
        set->name = stem(arena, path);
        set->source = tsc__arena_strndup(arena, path, strlen(path));
        set->zone = "Europe/London";
        set->weekend = TSC_WEEKEND_DEFAULT;
        if (!set->name || !set->source)
            st = tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    }
    if (root)
        icalcomponent_free(root);
    free(sc.event_lines);
    free(text);
    if (!st)
        *out = set;
    return st;
}
