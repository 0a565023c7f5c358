/* test_ics_stream.c -- a file written once (tsc_ics_writer_reserve_plan,
 * tsc_ics_writer_stream_file): the same bytes as the writer gives without
 * them, its bytes written once (the process's own write count, from
 * /proc/self/io), and the fallback to writing as without them when the
 * zones or years at the end are not the ones reserved. */
#include "testutil.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Enough cases for a body past the writer's 8 MiB in memory (about 40 kB
 * a case), so that without streaming it goes through a temporary file. */
enum { NCASES = 320 };

static tsc_pack *pack;
static tsc_calendar *cal;
static tsc_plan *plans[NCASES];
static char ids[NCASES][16];

/* Case i: a referral every third day from 5 January 2026 (so the cases run
 * into 2028), every other case an ICPC at a time of day (an hour rule:
 * timed items, so VTIMEZONEs), horizon 180 days. */
static tsc_plan *plan_case(size_t i)
{
    tsc_case *c;
    tsc_plan *plan;
    char text[64], day[16];
    tsc_date referral = T_date("2026-01-05") + (tsc_date)(3 * i);
    CHECK(tsc_case_new(&c, &e_));
    CHECK(tsc_case_add_date(c, "referral", referral, &e_));
    CHECK(tsc_case_add_date(c, "assessment-start", referral + 1, &e_));
    if (i % 2) {
        tsc_date_format(referral + 10, day, sizeof day);
        snprintf(text, sizeof text, "icpc=%sT%02d:30", day, 9 + (int)(i % 8));
        CHECK(tsc_case_add_text(c, text, cal, &e_));
        CHECK(tsc_case_add_date(c, "cp-visit", referral + 12, &e_));
    }
    CHECK(tsc_plan_new(&plan, &e_));
    CHECK(tsc_plan_compute(plan, pack, cal, c, referral + 180, T_date("2026-06-01"), 0, &e_));
    tsc_case_free(c);
    return plan;
}

static int setup(void **state)
{
    (void)state;
    if (T_tmpdir_make("tsc-ics-stream") || tsc_pack_open("swindon", &pack, NULL) ||
        tsc_calendar_open("england-and-wales", &cal, NULL))
        return -1;
    for (size_t i = 0; i < NCASES; i++) {
        plans[i] = plan_case(i);
        snprintf(ids[i], sizeof ids[i], "case-%04zu", i);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    T_tmpdir_remove();
    for (size_t i = 0; i < NCASES; i++)
        tsc_plan_free(plans[i]);
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
    return 0;
}

static size_t files_in_tmpdir(void)
{
    size_t n = 0;
    DIR *d = opendir(T_tmpdir());
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

static char *slurp(const char *path, size_t *len)
{
    char *s = T_slurp(path, len);
    assert_non_null(s);
    return s;
}

/* Bytes this process has handed to write() and its kin so far. */
static long long bytes_written(void)
{
    FILE *f = fopen("/proc/self/io", "r");
    char line[128];
    long long n = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "wchar: %lld", &n) == 1)
            break;
    if (f)
        fclose(f);
    if (n < 0)
        fail_msg("no wchar in /proc/self/io");
    return n;
}

/* How a test writes its file. */
struct how {
    size_t reserve_from, reserve_to;   /* plans [from, to) reserved */
    size_t add_from, add_to;           /* plans [from, to) added */
    bool stream;
    const char *previous;
};

static tsc_ics_writer *new_writer(const struct how *h)
{
    tsc_ics_writer *w;
    CHECK(tsc_ics_writer_new(cal, 0, &w, &e_));
    CHECK(tsc_ics_writer_set_dtstamp(w, 1772000000, &e_));
    CHECK(tsc_ics_writer_set_name(w, "Swindon: all cases", &e_));
    if (h->previous)
        CHECK(tsc_ics_writer_load_previous(w, h->previous, &e_));
    for (size_t i = h->reserve_from; i < h->reserve_to; i++)
        CHECK(tsc_ics_writer_reserve_plan(w, plans[i], &e_));
    return w;
}

static void add_plans(tsc_ics_writer *w, const struct how *h)
{
    for (size_t i = h->add_from; i < h->add_to; i++)
        CHECK(tsc_ics_writer_add_plan(w, ids[i], plans[i], &e_));
}

/* Writes name as h says; *written: the bytes the process wrote meanwhile,
 * *streamed: tsc_ics_writer_streamed(). */
static char *write_as(const struct how *h, const char *name, size_t *len, long long *written,
                      int *streamed)
{
    const char *path = T_tmp_path(name);
    tsc_ics_writer *w = new_writer(h);
    long long before = bytes_written();
    if (h->stream)
        CHECK(tsc_ics_writer_stream_file(w, path, &e_));
    add_plans(w, h);
    CHECK(tsc_ics_writer_write_file(w, path, &e_));
    *written = bytes_written() - before;
    *streamed = tsc_ics_writer_streamed(w);
    tsc_ics_writer_free(w);
    return slurp(path, len);
}

