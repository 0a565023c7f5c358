/* ics_import.c -- reading iCalendar text: holidays from a file of all-day
 * VEVENTs (the shape GOV.UK publishes for each UK division), and the
 * parsing with line numbers that the export's --previous file uses too.
 *
 * libical reports no line numbers, so a first pass over the raw lines
 * checks the structure (BEGIN/END nesting, "NAME:value" lines) and records
 * where each component begins and ends; libical then parses the text, and
 * each X-LIC-ERROR it leaves in the tree is reported at the line of the
 * property it names. */
#include "ics_internal.h"
#include "fileio.h"
#include "lex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { MAX_DEPTH = 8 };

uint64_t tsc__ics_hash(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3u;
    }
    return h;
}

struct scan {
    int *begin, *end;     /* per component, in document order */
    size_t n, cap;
    size_t open[MAX_DEPTH];   /* index of each open component */
    char name[MAX_DEPTH][32];
    int depth;
};

static bool begins(const char *line, size_t len, const char *word)
{
    size_t n = strlen(word);
    return len >= n && strncasecmp(line, word, n) == 0;
}

static tsc_status open_component(struct scan *sc, int lineno, tsc_error *err)
{
    if (sc->n == sc->cap) {
        size_t cap = sc->cap ? 2 * sc->cap : 64;
        int *b = realloc(sc->begin, cap * sizeof *b);
        if (b)
            sc->begin = b;
        int *e = b ? realloc(sc->end, cap * sizeof *e) : NULL;
        if (!e)
            return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
        sc->end = e;
        sc->cap = cap;
    }
    sc->open[sc->depth] = sc->n;
    sc->begin[sc->n] = lineno;
    sc->end[sc->n++] = 0;
    return TSC_OK;
}

/* Checks one unfolded logical line; tracks nesting. */
static tsc_status scan_line(const char *line, size_t len, int lineno, const char *path,
                            struct scan *sc, tsc_error *err)
{
    const char *colon = memchr(line, ':', len);
    if (!colon)
        return tsc__fail_at(err, TSC_ERR_PARSE, path, lineno, 1,
                            "malformed iCalendar line (expected NAME:value)");
    const char *value = colon + 1;
    size_t vlen = len - (size_t)(value - line);
    if (begins(line, len, "BEGIN:")) {
        if (sc->depth == MAX_DEPTH)
            return tsc__fail_at(err, TSC_ERR_PARSE, path, lineno, 1, "components nest too deep");
        tsc_status st = open_component(sc, lineno, err);
        if (st)
            return st;
        snprintf(sc->name[sc->depth++], 32, "%.*s", (int)(vlen < 31 ? vlen : 31), value);
    } else if (begins(line, len, "END:")) {
        const char *top = sc->depth ? sc->name[sc->depth - 1] : "";
        if (!sc->depth || strlen(top) != vlen || strncasecmp(top, value, vlen) != 0)
            return tsc__fail_at(err, TSC_ERR_PARSE, path, lineno, 5,
                                "END:%.*s does not close %s%s", (int)(vlen < 40 ? vlen : 40),
                                value, sc->depth ? "BEGIN:" : "any component", top);
        sc->end[sc->open[--sc->depth]] = lineno;
    } else if (sc->depth == 0) {
        return tsc__fail_at(err, TSC_ERR_PARSE, path, lineno, 1,
                            "property outside BEGIN:VCALENDAR ... END:VCALENDAR");
    }
    return TSC_OK;
}

struct lines {
    const char *p;
    int lineno;   /* of the line last returned */
};

/* The next logical line that is neither blank nor a folded continuation
 * (which belongs to the line before), without its CR LF; false at the end. */
static bool next_line(struct lines *it, const char **line, size_t *len)
{
    while (*it->p) {
        const char *p = it->p, *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        it->p = eol ? eol + 1 : p + n;
        it->lineno++;
        if (n && p[n - 1] == '\r')
            n--;
        if (n && p[0] != ' ' && p[0] != '\t') {
            *line = p;
            *len = n;
            return true;
        }
    }
    return false;
}

