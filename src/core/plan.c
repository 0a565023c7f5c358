/* plan.c -- turning a pack's rules and a case's events into due items.
 *
 * Rules are evaluated in the pack's order of dependencies (producers
 * first), so when a rule counts from an event, every other rule that
 * schedules that event has already added its open occurrences as
 * *projected* instances of it (TIMESCALES.md 9).  An event's stream is its
 * recorded instances in time order, then its projected ones.
 *
 * A deadline, window, set of review points or "day N" applies to every
 * instance of its anchor (or to the one its ordinal names); a recurrence
 * or phased rule is one series from one anchor instance, each occurrence
 * counted from the actual date of the previous one when the scheduled event
 * was recorded, else from its due date (TIMESCALES.md 5, 6).  A series
 * always advances: a due date whose roll back would land on or before the
 * previous occurrence rolls forward instead (next_due), and intervals under
 * a week are seven-day duties, not rolled unless the rule says so
 * (interval_roll).  Recorded
 * events of the scheduled name mark occurrences done, each event used once
 * per rule. */
#include "case.h"
#include "date.h"
#include "pack.h"

#include <stdlib.h>
#include <string.h>


/* One instance of an event, recorded or projected. */
struct inst {
    int64_t key;        /* local wall-clock seconds: the order of instances */
    tsc_time t;         /* the instant, when timed */
    tsc_date date;      /* local date */
    int32_t event;      /* event id */
    int32_t rec;        /* index among the recorded instances, or -1 when projected */
    int32_t producer;   /* projected: the rule that produced it */
    int32_t via;        /* recorded as this subtype of `event` (an `is` child), or -1 */
    bool timed;
    bool projected;
};

/* An item's place in the plan's order, small enough to sort quickly. */
struct order {
    tsc_date due;
    int32_t when;           /* -1 for all-day items, else seconds into the due date */
    uint32_t rule;
    int32_t occurrence;
    uint32_t item;
};

struct tsc_plan {
    tsc_item *items;
    size_t nitems, cap_items;
    size_t truncated;           /* series cut short at TSC_PLAN_SERIES_LIMIT */
    size_t hidden;              /* deadlines and first occurrences after `until` */
    struct inst *rec;           /* recorded instances sorted by (event, key) */
    size_t nrec, cap_rec;
    size_t *rec_start;          /* per event: first index into rec (nevents + 1 entries) */
    size_t cap_events;
    uint8_t *used;              /* per recorded instance: matched by the current rule */
    size_t cap_used;
    struct inst *proj;          /* projected instances, in production order */
    size_t nproj, cap_proj;
    int32_t *proj_next;         /* per projected instance: the next of its event, or -1 */
    int32_t *proj_head, *proj_tail;  /* per event: first and last projected, or -1 */
    size_t cap_head, cap_tail, cap_next;
    struct order *order;        /* scratch for sorting items */
    size_t cap_order;
    uint32_t *unanchored;       /* rules: see tsc_plan_unanchored() */
    size_t nunanchored, cap_unanchored;
    struct inst *stream;        /* scratch: one event's stream */
    size_t stream_nrec;         /* how many of it are recorded instances */
    size_t cap_stream;
    const tsc_pack *pack;       /* what the items were computed with (NULL: none yet) */
    const tsc_calendar *cal;
    tsc_date until;
    int32_t *by_time;           /* scratch: stream indices in time order */
    int32_t *prev_of, *next_of; /* scratch: each stream instance's neighbours in time, or -1 */
    size_t cap_by_time, cap_prev, cap_next_of;
};

/* Everything one computation reads. */
struct ctx {
    tsc_plan *plan;
    const tsc_pack *pack;
    const tsc_calendar *cal;
    tsc_date until, today;
    tsc_error *err;
    size_t rule;                /* the rule being evaluated */
    unsigned flags;             /* TSC_PLAN_* */
    bool end_unknown;           /* its end counts from an event with no instance */
};

tsc_status tsc_plan_new(tsc_plan **out, tsc_error *err)
{
    if (!out)
        return tsc__fail(err, TSC_ERR_ARG, "out is NULL");
    *out = calloc(1, sizeof **out);
    return *out ? TSC_OK : tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
}

void tsc_plan_free(tsc_plan *plan)
{
    if (!plan)
        return;
    free(plan->items);
    free(plan->rec);
    free(plan->rec_start);
    free(plan->used);
    free(plan->proj);
    free(plan->proj_next);
    free(plan->proj_head);
    free(plan->proj_tail);
    free(plan->order);
    free(plan->unanchored);
    free(plan->stream);
    free(plan->by_time);
    free(plan->prev_of);
    free(plan->next_of);
    free(plan);
}

size_t tsc_plan_item_count(const tsc_plan *plan) { return plan ? plan->nitems : 0; }

size_t tsc_plan_truncated(const tsc_plan *plan) { return plan ? plan->truncated : 0; }

size_t tsc_plan_hidden(const tsc_plan *plan) { return plan ? plan->hidden : 0; }

tsc_status tsc_plan_item(const tsc_plan *plan, size_t i, tsc_item *out, tsc_error *err)
{
    if (!plan || !out)
        return tsc__fail(err, TSC_ERR_ARG, "plan or out is NULL");
    if (i >= plan->nitems)
        return tsc__fail(err, TSC_ERR_RANGE, "item %zu of %zu", i, plan->nitems);
    *out = plan->items[i];
    return TSC_OK;
}

/* ---- instants ---- */

