/* calendar.c -- working-day queries in O(1) from a cumulative index.
 *
 * A calendar's holiday rules are expanded once over 1900-2200 (dayindex.c:
 * at build time for the built-ins, at open for a loaded file) into two
 * arrays:
 *     before[i]  working days in [first, first + i), for i = 0 .. span
 *     work[k]    the k-th working day of the span
 * Working days up to and including `from` are work[0 .. before[i+1]-1], so
 * the n-th after it is work[before[i+1] + n - 1] and the n-th before it is
 * work[before[i] + n]: no loop, and n = 1000 costs what n = 1 costs.
 * Outside the span the same answers come from walking the days, expanding
 * the rules a year at a time (slower, never different). */
#include "zone.h"
#include "date.h"
#include "holiday.h"

#include <stdlib.h>
#include <string.h>

struct tsc_calendar {
    const struct tsc__holset *hs;
    struct tsc__arena *arena;   /* owns hs for loaded calendars; NULL for built-ins */
    const struct tsc__zone *zone;
    unsigned weekend;
    tsc_date first;             /* the index covers [first, first + span) */
    int32_t span;
    const int32_t *before;      /* span + 1 entries */
    const tsc_date *work;       /* before[span] entries */
    int32_t *owned_before;      /* before and work when built at open, else NULL */
    tsc_date *owned_work;
};

static bool is_weekend(unsigned weekend, tsc_date d)
{
    return weekend & (1u << (tsc__weekday(d) - 1));
}

/* ---- building ---- */

/* A built-in calendar answers from its index made at build time; any
 * other builds its own. */
static bool attach_index(tsc_calendar *cal)
{
    cal->first = tsc__dayindex_first();
    cal->span = tsc__dayindex_span();
    if (cal->hs->index && cal->hs->weekend == cal->weekend) {
        cal->before = cal->hs->index->before;
        cal->work = cal->hs->index->work;
        return true;
    }
    if (!tsc__dayindex_build(cal->hs, cal->weekend, &cal->owned_before, &cal->owned_work))
        return false;
    cal->before = cal->owned_before;
    cal->work = cal->owned_work;
    return true;
}

tsc_status tsc__calendar_from_holset(const struct tsc__holset *hs, struct tsc__arena *arena,
                                     tsc_calendar **out, tsc_error *err)
{
    tsc_calendar *cal = calloc(1, sizeof *cal);
    if (!cal) {
        tsc__arena_free(arena);
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    }
    cal->hs = hs;
    cal->arena = arena;
    cal->weekend = hs->weekend;
    cal->zone = tsc__zone_find(hs->zone);
    if (!cal->zone) {
        tsc_calendar_free(cal);
        return tsc__fail(err, TSC_ERR_NOTFOUND, "unknown time zone '%s'", hs->zone);
    }
    if (!attach_index(cal)) {
        tsc_calendar_free(cal);
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory building the working-day index");
    }
    *out = cal;
    return TSC_OK;
}

void tsc_calendar_free(tsc_calendar *cal)
{
    if (!cal)
        return;
    free(cal->owned_before);
    free(cal->owned_work);
    tsc__arena_free(cal->arena);
    free(cal);
}

const char *tsc_calendar_name(const tsc_calendar *cal) { return cal ? cal->hs->name : ""; }
const char *tsc_calendar_zone(const tsc_calendar *cal)
{
    return cal ? tsc__zone_name(cal->zone) : "";
}
unsigned tsc_calendar_weekend(const tsc_calendar *cal) { return cal ? cal->weekend : 0; }

/* A calendar's wall-clock times are its zone's (time.c). */

tsc_status tsc_time_from_local(const tsc_calendar *cal, tsc_date d, int minute_of_day,
                               tsc_time *out, tsc_error *err)
{
    if (!cal || !out)
        return tsc__fail(err, TSC_ERR_ARG, "calendar or out is NULL");
    return tsc__zone_from_local(cal->zone, d, minute_of_day, out, err);
}

