/* holset.c -- expanding holiday rules into the days observed in one year. */
#include "holiday.h"
#include "date.h"

#include <stdlib.h>
#include <string.h>

void tsc__dayhol_vec_free(struct tsc__dayhol_vec *vec)
{
    free(vec->v);
    vec->v = NULL;
    vec->n = vec->cap = 0;
}

static bool push(struct tsc__dayhol_vec *vec, tsc_date d, uint32_t flags, const char *name)
{
    if (!tsc__grow((void **)&vec->v, &vec->cap, vec->n + 1, sizeof *vec->v))
        return false;
    vec->v[vec->n++] = (struct tsc__dayhol){d, flags, name};
    return true;
}

static tsc_date nth_weekday(int year, int month, int weekday, int nth)
{
    if (nth > 0) {
        tsc_date first = tsc__ymd_to_date(year, month, 1);
        return first + (weekday - tsc__weekday(first) + 7) % 7 + 7 * (nth - 1);
    }
    tsc_date last = tsc__ymd_to_date(year, month, tsc_date_days_in_month(year, month));
    return last - (tsc__weekday(last) - weekday + 7) % 7;
}

/* The unshifted day(s) a rule gives in `year`: returns how many (0 when the
 * rule is not in force or the date does not exist that year, like 29 Feb). */
static int rule_days(const struct tsc__holrule *r, int year, tsc_date *first, tsc_date *last)
{
    if (r->kind == TSC__HOL_DATE) {
        if (tsc__date_year(r->date) != year)
            return 0;
        *first = r->date;
        *last = r->date_end;
        return 1;
    }
    if (year < r->from_year || year > r->to_year)
        return 0;
    switch (r->kind) {
    case TSC__HOL_FIXED:
    case TSC__HOL_YEARLY_RANGE: {
        int d = r->day, dim = tsc_date_days_in_month(year, r->month);
        if (d > dim)
            return 0;
        *first = *last = tsc__ymd_to_date(year, r->month, d);
        if (r->kind == TSC__HOL_YEARLY_RANGE) {
            int de = r->day_end, dime = tsc_date_days_in_month(year, r->month_end);
            *last = tsc__ymd_to_date(year, r->month_end, de < dime ? de : dime);
        }
        return 1;
    }
    case TSC__HOL_NTH_WEEKDAY:
        *first = *last = nth_weekday(year, r->month, r->weekday, r->nth);
        return 1;
    case TSC__HOL_WEEKDAY_AFTER:
    case TSC__HOL_WEEKDAY_BEFORE: {
        tsc_date base = tsc__ymd_to_date(year, r->month, r->day);
        int gap = r->kind == TSC__HOL_WEEKDAY_AFTER ? (r->weekday - tsc__weekday(base) + 7) % 7
                                                     : -((tsc__weekday(base) - r->weekday + 7) % 7);
        *first = *last = base + gap;
        return 1;
    }
    case TSC__HOL_EASTER: {
        tsc_date d = tsc__easter(year) + r->offset;
        if (!tsc__date_valid(d))
            return 0;
        *first = *last = d;
        return 1;
    }
    default:
        return 0;
    }
}

static bool on_weekend(unsigned weekend, tsc_date d)
{
    return weekend & (1u << (tsc__weekday(d) - 1));
}

static bool occupied(const struct tsc__dayhol_vec *vec, size_t from, tsc_date d)
{
    for (size_t i = from; i < vec->n; i++)
        if (vec->v[i].date == d)
            return true;
    return false;
}

static int by_date(const void *a, const void *b)
{
    const struct tsc__dayhol *x = a, *y = b;
    if (x->date != y->date)
        return (x->date > y->date) - (x->date < y->date);
    return strcmp(x->name, y->name);
}

/* One day a rule of this set gives, before substitution. */
struct own_day {
    tsc_date date;
    tsc_date actual;        /* before any shift */
    uint32_t flags;
    const struct tsc__holrule *rule;
};

static int own_by_date(const void *a, const void *b)
{
    const struct own_day *x = a, *y = b;
    if (x->date != y->date)
        return (x->date > y->date) - (x->date < y->date);
    return (x->rule > y->rule) - (x->rule < y->rule);
}

static bool expand(const struct tsc__holset *hs, int year, struct tsc__dayhol_vec *out,
                   bool look_ahead);

/* The holidays of the year after, for substitutes that spill into it
 * (Saturday 31 December): computed once, only when needed. */
struct next_year {
    const struct tsc__holset *hs;
    int year;
    bool look_ahead, loaded, oom;
    struct tsc__dayhol_vec vec;
};