static int64_t day_key(tsc_date d) { return tsc__midnight_utc(d); }

static tsc_status timed_inst(struct ctx *c, tsc_time t, struct inst *in)
{
    int minute, offset;
    tsc_date d;
    tsc_status st = tsc_time_to_local(c->cal, t, &d, &minute, &offset, c->err);
    if (st)
        return st;
    in->t = t;
    in->date = d;
    in->key = t + (int64_t)offset * 60;
    in->timed = true;
    return TSC_OK;
}

static struct inst date_inst(tsc_date d)
{
    return (struct inst){.key = day_key(d), .date = d, .rec = -1, .producer = -1, .via = -1};
}

/* a before b: by instant when both have a time, else by date. */
static int inst_cmp(const struct inst *a, const struct inst *b)
{
    if (a->timed && b->timed)
        return (a->t > b->t) - (a->t < b->t);
    return (a->date > b->date) - (a->date < b->date);
}

/* ---- recorded events ---- */

static int by_event_then_key(const void *x, const void *y)
{
    const struct inst *a = x, *b = y;
    if (a->event != b->event)
        return a->event < b->event ? -1 : 1;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->rec > b->rec) - (a->rec < b->rec);
}

/* Drops an implied (parent) instance at the same moment as a recorded one of
 * that event: recording referral and complex-referral is one referral. */
static size_t merge_implied(struct inst *rec, size_t n)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        struct inst *last = kept ? &rec[kept - 1] : NULL;
        if (last && last->event == rec[i].event && last->key == rec[i].key &&
            (last->via >= 0 || rec[i].via >= 0)) {
            if (rec[i].via >= 0)
                last->via = rec[i].via;
            continue;
        }
        rec[kept++] = rec[i];
    }
    return kept;
}

/* One recorded event: its own instance (when the pack names it) and one for
 * each `is` ancestor the pack names. */
static void record(struct ctx *c, struct inst in, int id, bool named)
{
    tsc_plan *pl = c->plan;
    int32_t via = named ? id : -1;
    if (named) {
        in.event = id;
        pl->rec[pl->nrec++] = in;
        id = c->pack->parent[id];
    }
    for (; id >= 0; id = c->pack->parent[id]) {
        in.event = id;
        in.via = via >= 0 ? via : id;
        pl->rec[pl->nrec++] = in;
    }
}

static tsc_status load_case(struct ctx *c, const tsc_case *cs, unsigned flags)
{
    tsc_plan *pl = c->plan;
    size_t ne = c->pack->nevents, nrec = cs->n * c->pack->max_depth;
    bool implied = false;
    if (!tsc__grow((void **)&pl->rec, &pl->cap_rec, nrec + 1, sizeof *pl->rec) ||
        !tsc__grow((void **)&pl->used, &pl->cap_used, nrec + 1, 1) ||
        !tsc__grow((void **)&pl->proj_head, &pl->cap_head, ne + 1, sizeof *pl->proj_head) ||
        !tsc__grow((void **)&pl->proj_tail, &pl->cap_tail, ne + 1, sizeof *pl->proj_tail) ||
        !tsc__grow((void **)&pl->rec_start, &pl->cap_events, ne + 1, sizeof *pl->rec_start))
        return tsc__fail(c->err, TSC_ERR_NOMEM, "out of memory");
    memset(pl->proj_head, 0xff, (ne + 1) * sizeof *pl->proj_head);   /* all -1 */
    memset(pl->proj_tail, 0xff, (ne + 1) * sizeof *pl->proj_tail);
    pl->nrec = 0;
    for (size_t i = 0; i < cs->n; i++) {
        const struct tsc__case_event *e = &cs->ev[i];
        const char *name = tsc__case_event_name(cs, i);
        int id = tsc__pack_event_id(c->pack, name, e->name_len);
        bool named = id >= 0;
        if (!named)
            id = tsc__pack_resolve(c->pack, name, e->name_len);
        if (id == -2 && !(flags & TSC_PLAN_IGNORE_UNKNOWN_EVENTS))
            return tsc__pack_unknown_event(c->pack, name, c->err);
        if (id < 0)
            continue;       /* a vocabulary event no rule of this pack counts from */
        struct inst in = date_inst(e->date);
        if (e->timed) {
            tsc_status st = timed_inst(c, e->t, &in);
            if (st)
                return st;
        }
        in.rec = (int32_t)pl->nrec;
        record(c, in, id, named);
        implied = implied || !named || c->pack->parent[id] >= 0;
    }
    tsc__sort(pl->rec, pl->nrec, sizeof *pl->rec, by_event_then_key);
    if (implied)                /* some event stood for an `is` ancestor too */
        pl->nrec = merge_implied(pl->rec, pl->nrec);
    size_t k = 0;
    for (size_t e = 0; e <= ne; e++) {
        while (k < pl->nrec && (size_t)pl->rec[k].event < e)
            k++;
        pl->rec_start[e] = k;
    }
    for (size_t i = 0; i < pl->nrec; i++)
        pl->rec[i].rec = (int32_t)i;
    return TSC_OK;
}

/* ---- streams ---- */

static int by_key(const void *x, const void *y)
{
    const struct inst *a = x, *b = y;
    return (a->key > b->key) - (a->key < b->key);
}

/* The stream of event e as seen by the current rule (its own projections
 * left out), into plan->stream: recorded instances, then projected ones,
 * each in time order.  Returns false when out of memory. */