tsc_status tsc_time_to_local(const tsc_calendar *cal, tsc_time t, tsc_date *date,
                             int *minute_of_day, int *utc_offset_minutes, tsc_error *err)
{
    if (!cal)
        return tsc__fail(err, TSC_ERR_ARG, "calendar is NULL");
    return tsc__zone_to_local(cal->zone, t, date, minute_of_day, utc_offset_minutes, err);
}

tsc_status tsc_time_parse(const char *text, const tsc_calendar *cal, tsc_time *out,
                          tsc_error *err)
{
    if (!text || !cal || !out)
        return tsc__fail(err, TSC_ERR_ARG, "text, calendar or out is NULL");
    return tsc__zone_parse_time(cal->zone, text, out, err);
}

size_t tsc_time_format(tsc_time t, const tsc_calendar *cal, char *buf, size_t size)
{
    return cal ? tsc__zone_format_time(cal->zone, t, buf, size) : 0;
}

void tsc_calendar_index_span(const tsc_calendar *cal, tsc_date *first, tsc_date *last)
{
    if (first)
        *first = cal ? cal->first : 0;
    if (last)
        *last = cal ? cal->first + cal->span - 1 : 0;
}

/* ---- the slow path: one year of closed days at a time ---- */

struct walker {
    const tsc_calendar *cal;
    int year;                   /* 0: nothing loaded */
    tsc_date jan1;
    uint8_t closed[366];
    struct tsc__dayhol_vec vec;
};

static bool walker_load(struct walker *w, int year)
{
    memset(w->closed, 0, sizeof w->closed);
    w->year = year;
    w->jan1 = tsc__ymd_to_date(year, 1, 1);
    for (int y = year - 1; y <= year + 1; y++) {
        if (y < 1 || y > 9999)
            continue;
        w->vec.n = 0;
        if (!tsc__holset_expand_year(w->cal->hs, y, &w->vec))
            return false;
        for (size_t i = 0; i < w->vec.n; i++)
            if (tsc__date_valid(w->vec.v[i].date) && tsc__date_year(w->vec.v[i].date) == year)
                w->closed[w->vec.v[i].date - w->jan1] = 1;
    }
    return true;
}

/* 1 working, 0 not, -1 out of memory. */
static int walker_is_working(struct walker *w, tsc_date d)
{
    const tsc_calendar *cal = w->cal;
    uint32_t i = (uint32_t)d - (uint32_t)cal->first;   /* unsigned: no overflow */
    if (i < (uint32_t)cal->span)
        return cal->before[i + 1] - cal->before[i];
    if (is_weekend(cal->weekend, d))
        return 0;
    int year = tsc__date_year(d);
    if (year != w->year && !walker_load(w, year))
        return -1;
    return !w->closed[d - w->jan1];
}

static tsc_status slow_add(const tsc_calendar *cal, tsc_date from, int32_t n, tsc_date *out,
                           tsc_error *err)
{
    struct walker w = {.cal = cal};
    int step = n > 0 ? 1 : -1;
    int64_t left = n > 0 ? n : -(int64_t)n;
    tsc_date d = from;
    tsc_status st = TSC_OK;
    while (left > 0) {
        d += step;
        if (!tsc__date_valid(d)) {
            st = tsc__fail(err, TSC_ERR_RANGE, "adding %ld working days leaves 0001..9999",
                           (long)n);
            break;
        }
        int working = walker_is_working(&w, d);
        if (working < 0) {
            st = tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
            break;
        }
        left -= working;
    }
    tsc__dayhol_vec_free(&w.vec);
    if (!st)
        *out = d;
    return st;
}

