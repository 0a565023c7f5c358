/* rule.c -- parsing the timescale rule language (README "Writing rules"). */
#include "rule.h"
#include "arena.h"
#include "event_name.h"
#include "lex.h"
#include "text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_RULE_TOKENS = 96, MAX_AMOUNT = 100000 };

struct parser {
    const struct tsc__token *tok;
    int n, i;
    const char *source;
    int line, column0, end_column;
    struct tsc__arena *arena;
    tsc_error *err;
};

static const struct tsc__token *peek_at(struct parser *p, int k)
{
    return p->i + k < p->n ? &p->tok[p->i + k] : NULL;
}

static const struct tsc__token *peek(struct parser *p) { return peek_at(p, 0); }

static bool at(struct parser *p, const char *word)
{
    const struct tsc__token *t = peek(p);
    return t && tsc__tok_is(t, word);
}

static bool accept(struct parser *p, const char *word)
{
    if (!at(p, word))
        return false;
    p->i++;
    return true;
}

static tsc_status fail(struct parser *p, const struct tsc__token *t, const char *fmt, ...)
    TSC__PRINTF(3, 4);
static tsc_status fail(struct parser *p, const struct tsc__token *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tsc__vfail_at(p->err, TSC_ERR_PARSE, p->source, p->line,
                  p->column0 + (t ? t->column : p->end_column), fmt, ap);
    va_end(ap);
    return TSC_ERR_PARSE;
}

/* "found 'x'" or "found the end of the rule", for messages. */
static const char *found(const struct tsc__token *t, char *buf, size_t size)
{
    if (!t)
        return "the end of the rule";
    snprintf(buf, size, "'%.*s'", (int)(t->len > 40 ? 40 : t->len), t->text);
    return buf;
}

static tsc_status expected(struct parser *p, const char *what)
{
    char buf[64];
    return fail(p, peek(p), "expected %s, found %s", what, found(peek(p), buf, sizeof buf));
}

static bool is_number(const struct tsc__token *t)
{
    if (!t || t->quoted || t->len == 0)
        return false;
    for (size_t i = 0; i < t->len; i++)
        if (!isdigit((unsigned char)t->text[i]))
            return false;
    return true;
}

static tsc_status number(struct parser *p, int32_t *out)
{
    const struct tsc__token *t = peek(p);
    if (!is_number(t))
        return expected(p, "a number");
    long v = t->len > 6 ? MAX_AMOUNT + 1L : strtol(t->text, NULL, 10);
    if (v > MAX_AMOUNT)
        return fail(p, t, "%.*s is too large (at most %d)", (int)(t->len > 40 ? 40 : t->len),
                    t->text, MAX_AMOUNT);
    p->i++;
    *out = (int32_t)v;
    return TSC_OK;
}

/* ---- units and durations ---- */

enum unit { U_MINUTE, U_HOUR, U_DAY, U_WORKING_DAY, U_WEEK, U_MONTH, U_YEAR, U_NONE };

static const struct { const char *one, *many; } unit_words[] = {
    [U_MINUTE] = {"minute", "minutes"}, [U_HOUR] = {"hour", "hours"},
    [U_DAY] = {"day", "days"},          [U_WORKING_DAY] = {NULL, NULL},
    [U_WEEK] = {"week", "weeks"},       [U_MONTH] = {"month", "months"},
    [U_YEAR] = {"year", "years"},
};

static bool at_unit_word(struct parser *p, int k, enum unit u)
{
    const struct tsc__token *t = peek_at(p, k);
    return t && unit_words[u].one &&
           (tsc__tok_is(t, unit_words[u].one) || tsc__tok_is(t, unit_words[u].many));
}

/* Reads a unit: "working day(s)" or one word. */
static enum unit unit(struct parser *p)
{
    if (at(p, "working") && (at_unit_word(p, 1, U_DAY))) {
        p->i += 2;
        return U_WORKING_DAY;
    }
    for (int u = U_MINUTE; u <= U_YEAR; u++)
        if (at_unit_word(p, 0, (enum unit)u)) {
            p->i++;
            return (enum unit)u;
        }
    return U_NONE;
}

static uint8_t kind_of(enum unit u)
{
    return u == U_WORKING_DAY ? TSC__DUR_WORKING
           : u == U_MINUTE || u == U_HOUR ? TSC__DUR_ELAPSED
                                          : TSC__DUR_CALENDAR;
}