static tsc_status scan_structure(const char *text, const char *path, struct scan *sc,
                                 tsc_error *err)
{
    struct lines it = {text, 0};
    int last_line = 0;
    const char *p;
    size_t len;
    bool saw_calendar = false;
    while (next_line(&it, &p, &len)) {
        tsc_status st = scan_line(p, len, it.lineno, path, sc, err);
        if (st)
            return st;
        saw_calendar |= begins(p, len, "BEGIN:VCALENDAR");
        last_line = it.lineno;
    }
    if (!saw_calendar)
        return tsc__fail_at(err, TSC_ERR_PARSE, path, 1, 1,
                            "not an iCalendar file (no BEGIN:VCALENDAR)");
    if (sc->depth)
        return tsc__fail_at(err, TSC_ERR_PARSE, path, last_line, 1,
                            "file ends inside BEGIN:%s (missing END:%s)", sc->name[sc->depth - 1],
                            sc->name[sc->depth - 1]);
    return TSC_OK;
}

int tsc__ics_prop_line(const struct tsc__ics_doc *doc, size_t i, const char *name)
{
    if (i >= doc->n)
        return 0;
    struct lines it = {doc->text, 0};
    int depth = 0, from = doc->begin[i], to = doc->end[i];
    const char *p;
    size_t len, n = strlen(name);
    while (next_line(&it, &p, &len)) {
        if (it.lineno <= from)
            continue;
        if (it.lineno >= to)
            break;
        if (begins(p, len, "BEGIN:"))
            depth++;
        else if (begins(p, len, "END:"))
            depth--;
        else if (depth == 0 && len > n && strncasecmp(p, name, n) == 0 &&
                 (p[n] == ':' || p[n] == ';'))
            return it.lineno;
    }
    return from;
}

/* The components in document order, as the scan numbered them. */
static void collect(icalcomponent *c, struct tsc__ics_doc *doc, size_t *k)
{
    if (*k < doc->n)
        doc->comps[*k] = c;
    (*k)++;
    for (icalcomponent *child = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); child;
         child = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
        collect(child, doc, k);
}

/* "... in DTEND property ..." names the property an X-LIC-ERROR is about. */
static int error_line(const struct tsc__ics_doc *doc, size_t i, const char *message)
{
    const char *in = message ? strstr(message, " in ") : NULL;
    const char *prop = in ? strstr(in + 4, " property") : NULL;
    char name[64];
    if (!prop || prop - (in + 4) <= 0 || prop - (in + 4) >= (ptrdiff_t)sizeof name)
        return i < doc->n ? doc->begin[i] : 0;
    snprintf(name, sizeof name, "%.*s", (int)(prop - (in + 4)), in + 4);
    return tsc__ics_prop_line(doc, i, name);
}

static tsc_status first_libical_error(const struct tsc__ics_doc *doc, tsc_error *err)
{
    for (size_t i = 0; i < doc->n; i++) {
        icalproperty *e = doc->comps[i] ? icalcomponent_get_first_property(
                                              doc->comps[i], ICAL_XLICERROR_PROPERTY)
                                        : NULL;
        if (!e)
            continue;
        const char *message = icalproperty_get_xlicerror(e);
        return tsc__fail_at(err, TSC_ERR_PARSE, doc->path, error_line(doc, i, message), 1,
                            "%s (libical)", message ? message : "malformed");
    }
    return tsc__fail_at(err, TSC_ERR_PARSE, doc->path, 0, 0, "libical reports %d error(s)",
                        icalcomponent_count_errors(doc->root));
}

void tsc__ics_doc_free(struct tsc__ics_doc *doc)
{
    if (doc->root)
        icalcomponent_free(doc->root);
    free(doc->comps);
    free(doc->begin);
    free(doc->end);
    memset(doc, 0, sizeof *doc);
}