static bool stream_of(struct ctx *c, int e, size_t *count)
{
    tsc_plan *pl = c->plan;
    size_t r0 = pl->rec_start[e], n = pl->rec_start[e + 1] - r0, np = 0;
    for (int32_t i = pl->proj_head[e]; i >= 0; i = pl->proj_next[i])
        np++;
    if (!tsc__grow((void **)&pl->stream, &pl->cap_stream, n + np + 1, sizeof *pl->stream))
        return false;
    size_t k = 0;
    if (c->pack->special[c->rule][0] < 0 ||
        e != c->pack->rules[c->rule].rule.phases[0].at.anchor.event_id) {
        if (n)
            memcpy(pl->stream, pl->rec + r0, n * sizeof *pl->stream);
        k = n;
    } else {
        for (size_t i = 0; i < n; i++)     /* a more specific rule owns a subtype's instance */
            if (pl->rec[r0 + i].via < 0 ||
                !tsc__pack_specialised(c->pack, c->rule, pl->rec[r0 + i].via))
                pl->stream[k++] = pl->rec[r0 + i];
    }
    n = pl->stream_nrec = k;
    for (int32_t i = pl->proj_head[e]; i >= 0; i = pl->proj_next[i])
        if ((size_t)pl->proj[i].producer != c->rule)
            pl->stream[k++] = pl->proj[i];
    tsc__sort(pl->stream + n, k - n, sizeof *pl->stream, by_key);
    /* Two rules projecting the event for the same moment project it once. */
    size_t kept = n;
    for (size_t i = n; i < k; i++)
        if (kept == n || pl->stream[i].key != pl->stream[kept - 1].key)
            pl->stream[kept++] = pl->stream[i];
    *count = kept;
    return true;
}

/* Instance `ordinal` of a stream (0: the first; -1: the last; "later" where
 * one instance is needed: the first of the later ones). */
static const struct inst *pick(const struct inst *s, size_t n, int ordinal)
{
    if (n == 0)
        return NULL;
    if (ordinal == TSC__LATER)
        ordinal = 2;
    if (ordinal < 0)
        return &s[n - 1];
    size_t i = ordinal == 0 ? 0 : (size_t)ordinal - 1;
    return i < n ? &s[i] : NULL;
}

/* ---- one amount from one instant ---- */

static tsc_status out_of_years(struct ctx *c, tsc_date from)
{
    char day[16];
    tsc_date_format(from, day, sizeof day);
    return tsc__fail(c->err, TSC_ERR_RANGE, "the due date counted from %s falls outside the "
                                            "years 0001..9999", day);
}

/* The instant `dur` after (sign > 0) or before `base`; *midnight is set when
 * an hour rule had to count from 00:00 of an anchor without a time. */
static tsc_status apply(struct ctx *c, const struct tsc__duration *dur, int sign,
                        const struct inst *base, tsc_roll roll, struct inst *out,
                        bool *midnight)
{
    tsc_status st = TSC_OK;
    tsc_date d = base->date;
    if (dur->kind == TSC__DUR_ELAPSED) {
        tsc_time t = base->t;
        if (!base->timed) {
            if ((st = tsc_time_from_local(c->cal, base->date, 0, &t, c->err)))
                return st;
            *midnight = true;
        }
        return timed_inst(c, t + sign * dur->seconds, out);
    }
    if (dur->kind == TSC__DUR_WORKING) {
        st = tsc_calendar_add_working_days(c->cal, d, sign * dur->working_days, &d, c->err);
    } else {
        if (dur->months && !tsc__add_months(d, (int64_t)sign * dur->months, false, &d))
            return out_of_years(c, base->date);
        if (dur->days && tsc_date_add_days(d, (int64_t)sign * dur->days, &d, NULL))
            return out_of_years(c, base->date);
        st = tsc_calendar_roll(c->cal, d, roll, &d, c->err);
    }
    *out = date_inst(d);
    return st;
}

/* A deadline's date or instant.  An hour rule whose anchor has no time
 * cannot give an instant: it is due on a date, the anchor's date moved by the
 * whole days of the amount ("15 minutes before" is due on the anchor's date,
 * "48 hours before" two days before), and says the time was not recorded. */
static tsc_status apply_deadline(struct ctx *c, const struct tsc__duration *dur, int sign,
                                 const struct inst *base, tsc_roll roll, struct inst *out,
                                 bool *untimed)
{
    if (dur->kind != TSC__DUR_ELAPSED || base->timed)
        return apply(c, dur, sign, base, roll, out, untimed);
    tsc_date d;
    tsc_status st = tsc_date_add_days(base->date, sign * (dur->seconds / TSC__SECONDS_PER_DAY),
                                      &d, c->err);
    *out = date_inst(d);
    *untimed = true;
    return st;
}

/* ---- items ---- */

/* Whether an item due on `due` is given.  `until` bounds every item, or
 * with TSC_PLAN_UNTIL_BOUNDS_REPEATS only a series' repeats; the deadlines
 * and first occurrences it hides are counted. */
static bool in_horizon(struct ctx *c, const struct inst *due, bool repeat)
{
    if (due->date <= c->until || (!repeat && (c->flags & TSC_PLAN_UNTIL_BOUNDS_REPEATS)))
        return true;
    if (!repeat)
        c->plan->hidden++;
    return false;
}

/* The first recorded instance of the scheduled event not yet used by this
 * rule, on or after lo (or strictly after when lo_strict) and before hi
 * (when hi is not NULL); marks it used. */
