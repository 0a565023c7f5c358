/* bench_workdays.c -- nanoseconds per query of add-working-days and
 * count-working-days on a fixed random workload.
 *
 * Not a test: it prints numbers and never fails on speed.  It exits
 * non-zero only when two ways of asking the library disagree, or on a
 * usage or I/O error.
 *
 * Workload (same seed, same inputs, on every machine): `count` start dates
 * uniform in 2000-01-01 .. 2090-12-31, and for each range R an n uniform in
 * [-R, R].  add asks for add_working_days(from, n); count asks for
 * count_working_days(from, from + n) (n calendar days, half-open).  Both
 * ranges use the same start dates, so only n changes between them.
 *
 * Methods, per operation and range:
 *   loop        out[i] = from[i] + n[i]: the memory traffic alone, a floor
 *   branchy     the cumulative-index lookup as src/calendar.c first wrote
 *               it (ca1344d), inline here on an index built through the
 *               public API: a jump on the sign of n (add) or on the order
 *               of the ends (count), which this workload mispredicts about
 *               half the time
 *   branchless  the same lookup choosing by index arithmetic and
 *               conditional moves, as src/calendar.c does since a642b2b:
 *               the algorithm without any call around it
 *   single      the checked call, once per query (err = NULL)
 *   batch       the batch call over the whole array
 * Each method runs once untimed, then `reps` timed times; we print the
 * best and the median ns/op.  The outputs are summed into a volatile and
 * compared across methods, so the compiler cannot drop the work.
 *
 * --write-workload DIR writes DIR/workload-R.bin for bench_quantlib and
 * bench_numpy.py (format in bench/README.md), with our answers, so the
 * peers time identical inputs and check their answers against ours. */
#include <timescale.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { MAX_REPS = 101 };
static const int32_t ranges[] = {60, 1000};

struct workload {
    size_t count;
    int32_t range;      /* n is uniform in [-range, range] */
    tsc_date *from;
    int32_t *n;
    tsc_date *to;       /* from + n, for count */
};

/* Working days up to each date, built through the public API only, so the
 * inline methods cost what the library's own index lookup would cost if
 * there were no call around it. */
struct index {
    tsc_date first;
    int32_t span;
    int32_t *before;    /* span + 1 entries: working days in [first, first + i) */
    tsc_date *work;     /* before[span] entries: the k-th working day */
};

struct run {
    const tsc_calendar *cal;
    const struct index *ix;
    const struct workload *w;
    int32_t *out;
    unsigned flags;     /* for count: always 0 here, but unknown to the compiler */
};

static volatile int64_t sink;

/* splitmix64 (Steele, Lea and Flood 2014): tiny, fixed, and the same on
 * every platform, unlike rand(). */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi] by multiply-shift (Lemire); the bias for spans this
 * small is below 2^-32 and the same on every run. */
static int32_t uniform(uint64_t *state, int32_t lo, int32_t hi)
{
    uint64_t span = (uint64_t)((int64_t)hi - lo + 1);
    return (int32_t)(lo + (int64_t)(((next_random(state) >> 32) * span) >> 32));
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) {
        fprintf(stderr, "bench_workdays: out of memory\n");
        exit(2);
    }
    return p;
}

static tsc_date ymd(int y, int m, int d)
{
    tsc_date out = 0;
    if (tsc_date_from_ymd(y, m, d, &out, NULL) != TSC_OK) {
        fprintf(stderr, "bench_workdays: bad date %04d-%02d-%02d\n", y, m, d);
        exit(2);
    }
    return out;
}

/* The start dates come from one stream and the n from another, so the
 * start dates are the same for every range. */
static void make_workload(struct workload *w, size_t count, int32_t range, uint64_t seed,
                          bool forward_only)
{
    tsc_date lo = ymd(2000, 1, 1), hi = ymd(2090, 12, 31);
    uint64_t dates = seed, steps = seed ^ 0x5851F42D4C957F2Du;
    w->count = count;
    w->range = range;
    w->from = xmalloc(count * sizeof *w->from);
    w->n = xmalloc(count * sizeof *w->n);
    w->to = xmalloc(count * sizeof *w->to);
    for (size_t i = 0; i < count; i++) {
        w->from[i] = uniform(&dates, lo, hi);
        w->n[i] = uniform(&steps, -range, range);
        if (forward_only && w->n[i] < 0)
            w->n[i] = -w->n[i];
        w->to[i] = w->from[i] + w->n[i];
    }
}