tsc_status tsc__ics_parse(const char *text, const char *path, struct tsc__ics_doc *doc,
                          tsc_error *err)
{
    struct scan sc = {0};
    size_t len = strlen(text);
    memset(doc, 0, sizeof *doc);
    tsc__skip_bom(&text, &len);
    tsc_status st = scan_structure(text, path, &sc, err);
    doc->text = text;
    doc->path = path;
    doc->begin = sc.begin;
    doc->end = sc.end;
    doc->n = sc.n;
    if (!st) {
        doc->comps = calloc(sc.n ? sc.n : 1, sizeof *doc->comps);
        if (!doc->comps)
            st = tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    }
    if (!st && !(doc->root = icalparser_parse_string(text)))
        st = tsc__fail_at(err, TSC_ERR_ICAL, path, 0, 0, "libical could not parse the file");
    if (!st) {
        size_t k = 0;
        if (icalcomponent_isa(doc->root) == ICAL_XROOT_COMPONENT)
            for (icalcomponent *c = icalcomponent_get_first_component(doc->root,
                                                                      ICAL_ANY_COMPONENT);
                 c; c = icalcomponent_get_next_component(doc->root, ICAL_ANY_COMPONENT))
                collect(c, doc, &k);
        else
            collect(doc->root, doc, &k);
        if (icalcomponent_count_errors(doc->root) > 0)
            st = first_libical_error(doc, err);
    }
    if (st)
        tsc__ics_doc_free(doc);
    return st;
}

/* ---- holidays ---- */

static tsc_status event_to_rule(const struct tsc__ics_doc *doc, size_t i,
                                struct tsc__arena *arena, struct tsc__holrule *r, bool *skip,
                                tsc_error *err)
{
    icalcomponent *ev = doc->comps[i];
    const char *path = doc->path;
    int line = doc->begin[i];
    icalproperty *start = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
    icalproperty *end = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
    icalproperty *summary = icalcomponent_get_first_property(ev, ICAL_SUMMARY_PROPERTY);
    icalproperty *status = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY);
    *skip = false;
    /* A cancelled event (as a re-exported holiday list may hold) is no holiday. */
    if (status && icalproperty_get_status(status) == ICAL_STATUS_CANCELLED) {
        *skip = true;
        return TSC_OK;
    }
    static const struct { icalproperty_kind kind; const char *name; } repeats[] = {
        {ICAL_RRULE_PROPERTY, "RRULE"}, {ICAL_RDATE_PROPERTY, "RDATE"},
        {ICAL_EXDATE_PROPERTY, "EXDATE"}, {ICAL_DURATION_PROPERTY, "DURATION"}};
    for (size_t k = 0; k < sizeof repeats / sizeof repeats[0]; k++)
        if (icalcomponent_get_first_property(ev, repeats[k].kind))
            return tsc__fail_at(err, TSC_ERR_PARSE, path,
                                tsc__ics_prop_line(doc, i, repeats[k].name), 1,
                                "VEVENT with %s is not supported (give each holiday as its "
                                "own all-day VEVENT with DTSTART and DTEND)", repeats[k].name);
    if (!start)
        return tsc__fail_at(err, TSC_ERR_PARSE, path, line, 1, "VEVENT has no DTSTART");
    struct icaltimetype s = icalproperty_get_dtstart(start);
    if (icaltime_is_null_time(s) || !s.is_date)
        return tsc__fail_at(err, TSC_ERR_PARSE, path, line, 1,
                            "VEVENT is not an all-day event (DTSTART on line %d needs "
                            "VALUE=DATE)", tsc__ics_prop_line(doc, i, "DTSTART"));
    if (tsc_date_from_ymd(s.year, s.month, s.day, &r->date, NULL))
        return tsc__fail_at(err, TSC_ERR_PARSE, path, tsc__ics_prop_line(doc, i, "DTSTART"), 1,
                            "VEVENT DTSTART %04d%02d%02d is not a date", s.year, s.month,
                            s.day);
    r->date_end = r->date;
    if (end) {
        struct icaltimetype e = icalproperty_get_dtend(end);
        tsc_date last;
        if (!e.is_date || tsc_date_from_ymd(e.year, e.month, e.day, &last, NULL) ||
            last <= r->date || last - r->date > 367)
            return tsc__fail_at(err, TSC_ERR_PARSE, path, line, 1,
                                "VEVENT DTEND must be a date after DTSTART (at most a year; "
                                "DTEND is on line %d)", tsc__ics_prop_line(doc, i, "DTEND"));
        r->date_end = last - 1;   /* DTEND is exclusive */
    }
    const char *name = summary ? icalproperty_get_summary(summary) : NULL;
    if (!name || !*name)
        name = "Holiday";
    r->kind = TSC__HOL_DATE;
    r->line = line;
    r->from_year = 1;
    r->to_year = 9999;
    r->name = tsc__arena_strndup(arena, name, strlen(name));
    return r->name ? TSC_OK : tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
}