static bool taken_next_year(struct next_year *ny, tsc_date d)
{
    if (!ny->look_ahead || tsc__date_year(d) <= ny->year || ny->year >= 9999)
        return false;
    if (!ny->loaded) {
        ny->loaded = true;
        ny->oom = !expand(ny->hs, ny->year + 1, &ny->vec, false);
    }
    return !ny->oom && occupied(&ny->vec, 0, d);
}

/* A substitute takes the first later day that is neither a weekend day nor
 * already a holiday, this year's or the next's.  Holidays are settled in
 * date order, so when Christmas Day is a Saturday and Boxing Day a Sunday,
 * Christmas takes Monday 27 and Boxing Day Tuesday 28, as the
 * proclamations say. */
static bool substitute_next_free(const struct tsc__holset *hs, struct tsc__dayhol_vec *vec,
                                 size_t first, const struct own_day *own, size_t nown,
                                 struct next_year *ny)
{
    size_t base = vec->n - nown;
    for (size_t i = 0; i < nown; i++) {
        tsc_date d = own[i].date;
        if (own[i].rule->subst != TSC__SUBST_NEXT_FREE || !on_weekend(hs->weekend, d))
            continue;
        do
            d++;
        while (d < TSC_DATE_MAX && (on_weekend(hs->weekend, d) || occupied(vec, first, d) ||
                                    taken_next_year(ny, d)));
        vec->v[base + i].date = d;
        vec->v[base + i].flags |= TSC_HOLIDAY_SUBSTITUTE;
    }
    return !ny->oom;
}

/* A shift with a fallback ("sun:+1/-2") takes the fallback when its first
 * choice is another holiday: St Helena Day on Whit Sunday goes to the
 * Friday before, because the Monday is Whit Monday. */
static void substitute_fallback(struct tsc__dayhol_vec *vec, size_t first,
                                const struct own_day *own, size_t nown)
{
    size_t base = vec->n - nown;
    for (size_t i = 0; i < nown; i++) {
        int wd = tsc__weekday(own[i].actual) - 1;
        if (own[i].rule->subst != TSC__SUBST_SHIFT || !own[i].rule->shift_alt[wd])
            continue;
        struct tsc__dayhol *me = &vec->v[base + i];
        bool taken = false;
        for (size_t k = first; k < vec->n && !taken; k++)
            taken = k != base + i && vec->v[k].date == me->date;
        if (taken)
            me->date = own[i].actual + own[i].rule->shift_alt[wd];
    }
}

static size_t collect_own_days(const struct tsc__holset *hs, int year, struct own_day *own)
{
    size_t n = 0;
    for (size_t r = 0; r < hs->nrules; r++) {
        const struct tsc__holrule *rule = &hs->rules[r];
        tsc_date a, b;
        if (!rule_days(rule, year, &a, &b))
            continue;
        for (tsc_date d = a; d <= b; d++) {
            struct own_day o = {d, d, rule->kind == TSC__HOL_DATE ? TSC_HOLIDAY_ONE_OFF : 0,
                                rule};
            int shift = rule->subst == TSC__SUBST_SHIFT ? rule->shift[tsc__weekday(d) - 1] : 0;
            if (shift) {
                o.date += shift;
                o.flags |= TSC_HOLIDAY_SUBSTITUTE;
            }
            if (tsc__date_valid(o.date))
                own[n++] = o;
        }
    }
    return n;
}

static bool expand_own_rules(const struct tsc__holset *hs, int year,
                             struct tsc__dayhol_vec *vec, size_t first, bool look_ahead)
{
    struct own_day stack[64], *own = stack;
    size_t bound = 0;
    for (size_t r = 0; r < hs->nrules; r++)
        bound += hs->rules[r].kind == TSC__HOL_DATE
                     ? (size_t)(hs->rules[r].date_end - hs->rules[r].date) + 1
                 : hs->rules[r].kind == TSC__HOL_YEARLY_RANGE ? 366 : 1;
    if (bound > sizeof stack / sizeof stack[0] && !(own = malloc(bound * sizeof *own)))
        return false;
    size_t n = collect_own_days(hs, year, own);
    tsc__sort(own, n, sizeof *own, own_by_date);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++)
        ok = push(vec, own[i].date, own[i].flags, own[i].rule->name);
    if (ok) {
        struct next_year ny = {.hs = hs, .year = year, .look_ahead = look_ahead};
        ok = substitute_next_free(hs, vec, first, own, n, &ny);
        substitute_fallback(vec, first, own, n);
        tsc__dayhol_vec_free(&ny.vec);
    }
    if (own != stack)
        free(own);
    return ok;
}