static void build_index(struct index *ix, const tsc_calendar *cal)
{
    ix->first = ymd(1990, 1, 1);
    ix->span = ymd(2110, 12, 31) - ix->first + 1;
    ix->before = xmalloc(((size_t)ix->span + 1) * sizeof *ix->before);
    ix->work = xmalloc((size_t)ix->span * sizeof *ix->work);
    int32_t k = 0;
    for (int32_t i = 0; i < ix->span; i++) {
        ix->before[i] = k;
        if (tsc_calendar_is_working_day(cal, ix->first + i))
            ix->work[k++] = ix->first + i;
    }
    ix->before[ix->span] = k;
}

static void fail_call(const char *what, size_t i, tsc_status st)
{
    fprintf(stderr, "bench_workdays: %s failed at item %zu: %s\n", what, i, tsc_strerror(st));
    exit(2);
}

/* ---- the methods ---- */

static void add_loop(const struct run *r)
{
    const tsc_date *from = r->w->from;
    const int32_t *n = r->w->n;
    for (size_t i = 0; i < r->w->count; i++)
        r->out[i] = from[i] + n[i];
}

static void add_branchy(const struct run *r)
{
    const struct index *ix = r->ix;
    for (size_t i = 0; i < r->w->count; i++) {
        tsc_date from = r->w->from[i];
        int32_t n = r->w->n[i];
        uint32_t at = (uint32_t)(from - ix->first);
        if (at < (uint32_t)ix->span) {
            int64_t k = n > 0 ? (int64_t)ix->before[at + 1] + n - 1 : (int64_t)ix->before[at] + n;
            if (k >= 0 && k < ix->before[ix->span]) {
                r->out[i] = n ? ix->work[k] : from;
                continue;
            }
        }
        tsc_status st = tsc_calendar_add_working_days(r->cal, from, n, &r->out[i], NULL);
        if (st)
            fail_call("add (branchy fallback)", i, st);
    }
}

/* As add_branchy, but choosing between before[at] and before[at + 1] by
 * index arithmetic instead of a branch: with n as often negative as
 * positive, the branch is mispredicted about half the time. */
static void add_branchless(const struct run *r)
{
    const struct index *ix = r->ix;
    int32_t total = ix->before[ix->span];
    for (size_t i = 0; i < r->w->count; i++) {
        tsc_date from = r->w->from[i];
        int32_t n = r->w->n[i];
        uint32_t at = (uint32_t)(from - ix->first);
        if (at < (uint32_t)ix->span) {
            int32_t forward = n > 0;
            int64_t k = (int64_t)ix->before[at + (uint32_t)forward] + n - forward;
            if ((uint64_t)k < (uint64_t)total) {
                tsc_date found = ix->work[k];
                r->out[i] = n ? found : from;
                continue;
            }
        }
        tsc_status st = tsc_calendar_add_working_days(r->cal, from, n, &r->out[i], NULL);
        if (st)
            fail_call("add (branchless fallback)", i, st);
    }
}

static void add_single(const struct run *r)
{
    for (size_t i = 0; i < r->w->count; i++) {
        tsc_status st = tsc_calendar_add_working_days(r->cal, r->w->from[i], r->w->n[i],
                                                      &r->out[i], NULL);
        if (st)
            fail_call("tsc_calendar_add_working_days", i, st);
    }
}

static void add_batch(const struct run *r)
{
    tsc_status st = tsc_calendar_add_working_days_batch(r->cal, r->w->from, r->w->n, r->w->count,
                                                        r->out, NULL);
    if (st)
        fail_call("tsc_calendar_add_working_days_batch", 0, st);
}

static void count_loop(const struct run *r)
{
    const tsc_date *from = r->w->from, *to = r->w->to;
    for (size_t i = 0; i < r->w->count; i++)
        r->out[i] = to[i] - from[i];
}

static void count_branchy(const struct run *r)
{
    const struct index *ix = r->ix;
    for (size_t i = 0; i < r->w->count; i++) {
        tsc_date from = r->w->from[i], to = r->w->to[i];
        uint32_t a = (uint32_t)(from - ix->first), b = (uint32_t)(to - ix->first);
        uint32_t inclusive = r->flags & TSC_COUNT_INCLUSIVE;
        if (a < (uint32_t)ix->span && b < (uint32_t)ix->span) {
            r->out[i] = a <= b ? ix->before[b + inclusive] - ix->before[a]
                               : -(ix->before[a + inclusive] - ix->before[b]);
            continue;
        }
        tsc_status st = tsc_calendar_count_working_days(r->cal, from, to, r->flags, &r->out[i],
                                                        NULL);
        if (st)
            fail_call("count (branchy fallback)", i, st);
    }
}

/* As count_branchy, but for any flags, as the library must: the
 * order of the ends picks the sign with a conditional move, not a jump. */