static tsc_status events_to_holset(const struct tsc__ics_doc *doc, struct tsc__arena *arena,
                                   struct tsc__holset *set, tsc_error *err)
{
    struct tsc__holrule *rules = tsc__arena_alloc(arena, (doc->n + 1) * sizeof *rules);
    if (!rules)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < doc->n; i++) {
        icalcomponent *c = doc->comps[i], *parent = c ? icalcomponent_get_parent(c) : NULL;
        /* Holidays are the VEVENTs of a VCALENDAR; a VTODO, VJOURNAL or
         * VTIMEZONE beside them is not one. */
        if (!c || icalcomponent_isa(c) != ICAL_VEVENT_COMPONENT || !parent ||
            icalcomponent_isa(parent) != ICAL_VCALENDAR_COMPONENT)
            continue;
        bool skip;
        tsc_status st = event_to_rule(doc, i, arena, &rules[n], &skip, err);
        if (st)
            return st;
        n += !skip;
    }
    set->rules = rules;
    set->nrules = n;
    return TSC_OK;
}

static bool name_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
}

/* The calendar's name: the source's file name without its extension, each
 * run of other bytes than letters, digits, '.', '_' and '-' as one '-',
 * without '.' or '-' at either end; "ics" when nothing is left. */
static const char *stem(struct tsc__arena *arena, const char *source)
{
    const char *base = strrchr(source, '/');
    base = base ? base + 1 : source;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    char *name = tsc__arena_alloc(arena, n + 4);
    if (!name)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (name_byte(base[i]))
            name[k++] = base[i];
        else if (k == 0 || name[k - 1] != '-')
            name[k++] = '-';
    size_t first = 0;
    while (first < k && (name[first] == '.' || name[first] == '-'))
        first++;
    while (k > first && (name[k - 1] == '.' || name[k - 1] == '-'))
        k--;
    if (k == first)
        return "ics";
    memmove(name, name + first, k - first);
    name[k - first] = '\0';
    return name;
}

/* The holidays of iCalendar text (NUL-terminated); `source` names it in
 * errors and names the calendar. */
static tsc_status holset_from_text(const char *text, const char *source,
                                   struct tsc__arena *arena, const struct tsc__holset **out,
                                   tsc_error *err)
{
    struct tsc__ics_doc doc;
    struct tsc__holset *set = tsc__arena_alloc(arena, sizeof *set);
    tsc_status st = set ? tsc__ics_parse(text, source, &doc, err)
                        : tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    if (!st) {
        st = events_to_holset(&doc, arena, set, err);
        tsc__ics_doc_free(&doc);
    }
    if (!st) {
        set->name = stem(arena, source);
        set->source = tsc__arena_strndup(arena, source, strlen(source));
        set->zone = "Europe/London";
        set->weekend = TSC_WEEKEND_DEFAULT;
        if (!set->name || !set->source)
            st = tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    }
    if (!st)
        *out = set;
    return st;
}

tsc_status tsc__ics_load_holset(const char *path, struct tsc__arena *arena,
                                const struct tsc__holset **out, tsc_error *err)
{
    char *text;
    size_t len;
    tsc_status st = tsc__read_file(path, &text, &len, err);
    if (st)
        return st;
    st = holset_from_text(text, path, arena, out, err);
    free(text);
    return st;
}

tsc_status tsc_calendar_load_ics(const char *data, size_t len, const char *source,
                                 tsc_calendar **out, tsc_error *err)
{
    if ((!data && len) || !out)
        return tsc__fail(err, TSC_ERR_ARG, "data or out is NULL");
    source = source ? source : "<ics>";
    if (len && memchr(data, '\0', len))
        return tsc__fail_at(err, TSC_ERR_PARSE, source, 0, 0, "text contains a NUL byte");
    char *text = malloc(len + 1);
    struct tsc__arena *arena = tsc__arena_new();
    const struct tsc__holset *hs = NULL;
    tsc_status st = text && arena ? TSC_OK : tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    if (!st) {
        if (len)
            memcpy(text, data, len);
        text[len] = '\0';
        st = holset_from_text(text, source, arena, &hs, err);
    }
    free(text);
    if (st) {
        tsc__arena_free(arena);
        return st;
    }
    return tsc__calendar_from_holset(hs, arena, out, err);
}