static void apply_moves_and_removes(const struct tsc__holset *hs, struct tsc__dayhol_vec *vec,
                                    size_t first)
{
    for (size_t m = 0; m < hs->nmoves; m++)
        for (size_t i = first; i < vec->n; i++)
            if (vec->v[i].date == hs->moves[m].from &&
                (!hs->moves[m].which || strcmp(vec->v[i].name, hs->moves[m].which) == 0)) {
                vec->v[i].date = hs->moves[m].to;
                vec->v[i].flags |= TSC_HOLIDAY_MOVED;
                if (hs->moves[m].name)
                    vec->v[i].name = hs->moves[m].name;
            }
    size_t kept = first;
    for (size_t i = first; i < vec->n; i++) {
        bool removed = false;
        for (size_t r = 0; r < hs->nremoves && !removed; r++)
            removed = vec->v[i].date >= hs->removes[r].from && vec->v[i].date <= hs->removes[r].to;
        if (!removed)
            vec->v[kept++] = vec->v[i];
    }
    vec->n = kept;
}

static bool expand(const struct tsc__holset *hs, int year, struct tsc__dayhol_vec *out,
                   bool look_ahead)
{
    size_t first = out->n;
    for (size_t i = 0; i < hs->nincludes; i++)
        if (!expand(hs->includes[i], year, out, look_ahead))
            return false;
    if (!expand_own_rules(hs, year, out, first, look_ahead))
        return false;
    apply_moves_and_removes(hs, out, first);
    if (out->n > first)       /* out->v may still be NULL: no offset from it */
        tsc__sort(out->v + first, out->n - first, sizeof *out->v, by_date);
    return true;
}

bool tsc__holset_expand_year(const struct tsc__holset *hs, int year,
                             struct tsc__dayhol_vec *out)
{
    return expand(hs, year, out, true);
}

size_t tsc__holset_year_bound(const struct tsc__holset *hs)
{
    size_t n = 0;
    for (size_t i = 0; i < hs->nincludes; i++)
        n += tsc__holset_year_bound(hs->includes[i]);
    for (size_t r = 0; r < hs->nrules; r++) {
        const struct tsc__holrule *rule = &hs->rules[r];
        if (rule->kind == TSC__HOL_DATE)
            n += (size_t)(rule->date_end - rule->date) + 1;
        else if (rule->kind == TSC__HOL_YEARLY_RANGE)
            n += 31u * (size_t)(rule->month_end - rule->month + 1);
        else
            n++;
    }
    return n;
}

static bool any_holiday_in(const struct tsc__holset *bare, tsc_date from, tsc_date to,
                           const char *name, bool *oom)
{
    struct tsc__dayhol_vec vec = {0};
    int year = tsc__date_year(from);
    bool found = false;
    for (int y = year - 1; y <= year + 1 && !found; y++) {
        vec.n = 0;
        if (y < 1 || y > 9999)
            continue;
        if (!tsc__holset_expand_year(bare, y, &vec)) {
            *oom = true;
            break;
        }
        for (size_t i = 0; i < vec.n && !found; i++)
            found = vec.v[i].date >= from && vec.v[i].date <= to &&
                    (!name || strcmp(vec.v[i].name, name) == 0);
    }
    tsc__dayhol_vec_free(&vec);
    return found;
}

tsc_status tsc__holset_check(const struct tsc__holset *hs, tsc_error *err)
{
    struct tsc__holset bare = *hs;
    bool oom = false;
    char a[11], b[11];
    bare.nmoves = bare.nremoves = 0;
    for (size_t m = 0; m < hs->nmoves; m++) {
        const struct tsc__holmove *mv = &hs->moves[m];
        if (!any_holiday_in(&bare, mv->from, mv->from, mv->which, &oom) && !oom) {
            tsc_date_format(mv->from, a, sizeof a);
            return tsc__fail_at(err, TSC_ERR_PARSE, hs->source, mv->line, mv->column,
                                "move: no holiday%s%s%s falls on %s", mv->which ? " '" : "",
                                mv->which ? mv->which : "", mv->which ? "'" : "", a);
        }
    }
    for (size_t r = 0; r < hs->nremoves; r++) {
        const struct tsc__holremove *rm = &hs->removes[r];
        if (!any_holiday_in(&bare, rm->from, rm->to, NULL, &oom) && !oom) {
            tsc_date_format(rm->from, a, sizeof a);
            tsc_date_format(rm->to, b, sizeof b);
            return tsc__fail_at(err, TSC_ERR_PARSE, hs->source, rm->line, rm->column,
                                rm->from == rm->to ? "remove: no holiday falls on %s%.0s"
                                                   : "remove: no holiday falls in %s..%s",
                                a, b);
        }
    }
    if (oom)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    return TSC_OK;
}
