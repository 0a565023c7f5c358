/* items_csv.c -- CSV rows of a caseload without per-field work: what only
 * depends on the case (case_id, label, worker, team) or on the rule (rule,
 * schedules, role, rule text) is escaped once into ready text, dates come
 * from a small cache of formatted days, and a row is written straight into
 * the writer's buffer.  A row this path does not take (a warning, an
 * anchor event that needs quotes, text longer than the buffer) is written
 * by items_write, which gives the same bytes. */
#include "items.h"

#include <stdlib.h>
#include <string.h>

enum { DAY_SLOTS = 4096, EVENT_SLOTS = 64, ROW_FIXED_MAX = 256 };

/* Text escaped for CSV, ready to copy. */
struct ready {
    char *text;
    size_t len;
};

struct rule_text {
    const char *id, *schedules, *role, *when;   /* the item's strings it was made from */
    struct ready head, tail;                     /* "rule," and "schedules,role,rule_text," */
};

struct items_csv {
    struct ready prefix;                 /* the case's columns before "rule", with commas */
    size_t prefix_cap;
    struct rule_text *rules;             /* per rule of the writer's pack */
    size_t nrules;
    struct { tsc_date day; char text[10]; } days[DAY_SLOTS];
    struct { const char *name; size_t len; } events[EVENT_SLOTS];  /* plain anchor events */
};

/* The bytes that make a CSV field need quotes (items.c's rule). */
static bool needs_quotes(const char *s)
{
    return strpbrk(s, ",\"\n\r") != NULL;
}

/* Appends s as one CSV field to out (room for 2 * strlen(s) + 2 bytes). */
static char *put_field(char *out, const char *s)
{
    if (!needs_quotes(s)) {
        size_t n = strlen(s);
        memcpy(out, s, n);
        return out + n;
    }
    *out++ = '"';
    for (; *s; s++) {
        if (*s == '"')
            *out++ = '"';
        *out++ = *s;
    }
    *out++ = '"';
    return out;
}

/* fields[0..n) as CSV, each followed by a comma. */
static bool make_ready(struct ready *r, const char *const *fields, size_t n)
{
    size_t most = 0;
    for (size_t i = 0; i < n; i++)
        most += 2 * strlen(fields[i]) + 3;
    char *text = malloc(most + 1), *p = text;
    if (!text)
        return false;
    for (size_t i = 0; i < n; i++) {
        p = put_field(p, fields[i]);
        *p++ = ',';
    }
    free(r->text);
    r->text = text;
    r->len = (size_t)(p - text);
    return true;
}

static void free_rules(struct items_csv *x)
{
    for (size_t i = 0; i < x->nrules; i++) {
        free(x->rules[i].head.text);
        free(x->rules[i].tail.text);
    }
    free(x->rules);
}

void items_csv_free(struct item_writer *w)
{
    if (!w->csv)
        return;
    free_rules(w->csv);
    free(w->csv->prefix.text);
    free(w->csv);
    w->csv = NULL;
}

static const char *identity_of(const struct case_ref *c, int i)
{
    const char *v = i == 0 ? c->id : i == 1 ? c->label : i == 2 ? c->worker : c->team;
    return v ? v : "";
}

bool items_csv_case(struct item_writer *w, const struct case_ref *c)
{
    if (w->format != FORMAT_CSV || w->ics)
        return false;
    if (!w->csv) {
        w->csv = calloc(1, sizeof *w->csv);
        size_t n = w->pack ? tsc_pack_rule_count(w->pack) : 0;
        if (w->csv && n && !(w->csv->rules = calloc(n, sizeof *w->csv->rules)))
            items_csv_free(w);
        if (!w->csv)
            return false;           /* no memory: items_write writes every row */
        w->csv->nrules = n;
    }
    const char *fields[4];
    size_t n = 0;
    bool shown[4] = {w->with_case, w->with_case && w->columns.label,
                     w->with_case && w->columns.worker, w->with_case && w->columns.team};
    for (int i = 0; i < 4; i++)
        if (shown[i])
            fields[n++] = identity_of(c, i);
    return make_ready(&w->csv->prefix, fields, n);
}

/* The rule's own columns as ready text, made on its first item. */
static const struct rule_text *rule_text_of(struct items_csv *x, const tsc_item *it)
{
    if (it->rule_index >= x->nrules)
        return NULL;
    struct rule_text *r = &x->rules[it->rule_index];
    if (r->id == it->rule_id && r->schedules == it->schedules && r->role == it->role &&
        r->when == it->rule_text && r->head.text)
        return r;
    const char *tail[3] = {it->schedules, it->role, it->rule_text};
    if (!make_ready(&r->head, &it->rule_id, 1) || !make_ready(&r->tail, tail, 3)) {
        r->id = NULL;
        return NULL;
    }
    r->id = it->rule_id;
    r->schedules = it->schedules;
    r->role = it->role;
    r->when = it->rule_text;
    return r;
}