static void count_branchless(const struct run *r)
{
    const struct index *ix = r->ix;
    uint32_t inclusive = r->flags & TSC_COUNT_INCLUSIVE;
    for (size_t i = 0; i < r->w->count; i++) {
        tsc_date from = r->w->from[i], to = r->w->to[i];
        uint32_t a = (uint32_t)(from - ix->first), b = (uint32_t)(to - ix->first);
        if (a < (uint32_t)ix->span && b < (uint32_t)ix->span) {
            uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
            int32_t c = ix->before[hi + inclusive] - ix->before[lo];
            r->out[i] = a <= b ? c : -c;
            continue;
        }
        tsc_status st = tsc_calendar_count_working_days(r->cal, from, to, r->flags, &r->out[i],
                                                        NULL);
        if (st)
            fail_call("count (branchless fallback)", i, st);
    }
}

static void count_single(const struct run *r)
{
    for (size_t i = 0; i < r->w->count; i++) {
        tsc_status st = tsc_calendar_count_working_days(r->cal, r->w->from[i], r->w->to[i], 0,
                                                        &r->out[i], NULL);
        if (st)
            fail_call("tsc_calendar_count_working_days", i, st);
    }
}

static void count_batch(const struct run *r)
{
    tsc_status st = tsc_calendar_count_working_days_batch(r->cal, r->w->from, r->w->to,
                                                          r->w->count, 0, r->out, NULL);
    if (st)
        fail_call("tsc_calendar_count_working_days_batch", 0, st);
}

/* The single checked call is the reference the other methods must match.
 * It is not add_single itself, so that a profiler's cost for each method
 * function is exactly its reps + 1 runs (bench/run --callgrind relies on it). */
static void reference_answers(const tsc_calendar *cal, const struct workload *w, int32_t *add,
                              int32_t *count)
{
    for (size_t i = 0; i < w->count; i++) {
        tsc_status st = tsc_calendar_add_working_days(cal, w->from[i], w->n[i], &add[i], NULL);
        if (!st)
            st = tsc_calendar_count_working_days(cal, w->from[i], w->to[i], 0, &count[i], NULL);
        if (st)
            fail_call("reference", i, st);
    }
}

struct method {
    const char *op, *name;
    void (*fn)(const struct run *);
    bool answers;       /* false for the loop floor, whose output is not an answer */
};

static const struct method methods[] = {
    {"add", "loop", add_loop, false},     {"add", "branchy", add_branchy, true},
    {"add", "branchless", add_branchless, true},
    {"add", "single", add_single, true},  {"add", "batch", add_batch, true},
    {"count", "loop", count_loop, false}, {"count", "branchy", count_branchy, true},
    {"count", "branchless", count_branchless, true},
    {"count", "single", count_single, true}, {"count", "batch", count_batch, true},
};

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void checksum(const int32_t *out, size_t count)
{
    int64_t sum = 0;
    for (size_t i = 0; i < count; i++)
        sum += out[i];
    sink += sum;
}

/* Times m `reps` times after one untimed warm-up; returns the number of
 * answers that differ from `want` (NULL: nothing to compare). */
static size_t time_method(const struct method *m, const struct run *r, int reps,
                          const int32_t *want, double *best, double *median)
{
    double ns[MAX_REPS];
    m->fn(r);
    checksum(r->out, r->w->count);
    for (int k = 0; k < reps; k++) {
        double t0 = now_ns();
        m->fn(r);
        double t1 = now_ns();
        checksum(r->out, r->w->count);
        ns[k] = (t1 - t0) / (double)r->w->count;
    }
    qsort(ns, (size_t)reps, sizeof ns[0], by_value);
    *best = ns[0];
    *median = ns[reps / 2];
    size_t wrong = 0;
    if (want && m->answers)
        for (size_t i = 0; i < r->w->count; i++)
            wrong += r->out[i] != want[i];
    return wrong;
}

static bool write_all(FILE *f, const void *p, size_t size, size_t count)
{
    return fwrite(p, size, count, f) == count;
}