static const char *kind_name(uint8_t kind)
{
    return kind == TSC__DUR_WORKING ? "working days"
           : kind == TSC__DUR_ELAPSED ? "hours and minutes"
                                      : "calendar days, weeks, months and years";
}

/* Adds `n unit` to d, refusing to mix kinds. */
static tsc_status add_term(struct parser *p, const struct tsc__token *where,
                           struct tsc__duration *d, int32_t n, enum unit u)
{
    uint8_t kind = kind_of(u);
    if (d->kind && d->kind != kind)
        return fail(p, where, "cannot mix %s with %s in one amount", kind_name(d->kind),
                    kind_name(kind));
    d->kind = kind;
    switch (u) {
    case U_MINUTE: d->seconds += (int64_t)n * 60; break;
    case U_HOUR: d->seconds += (int64_t)n * 3600; break;
    case U_DAY: d->days += n; break;
    case U_WEEK: d->days += n * 7; break;
    case U_MONTH: d->months += n; break;
    case U_YEAR: d->months += n * 12; break;
    case U_WORKING_DAY: d->working_days += n; break;
    case U_NONE: break;
    }
    return TSC_OK;
}

/* N unit { N unit }; *first_unit (may be NULL) gets the first term's unit. */
static tsc_status duration_units(struct parser *p, struct tsc__duration *d, enum unit *first_unit)
{
    memset(d, 0, sizeof *d);
    tsc_status st;
    bool first = true;
    do {
        int32_t n = 0;
        const struct tsc__token *where = peek(p);
        if ((st = number(p, &n)))
            return st;
        enum unit u = unit(p);
        if (u == U_NONE)
            return expected(p, "a unit (minutes, hours, days, working days, weeks, months, "
                               "years)");
        if ((st = add_term(p, where, d, n, u)))
            return st;
        if (first && first_unit)
            *first_unit = u;
        first = false;
    } while (is_number(peek(p)));
    return TSC_OK;
}

static tsc_status duration(struct parser *p, struct tsc__duration *d)
{
    return duration_units(p, d, NULL);
}

static bool duration_is_zero(const struct tsc__duration *d)
{
    return d->months == 0 && d->days == 0 && d->working_days == 0 && d->seconds == 0;
}

/* ---- events and anchors ---- */

static bool is_event_name(const struct tsc__token *t)
{
    return t && !t->quoted && tsc__is_event_name(t->text, t->len, NULL);
}

static const char *const ordinal_words[] = {"first", "second", "third", "fourth", "fifth",
                                            "sixth", "seventh", "eighth", "ninth", "tenth"};

/* "first".."tenth", "1st", "2nd", "3rd", "4th".., "last" or "later" (every
 * one after the first); 0 if not an ordinal. */
static int ordinal_of(const struct tsc__token *t)
{
    if (!t || t->quoted)
        return 0;
    for (int i = 0; i < 10; i++)
        if (tsc__tok_is(t, ordinal_words[i]))
            return i + 1;
    if (tsc__tok_is(t, "last"))
        return -1;
    if (tsc__tok_is(t, "later"))
        return TSC__LATER;
    size_t digits = 0;
    while (digits < t->len && isdigit((unsigned char)t->text[digits]))
        digits++;
    if (digits == 0 || digits > 3 || t->len != digits + 2)
        return 0;
    const char *suffix = t->text + digits;
    int n = atoi(t->text);
    int last = n % 10, tens = n / 10 % 10;
    const char *want = tens == 1 ? "th" : last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd"
                                                                                          : "th";
    return n > 0 && strncmp(suffix, want, 2) == 0 ? n : 0;
}

static tsc_status anchor(struct parser *p, struct tsc__anchor *a)
{
    const struct tsc__token *t = peek(p);
    int ord = ordinal_of(t);
    /* "first-review" is an event; "first review" is an ordinal and an event. */
    if (ord && is_event_name(peek_at(p, 1)) && !ordinal_of(peek_at(p, 1))) {
        p->i++;
        t = peek(p);
    } else {
        ord = 0;
    }
    if (!is_event_name(t))
        return expected(p, "an event name (kebab-case, like referral or lac-review)");
    a->event = tsc__arena_strndup(p->arena, t->text, t->len);
    if (!a->event)
        return tsc__fail(p->err, TSC_ERR_NOMEM, "out of memory");
    a->ordinal = ord;
    a->column = p->column0 + t->column;
    a->event_id = -1;
    p->i++;
    return TSC_OK;
}