static void assert_same_text(const char *a, size_t na, const char *b, size_t nb)
{
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
}

/* Every plan reserved and added: the file is streamed, written once, and
 * is byte for byte the file written without a reservation (which, past
 * 8 MiB, writes its body twice). */
static void streamed_once_same_bytes(void **state)
{
    (void)state;
    struct how plain = {0, 0, 0, NCASES, false, NULL};
    struct how once = {0, NCASES, 0, NCASES, true, NULL};
    size_t n_plain, n_once;
    long long w_plain, w_once;
    int s_plain, s_once;
    char *a = write_as(&plain, "plain.ics", &n_plain, &w_plain, &s_plain);
    char *b = write_as(&once, "once.ics", &n_once, &w_once, &s_once);
    assert_true(n_plain > 9u << 20);              /* past the 8 MiB kept in memory */
    assert_non_null(strstr(a, "BEGIN:VTIMEZONE"));
    assert_same_text(a, n_plain, b, n_once);
    assert_int_equal(s_plain, 0);
    assert_int_equal(s_once, 1);
    /* The measure sees a second write: the plain file's body spilled. */
    assert_true(w_plain >= (long long)n_plain * 19 / 10);
    assert_true(w_once >= (long long)n_once);
    assert_true(w_once <= (long long)n_once + (long long)n_once / 100);
    assert_int_equal(files_in_tmpdir(), 2);       /* no temporary file left */
    free(a);
    free(b);
    T_tmpdir_clear();
}

/* A small file (all in memory without streaming) comes out the same too. */
static void streamed_small_same_bytes(void **state)
{
    (void)state;
    struct how plain = {0, 0, 1, 4, false, NULL};
    struct how once = {1, 4, 1, 4, true, NULL};
    size_t na, nb;
    long long wa, wb;
    int sa, sb;
    char *a = write_as(&plain, "plain.ics", &na, &wa, &sa);
    char *b = write_as(&once, "once.ics", &nb, &wb, &sb);
    assert_same_text(a, na, b, nb);
    assert_int_equal(sb, 1);
    free(a);
    free(b);
    T_tmpdir_clear();
}

/* The reservations miss years the items use, or name years no item uses:
 * the file is written as without them (not streamed), byte for byte. */
static void fallback_when_years_differ(void **state)
{
    (void)state;
    struct how plain = {0, 0, 0, NCASES, false, NULL};
    size_t n_plain;
    long long w;
    int s;
    char *a = write_as(&plain, "plain.ics", &n_plain, &w, &s);
    /* Plans from 2027 on added, not reserved: the 2027-28 years missing. */
    struct how missing = {0, 100, 0, NCASES, true, NULL};
    /* Reserved, not added: the last plans' years are not the file's. */
    struct how extra = {0, NCASES, 0, 200, true, NULL};
    struct how plain_extra = {0, 0, 0, 200, false, NULL};
    size_t n;
    char *b = write_as(&missing, "missing.ics", &n, &w, &s);
    assert_same_text(a, n_plain, b, n);
    assert_int_equal(s, 0);
    assert_true(w >= 2 * (long long)n - (long long)n / 100);   /* written twice, as before */
    free(b);
    size_t n_short;
    char *c = write_as(&plain_extra, "plain-short.ics", &n_short, &w, &s);
    b = write_as(&extra, "extra.ics", &n, &w, &s);
    assert_same_text(c, n_short, b, n);
    assert_int_equal(s, 0);
    assert_int_equal(files_in_tmpdir(), 4);       /* the dropped stream left nothing */
    free(a);
    free(b);
    free(c);
    T_tmpdir_clear();
}

/* With a previous export: cancelled components in the reserved years keep
 * the stream; cancelled ones in other years make the writer fall back; the
 * bytes are those without a reservation either way. */
static void previous_cancelled(void **state)
{
    (void)state;
    size_t n;
    long long w;
    int s;
    struct how old = {0, 0, 0, NCASES, false, NULL};
    free(write_as(&old, "previous.ics", &n, &w, &s));
    char previous[1024];
    snprintf(previous, sizeof previous, "%s", T_tmp_path("previous.ics"));
    /* Cases 1 and 3 (ICPCs in January 2026) dropped: their years remain. */
    struct how within_plain = {0, 0, 5, NCASES, false, previous};
    struct how within_once = {5, NCASES, 5, NCASES, true, previous};
    size_t na, nb;
    char *a = write_as(&within_plain, "within-plain.ics", &na, &w, &s);
    char *b = write_as(&within_once, "within-once.ics", &nb, &w, &s);
    assert_same_text(a, na, b, nb);
    assert_non_null(strstr(a, "STATUS:CANCELLED"));
    assert_int_equal(s, 1);
    free(a);
    free(b);
    /* Only the 2026 cases kept: the 2027-28 ones cancelled, their years
     * back in the VTIMEZONE at the end. */
    struct how beyond_plain = {0, 0, 0, 100, false, previous};
    struct how beyond_once = {0, 100, 0, 100, true, previous};
    a = write_as(&beyond_plain, "beyond-plain.ics", &na, &w, &s);
    b = write_as(&beyond_once, "beyond-once.ics", &nb, &w, &s);
    assert_same_text(a, na, b, nb);
    assert_int_equal(s, 0);
    free(a);
    free(b);
    T_tmpdir_clear();
}