/* Working days in [a, b) by walking, a year of closed days at a time; a <= b. */
static tsc_status slow_count(const tsc_calendar *cal, tsc_date a, tsc_date b, int64_t *out,
                             tsc_error *err)
{
    struct walker w = {.cal = cal};
    int64_t count = 0;
    tsc_date d = a;
    while (d < b) {
        int year = tsc__date_year(d);
        if (!walker_load(&w, year)) {
            tsc__dayhol_vec_free(&w.vec);
            return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
        }
        tsc_date year_end = w.jan1 + 365 + tsc_date_is_leap_year(year);
        for (; d < b && d < year_end; d++)
            count += !is_weekend(cal->weekend, d) && !w.closed[d - w.jan1];
    }
    tsc__dayhol_vec_free(&w.vec);
    *out = count;
    return TSC_OK;
}

/* ---- queries ---- */

int tsc_calendar_is_working_day(const tsc_calendar *cal, tsc_date d)
{
    if (!cal || !tsc__date_valid(d))
        return 0;
    uint32_t i = (uint32_t)d - (uint32_t)cal->first;
    if (i < (uint32_t)cal->span)
        return cal->before[i + 1] - cal->before[i];
    struct walker w = {.cal = cal};
    int working = walker_is_working(&w, d);
    tsc__dayhol_vec_free(&w.vec);
    return working > 0;
}

/* Branch-free on the sign of n: with n drawn either side of zero a branch
 * there mispredicts half the time, which costs more than the lookup. */
static inline bool fast_add(const tsc_calendar *cal, tsc_date from, int32_t n, tsc_date *out)
{
    uint32_t i = (uint32_t)from - (uint32_t)cal->first;  /* out of range wraps high */
    if (i >= (uint32_t)cal->span)
        return false;
    int32_t after = n > 0;
    int64_t k = (int64_t)cal->before[i + (uint32_t)after] + n - after;
    if (k < 0 || k >= cal->before[cal->span])
        return false;
    tsc_date found = cal->work[k];
    *out = n ? found : from;
    return true;
}

/* Both ends inside the index: two loads, no branch on the order. */
static inline bool fast_count(const tsc_calendar *cal, tsc_date from, tsc_date to,
                              unsigned flags, int32_t *out)
{
    uint32_t a = (uint32_t)from - (uint32_t)cal->first, b = (uint32_t)to - (uint32_t)cal->first;
    uint32_t inclusive = flags & TSC_COUNT_INCLUSIVE;
    if (a >= (uint32_t)cal->span || b >= (uint32_t)cal->span)
        return false;
    uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
    int32_t n = cal->before[hi + inclusive] - cal->before[lo];
    *out = a <= b ? n : -n;
    return true;
}

static tsc_status check_date(tsc_date d, tsc_error *err)
{
    if (tsc__date_valid(d))
        return TSC_OK;
    return tsc__fail(err, TSC_ERR_RANGE, "day number %ld is not a date in 0001..9999", (long)d);
}

/* Everything but the O(1) case, kept out of line so the exported function
 * is a few instructions with no registers to save. */
TSC__NOINLINE static tsc_status add_checked(const tsc_calendar *cal, tsc_date from, int32_t n,
                                             tsc_date *out, tsc_error *err)
{
    if (!cal || !out)
        return tsc__fail(err, TSC_ERR_ARG, "calendar or out is NULL");
    tsc_status st = check_date(from, err);
    if (st)
        return st;
    if (n == 0) {
        *out = from;
        return TSC_OK;
    }
    return slow_add(cal, from, n, out, err);
}

tsc_status tsc_calendar_add_working_days(const tsc_calendar *cal, tsc_date from, int32_t n,
                                         tsc_date *out, tsc_error *err)
{
    if (cal && out && fast_add(cal, from, n, out))
        return TSC_OK;
    return add_checked(cal, from, n, out, err);
}

tsc_status tsc_calendar_next_working_day(const tsc_calendar *cal, tsc_date d, tsc_date *out,
                                         tsc_error *err)
{
    return tsc_calendar_add_working_days(cal, d, 1, out, err);
}

tsc_status tsc_calendar_previous_working_day(const tsc_calendar *cal, tsc_date d,
                                             tsc_date *out, tsc_error *err)
{
    return tsc_calendar_add_working_days(cal, d, -1, out, err);
}

