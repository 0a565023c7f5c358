/* test_threads.c -- one calendar shared by several threads.
 *
 * The header promises that a tsc_calendar is immutable once built, so any
 * number of threads may query one calendar without locks.  Each query below
 * is answered once on the main thread first; then THREADS threads run the
 * whole list at the same time, each starting at a different place, and
 * every answer must be the single-threaded one.  The queries include the
 * slow path outside the index (which works a year of holidays at a time),
 * holiday lists and zone conversions, on a built-in and a loaded calendar.
 * Under CI's AddressSanitizer build a data race that corrupts memory shows
 * up there too. */
#include "testutil.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { THREADS = 6, QUERIES = 3000, ROUNDS = 2 };

enum kind { Q_ADD, Q_COUNT, Q_ROLL, Q_WORKING, Q_HOLIDAYS, Q_TIME, NKINDS };

struct query {
    enum kind kind;
    tsc_date a, b;
    int32_t n;
    tsc_time t;
    int64_t answer;      /* the single-threaded result */
    char text[32];       /* holiday name or formatted time */
};

struct shared {
    const tsc_calendar *cal;
    struct query *q;
    size_t nq;
};

struct worker {
    const struct shared *s;
    size_t start;
    size_t mismatches;
    char first[200];
};

/* Runs query q; the result and any text go to *answer and text. */
static void run(const tsc_calendar *cal, const struct query *q, int64_t *answer, char *text,
                size_t size)
{
    tsc_date d = 0;
    int32_t c = 0;
    tsc_status st = TSC_OK;
    text[0] = '\0';
    switch (q->kind) {
    case Q_ADD:
        st = tsc_calendar_add_working_days(cal, q->a, q->n, &d, NULL);
        *answer = st ? -(int64_t)st : d;
        break;
    case Q_COUNT:
        st = tsc_calendar_count_working_days(cal, q->a, q->b, (unsigned)(q->n & 1), &c, NULL);
        *answer = st ? INT64_MIN + st : c;
        break;
    case Q_ROLL:
        st = tsc_calendar_roll(cal, q->a, (tsc_roll)(q->n % 5), &d, NULL);
        *answer = st ? -(int64_t)st : d;
        break;
    case Q_WORKING:
        *answer = tsc_calendar_is_working_day(cal, q->a);
        break;
    case Q_HOLIDAYS: {
        tsc_holiday h[40];
        size_t n = 0;
        st = tsc_calendar_holidays(cal, q->a, q->b, h, 40, &n, NULL);
        uint64_t sum = n; /* a hash of the list; unsigned, so wrapping is defined */
        for (size_t i = 0; i < n && i < 40; i++)
            sum = sum * 31 + (uint64_t)h[i].date + h[i].flags;
        *answer = st ? -(int64_t)st : (int64_t)(sum >> 1);
        if (!st && n)
            snprintf(text, size, "%s", h[n < 40 ? n - 1 : 39].name);
        break;
    }
    case Q_TIME: {
        tsc_date ld = 0;
        int minute = 0, offset = 0;
        st = tsc_time_to_local(cal, q->t, &ld, &minute, &offset, NULL);
        *answer = st ? -(int64_t)st : ((int64_t)ld * 1440 + minute) * 100 + offset;
        tsc_time_format(q->t, cal, text, size);
        break;
    }
    default:
        break;
    }
}

static void make_queries(struct shared *s, const tsc_calendar *cal)
{
    static const int32_t ns[] = {-250, -20, -5, -1, 0, 1, 2, 7, 30, 260};
    s->cal = cal;
    s->nq = QUERIES;
    s->q = calloc(QUERIES, sizeof *s->q);
    assert_non_null(s->q);
    srand(20270328);
    for (size_t i = 0; i < QUERIES; i++) {
        struct query *q = &s->q[i];
        q->kind = (enum kind)(i % NKINDS);
        /* Mostly inside the index, one in four in 1880-1899 or 2201-2220 (the slow
           path; near the index, because a count out there walks to its edge). */
        int r = rand() % 4;
        int year = r == 0 ? 1880 + rand() % 20 : r == 1 ? 2201 + rand() % 20
                                                        : 1970 + rand() % 131;
        q->a = T_date("0001-01-01") + (tsc_date)(year - 1) * 365 + (year - 1) / 4 -
               (year - 1) / 100 + (year - 1) / 400 + rand() % 365;
        q->b = q->a + (rand() % 800) - 200;
        q->n = ns[rand() % 10];
        if (q->kind == Q_HOLIDAYS && q->b < q->a)
            q->b = q->a + 60;
        q->t = (tsc_time)(q->a - 719163) * 86400 + rand() % 86400;
        run(cal, q, &q->answer, q->text, sizeof q->text);
    }
}