static tsc_status direction(struct parser *p, int *sign)
{
    if (accept(p, "after"))
        *sign = 1;
    else if (accept(p, "before"))
        *sign = -1;
    else
        return expected(p, "'after' or 'before'");
    return TSC_OK;
}

static tsc_status offset(struct parser *p, struct tsc__offset *o)
{
    tsc_status st;
    if ((st = duration(p, &o->dur)) || (st = direction(p, &o->sign)))
        return st;
    return anchor(p, &o->anchor);
}

static tsc_status until_clause(struct parser *p, struct tsc__until *u)
{
    tsc_status st;
    if (is_number(peek(p))) {
        u->kind = TSC__UNTIL_OFFSET;
        return offset(p, &u->offset);
    }
    u->kind = TSC__UNTIL_EVENTS;
    do {
        if (u->nevents == TSC__MAX_UNTIL_EVENTS)
            return fail(p, peek(p), "at most %d events after 'until'", TSC__MAX_UNTIL_EVENTS);
        if ((st = anchor(p, &u->events[u->nevents++])))
            return st;
    } while (accept(p, "or"));
    return TSC_OK;
}

/* ---- phases ---- */

static tsc_status phase_every_tail(struct parser *p, struct tsc__phase *ph)
{
    tsc_status st;
    if (at(p, "after") || at(p, "before")) {
        if ((st = direction(p, &ph->at.sign)) || (st = anchor(p, &ph->at.anchor)))
            return st;
    } else {
        ph->at.sign = 1;
    }
    if (accept(p, "until"))
        return until_clause(p, &ph->until);
    return TSC_OK;
}

static tsc_status phase_every(struct parser *p, struct tsc__phase *ph)
{
    const struct tsc__token *where = peek(p);
    tsc_status st = duration(p, &ph->at.dur);
    if (st)
        return st;
    if (duration_is_zero(&ph->at.dur))
        return fail(p, where, "an interval must be longer than zero");
    ph->kind = TSC__PH_EVERY;
    return phase_every_tail(p, ph);
}

static const struct { const char *word; int32_t days, months; } frequencies[] = {
    {"daily", 1, 0},   {"weekly", 7, 0},    {"fortnightly", 14, 0}, {"monthly", 0, 1},
    {"quarterly", 0, 3}, {"annually", 0, 12}, {"yearly", 0, 12},
};

static int frequency_of(struct parser *p)
{
    for (int i = 0; i < (int)(sizeof frequencies / sizeof frequencies[0]); i++)
        if (at(p, frequencies[i].word))
            return i;
    return -1;
}

static tsc_status phase_frequency(struct parser *p, struct tsc__phase *ph, int f)
{
    p->i++;
    ph->kind = TSC__PH_EVERY;
    ph->at.dur.kind = TSC__DUR_CALENDAR;
    ph->at.dur.days = frequencies[f].days;
    ph->at.dur.months = frequencies[f].months;
    return phase_every_tail(p, ph);
}

/* N times a year: every 12/N months. */
static tsc_status phase_quota(struct parser *p, struct tsc__phase *ph)
{
    const struct tsc__token *where = peek(p);
    int32_t n = 0;
    tsc_status st;
    if (accept(p, "once"))
        n = 1;
    else if (accept(p, "twice"))
        n = 2;
    else if ((st = number(p, &n)) || (st = (accept(p, "times") ? TSC_OK
                                                               : expected(p, "'times'"))))
        return st;
    if (!accept(p, "a") && !accept(p, "per"))
        return expected(p, "'a' (as in '3 times a year')");
    if (!accept(p, "year"))
        return expected(p, "'year'");
    if (n <= 0 || 12 % n != 0)
        return fail(p, where, "'%d times a year' does not divide a year into whole months "
                              "(use 1, 2, 3, 4, 6 or 12)", n);
    ph->kind = TSC__PH_EVERY;
    ph->at.dur.kind = TSC__DUR_CALENDAR;
    ph->at.dur.months = 12 / n;
    return phase_every_tail(p, ph);
}