static const struct inst *match(struct ctx *c, const struct inst *lo, bool lo_strict,
                                const struct inst *hi)
{
    tsc_plan *pl = c->plan;
    int s = c->pack->rules[c->rule].schedules_id;
    int nth = c->pack->rules[c->rule].schedules_ordinal;   /* "schedules second lac-review" */
    size_t from = pl->rec_start[s], to = pl->rec_start[s + 1];
    if (nth) {
        from += (size_t)nth - 1;
        to = from < to ? from + 1 : from;
    }
    for (size_t i = from; i < to; i++) {
        const struct inst *r = &pl->rec[i];
        int cmp = lo ? inst_cmp(r, lo) : 1;
        if (pl->used[i] || cmp < 0 || (lo_strict && cmp == 0))
            continue;
        if (hi && inst_cmp(r, hi) >= 0)
            break;
        pl->used[i] = 1;
        return r;
    }
    return NULL;
}

/* A recorded instance that is also the anchor cannot match itself. */
static void use_anchor(struct ctx *c, const struct inst *a)
{
    if (a->rec >= 0 && a->event == c->pack->rules[c->rule].schedules_id)
        c->plan->used[a->rec] = 1;
}

struct item_spec {
    int occurrence;
    struct inst due;
    const struct inst *window_start;    /* or NULL */
    const struct inst *anchor;
    const struct inst *done;            /* or NULL */
    bool projected, midnight;
};

static tsc_status add_item(struct ctx *c, const struct item_spec *s)
{
    tsc_plan *pl = c->plan;
    const struct tsc__pack_rule *r = &c->pack->rules[c->rule];
    if (!tsc__grow((void **)&pl->items, &pl->cap_items, pl->nitems + 1, sizeof *pl->items))
        return tsc__fail(c->err, TSC_ERR_NOMEM, "out of memory");
    tsc_item *it = &pl->items[pl->nitems++];
    uint32_t flags = (s->due.timed ? TSC_ITEM_TIMED : 0) |
                     (s->projected ? TSC_ITEM_PROJECTED : 0) |
                     (s->midnight ? TSC_ITEM_MIDNIGHT : 0) |
                     (r->binding ? TSC_ITEM_BINDING : 0) |
                     (s->window_start ? TSC_ITEM_WINDOW : 0) |
                     (c->end_unknown ? TSC_ITEM_END_UNKNOWN : 0);
    if (s->done) {
        flags |= TSC_ITEM_DONE | (s->done->timed ? TSC_ITEM_DONE_TIMED : 0);
        if (inst_cmp(s->done, &s->due) > 0)
            flags |= TSC_ITEM_LATE;
    } else if (c->today && s->due.date < c->today) {
        flags |= TSC_ITEM_OVERDUE;
    }
    *it = (tsc_item){
        .rule_id = r->id, .schedules = r->schedules,
        .anchor_event = c->pack->events[s->anchor->event], .role = r->role ? r->role : "",
        .rule_text = r->when, .rule_index = (uint32_t)c->rule, .occurrence = s->occurrence,
        .flags = flags, .due = s->due.date,
        .window_start = s->window_start ? s->window_start->date : 0,
        .anchor_date = s->anchor->date, .done_on = s->done ? s->done->date : 0,
        .due_time = s->due.timed ? s->due.t : 0, .anchor_time = s->anchor->timed ? s->anchor->t : 0,
        .done_time = s->done && s->done->timed ? s->done->t : 0};
    if (s->midnight && s->due.timed)  /* the 00:00 a series in hours counted from */
        tsc_time_from_local(c->cal, s->anchor->date, 0, &it->anchor_time, NULL);
    /* An open occurrence is a projected instance of the event it schedules;
     * where rules restate one duty, only those marked binding project it. */
    if (s->done || (!r->binding && c->pack->binding_producer[r->schedules_id]))
        return TSC_OK;
    if (!tsc__grow((void **)&pl->proj, &pl->cap_proj, pl->nproj + 1, sizeof *pl->proj) ||
        !tsc__grow((void **)&pl->proj_next, &pl->cap_next, pl->nproj + 1, sizeof *pl->proj_next))
        return tsc__fail(c->err, TSC_ERR_NOMEM, "out of memory");
    struct inst p = s->due;
    int32_t at = (int32_t)pl->nproj++, e = r->schedules_id;
    p.event = e;
    p.rec = -1;
    p.producer = (int32_t)c->rule;
    p.projected = true;
    pl->proj[at] = p;
    pl->proj_next[at] = -1;
    if (pl->proj_tail[e] >= 0)
        pl->proj_next[pl->proj_tail[e]] = at;
    else
        pl->proj_head[e] = at;
    pl->proj_tail[e] = at;
    return TSC_OK;
}

/* ---- deadlines, windows, review points, day N: per anchor instance ---- */

/* Each instance's neighbours in time among the whole stream, into
 * plan->prev_of and plan->next_of: the nearest instance with an earlier
 * (later) key, the first in stream order among equal keys.  The stream is
 * two runs sorted by key (recorded, then projected), so one merge orders it:
 * linear in the stream, where a scan per instance made long horizons
 * quadratic.  Returns false when out of memory. */