/* Working days in [lo, hi), lo <= hi, hi at most TSC_DATE_MAX + 1: the part
 * inside the index from two loads, the parts outside by walking only them. */
static tsc_status range_count(const tsc_calendar *cal, int64_t lo, int64_t hi, int64_t *out,
                              tsc_error *err)
{
    int64_t first = cal->first, end = (int64_t)cal->first + cal->span, total = 0, walked;
    int64_t below_end = hi < first ? hi : first, above_start = lo > end ? lo : end;
    int64_t in_lo = lo > first ? lo : first, in_hi = hi < end ? hi : end;
    tsc_status st;
    if (lo < below_end) {
        if ((st = slow_count(cal, (tsc_date)lo, (tsc_date)below_end, &walked, err)))
            return st;
        total += walked;
    }
    if (in_lo < in_hi)
        total += cal->before[in_hi - first] - cal->before[in_lo - first];
    if (above_start < hi) {
        if ((st = slow_count(cal, (tsc_date)above_start, (tsc_date)hi, &walked, err)))
            return st;
        total += walked;
    }
    *out = total;
    return TSC_OK;
}

TSC__NOINLINE static tsc_status count_checked(const tsc_calendar *cal, tsc_date from,
                                              tsc_date to, unsigned flags, int32_t *out,
                                              tsc_error *err)
{
    if (!cal || !out || (flags & ~(unsigned)TSC_COUNT_INCLUSIVE))
        return tsc__fail(err, TSC_ERR_ARG, "calendar or out is NULL, or flags unknown");
    tsc_status st;
    if ((st = check_date(from, err)) || (st = check_date(to, err)))
        return st;
    int64_t lo = from < to ? from : to, hi = from < to ? to : from, n;
    if (flags & TSC_COUNT_INCLUSIVE)
        hi++;
    if ((st = range_count(cal, lo, hi, &n, err)))
        return st;
    *out = (int32_t)(from <= to ? n : -n);
    return TSC_OK;
}

tsc_status tsc_calendar_count_working_days(const tsc_calendar *cal, tsc_date from,
                                           tsc_date to, unsigned flags, int32_t *out,
                                           tsc_error *err)
{
    if (cal && out && flags <= TSC_COUNT_INCLUSIVE && fast_count(cal, from, to, flags, out))
        return TSC_OK;
    return count_checked(cal, from, to, flags, out, err);
}

static int month_of(tsc_date d)
{
    int y, m, dd;
    tsc__date_to_ymd(d, &y, &m, &dd);
    return m;
}

tsc_status tsc_calendar_roll(const tsc_calendar *cal, tsc_date d, tsc_roll roll,
                             tsc_date *out, tsc_error *err)
{
    if (!cal || !out || roll < TSC_ROLL_UNADJUSTED || roll > TSC_ROLL_MODIFIED_PRECEDING)
        return tsc__fail(err, TSC_ERR_ARG, "calendar or out is NULL, or unknown roll %d",
                         (int)roll);
    tsc_status st = check_date(d, err);
    if (st)
        return st;
    if (roll == TSC_ROLL_UNADJUSTED || tsc_calendar_is_working_day(cal, d)) {
        *out = d;
        return TSC_OK;
    }
    bool forward = roll == TSC_ROLL_FOLLOWING || roll == TSC_ROLL_MODIFIED_FOLLOWING;
    bool modified = roll == TSC_ROLL_MODIFIED_FOLLOWING || roll == TSC_ROLL_MODIFIED_PRECEDING;
    tsc_date r;
    st = tsc_calendar_add_working_days(cal, d, forward ? 1 : -1, &r, modified ? NULL : err);
    /* A modified roll goes the other way when the first leaves the month,
     * or leaves the supported years altogether. */
    if (modified && (st == TSC_ERR_RANGE || (!st && month_of(r) != month_of(d))))
        st = tsc_calendar_add_working_days(cal, d, forward ? -1 : 1, &r, err);
    if (st)
        return st;
    *out = r;
    return TSC_OK;
}