static bool at_quota(struct parser *p)
{
    if (at(p, "once") || at(p, "twice"))
        return peek_at(p, 1) && (tsc__tok_is(peek_at(p, 1), "a") ||
                                 tsc__tok_is(peek_at(p, 1), "per"));
    return is_number(peek(p)) && peek_at(p, 1) && tsc__tok_is(peek_at(p, 1), "times");
}

/* The length of an amount in units of its kind, for ordering the two ends
 * of a window: months count as 31 days, so "between 1 month and 30 days
 * after" is reversed. */
static int64_t amount_size(const struct tsc__duration *d)
{
    switch (d->kind) {
    case TSC__DUR_WORKING:
        return d->working_days;
    case TSC__DUR_ELAPSED:
        return d->seconds;
    default:
        return (int64_t)d->months * 31 + d->days;
    }
}

/* between A and B direction anchor; "between 1 and 8 working days" gives A
 * the unit B starts with.  A window opens at A and is due at B, so after an
 * event A is the smaller amount and before one the larger ("between 12 and
 * 0 months before pdr"). */
static tsc_status phase_window(struct parser *p, struct tsc__phase *ph)
{
    const struct tsc__token *first = peek(p);
    struct tsc__duration start = {0};
    tsc_status st;
    int32_t bare = -1;
    if (is_number(first) && peek_at(p, 1) && tsc__tok_is(peek_at(p, 1), "and")) {
        number(p, &bare);
    } else if ((st = duration(p, &start))) {
        return st;
    }
    if (!accept(p, "and"))
        return expected(p, "'and' (as in 'between 1 and 8 working days after ...')");
    enum unit u = U_NONE;
    if ((st = duration_units(p, &ph->at.dur, &u)) || (st = direction(p, &ph->at.sign)) ||
        (st = anchor(p, &ph->at.anchor)))
        return st;
    if (bare >= 0 && (st = add_term(p, first, &start, bare, u)))
        return st;
    if (start.kind != ph->at.dur.kind)
        return fail(p, first, "both ends of a window need the same kind of unit (%s vs %s)",
                    kind_name(start.kind), kind_name(ph->at.dur.kind));
    int64_t opens = amount_size(&start), due = amount_size(&ph->at.dur);
    if (ph->at.sign > 0 ? opens > due : opens < due)
        return fail(p, first, "this window would open after it is due: the first amount is "
                    "where it opens, so %s an event write the %s amount first",
                    ph->at.sign > 0 ? "after" : "before",
                    ph->at.sign > 0 ? "smaller" : "larger");
    ph->window_start = start;
    ph->kind = TSC__PH_WINDOW;
    return TSC_OK;
}

/* on working days 5, 15 and 35 after X | on day 5 of X | on placement day 7 */
static tsc_status phase_on(struct parser *p, struct tsc__phase *ph)
{
    tsc_status st;
    if (at(p, "day") && is_number(peek_at(p, 1)) && peek_at(p, 2) &&
        tsc__tok_is(peek_at(p, 2), "of")) {
        p->i++;
        number(p, &ph->nth);
        p->i++;
        if (ph->nth < 1)
            return fail(p, &p->tok[p->i - 2], "day numbers start at 1 (the anchor's own day)");
        ph->kind = TSC__PH_DAY_OF;
        ph->at.sign = 1;
        return anchor(p, &ph->at.anchor);
    }
    const struct tsc__token *word = peek(p);
    if (word && is_event_name(word) && !tsc__tok_is(word, "working") && peek_at(p, 1) &&
        tsc__tok_is(peek_at(p, 1), "day") && is_number(peek_at(p, 2))) {
        char name[80];
        snprintf(name, sizeof name, "%.*s-day", (int)(word->len > 70 ? 70 : word->len),
                 word->text);
        p->i += 2;
        number(p, &ph->nth);
        if (ph->nth < 1)
            return fail(p, word, "placement days are counted from 1");
        ph->kind = TSC__PH_NTH_EVENT;
        ph->at.anchor.event = tsc__arena_strndup(p->arena, name, strlen(name));
        ph->at.anchor.column = p->column0 + word->column;
        ph->at.anchor.event_id = -1;
        return ph->at.anchor.event ? TSC_OK : tsc__fail(p->err, TSC_ERR_NOMEM, "out of memory");
    }
    const struct tsc__token *unit_tok = peek(p);
    enum unit u = unit(p);
    if (u == U_NONE)
        return expected(p, "'day N of EVENT', a unit (as in 'on working days 5, 15 and 35 "
                           "after ...') or 'WORD day N'");
    ph->kind = TSC__PH_POINTS;
    do {
        if (ph->npoints == TSC__MAX_POINTS)
            return fail(p, peek(p), "at most %d review points", TSC__MAX_POINTS);
        if ((st = number(p, &ph->points[ph->npoints++])))
            return st;
    } while (accept(p, ",") || accept(p, "and"));
    for (int i = 1; i < ph->npoints; i++)
        if (ph->points[i] <= ph->points[i - 1])
            return fail(p, unit_tok, "review points must increase (%d then %d)",
                        ph->points[i - 1], ph->points[i]);
    if ((st = add_term(p, unit_tok, &ph->at.dur, 1, u)) || (st = direction(p, &ph->at.sign)))
        return st;
    return anchor(p, &ph->at.anchor);
}