static bool neighbours(tsc_plan *pl, const struct inst *s, size_t n, size_t nrec)
{
    if (!tsc__grow((void **)&pl->by_time, &pl->cap_by_time, n + 1, sizeof *pl->by_time) ||
        !tsc__grow((void **)&pl->prev_of, &pl->cap_prev, n + 1, sizeof *pl->prev_of) ||
        !tsc__grow((void **)&pl->next_of, &pl->cap_next_of, n + 1, sizeof *pl->next_of))
        return false;
    int32_t *t = pl->by_time;
    size_t a = 0, b = nrec, k = 0;
    while (a < nrec || b < n)   /* on equal keys the recorded one (lower index) first */
        t[k++] = (int32_t)(b >= n || (a < nrec && s[a].key <= s[b].key) ? a++ : b++);
    for (size_t lo = 0; lo < n;) {      /* one run of equal keys at a time */
        size_t hi = lo + 1;
        while (hi < n && s[t[hi]].key == s[t[lo]].key)
            hi++;
        int32_t before = -1;
        if (lo) {   /* the first of the previous run */
            size_t p = lo - 1;
            while (p > 0 && s[t[p - 1]].key == s[t[lo - 1]].key)
                p--;
            before = t[p];
        }
        for (size_t j = lo; j < hi; j++) {
            pl->prev_of[t[j]] = before;
            pl->next_of[t[j]] = hi < n ? t[hi] : -1;
        }
        lo = hi;
    }
    return true;
}

static tsc_status day_n_of(struct ctx *c, const struct tsc__phase *ph, const struct inst *a,
                           struct inst *due)
{
    int32_t n = ph->nth - (tsc_calendar_is_working_day(c->cal, a->date) ? 1 : 0);
    tsc_date d;
    tsc_status st = tsc_calendar_add_working_days(c->cal, a->date, n, &d, c->err);
    *due = date_inst(d);
    return st;
}

static tsc_status one_instance(struct ctx *c, const struct tsc__phase *ph, tsc_roll roll,
                               const struct inst *s, size_t i, int *occurrence)
{
    const struct inst *a = &s[i], *prev = NULL, *next = NULL;
    /* Each instance's occurrences are matched between its neighbours; an
     * ordinal picks one instance, which then owns the whole stream; and when
     * the rule schedules its own anchor ("20 working days after
     * lac-review"), the next instance is the very event that meets it. */
    bool own_anchor = a->event == c->pack->rules[c->rule].schedules_id;
    if ((!ph->at.anchor.ordinal || ph->at.anchor.ordinal == TSC__LATER) && !own_anchor) {
        const tsc_plan *pl = c->plan;
        prev = pl->prev_of[i] >= 0 ? &s[pl->prev_of[i]] : NULL;
        next = pl->next_of[i] >= 0 ? &s[pl->next_of[i]] : NULL;
    }
    use_anchor(c, a);
    int npoints = ph->kind == TSC__PH_POINTS ? ph->npoints : 1;
    for (int k = 0; k < npoints; k++) {
        struct item_spec it = {.anchor = a, .projected = a->projected};
        struct inst start;
        tsc_status st = TSC_OK;
        if (ph->kind == TSC__PH_SAME_DAY) {
            it.due = date_inst(a->date);
        } else if (ph->kind == TSC__PH_DAY_OF) {
            st = day_n_of(c, ph, a, &it.due);
        } else {
            struct tsc__duration d = ph->at.dur;
            if (ph->kind == TSC__PH_POINTS) {
                d.working_days *= ph->points[k];
                d.days *= ph->points[k];
                d.months *= ph->points[k];
                d.seconds *= ph->points[k];
            }
            st = apply_deadline(c, &d, ph->at.sign, a, roll, &it.due, &it.midnight);
            if (!st && ph->kind == TSC__PH_WINDOW) {
                st = apply_deadline(c, &ph->window_start, ph->at.sign, a, roll, &start,
                                    &it.midnight);
                if (!st && inst_cmp(&start, &it.due) > 0) {
                    struct inst tmp = start;   /* "between 12 months and 0 days before" */
                    start = it.due;
                    it.due = tmp;
                }
                it.window_start = &start;
            }
        }
        if (st)
            return st;
        it.occurrence = ++*occurrence;
        if (!in_horizon(c, &it.due, false))
            continue;
        it.done = ph->at.sign < 0 ? match(c, prev, true, NULL) : match(c, a, own_anchor, next);
        if (it.done && ph->at.sign < 0 && inst_cmp(it.done, a) > 0) {
            c->plan->used[it.done->rec] = 0;    /* after the event it had to precede */
            it.done = NULL;
        }
        if ((st = add_item(c, &it)))
            return st;
    }
    return TSC_OK;
}

static tsc_status per_instance(struct ctx *c, const struct tsc_rule *r)
{
    const struct tsc__phase *ph = &r->phases[0];
    size_t n;
    if (!stream_of(c, ph->at.anchor.event_id, &n))
        return tsc__fail(c->err, TSC_ERR_NOMEM, "out of memory");
    const struct inst *s = c->plan->stream;    /* nothing below touches the stream */
    if (!neighbours(c->plan, s, n, c->plan->stream_nrec))
        return tsc__fail(c->err, TSC_ERR_NOMEM, "out of memory");
    int ord = ph->at.anchor.ordinal;
    const struct inst *only = ord && ord != TSC__LATER ? pick(s, n, ord) : NULL;
    int occurrence = 0;
    for (size_t i = 0; i < n; i++) {
        if (ord == TSC__LATER ? i == 0 : ord && only != &s[i])
            continue;
        tsc_status st = one_instance(c, ph, r->roll, s, i, &occurrence);
        if (st)
            return st;
    }
    return TSC_OK;
}

/* The N-th recorded WORD-day ("placement day 7"); projected as consecutive
 * days after the last one recorded until N are. */
