/* holfile.c -- the holiday file format (holidays/NAME.hol), parsed into a holset.
 *
 * One statement per line; '#' starts a comment.
 *     calendar england-and-wales          the calendar's name
 *     zone Europe/London                  zone for hour rules
 *     weekend sat sun                     days never worked ("none" for none)
 *     include scotland | "council.hol"    every holiday of another calendar
 *     "Name"  WHEN  [from Y] [to Y] [substitute [sat:+N sun:+N ...]]
 *     move ["Which"] 2020-05-04 to 2020-05-08 ["New name"]
 *     remove 2010-01-04 [.. 2010-01-05]
 * WHEN is one of
 *     25 dec                 24 dec .. 31 dec            (every year)
 *     first mon of may       last mon of aug             (first..fourth, last)
 *     fri on or after 11 nov                             (also "on or before")
 *     easter   easter+1   easter-2
 *     2022-09-19             2026-12-24 .. 2026-12-31     (one-off)
 * `substitute` alone moves a holiday that falls on a weekend day to the next
 * day that is neither a weekend day nor already a holiday; `sat:-1 sun:+1`
 * moves it by a fixed number of days instead, and `sun:+1/-2` moves it by
 * -2 days when +1 lands on another holiday. */
#include "zone.h"
#include "date.h"
#include "holiday.h"
#include "lex.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_TOKENS = 48, MAX_INCLUDE_DEPTH = 16 };

struct parser {
    const char *source;
    struct tsc__arena *arena;
    const struct tsc__include_resolver *resolver;
    int depth;
    tsc_error *err;
    struct tsc__holset *set;
    struct tsc__holrule *rules;
    size_t nrules, caprules;
    struct tsc__holmove *moves;
    size_t nmoves, capmoves;
    struct tsc__holremove *removes;
    size_t nremoves, capremoves;
    const struct tsc__holset **includes;
    size_t nincludes, capincludes;
    int name_line, zone_line, weekend_line;
};

/* Line-at-a-time cursor over the tokens of one statement. */
struct cursor {
    struct parser *p;
    const struct tsc__token *tok;
    int n, i;
    int line, end_column;
};

static tsc_status fail_tok(struct cursor *c, const struct tsc__token *t, tsc_status code,
                           const char *fmt, ...) TSC__PRINTF(4, 5);
static tsc_status fail_tok(struct cursor *c, const struct tsc__token *t, tsc_status code,
                           const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tsc__vfail_at(c->p->err, code, c->p->source, c->line, t ? t->column : c->end_column, fmt,
                  ap);
    va_end(ap);
    return code;
}

static const struct tsc__token *peek(struct cursor *c)
{
    return c->i < c->n ? &c->tok[c->i] : NULL;
}

static const struct tsc__token *next(struct cursor *c)
{
    return c->i < c->n ? &c->tok[c->i++] : NULL;
}

static bool word_eq_ci(const struct tsc__token *t, const char *w)
{
    size_t n = strlen(w);
    if (t->quoted || t->len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)t->text[i]) != w[i])
            return false;
    return true;
}

static int lookup(const struct tsc__token *t, const char *const *names, int count)
{
    for (int i = 0; i < count; i++)
        if (word_eq_ci(t, names[i]))
            return i;
    return -1;
}