static tsc_status phase(struct parser *p, struct tsc__phase *ph)
{
    int f;
    tsc_status st;
    ph->column = p->column0 + (peek(p) ? peek(p)->column : p->end_column);
    if (accept(p, "every"))
        return phase_every(p, ph);
    if ((f = frequency_of(p)) >= 0)
        return phase_frequency(p, ph, f);
    if (at_quota(p))
        return phase_quota(p, ph);
    if (accept(p, "between"))
        return phase_window(p, ph);
    if (accept(p, "on"))
        return phase_on(p, ph);
    if (accept(p, "same")) {
        if (!accept(p, "day") || !accept(p, "as"))
            return expected(p, "'day as' (as in 'same day as referral')");
        ph->kind = TSC__PH_SAME_DAY;
        ph->at.sign = 1;
        ph->at.dur.kind = TSC__DUR_CALENDAR;
        return anchor(p, &ph->at.anchor);
    }
    if (is_number(peek(p))) {
        ph->kind = TSC__PH_ONCE;
        if ((st = offset(p, &ph->at)))
            return st;
        if (at(p, "until"))
            return fail(p, peek(p), "'until' ends a recurrence; a single deadline has no end");
        return TSC_OK;
    }
    return expected(p, "a rule: an amount ('5 working days after ...'), 'every', 'weekly', "
                       "'between', 'on', 'same day as' or 'N times a year'");
}

/* ---- the whole rule ---- */

static tsc_status check_phases(struct parser *p, const struct tsc_rule *r)
{
    for (int i = 0; i < r->nphases; i++) {
        const struct tsc__phase *ph = &r->phases[i];
        int col = ph->column - p->column0;
        struct tsc__token at_phase = {.column = col};
        bool single = ph->kind != TSC__PH_ONCE && ph->kind != TSC__PH_EVERY;
        if (single && r->nphases > 1)
            return fail(p, &at_phase, "this kind of timescale cannot have phases ('then')");
        if (i > 0 && ph->kind != TSC__PH_EVERY)
            return fail(p, &at_phase, "only a recurrence ('every ...') can follow 'then'");
        if (i == 0 && ph->kind == TSC__PH_EVERY && ph->at.sign < 0 && ph->at.anchor.event)
            return fail(p, &at_phase, "a recurrence counts forwards: write 'every ... after'");
        if (i > 0 && ph->at.sign < 0)
            return fail(p, &at_phase, "a later phase counts forwards: write 'after'");
        if (i == 0 && r->nphases > 1 && ph->at.sign < 0)
            return fail(p, &at_phase, "a rule with phases starts 'after' its anchor");
        if (ph->kind == TSC__PH_EVERY && i < r->nphases - 1 && ph->until.kind == TSC__UNTIL_NONE)
            return fail(p, &at_phase, "this phase never ends, so the next cannot start: "
                                      "give it 'until ...'");
    }
    return TSC_OK;
}

static tsc_status rule(struct parser *p, struct tsc_rule *r)
{
    tsc_status st;
    for (;;) {
        if (r->nphases == TSC__MAX_PHASES)
            return fail(p, peek(p), "at most %d phases", TSC__MAX_PHASES);
        if ((st = phase(p, &r->phases[r->nphases++])))
            return st;
        bool comma = accept(p, ",");
        if (accept(p, "then"))
            continue;
        if (comma) {
            if (accept(p, "keep"))
                r->roll = TSC_ROLL_UNADJUSTED;
            else if (accept(p, "following"))
                r->roll = TSC_ROLL_FOLLOWING;
            else if (accept(p, "preceding"))
                r->roll = TSC_ROLL_PRECEDING;
            else
                return expected(p, "'then', 'keep', 'following' or 'preceding' after ','");
            r->roll_given = true;
        }
        break;
    }
    if (peek(p)) {
        char buf[64];
        return fail(p, peek(p), "unexpected %s after the end of the rule",
                    found(peek(p), buf, sizeof buf));
    }
    return check_phases(p, r);
}