static tsc_status nth_event(struct ctx *c, const struct tsc__phase *ph)
{
    tsc_plan *pl = c->plan;
    int e = ph->at.anchor.event_id;
    size_t r0 = pl->rec_start[e], n = pl->rec_start[e + 1] - r0;
    if (n == 0)
        return TSC_OK;
    struct item_spec it = {.occurrence = 1, .anchor = &pl->rec[r0]};
    if ((size_t)ph->nth <= n) {
        it.due = pl->rec[r0 + (size_t)ph->nth - 1];
        it.due.timed = false;
    } else {
        tsc_status st = tsc_date_add_days(pl->rec[r0 + n - 1].date,
                                          (int64_t)ph->nth - (int64_t)n, &it.due.date, c->err);
        if (st)
            return st;
        it.due = date_inst(it.due.date);
        it.projected = true;
    }
    it.due.key = day_key(it.due.date);
    if (!in_horizon(c, &it.due, false))
        return TSC_OK;
    it.done = match(c, &pl->rec[r0], false, NULL);
    return add_item(c, &it);
}

/* ---- recurrences and phases: one series ---- */

/* When phase ph ends (*has_end false: never). */
static tsc_status phase_end(struct ctx *c, const struct tsc__until *u, struct inst *end,
                            bool *has_end)
{
    *has_end = false;
    size_t n;
    if (u->kind == TSC__UNTIL_OFFSET) {
        if (!stream_of(c, u->offset.anchor.event_id, &n))
            return tsc__fail(c->err, TSC_ERR_NOMEM, "out of memory");
        const struct inst *a = pick(c->plan->stream, n, u->offset.anchor.ordinal);
        if (!a)
            return TSC_OK;
        struct inst from = *a;
        bool midnight = false;
        *has_end = true;
        /* An end is a boundary, not a due date: it is not rolled. */
        return apply(c, &u->offset.dur, u->offset.sign, &from, TSC_ROLL_UNADJUSTED, end, &midnight);
    }
    for (int i = 0; i < u->nevents; i++) {
        if (!stream_of(c, u->events[i].event_id, &n))
            return tsc__fail(c->err, TSC_ERR_NOMEM, "out of memory");
        const struct inst *a = pick(c->plan->stream, n, u->events[i].ordinal);
        if (a && (!*has_end || inst_cmp(a, end) < 0)) {
            *end = *a;
            *has_end = true;
        }
    }
    return TSC_OK;
}

struct series {
    struct inst base;       /* the previous occurrence: actual or due */
    bool projected;         /* the base is not a recorded fact */
    const struct inst *anchor;
    int occurrence;
    size_t last_item;       /* index of the series' latest item in plan->items */
    bool midnight;          /* counted, through open occurrences, from an untimed 00:00 */
};

/* The next occurrence's due date, `dur` after the previous one (sr->base).
 * A series must advance: when rolling back to a working day would land on
 * or before the previous occurrence (every day of the interval is a
 * non-working day), the occurrence rolls forward instead, to the first
 * working day the whole interval has passed. */
static tsc_status next_due(struct ctx *c, const struct series *sr,
                           const struct tsc__duration *dur, tsc_roll roll,
                           struct item_spec *it)
{
    tsc_status st = apply(c, dur, 1, &sr->base, roll, &it->due, &it->midnight);
    if (!st && roll == TSC_ROLL_PRECEDING && !it->due.timed &&
        it->due.date <= sr->base.date)
        st = apply(c, dur, 1, &sr->base, TSC_ROLL_FOLLOWING, &it->due, &it->midnight);
    return st;
}

/* The next occurrence, `dur` after the previous one; `end` (or NULL) is
 * the end of the rule's last phase, after which nothing is due. */
static tsc_status series_step(struct ctx *c, struct series *sr, const struct tsc__duration *dur,
                              tsc_roll roll, const struct inst *end, bool *stop)
{
    struct item_spec it = {.anchor = sr->anchor, .projected = sr->projected,
                           .midnight = sr->midnight};
    tsc_status st = next_due(c, sr, dur, roll, &it);
    if (st)
        return st;
    if ((end && inst_cmp(&it.due, end) > 0) || !in_horizon(c, &it.due, sr->occurrence > 0)) {
        *stop = true;
        return TSC_OK;
    }
    if (sr->occurrence >= TSC_PLAN_SERIES_LIMIT) {     /* cut short, visibly */
        c->plan->items[sr->last_item].flags |= TSC_ITEM_TRUNCATED;
        c->plan->truncated++;
        *stop = true;
        return TSC_OK;
    }
    it.occurrence = ++sr->occurrence;
    it.done = match(c, &sr->base, false, NULL);
    sr->last_item = c->plan->nitems;
    if ((st = add_item(c, &it)))
        return st;
    sr->midnight = it.midnight && !it.done;
    if (it.done) {
        sr->base = *it.done;
    } else {
        sr->base = it.due;
        sr->projected = true;
    }
    return TSC_OK;
}

/* A recurrence whose interval is shorter than a week (daily, every 3 days)
 * is a seven-day duty: its occurrences are not rolled unless the rule says
 * how (", preceding" or ", following"). */
static tsc_roll interval_roll(const struct tsc_rule *r, const struct tsc__phase *ph)
{
    const struct tsc__duration *d = &ph->at.dur;
    bool under_a_week = d->kind == TSC__DUR_CALENDAR && d->months == 0 && d->days < 7;
    return ph->kind == TSC__PH_EVERY && under_a_week && !r->roll_given ? TSC_ROLL_UNADJUSTED
                                                                   : r->roll;
}