static tsc_status prefix_item(tsc_error *err, tsc_status st, size_t i)
{
    if (err) {
        char detail[sizeof err->message];
        memcpy(detail, err->message, sizeof detail);
        tsc__fail(err, st, "item %zu: %s", i, detail[0] ? detail : tsc_strerror(st));
    }
    return st;
}

tsc_status tsc_calendar_add_working_days_batch(const tsc_calendar *cal, const tsc_date *from,
                                               const int32_t *n, size_t count, tsc_date *out,
                                               tsc_error *err)
{
    if (!cal || (count && (!from || !n || !out)))
        return tsc__fail(err, TSC_ERR_ARG, "calendar or an array is NULL");
    for (size_t i = 0; i < count; i++) {
        if (fast_add(cal, from[i], n[i], &out[i]))
            continue;
        tsc_status st = tsc_calendar_add_working_days(cal, from[i], n[i], &out[i], err);
        if (st)
            return prefix_item(err, st, i);
    }
    return TSC_OK;
}

tsc_status tsc_calendar_count_working_days_batch(const tsc_calendar *cal, const tsc_date *from,
                                                 const tsc_date *to, size_t count,
                                                 unsigned flags, int32_t *out, tsc_error *err)
{
    if (!cal || (count && (!from || !to || !out)) || (flags & ~(unsigned)TSC_COUNT_INCLUSIVE))
        return tsc__fail(err, TSC_ERR_ARG, "calendar or an array is NULL, or flags unknown");
    for (size_t i = 0; i < count; i++) {
        if (fast_count(cal, from[i], to[i], flags, &out[i]))
            continue;
        tsc_status st = tsc_calendar_count_working_days(cal, from[i], to[i], flags, &out[i], err);
        if (st)
            return prefix_item(err, st, i);
    }
    return TSC_OK;
}

/* ---- holiday lists ---- */

static int by_date_then_name(const void *a, const void *b)
{
    const struct tsc__dayhol *x = a, *y = b;
    if (x->date != y->date)
        return (x->date > y->date) - (x->date < y->date);
    return strcmp(x->name, y->name);
}

tsc_status tsc_calendar_holidays(const tsc_calendar *cal, tsc_date from, tsc_date to,
                                 tsc_holiday *out, size_t capacity, size_t *count,
                                 tsc_error *err)
{
    if (!cal || !count || (capacity && !out))
        return tsc__fail(err, TSC_ERR_ARG, "calendar, out or count is NULL");
    tsc_status st;
    if ((st = check_date(from, err)) || (st = check_date(to, err)))
        return st;
    struct tsc__dayhol_vec vec = {0};
    int last_year = tsc__date_year(to);
    for (int y = tsc__date_year(from) - 1; y <= last_year + 1; y++) {
        size_t before = vec.n;
        if (y < 1 || y > 9999)
            continue;
        if (!tsc__holset_expand_year(cal->hs, y, &vec)) {
            tsc__dayhol_vec_free(&vec);
            return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
        }
        size_t kept = before;
        for (size_t i = before; i < vec.n; i++)
            if (vec.v[i].date >= from && vec.v[i].date <= to)
                vec.v[kept++] = vec.v[i];
        vec.n = kept;
    }
    tsc__sort(vec.v, vec.n, sizeof *vec.v, by_date_then_name);
    size_t n = 0;
    for (size_t i = 0; i < vec.n; i++) {
        if (n && vec.v[i].date == vec.v[i - 1].date && !strcmp(vec.v[i].name, vec.v[i - 1].name))
            continue;
        if (n < capacity)
            out[n] = (tsc_holiday){vec.v[i].date, vec.v[i].flags, vec.v[i].name};
        n++;
    }
    tsc__dayhol_vec_free(&vec);
    *count = n;
    return TSC_OK;
}