tsc_status tsc__rule_parse_into(const char *text, size_t len, struct tsc__arena *arena,
                                struct tsc_rule *r, const char *source, int line,
                                int column0, tsc_error *err)
{
    struct tsc__token toks[MAX_RULE_TOKENS];
    struct parser p = {.tok = toks, .source = source, .line = line, .column0 = column0,
                       .end_column = (int)len + 1, .arena = arena, .err = err};
    const char *nl = memchr(text, '\n', len);
    if (nl)
        return tsc__fail_at(err, TSC_ERR_PARSE, source, line, column0 + (int)(nl - text) + 1,
                            "a rule is one line");
    p.n = tsc__lex_line(text, len, source, line, toks, MAX_RULE_TOKENS, err);
    if (p.n < 0) {
        if (err)
            err->column += column0;
        return TSC_ERR_PARSE;
    }
    for (int i = 0; i < p.n; i++)
        if (toks[i].quoted)
            return fail(&p, &toks[i], "a rule has no quoted text");
    memset(r, 0, sizeof *r);
    r->arena = arena;
    r->roll = TSC_ROLL_PRECEDING;
    if (p.n == 0)
        return fail(&p, NULL, "empty rule");
    return rule(&p, r);
}

tsc_status tsc_rule_parse(const char *text, tsc_rule **out, tsc_error *err)
{
    if (!text || !out)
        return tsc__fail(err, TSC_ERR_ARG, "text or out is NULL");
    struct tsc__arena *arena = tsc__arena_new();
    struct tsc__standalone_rule *r = arena ? tsc__arena_alloc(arena, sizeof *r) : NULL;
    if (!r) {
        tsc__arena_free(arena);
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    }
    tsc_status st = tsc__rule_parse_into(text, strlen(text), arena, &r->rule, "", 1, 0, err);
    if (!st && !(r->text = tsc__arena_strndup(arena, text, strlen(text))))
        st = tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    if (st) {
        tsc__arena_free(arena);
        return st;
    }
    *out = &r->rule;
    return TSC_OK;
}

void tsc_rule_free(tsc_rule *r)
{
    if (r)
        tsc__arena_free(r->arena);   /* the rule lives in its own arena */
}

/* ---- queries used by packs and plans ---- */

static void each_in_until(struct tsc__until *u, void (*fn)(struct tsc__anchor *, void *),
                          void *ctx)
{
    if (u->kind == TSC__UNTIL_OFFSET)
        fn(&u->offset.anchor, ctx);
    for (int i = 0; i < u->nevents; i++)
        fn(&u->events[i], ctx);
}

void tsc__rule_each_anchor(struct tsc_rule *r, void (*fn)(struct tsc__anchor *, void *),
                           void *ctx)
{
    for (int i = 0; i < r->nphases; i++) {
        if (r->phases[i].at.anchor.event)
            fn(&r->phases[i].at.anchor, ctx);
        each_in_until(&r->phases[i].until, fn, ctx);
    }
}

bool tsc__rule_is_per_instance(const struct tsc_rule *r)
{
    return r->nphases == 1 && r->phases[0].kind != TSC__PH_EVERY;
}

/* ---- canonical text ---- */

static void put(struct tsc__text *o, const char *fmt, ...) TSC__PRINTF(2, 3);
static void put(struct tsc__text *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tsc__text_vprintf(o, fmt, ap);
    va_end(ap);
}

static void put_amount(struct tsc__text *o, int64_t n, const char *one, const char *many)
{
    put(o, "%s%lld %s", o->n ? " " : "", (long long)n, n == 1 ? one : many);
}