/* An anchor event's length when it needs no quotes; -1 when it does. */
static long plain_event(struct items_csv *x, const char *name)
{
    size_t slot = ((uintptr_t)name >> 3) % EVENT_SLOTS;
    if (x->events[slot].name != name) {
        if (needs_quotes(name))
            return -1;
        x->events[slot].name = name;
        x->events[slot].len = strlen(name);
    }
    return (long)x->events[slot].len;
}

/* Writes day as YYYY-MM-DD, or nothing for 0 or a day that is not a date. */
static char *put_day(struct items_csv *x, char *p, tsc_date day)
{
    if (!day)
        return p;
    unsigned slot = (unsigned)day % DAY_SLOTS;
    if (x->days[slot].day != day) {
        char text[11];
        if (tsc_date_format(day, text, sizeof text) != 10)
            return p;
        x->days[slot].day = day;
        memcpy(x->days[slot].text, text, 10);
    }
    memcpy(p, x->days[slot].text, 10);
    return p + 10;
}

static char *put_time(const struct item_writer *w, char *p, tsc_time t)
{
    char text[40];
    size_t n = tsc_time_format(t, w->cal, text, sizeof text);
    if (n >= sizeof text)
        n = 0;
    memcpy(p, text, n);
    return p + n;
}

static char *put_int(char *p, int32_t v)
{
    char digits[12];
    int n = 0;
    uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
    do
        digits[n++] = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *p++ = '-';
    while (n)
        *p++ = digits[--n];
    return p;
}

static char *put_text(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}

#define PUT_WORD(p, word) put_text(p, word, sizeof word - 1)

static char *put_status(char *p, uint32_t flags)
{
    if (flags & TSC_ITEM_DONE)
        return flags & TSC_ITEM_LATE ? PUT_WORD(p, "done-late") : PUT_WORD(p, "done");
    return flags & TSC_ITEM_OVERDUE ? PUT_WORD(p, "overdue") : PUT_WORD(p, "open");
}

static char *put_note(char *p, uint32_t flags)
{
    if (!(flags & TSC_ITEM_TIME_NOT_RECORDED))
        return p;
    return flags & TSC_ITEM_TIMED ? PUT_WORD(p, "time not recorded: counted from 00:00")
                                  : PUT_WORD(p, "time not recorded");
}

bool items_csv_row(struct item_writer *w, const tsc_item *it)
{
    struct items_csv *x = w->csv;
    const struct rule_text *r = x ? rule_text_of(x, it) : NULL;
    long event_len = r ? plain_event(x, it->anchor_event) : -1;
    /* A warning names the end's anchor (rare): items_write says it. */
    if (event_len < 0 || (it->flags & TSC_ITEM_END_UNKNOWN))
        return false;
    size_t most = x->prefix.len + r->head.len + r->tail.len + (size_t)event_len + ROW_FIXED_MAX;
    if (most > sizeof w->buffer)
        return false;
    if (most > sizeof w->buffer - w->buffered)
        items_flush(w);
    char *start = w->buffer + w->buffered, *p = start;
    uint32_t f = it->flags;
    p = put_text(p, x->prefix.text, x->prefix.len);
    p = put_text(p, r->head.text, r->head.len);
    p = put_int(p, it->occurrence);
    *p++ = ',';
    p = f & TSC_ITEM_TIMED ? put_time(w, p, it->due_time) : put_day(x, p, it->due);
    *p++ = ',';
    p = put_day(x, p, f & TSC_ITEM_WINDOW ? it->window_start : 0);
    *p++ = ',';
    p = put_status(p, f);
    *p++ = ',';
    p = f & TSC_ITEM_PROJECTED ? PUT_WORD(p, "projected") : PUT_WORD(p, "firm");
    *p++ = ',';
    p = put_text(p, it->anchor_event, (size_t)event_len);
    *p++ = ',';
    bool timed_anchor = it->anchor_time && !(f & TSC_ITEM_TIME_NOT_RECORDED) &&
                        (f & TSC_ITEM_TIMED);
    p = timed_anchor ? put_time(w, p, it->anchor_time) : put_day(x, p, it->anchor_date);
    *p++ = ',';
    p = put_day(x, p, f & TSC_ITEM_DONE ? it->done_on : 0);
    *p++ = ',';
    p = put_text(p, r->tail.text, r->tail.len);
    p = put_note(p, f);
    *p++ = ',';
    *p++ = '\n';            /* the warning column, empty */
    w->buffered += (size_t)(p - start);
    w->written++;
    return true;
}