static const char *const month_short[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *const month_long[12] = {"january", "february", "march", "april",
                                           "may", "june", "july", "august",
                                           "september", "october", "november", "december"};
static const char *const day_short[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
static const char *const day_long[7] = {"monday", "tuesday", "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};
static const char *const ordinals[5] = {"first", "second", "third", "fourth", "last"};

static int month_of(const struct tsc__token *t)
{
    int m = lookup(t, month_short, 12);
    return m >= 0 ? m + 1 : (m = lookup(t, month_long, 12)) >= 0 ? m + 1 : 0;
}

static int weekday_of(const struct tsc__token *t)
{
    int d = lookup(t, day_short, 7);
    return d >= 0 ? d + 1 : (d = lookup(t, day_long, 7)) >= 0 ? d + 1 : 0;
}

/* A whole token of decimal digits into [lo, hi]. */
static bool number_of(const struct tsc__token *t, long lo, long hi, long *out)
{
    long v = 0;
    if (t->quoted || t->len == 0 || t->len > 9)
        return false;
    for (size_t i = 0; i < t->len; i++) {
        if (!isdigit((unsigned char)t->text[i]))
            return false;
        v = v * 10 + (t->text[i] - '0');
    }
    if (v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool looks_like_date(const struct tsc__token *t)
{
    return !t->quoted && t->len >= 5 && isdigit((unsigned char)t->text[0]) &&
           isdigit((unsigned char)t->text[3]) && t->text[4] == '-';
}

static tsc_status expect_date(struct cursor *c, const char *what, tsc_date *out)
{
    const struct tsc__token *t = next(c);
    if (!t)
        return fail_tok(c, NULL, TSC_ERR_PARSE, "expected %s (YYYY-MM-DD) at end of line", what);
    return tsc__date_parse_n(t->text, t->len, out, c->p->err, c->p->source, c->line,
                             t->column - 1);
}

static tsc_status expect_word(struct cursor *c, const char *word)
{
    const struct tsc__token *t = next(c);
    if (t && tsc__tok_is(t, word))
        return TSC_OK;
    if (!t)
        return fail_tok(c, NULL, TSC_ERR_PARSE, "expected '%s' at end of line", word);
    return fail_tok(c, t, TSC_ERR_PARSE, "expected '%s', found '%.*s'", word, (int)t->len,
                    t->text);
}

static tsc_status expect_end(struct cursor *c)
{
    const struct tsc__token *t = peek(c);
    if (!t)
        return TSC_OK;
    return fail_tok(c, t, TSC_ERR_PARSE, "unexpected '%.*s' at end of statement", (int)t->len,
                    t->text);
}

static char *dup_token(struct cursor *c, const struct tsc__token *t)
{
    char *s = tsc__arena_strndup(c->p->arena, t->text, t->len);
    if (!s)
        tsc__fail(c->p->err, TSC_ERR_NOMEM, "out of memory");
    return s;
}

/* "25 dec": day then month, the day checked against the month's longest length. */
static tsc_status day_month(struct cursor *c, int8_t *day, int8_t *month)
{
    const struct tsc__token *td = next(c), *tm = next(c);
    long d;
    int m;
    if (!td || !number_of(td, 1, 31, &d))
        return fail_tok(c, td, TSC_ERR_PARSE, "expected a day of the month (1..31)");
    if (!tm || !(m = month_of(tm)))
        return fail_tok(c, tm, TSC_ERR_PARSE, "expected a month (jan..dec)%s%.*s%s",
                        tm ? ", found '" : "", tm ? (int)tm->len : 0, tm ? tm->text : "",
                        tm ? "'" : "");
    if (d > tsc_date_days_in_month(2000, m))
        return fail_tok(c, td, TSC_ERR_DATE, "no such date: %s has no day %ld",
                        month_short[m - 1], d);
    *day = (int8_t)d;
    *month = (int8_t)m;
    return TSC_OK;
}

static tsc_status when_dated(struct cursor *c, struct tsc__holrule *r)
{
    tsc_status st = expect_date(c, "a date", &r->date);
    if (st)
        return st;
    r->kind = TSC__HOL_DATE;
    r->date_end = r->date;
    const struct tsc__token *t = peek(c);
    if (t && tsc__tok_is(t, "..")) {
        c->i++;
        const struct tsc__token *end_tok = peek(c);
        if ((st = expect_date(c, "the last date of the range", &r->date_end)))
            return st;
        if (r->date_end < r->date || r->date_end - r->date > 366)
            return fail_tok(c, end_tok, TSC_ERR_RANGE,
                            "a date range must run forwards and last at most 367 days");
    }
    return TSC_OK;
}

static tsc_status when_yearly(struct cursor *c, struct tsc__holrule *r)
{
    tsc_status st = day_month(c, &r->day, &r->month);
    if (st)
        return st;
    r->kind = TSC__HOL_FIXED;
    const struct tsc__token *t = peek(c);
    if (t && tsc__tok_is(t, "..")) {
        c->i++;
        const struct tsc__token *end_tok = peek(c);
        if ((st = day_month(c, &r->day_end, &r->month_end)))
            return st;
        if (r->month_end * 32 + r->day_end < r->month * 32 + r->day)
            return fail_tok(c, end_tok, TSC_ERR_RANGE,
                            "a yearly range must end in the same year (split it at 31 dec)");
        r->kind = TSC__HOL_YEARLY_RANGE;
    }
    return TSC_OK;
}

static tsc_status when_nth(struct cursor *c, struct tsc__holrule *r, int ordinal)
{
    const struct tsc__token *td = next(c);
    int wd = td ? weekday_of(td) : 0;
    if (!wd)
        return fail_tok(c, td, TSC_ERR_PARSE, "expected a weekday (mon..sun) after '%s'",
                        ordinals[ordinal]);
    tsc_status st = expect_word(c, "of");
    if (st)
        return st;
    const struct tsc__token *tm = next(c);
    int m = tm ? month_of(tm) : 0;
    if (!m)
        return fail_tok(c, tm, TSC_ERR_PARSE, "expected a month (jan..dec)");
    r->kind = TSC__HOL_NTH_WEEKDAY;
    r->weekday = (int8_t)wd;
    r->month = (int8_t)m;
    r->nth = (int8_t)(ordinal == 4 ? -1 : ordinal + 1);
    return TSC_OK;
}

static tsc_status when_weekday_near(struct cursor *c, struct tsc__holrule *r, int wd)
{
    tsc_status st;
    if ((st = expect_word(c, "on")) || (st = expect_word(c, "or")))
        return st;
    const struct tsc__token *t = next(c);
    if (t && tsc__tok_is(t, "after"))
        r->kind = TSC__HOL_WEEKDAY_AFTER;
    else if (t && tsc__tok_is(t, "before"))
        r->kind = TSC__HOL_WEEKDAY_BEFORE;
    else
        return fail_tok(c, t, TSC_ERR_PARSE, "expected 'after' or 'before'");
    r->weekday = (int8_t)wd;
    return day_month(c, &r->day, &r->month);
}

/* "easter", "easter+1", "easter-2", "easter +50" */
static tsc_status when_easter(struct cursor *c, struct tsc__holrule *r,
                              const struct tsc__token *t)
{
    const char *s = t->text + 6;
    size_t n = t->len - 6;
    const struct tsc__token *sign_tok = t;
    if (n == 0 && peek(c) && (peek(c)->text[0] == '+' || peek(c)->text[0] == '-') &&
        !peek(c)->quoted) {
        sign_tok = next(c);
        s = sign_tok->text;
        n = sign_tok->len;
    }
    r->kind = TSC__HOL_EASTER;
    if (n == 0)
        return TSC_OK;
    long v = 0;
    bool ok = n >= 2 && n <= 4 && (s[0] == '+' || s[0] == '-');
    for (size_t i = 1; ok && i < n; i++) {
        ok = isdigit((unsigned char)s[i]);
        v = v * 10 + (s[i] - '0');
    }
    if (!ok || v > 300)
        return fail_tok(c, sign_tok, TSC_ERR_PARSE,
                        "expected an offset in days like easter+1 or easter-2 (at most 300)");
    r->offset = (int16_t)(s[0] == '-' ? -v : v);
    return TSC_OK;
}

static tsc_status parse_when(struct cursor *c, struct tsc__holrule *r)
{
    const struct tsc__token *t = peek(c);
    int k;
    if (!t)
        return fail_tok(c, NULL, TSC_ERR_PARSE,
                        "expected when the holiday falls (e.g. '25 dec', 'last mon of may', "
                        "'easter+1', '2022-09-19') after the name");
    if (looks_like_date(t))
        return when_dated(c, r);
    if (!t->quoted && isdigit((unsigned char)t->text[0]))
        return when_yearly(c, r);
    if ((k = lookup(t, ordinals, 5)) >= 0) {
        c->i++;
        return when_nth(c, r, k);
    }
    if ((k = weekday_of(t)) > 0) {
        c->i++;
        return when_weekday_near(c, r, k);
    }
    if (!t->quoted && t->len >= 6 && strncmp(t->text, "easter", 6) == 0) {
        c->i++;
        return when_easter(c, r, t);
    }
    return fail_tok(c, t, TSC_ERR_PARSE,
                    "unknown date form '%.*s' (expected '25 dec', 'first mon of may', "
                    "'fri on or after 11 nov', 'easter+1' or '2022-09-19')",
                    (int)t->len, t->text);
}

/* "+3" or "-1" at s (2 bytes): the shift, or 0 when malformed. */
static int shift_days(const char *s)
{
    if ((s[0] != '+' && s[0] != '-') || s[1] < '1' || s[1] > '6')
        return 0;
    return s[0] == '-' ? -(s[1] - '0') : s[1] - '0';
}

/* sat:+3, sun:-1, sun:+1/-2 */
static tsc_status parse_shift(struct cursor *c, struct tsc__holrule *r,
                              const struct tsc__token *t)
{
    const char *colon = memchr(t->text, ':', t->len);
    struct tsc__token day = *t;
    if (colon)
        day.len = (size_t)(colon - t->text);
    int wd = colon ? weekday_of(&day) : 0;
    const char *s = colon ? colon + 1 : NULL;
    size_t n = colon ? t->len - day.len - 1 : 0;
    int first = n == 2 || n == 5 ? shift_days(s) : 0;
    int alt = n == 5 && s[2] == '/' ? shift_days(s + 3) : 0;
    if (!wd || !first || (n == 5 && !alt))
        return fail_tok(c, t, TSC_ERR_PARSE,
                        "expected a substitute shift like 'sat:+2', 'sun:-2' or 'sun:+1/-2' "
                        "(1..6 days), found '%.*s'", (int)t->len, t->text);
    r->subst = TSC__SUBST_SHIFT;
    r->shift[wd - 1] = (int8_t)first;
    r->shift_alt[wd - 1] = (int8_t)alt;
    return TSC_OK;
}

static tsc_status parse_year(struct cursor *c, const char *keyword, int16_t *out)
{
    const struct tsc__token *t = next(c);
    long y;
    if (!t || !number_of(t, 1, 9999, &y))
        return fail_tok(c, t, TSC_ERR_PARSE, "expected a year (1..9999) after '%s'", keyword);
    *out = (int16_t)y;
    return TSC_OK;
}

static tsc_status parse_options(struct cursor *c, struct tsc__holrule *r)
{
    const struct tsc__token *t;
    tsc_status st;
    bool saw_range = false;
    while ((t = next(c))) {
        if (tsc__tok_is(t, "from") || tsc__tok_is(t, "to")) {
            bool from = t->text[0] == 'f';
            if ((st = parse_year(c, from ? "from" : "to", from ? &r->from_year : &r->to_year)))
                return st;
            saw_range = true;
        } else if (tsc__tok_is(t, "substitute")) {
            r->subst = TSC__SUBST_NEXT_FREE;
            while (peek(c) && memchr(peek(c)->text, ':', peek(c)->len))
                if ((st = parse_shift(c, r, next(c))))
                    return st;
        } else {
            return fail_tok(c, t, TSC_ERR_PARSE,
                            "unexpected '%.*s' (expected 'from YEAR', 'to YEAR' or "
                            "'substitute')", (int)t->len, t->text);
        }
        if (saw_range && r->kind == TSC__HOL_DATE)
            return fail_tok(c, t, TSC_ERR_PARSE, "a dated holiday cannot have 'from' or 'to'");
        if (r->from_year > r->to_year)
            return fail_tok(c, t, TSC_ERR_RANGE, "'from %d' is after 'to %d'", r->from_year,
                            r->to_year);
    }
    return TSC_OK;
}

static tsc_status stmt_holiday(struct cursor *c)
{
    struct parser *p = c->p;
    if (!tsc__grow((void **)&p->rules, &p->caprules, p->nrules + 1, sizeof *p->rules))
        return tsc__fail(p->err, TSC_ERR_NOMEM, "out of memory");
    struct tsc__holrule *r = &p->rules[p->nrules];
    memset(r, 0, sizeof *r);
    const struct tsc__token *name = next(c);
    if (name->len == 0)
        return fail_tok(c, name, TSC_ERR_PARSE, "a holiday name may not be empty");
    r->from_year = 1;
    r->to_year = 9999;
    r->line = c->line;
    tsc_status st;
    if ((st = parse_when(c, r)) || (st = parse_options(c, r)))
        return st;
    if (!(r->name = dup_token(c, name)))
        return TSC_ERR_NOMEM;
    p->nrules++;
    return TSC_OK;
}

static tsc_status stmt_move(struct cursor *c)
{
    struct parser *p = c->p;
    struct tsc__holmove m = {.line = c->line};
    tsc_status st;
    if (peek(c) && peek(c)->quoted && !(m.which = dup_token(c, next(c))))
        return TSC_ERR_NOMEM;
    m.column = peek(c) ? peek(c)->column : 0;
    if ((st = expect_date(c, "the date the holiday moves from", &m.from)) ||
        (st = expect_word(c, "to")))
        return st;
    const struct tsc__token *to_tok = peek(c);
    if ((st = expect_date(c, "the date the holiday moves to", &m.to)))
        return st;
    if (m.to == m.from)
        return fail_tok(c, to_tok, TSC_ERR_PARSE, "a holiday cannot move to its own date");
    if (peek(c) && peek(c)->quoted && !(m.name = dup_token(c, next(c))))
        return TSC_ERR_NOMEM;
    if ((st = expect_end(c)))
        return st;
    if (!tsc__grow((void **)&p->moves, &p->capmoves, p->nmoves + 1, sizeof *p->moves))
        return tsc__fail(p->err, TSC_ERR_NOMEM, "out of memory");
    p->moves[p->nmoves++] = m;
    return TSC_OK;
}

static tsc_status stmt_remove(struct cursor *c)
{
    struct parser *p = c->p;
    struct tsc__holremove r = {.line = c->line, .column = peek(c) ? peek(c)->column : 0};
    tsc_status st = expect_date(c, "the date to remove", &r.from);
    if (st)
        return st;
    r.to = r.from;
    if (peek(c) && tsc__tok_is(peek(c), "..")) {
        c->i++;
        const struct tsc__token *end_tok = peek(c);
        if ((st = expect_date(c, "the last date to remove", &r.to)))
            return st;
        if (r.to < r.from)
            return fail_tok(c, end_tok, TSC_ERR_RANGE, "the range runs backwards");
    }
    if ((st = expect_end(c)))
        return st;
    if (!tsc__grow((void **)&p->removes, &p->capremoves, p->nremoves + 1,
                   sizeof *p->removes))
        return tsc__fail(p->err, TSC_ERR_NOMEM, "out of memory");
    p->removes[p->nremoves++] = r;
    return TSC_OK;
}

static tsc_status once(struct cursor *c, const struct tsc__token *kw, int *seen)
{
    if (*seen)
        return fail_tok(c, kw, TSC_ERR_PARSE, "'%.*s' is already set on line %d", (int)kw->len,
                        kw->text, *seen);
    *seen = c->line;
    return TSC_OK;
}

static tsc_status stmt_calendar(struct cursor *c, const struct tsc__token *kw)
{
    const struct tsc__token *t = next(c);
    tsc_status st = once(c, kw, &c->p->name_line);
    if (st)
        return st;
    if (!t)
        return fail_tok(c, NULL, TSC_ERR_PARSE, "expected a calendar name after 'calendar'");
    for (size_t i = 0; i < t->len; i++)
        if (!islower((unsigned char)t->text[i]) && !isdigit((unsigned char)t->text[i]) &&
            t->text[i] != '-' && t->text[i] != '_')
            return fail_tok(c, t, TSC_ERR_PARSE,
                            "a calendar name uses a-z, 0-9, '-' and '_' only");
    if (!(c->p->set->name = dup_token(c, t)))
        return TSC_ERR_NOMEM;
    return expect_end(c);
}

static tsc_status stmt_zone(struct cursor *c, const struct tsc__token *kw)
{
    const struct tsc__token *t = next(c);
    tsc_status st = once(c, kw, &c->p->zone_line);
    if (st)
        return st;
    if (!t)
        return fail_tok(c, NULL, TSC_ERR_PARSE, "expected a time zone after 'zone'");
    char *z = dup_token(c, t);
    if (!z)
        return TSC_ERR_NOMEM;
    if (!tsc__zone_find(z))
        return fail_tok(c, t, TSC_ERR_NOTFOUND,
                        "unknown time zone '%s' (built in: Europe/London, Atlantic/St_Helena, "
                        "UTC)", z);
    c->p->set->zone = z;
    return expect_end(c);
}

static tsc_status stmt_weekend(struct cursor *c, const struct tsc__token *kw)
{
    tsc_status st = once(c, kw, &c->p->weekend_line);
    unsigned mask = 0;
    const struct tsc__token *t;
    if (st)
        return st;
    if (peek(c) && tsc__tok_is(peek(c), "none")) {
        c->i++;
        c->p->set->weekend = 0;
        return expect_end(c);
    }
    while ((t = next(c))) {
        int wd = weekday_of(t);
        if (!wd)
            return fail_tok(c, t, TSC_ERR_PARSE, "unknown weekday '%.*s' (expected mon..sun)",
                            (int)t->len, t->text);
        mask |= 1u << (wd - 1);
    }
    if (mask == 0)
        return fail_tok(c, NULL, TSC_ERR_PARSE, "expected weekdays (or 'none') after 'weekend'");
    if (mask == 0x7f)
        return fail_tok(c, kw, TSC_ERR_PARSE, "a weekend of all seven days leaves no working day");
    c->p->set->weekend = mask;
    return TSC_OK;
}

static tsc_status stmt_include(struct cursor *c)
{
    struct parser *p = c->p;
    const struct tsc__token *t = next(c);
    if (!t)
        return fail_tok(c, NULL, TSC_ERR_PARSE, "expected a calendar name or \"path\" after "
                                                "'include'");
    tsc_status st = expect_end(c);
    if (st)
        return st;
    if (!p->resolver)
        return fail_tok(c, t, TSC_ERR_PARSE, "'include' is not allowed here");
    if (p->depth >= MAX_INCLUDE_DEPTH)
        return fail_tok(c, t, TSC_ERR_PARSE, "includes nest more than %d deep (a loop?)",
                        MAX_INCLUDE_DEPTH);
    char *name = dup_token(c, t);
    if (!name)
        return TSC_ERR_NOMEM;
    if (!tsc__grow((void **)&p->includes, &p->capincludes, p->nincludes + 1,
                   sizeof *p->includes))
        return tsc__fail(p->err, TSC_ERR_NOMEM, "out of memory");
    tsc_error inner;
    tsc__error_clear(&inner);
    st = p->resolver->resolve(p->resolver->ctx, name, t->quoted, p->source, p->depth + 1,
                              p->arena, &p->includes[p->nincludes], &inner);
    if (st == TSC_ERR_NOTFOUND && inner.line == 0)
        return fail_tok(c, t, st, "%s", inner.message[0] ? inner.message : "not found");
    if (st) {
        if (p->err)
            *p->err = inner;
        return st;
    }
    p->nincludes++;
    return TSC_OK;
}

static tsc_status statement(struct cursor *c)
{
    const struct tsc__token *kw = peek(c);
    if (kw->quoted)
        return stmt_holiday(c);
    c->i++;
    if (tsc__tok_is(kw, "calendar"))
        return stmt_calendar(c, kw);
    if (tsc__tok_is(kw, "zone"))
        return stmt_zone(c, kw);
    if (tsc__tok_is(kw, "weekend"))
        return stmt_weekend(c, kw);
    if (tsc__tok_is(kw, "include"))
        return stmt_include(c);
    if (tsc__tok_is(kw, "move"))
        return stmt_move(c);
    if (tsc__tok_is(kw, "remove"))
        return stmt_remove(c);
    return fail_tok(c, kw, TSC_ERR_PARSE,
                    "unknown statement '%.*s' (expected a \"quoted holiday name\", calendar, "
                    "zone, weekend, include, move or remove)", (int)kw->len, kw->text);
}

static const char *default_name(struct parser *p)
{
    const char *base = strrchr(p->source, '/');
    base = base ? base + 1 : p->source;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".hol") == 0)
        n -= 4;
    if (n == 0 || base[0] == '<')
        return "custom";
    return tsc__arena_strndup(p->arena, base, n);
}

static void *arena_copy(struct tsc__arena *arena, const void *src, size_t n, size_t size)
{
    void *dst = n ? tsc__arena_alloc(arena, n * size) : NULL;
    if (dst)
        memcpy(dst, src, n * size);
    return dst;
}

static tsc_status finish(struct parser *p)
{
    struct tsc__holset *s = p->set;
    s->rules = arena_copy(p->arena, p->rules, p->nrules, sizeof *p->rules);
    s->moves = arena_copy(p->arena, p->moves, p->nmoves, sizeof *p->moves);
    s->removes = arena_copy(p->arena, p->removes, p->nremoves, sizeof *p->removes);
    s->includes = arena_copy(p->arena, p->includes, p->nincludes, sizeof *p->includes);
    if ((p->nrules && !s->rules) || (p->nmoves && !s->moves) ||
        (p->nremoves && !s->removes) || (p->nincludes && !s->includes))
        return tsc__fail(p->err, TSC_ERR_NOMEM, "out of memory");
    s->nrules = p->nrules;
    s->nmoves = p->nmoves;
    s->nremoves = p->nremoves;
    s->nincludes = p->nincludes;
    if (!s->name && !(s->name = default_name(p)))
        return tsc__fail(p->err, TSC_ERR_NOMEM, "out of memory");
    if (!s->zone)
        s->zone = p->nincludes ? p->includes[0]->zone : "Europe/London";
    if (!p->weekend_line && p->nincludes)
        s->weekend = p->includes[0]->weekend;
    return TSC_OK;
}

tsc_status tsc__holfile_parse(const char *text, size_t len, const char *source,
                              const struct tsc__include_resolver *resolver, int depth,
                              struct tsc__arena *arena, const struct tsc__holset **out,
                              tsc_error *err)
{
    struct parser p = {.source = source, .arena = arena, .resolver = resolver,
                       .depth = depth, .err = err};
    struct tsc__token toks[MAX_TOKENS];
    tsc_status st = TSC_OK;
    p.set = tsc__arena_alloc(arena, sizeof *p.set);
    char *src_copy = tsc__arena_strndup(arena, source, strlen(source));
    if (!p.set || !src_copy)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    p.source = p.set->source = src_copy;
    p.set->weekend = TSC_WEEKEND_DEFAULT;
    int line = 1;
    tsc__skip_bom(&text, &len);
    for (const char *s = text, *end = text + len; s < end && !st; line++) {
        const char *eol = memchr(s, '\n', (size_t)(end - s));
        size_t n = eol ? (size_t)(eol - s) : (size_t)(end - s);
        int ntok = tsc__lex_line(s, n, p.source, line, toks, MAX_TOKENS, err);
        if (ntok < 0)
            st = TSC_ERR_PARSE;
        else if (ntok > 0) {
            struct cursor c = {&p, toks, ntok, 0, line, (int)n + 1};
            st = statement(&c);
        }
        s += n + 1;
    }
    if (!st)
        st = finish(&p);
    free(p.rules);
    free(p.moves);
    free(p.removes);
    free(p.includes);
    if (!st)
        *out = p.set;
    return st;
}