static tsc_status series(struct ctx *c, const struct tsc_rule *r)
{
    const struct tsc__phase *first = &r->phases[0];
    size_t n;
    if (!stream_of(c, first->at.anchor.event_id, &n))
        return tsc__fail(c->err, TSC_ERR_NOMEM, "out of memory");
    const struct inst *a = pick(c->plan->stream, n, first->at.anchor.ordinal);
    if (!a)
        return TSC_OK;
    struct inst anchor = *a;
    struct series sr = {.base = anchor, .projected = anchor.projected, .anchor = &anchor};
    use_anchor(c, &anchor);
    tsc_status st = TSC_OK;
    bool stop = false;
    int p = 0;
    if (first->kind == TSC__PH_ONCE) {
        st = series_step(c, &sr, &first->at.dur, r->roll, NULL, &stop);
        p = 1;
    }
    /* Each occurrence takes the interval of the phase in force on the date
     * of the previous one (TIMESCALES.md 6); the last phase's end ends all. */
    while (!st && !stop && p < r->nphases) {
        const struct tsc__phase *ph = &r->phases[p];
        struct inst end;
        bool has_end, last = p == r->nphases - 1;
        if ((st = phase_end(c, &ph->until, &end, &has_end)))
            break;
        if (has_end && inst_cmp(&sr.base, &end) >= 0) {
            p++;
            continue;
        }
        st = series_step(c, &sr, &ph->at.dur, interval_roll(r, ph), has_end && last ? &end : NULL,
                         &stop);
    }
    return st;
}

/* ---- the whole plan ---- */

static int order_cmp(const struct order *a, const struct order *b)
{
    if (a->due != b->due)
        return a->due < b->due ? -1 : 1;
    if (a->when != b->when)
        return a->when < b->when ? -1 : 1;
    if (a->rule != b->rule)
        return a->rule < b->rule ? -1 : 1;
    return (a->occurrence > b->occurrence) - (a->occurrence < b->occurrence);
}

/* A stable bottom-up merge sort of n orders, using tmp (n entries). */
static void merge_sort(struct order *v, struct order *tmp, size_t n)
{
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = order_cmp(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
            while (i < mid)
                tmp[k++] = v[i++];
            while (j < hi)
                tmp[k++] = v[j++];
        }
        memcpy(v, tmp, n * sizeof *v);
    }
}

/* By due date; on one date, all-day items first, then timed ones by time;
 * then pack order and occurrence. */
static tsc_status sort_items(tsc_plan *pl, tsc_error *err)
{
    size_t n = pl->nitems;
    if (n < 2)
        return TSC_OK;
    if (!tsc__grow((void **)&pl->order, &pl->cap_order, 2 * n, sizeof *pl->order) ||
        !tsc__grow((void **)&pl->items, &pl->cap_items, 2 * n, sizeof *pl->items))
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const tsc_item *it = &pl->items[i];
        int64_t when = it->flags & TSC_ITEM_TIMED
                           ? it->due_time - day_key(it->due) + TSC__SECONDS_PER_DAY
                           : -1;
        pl->order[i] = (struct order){it->due, (int32_t)when, it->rule_index, it->occurrence,
                                      (uint32_t)i};
    }
    merge_sort(pl->order, pl->order + n, n);
    tsc_item *sorted = pl->items + n;
    for (size_t i = 0; i < n; i++)
        sorted[i] = pl->items[pl->order[i].item];
    memcpy(pl->items, sorted, n * sizeof *sorted);
    return TSC_OK;
}

/* "until 18 years after date-of-birth" with no date of birth recorded (or
 * projected): the rule runs to the horizon, and its items say so. */
static bool end_unrecorded(const struct ctx *c, size_t rule)
{
    int e = c->pack->end_event[rule];
    return e >= 0 && c->plan->rec_start[e] == c->plan->rec_start[e + 1] &&
           c->plan->proj_head[e] < 0;
}

static tsc_status evaluate(struct ctx *c, size_t rule)
{
    const struct tsc_rule *r = &c->pack->rules[rule].rule;
    c->rule = rule;
    c->end_unknown = end_unrecorded(c, rule);
    memset(c->plan->used, 0, c->plan->nrec);
    tsc_status st;
    if (r->phases[0].kind == TSC__PH_NTH_EVENT)
        st = nth_event(c, &r->phases[0]);
    else if (tsc__rule_is_per_instance(r))
        st = per_instance(c, r);
    else
        st = series(c, r);
    if (st && c->err) {
        char detail[sizeof c->err->message];
        memcpy(detail, c->err->message, sizeof detail);
        /* Where the rule's text is, so the message can point at it. */
        const struct tsc__pack_rule *pr = &c->pack->rules[rule];
        tsc__fail_at(c->err, st, c->pack->source, pr->when_line, r->phases[0].column,
                     "rule %s: %s", pr->id, detail);
    }
    return st;
}

/* The latest day the case records (a time on its local date in cal's
 * zone), or 0 for an empty case. */
static tsc_date latest_day(const tsc_case *cs, const tsc_calendar *cal)
{
    tsc_date latest = 0;
    for (size_t i = 0; i < cs->n; i++) {
        tsc_date d = cs->ev[i].date;
        if (cs->ev[i].timed)
            (void)tsc_time_to_local(cal, cs->ev[i].t, &d, NULL, NULL, NULL);
        if (d > latest)
            latest = d;
    }
    return latest;
}