/* Format: see bench/README.md. */
static void write_workload(const char *dir, const struct workload *w, const int32_t *add,
                           const int32_t *count)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/workload-%d.bin", dir, (int)w->range);
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "bench_workdays: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    char magic[8] = "TSCWL1";
    uint32_t n = (uint32_t)w->count;
    int32_t lo = -w->range, hi = w->range;
    uint32_t reserved = 0;
    bool ok = write_all(f, magic, 1, sizeof magic) && write_all(f, &n, sizeof n, 1) &&
              write_all(f, &lo, sizeof lo, 1) && write_all(f, &hi, sizeof hi, 1) &&
              write_all(f, &reserved, sizeof reserved, 1) &&
              write_all(f, w->from, sizeof *w->from, w->count) &&
              write_all(f, w->n, sizeof *w->n, w->count) &&
              write_all(f, w->to, sizeof *w->to, w->count) &&
              write_all(f, add, sizeof *add, w->count) &&
              write_all(f, count, sizeof *count, w->count);
    if (fclose(f) != 0 || !ok) {
        fprintf(stderr, "bench_workdays: writing %s failed\n", path);
        exit(2);
    }
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: bench_workdays [--count N] [--reps R] [--seed S] [--calendar NAME]\n"
            "                      [--write-workload DIR] [--forward-only]\n"
            "Times add- and count-working-days on N (1000000) random dates in 2000-2090,\n"
            "with n in [-60, 60] and [-1000, 1000]; prints ns/op, best and median of R (7).\n"
            "--forward-only uses |n| (a diagnostic: every branch on the sign of n is then\n"
            "predictable).  RESULT lines are for bench/run.\n");
}

static const char *arg_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "bench_workdays: %s needs a value\n", argv[*i]);
        usage(stderr);
        exit(2);
    }
    return argv[++*i];
}

int main(int argc, char **argv)
{
    size_t count = 1000000;
    int reps = 7;
    uint64_t seed = 20260101;
    const char *calendar = "england-and-wales", *dir = NULL;
    bool forward_only = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--count"))
            count = (size_t)strtoull(arg_value(argc, argv, &i), NULL, 10);
        else if (!strcmp(argv[i], "--reps"))
            reps = atoi(arg_value(argc, argv, &i));
        else if (!strcmp(argv[i], "--seed"))
            seed = strtoull(arg_value(argc, argv, &i), NULL, 10);
        else if (!strcmp(argv[i], "--calendar"))
            calendar = arg_value(argc, argv, &i);
        else if (!strcmp(argv[i], "--forward-only"))
            forward_only = true;
        else if (!strcmp(argv[i], "--write-workload"))
            dir = arg_value(argc, argv, &i);
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "bench_workdays: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (count == 0 || count > UINT32_MAX || reps < 1 || reps > MAX_REPS) {
        fprintf(stderr, "bench_workdays: need 1 <= count < 2^32 and 1 <= reps <= %d\n",
                MAX_REPS);
        return 2;
    }

    tsc_calendar *cal;
    tsc_error err;
    if (tsc_calendar_open(calendar, &cal, &err) != TSC_OK) {
        char msg[512];
        tsc_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "bench_workdays: %s\n", msg);
        return 2;
    }
    struct index ix;
    build_index(&ix, cal);

    printf("timescale %s, calendar %s, %zu queries, seed %llu, best/median of %d%s\n",
           tsc_version(), calendar, count, (unsigned long long)seed, reps,
           forward_only ? ", n >= 0 only" : "");
    printf("%-6s %-10s %6s %10s %10s  %s\n", "op", "method", "range", "best", "median",
           "(ns/op)");

    int32_t *out = xmalloc(count * sizeof *out);
    int32_t *want_add = xmalloc(count * sizeof *want_add);
    int32_t *want_count = xmalloc(count * sizeof *want_count);
    size_t disagreements = 0;
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
        struct workload w;
        make_workload(&w, count, ranges[r], seed, forward_only);
        reference_answers(cal, &w, want_add, want_count);
        for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
            const struct method *me = &methods[m];
            const int32_t *want = !strcmp(me->op, "add") ? want_add : want_count;
            double best, median;
            struct run run = {.cal = cal, .ix = &ix, .w = &w, .out = out, .flags = 0};
            size_t wrong = time_method(me, &run, reps, want, &best, &median);
            disagreements += wrong;
            printf("%-6s %-10s %6d %10.2f %10.2f%s\n", me->op, me->name, (int)w.range, best,
                   median, wrong ? "  DISAGREES WITH single" : "");
            printf("RESULT impl=timescale method=%s op=%s range=%d best=%.3f median=%.3f "
                   "reps=%d mismatches=%zu\n",
                   me->name, me->op, (int)w.range, best, median, reps, wrong);
        }
        if (dir)
            write_workload(dir, &w, want_add, want_count);
        free(w.from);
        free(w.n);
        free(w.to);
    }
    printf("checksum %lld\n", (long long)sink);
    free(out);
    free(want_add);
    free(want_count);
    free(ix.before);
    free(ix.work);
    tsc_calendar_free(cal);
    if (disagreements) {
        fprintf(stderr, "bench_workdays: %zu answers differ between methods\n", disagreements);
        return 1;
    }
    return 0;
}