static void put_duration(struct tsc__text *o, const struct tsc__duration *d)
{
    if (d->kind == TSC__DUR_WORKING)
        put_amount(o, d->working_days, "working day", "working days");
    if (d->kind == TSC__DUR_ELAPSED) {
        if (d->seconds % 3600 == 0)
            put_amount(o, d->seconds / 3600, "hour", "hours");
        else
            put_amount(o, d->seconds / 60, "minute", "minutes");
    }
    if (d->kind == TSC__DUR_CALENDAR) {
        if (d->months >= 12)
            put_amount(o, d->months / 12, "year", "years");
        if (d->months % 12)
            put_amount(o, d->months % 12, "month", "months");
        if (d->days % 7 == 0 && d->days)
            put_amount(o, d->days / 7, "week", "weeks");
        else if (d->days || d->months == 0)
            put_amount(o, d->days, "day", "days");
    }
}

static void put_anchor(struct tsc__text *o, const struct tsc__anchor *a)
{
    if (a->ordinal > 0 && a->ordinal <= 10)
        put(o, " %s", ordinal_words[a->ordinal - 1]);
    else if (a->ordinal > 10)
        put(o, " %dth", a->ordinal);
    else if (a->ordinal == TSC__LATER)
        put(o, " later");
    else if (a->ordinal < 0)
        put(o, " last");
    put(o, " %s", a->event);
}

static void put_offset(struct tsc__text *o, const struct tsc__offset *off)
{
    put_duration(o, &off->dur);
    put(o, " %s", off->sign < 0 ? "before" : "after");
    put_anchor(o, &off->anchor);
}

static void put_phase(struct tsc__text *o, const struct tsc__phase *ph)
{
    switch (ph->kind) {
    case TSC__PH_ONCE:
        put_offset(o, &ph->at);
        break;
    case TSC__PH_SAME_DAY:
        put(o, "%ssame day as", o->n ? " " : "");
        put_anchor(o, &ph->at.anchor);
        break;
    case TSC__PH_WINDOW:
        put(o, "%sbetween", o->n ? " " : "");
        put_duration(o, &ph->window_start);
        put(o, " and");
        put_offset(o, &ph->at);
        break;
    case TSC__PH_POINTS:
        put(o, "%son %s", o->n ? " " : "",
            ph->at.dur.kind == TSC__DUR_WORKING ? "working days"
            : ph->at.dur.months ? (ph->at.dur.months == 12 ? "years" : "months")
            : ph->at.dur.days == 7 ? "weeks" : ph->at.dur.kind == TSC__DUR_ELAPSED
                ? (ph->at.dur.seconds == 60 ? "minutes" : "hours") : "days");
        for (int i = 0; i < ph->npoints; i++)
            put(o, "%s%d", i == 0 ? " " : i == ph->npoints - 1 ? " and " : ", ", ph->points[i]);
        put(o, " %s", ph->at.sign < 0 ? "before" : "after");
        put_anchor(o, &ph->at.anchor);
        break;
    case TSC__PH_DAY_OF:
        put(o, "%son day %d of", o->n ? " " : "", ph->nth);
        put_anchor(o, &ph->at.anchor);
        break;
    case TSC__PH_NTH_EVENT:
        put(o, "%son %.*s day %d", o->n ? " " : "",
            (int)strlen(ph->at.anchor.event) - 4, ph->at.anchor.event, ph->nth);
        break;
    case TSC__PH_EVERY:
        put(o, "%severy", o->n ? " " : "");
        put_duration(o, &ph->at.dur);
        if (ph->at.anchor.event) {
            put(o, " after");
            put_anchor(o, &ph->at.anchor);
        }
        if (ph->until.kind == TSC__UNTIL_OFFSET) {
            put(o, " until");
            put_offset(o, &ph->until.offset);
        }
        for (int i = 0; i < ph->until.nevents; i++) {
            put(o, i == 0 ? " until" : " or");
            put_anchor(o, &ph->until.events[i]);
        }
        break;
    }
}

size_t tsc_rule_format(const tsc_rule *r, char *buf, size_t size)
{
    if (!r)
        return 0;
    struct tsc__text o = tsc__text_fixed(buf, size);
    for (int i = 0; i < r->nphases; i++) {
        if (i)
            put(&o, ", then");
        put_phase(&o, &r->phases[i]);
    }
    if (r->roll_given)
        put(&o, ", %s", r->roll == TSC_ROLL_UNADJUSTED ? "keep"
                        : r->roll == TSC_ROLL_FOLLOWING ? "following" : "preceding");
    return o.n;
}