static void *work(void *arg)
{
    struct worker *w = arg;
    const struct shared *s = w->s;
    char text[32];
    for (int round = 0; round < ROUNDS; round++)
        for (size_t k = 0; k < s->nq; k++) {
            const struct query *q = &s->q[(w->start + k) % s->nq];
            int64_t answer = 0;
            run(s->cal, q, &answer, text, sizeof text);
            if (answer != q->answer || strcmp(text, q->text) != 0) {
                if (!w->mismatches++)
                    snprintf(w->first, sizeof w->first,
                             "query %zu (kind %d, %s): %lld '%s', single-threaded %lld '%s'",
                             (size_t)(q - s->q), (int)q->kind, T_fmt(q->a), (long long)answer,
                             text, (long long)q->answer, q->text);
            }
        }
    return NULL;
}

static void run_threads(const tsc_calendar *cal)
{
    struct shared s;
    make_queries(&s, cal);
    pthread_t tid[THREADS];
    struct worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (struct worker){.s = &s, .start = (size_t)i * QUERIES / THREADS};
        assert_int_equal(pthread_create(&tid[i], NULL, work, &w[i]), 0);
    }
    size_t bad = 0;
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(tid[i], NULL), 0);
        if (w[i].mismatches && !bad++)
            fprintf(stderr, "thread %d: %s\n", i, w[i].first);
        bad += w[i].mismatches ? w[i].mismatches - 1 : 0;
    }
    free(s.q);
    if (bad)
        fail_msg("%zu answers differed from the single-threaded ones", bad);
}

static void shared_builtin_calendar(void **state)
{
    (void)state;
    tsc_calendar *cal = T_calendar("scotland");
    run_threads(cal);
    tsc_calendar_free(cal);
}

static void shared_loaded_calendar(void **state)
{
    (void)state;
    tsc_calendar *cal = NULL;
    tsc_error err;
    assert_int_equal(tsc_calendar_load_string("include england-and-wales\n"
                                              "weekend fri sat\n"
                                              "\"Closure\" 24 dec .. 31 dec\n"
                                              "\"Day\" 4 jul substitute\n",
                                              "threads.hol", &cal, &err),
                     TSC_OK);
    run_threads(cal);
    tsc_calendar_free(cal);
}

/* Threads opening, using and freeing their own calendars at the same time. */
static void *open_and_free(void *arg)
{
    int *failed = arg;
    for (int i = 0; i < 20; i++) {
        tsc_calendar *cal = NULL;
        const char *name = tsc_calendar_builtin_name((size_t)i % tsc_calendar_builtin_count());
        tsc_date got = 0;
        if (tsc_calendar_open(name, &cal, NULL) != TSC_OK ||
            tsc_calendar_add_working_days(cal, 739677 /* 2026-03-02, a Monday */, 4, &got,
                                          NULL) != TSC_OK ||
            got != 739681) /* Friday 6 March 2026: no holiday that week anywhere */
            *failed = 1;
        tsc_calendar_free(cal);
    }
    return NULL;
}

static void concurrent_open_and_free(void **state)
{
    (void)state;
    pthread_t tid[4];
    int failed[4] = {0};
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&tid[i], NULL, open_and_free, &failed[i]), 0);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(tid[i], NULL), 0);
        assert_int_equal(failed[i], 0);
    }
}

int main(int argc, char **argv)
{
    T_set_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shared_builtin_calendar),
        cmocka_unit_test(shared_loaded_calendar),
        cmocka_unit_test(concurrent_open_and_free),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