static tsc_date default_until(const tsc_case *cs, const tsc_calendar *cal)
{
    tsc_date latest = latest_day(cs, cal);
    return latest && latest <= TSC_DATE_MAX - TSC_PLAN_DEFAULT_HORIZON_DAYS
               ? latest + TSC_PLAN_DEFAULT_HORIZON_DAYS
               : TSC_DATE_MAX;
}

/* A rule scheduling the n-th EVENT (n >= 2, or "later") counts on the case
 * having the ones before it: recorded, or projected by another rule before
 * the item is due.  Without them the ordinals of every rule counting from
 * EVENT are off by one, and nothing else shows it: the items say so. */
static void mark_missing_earlier(struct ctx *c)
{
    tsc_plan *pl = c->plan;
    for (size_t i = 0; i < pl->nitems; i++) {
        tsc_item *it = &pl->items[i];
        const struct tsc__pack_rule *r = &c->pack->rules[it->rule_index];
        int nth = r->schedules_ordinal, e = r->schedules_id;
        if (nth != TSC__LATER && nth < 2)
            continue;
        size_t need = nth == TSC__LATER ? 1 : (size_t)nth - 1;
        size_t have = pl->rec_start[e + 1] - pl->rec_start[e];
        for (int32_t k = pl->proj_head[e]; k >= 0 && have < need; k = pl->proj_next[k])
            have += (uint32_t)pl->proj[k].producer != it->rule_index && pl->proj[k].date < it->due;
        if (have < need)
            it->flags |= TSC_ITEM_NO_EARLIER;
    }
}

static size_t instances(const tsc_plan *pl, int e)
{
    size_t n = pl->rec_start[e + 1] - pl->rec_start[e];
    for (int32_t k = pl->proj_head[e]; k >= 0; k = pl->proj_next[k])
        n++;
    return n;
}

/* The rules scheduling the n-th EVENT (n >= 2) whose anchor the case
 * neither records nor has projected, in a case with at least one EVENT but
 * fewer than n: the n-th is never planned, nor anything counting from it. */
static tsc_status find_unanchored(struct ctx *c)
{
    tsc_plan *pl = c->plan;
    pl->nunanchored = 0;
    for (size_t r = 0; r < c->pack->nrules; r++) {
        const struct tsc__pack_rule *rule = &c->pack->rules[r];
        int nth = rule->schedules_ordinal, a = rule->rule.phases[0].at.anchor.event_id;
        if (nth < 2 || !rule->rule.phases[0].at.anchor.event || instances(pl, a))
            continue;
        size_t have = instances(pl, rule->schedules_id);
        if (!have || have >= (size_t)nth)
            continue;
        if (!tsc__grow((void **)&pl->unanchored, &pl->cap_unanchored, pl->nunanchored + 1,
                       sizeof *pl->unanchored))
            return tsc__fail(c->err, TSC_ERR_NOMEM, "out of memory");
        pl->unanchored[pl->nunanchored++] = (uint32_t)r;
    }
    return TSC_OK;
}

size_t tsc_plan_unanchored(const tsc_plan *plan, size_t *out, size_t max)
{
    size_t n = plan && plan->pack ? plan->nunanchored : 0;
    for (size_t i = 0; out && i < n && i < max; i++)
        out[i] = plan->unanchored[i];
    return n;
}

tsc_status tsc_plan_compute(tsc_plan *plan, const tsc_pack *pack, const tsc_calendar *cal,
                            const tsc_case *cs, tsc_date until, tsc_date today, unsigned flags,
                            tsc_error *err)
{
    if (!plan || !pack || !cal || !cs)
        return tsc__fail(err, TSC_ERR_ARG, "plan, pack, calendar or case is NULL");
    if (flags & ~(unsigned)(TSC_PLAN_IGNORE_UNKNOWN_EVENTS | TSC_PLAN_UNTIL_BOUNDS_REPEATS))
        return tsc__fail(err, TSC_ERR_ARG, "unknown flags %#x", flags);
    if ((until && !tsc__date_valid(until)) || (today && !tsc__date_valid(today)))
        return tsc__fail(err, TSC_ERR_RANGE, "until or today is not a valid date");
    plan->nitems = plan->nproj = plan->truncated = plan->hidden = plan->nunanchored = 0;
    plan->pack = NULL;
    plan->cal = NULL;
    if (!until) {   /* the default horizon must never hide a deadline */
        until = default_until(cs, cal);
        flags |= TSC_PLAN_UNTIL_BOUNDS_REPEATS;
    }
    struct ctx c = {plan, pack, cal, until, today, err, 0, flags, false};
    tsc_status st = load_case(&c, cs, flags);
    for (size_t k = 0; !st && k < pack->nrules; k++)
        st = evaluate(&c, pack->order[k]);
    if (!st)
        mark_missing_earlier(&c);
    if (!st)
        st = find_unanchored(&c);
    if (!st)
        st = sort_items(plan, err);
    if (st) {
        plan->nitems = plan->truncated = plan->hidden = 0;
        return st;
    }
    plan->pack = pack;
    plan->cal = cal;
    plan->until = until;
    return TSC_OK;
}

const tsc_pack *tsc_plan_pack(const tsc_plan *plan) { return plan ? plan->pack : NULL; }
const tsc_calendar *tsc_plan_calendar(const tsc_plan *plan) { return plan ? plan->cal : NULL; }
tsc_date tsc_plan_until(const tsc_plan *plan) { return plan && plan->pack ? plan->until : 0; }