/* The calls in the wrong order, a directory that is not there, a writer
 * dropped or written elsewhere: clear errors, and no temporary file left. */
static void stream_misuse(void **state)
{
    (void)state;
    tsc_ics_writer *w;
    tsc_error err;
    CHECK(tsc_ics_writer_new(cal, 0, &w, &e_));
    assert_int_equal(tsc_ics_writer_reserve_plan(w, NULL, &err), TSC_ERR_ARG);
    tsc_plan *uncomputed;
    CHECK(tsc_plan_new(&uncomputed, &e_));
    assert_int_equal(tsc_ics_writer_reserve_plan(w, uncomputed, &err), TSC_ERR_ARG);
    tsc_plan_free(uncomputed);
    assert_int_equal(tsc_ics_writer_stream_file(w, T_tmp_path("no-such-dir/x.ics"), &err),
                     TSC_ERR_IO);
    assert_non_null(strstr(err.source, "no-such-dir/x.ics"));
    CHECK(tsc_ics_writer_stream_file(w, T_tmp_path("dropped.ics"), &e_));
    assert_int_equal(files_in_tmpdir(), 1);       /* its temporary file */
    assert_int_equal(tsc_ics_writer_set_name(w, "late", &err), TSC_ERR_ARG);
    assert_int_equal(tsc_ics_writer_reserve_plan(w, plans[1], &err), TSC_ERR_ARG);
    assert_int_equal(tsc_ics_writer_stream_file(w, T_tmp_path("again.ics"), &err), TSC_ERR_ARG);
    CHECK(tsc_ics_writer_add_plan(w, ids[0], plans[0], &e_));
    tsc_ics_writer_free(w);
    assert_int_equal(files_in_tmpdir(), 0);

    /* Streamed to one path, written to another: the text is right, the
     * streamed file is not left behind, and a later write gives it again. */
    struct how plain = {0, 0, 0, 3, false, NULL};
    size_t na, nb, nc;
    long long written;
    int s;
    char *a = write_as(&plain, "plain.ics", &na, &written, &s);
    CHECK(tsc_ics_writer_new(cal, 0, &w, &e_));
    CHECK(tsc_ics_writer_set_dtstamp(w, 1772000000, &e_));
    CHECK(tsc_ics_writer_set_name(w, "Swindon: all cases", &e_));
    for (size_t i = 0; i < 3; i++)
        CHECK(tsc_ics_writer_reserve_plan(w, plans[i], &e_));
    CHECK(tsc_ics_writer_stream_file(w, T_tmp_path("streamed.ics"), &e_));
    add_plans(w, &plain);
    CHECK(tsc_ics_writer_write_file(w, T_tmp_path("elsewhere.ics"), &e_));
    assert_int_equal(tsc_ics_writer_streamed(w), 0);
    CHECK(tsc_ics_writer_write_file(w, T_tmp_path("streamed.ics"), &e_));
    assert_int_equal(tsc_ics_writer_streamed(w), 1);
    char *text;
    size_t len;
    CHECK(tsc_ics_writer_write_string(w, &text, &len, &e_));
    CHECK(tsc_ics_writer_write_file(w, T_tmp_path("later.ics"), &e_));
    tsc_ics_writer_free(w);
    char *b = slurp(T_tmp_path("elsewhere.ics"), &nb);
    char *c = slurp(T_tmp_path("streamed.ics"), &nc);
    assert_same_text(a, na, b, nb);
    assert_same_text(a, na, c, nc);
    assert_same_text(a, na, text, len);
    free(c);
    c = slurp(T_tmp_path("later.ics"), &nc);
    assert_same_text(a, na, c, nc);
    assert_int_equal(files_in_tmpdir(), 4);
    tsc_free(text);
    free(a);
    free(b);
    free(c);
    T_tmpdir_clear();
}

int main(int argc, char **argv)
{
    T_set_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(streamed_once_same_bytes),
        cmocka_unit_test(streamed_small_same_bytes),
        cmocka_unit_test(fallback_when_years_differ),
        cmocka_unit_test(previous_cancelled),
        cmocka_unit_test(stream_misuse),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
