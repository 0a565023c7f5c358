/* bench_ics.c -- time and peak memory of iCalendar export at caseload scale.
 *
 * Not a test: it prints numbers and never fails on speed.  It exits
 * non-zero only on a usage, library or I/O error.
 *
 * Two runs, each in a child process of its own so that its peak resident
 * memory (getrusage ru_maxrss, read by the child at its end) is its own:
 *   one-file  N cases (default 10,000) into one writer, one .ics file
 *   per-case  N cases (default 100,000), each streamed to its own file
 *             through a new writer; the files take K names in turn
 *             (default 1,000: each name is replaced atomically, as a
 *             re-export would, so the disk holds K files, not N)
 * Every file is written the library's way: temporary file, fsync, rename,
 * so the per-case run pays one fsync per case.
 *
 * The cases are synthetic but fixed (same on every machine), on the swindon
 * pack and the england-and-wales calendar: case i has a referral on one of
 * 300 days from 5 January 2026 and an assessment the next day; every other
 * case has an ICPC at a time of day ten days later (hour rules: timed items,
 * so a VTIMEZONE) and a CP visit two days after it.  Horizon: 180 days.
 *
 * usage: bench_ics [--cases N] [--per-case N] [--ring K] [--dir DIR] */
#include <timescale.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct totals {
    size_t cases, items, components;
    double plan_s, write_s;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(const char *what, const tsc_error *err)
{
    char buf[600];
    tsc_error_format(err, buf, sizeof buf);
    fprintf(stderr, "bench_ics: %s: %s\n", what, buf);
    return 1;
}

static int make_case(tsc_case *c, const tsc_calendar *cal, size_t i, tsc_date *until)
{
    tsc_date base, referral;
    tsc_error err;
    char text[64], day[16];
    tsc_date_from_ymd(2026, 1, 5, &base, NULL);
    referral = base + (tsc_date)(i % 300);
    tsc_case_clear(c);
    if (tsc_case_add_date(c, "referral", referral, &err) ||
        tsc_case_add_date(c, "assessment-start", referral + 1, &err))
        return fail("case", &err);
    if (i % 2) {
        tsc_date_format(referral + 10, day, sizeof day);
        snprintf(text, sizeof text, "icpc=%sT%02d:30", day, 9 + (int)(i % 8));
        if (tsc_case_add_text(c, text, cal, &err) ||
            tsc_case_add_date(c, "cp-visit", referral + 12, &err))
            return fail("case", &err);
    }
    *until = referral + 180;
    return 0;
}

static long long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

/* mode 0: one file; mode 1: one file per case. */
static int run(int mode, size_t n, size_t ring, const char *dir, struct totals *t)
{
    tsc_pack *pack;
    tsc_calendar *cal;
    tsc_case *c;
    tsc_plan *plan;
    tsc_ics_writer *w = NULL;
    tsc_error err;
    char path[4096];
    if (tsc_pack_open("swindon", &pack, &err) ||
        tsc_calendar_open("england-and-wales", &cal, &err) || tsc_case_new(&c, &err) ||
        tsc_plan_new(&plan, &err))
        return fail("setup", &err);
    memset(t, 0, sizeof *t);
    if (mode == 0 && (tsc_ics_writer_new(cal, 0, &w, &err) ||
                      tsc_ics_writer_set_dtstamp(w, 1772000000, &err)))
        return fail("writer", &err);
    for (size_t i = 0; i < n; i++) {
        tsc_date until;
        char id[32];
        snprintf(id, sizeof id, "case-%06zu", i);
        if (make_case(c, cal, i, &until))
            return 1;
        double t0 = now();
        if (tsc_plan_compute(plan, pack, cal, c, until, 0, 0, &err))
            return fail("plan", &err);
        double t1 = now();
        t->items += tsc_plan_item_count(plan);
        if (mode == 1) {
            snprintf(path, sizeof path, "%s/case-%04zu.ics", dir, i % ring);
            if (tsc_ics_writer_new(cal, 0, &w, &err) ||
                tsc_ics_writer_set_dtstamp(w, 1772000000, &err) ||
                tsc_ics_writer_add_plan(w, id, plan, &err) ||
                tsc_ics_writer_write_file(w, path, &err))
                return fail(path, &err);
            t->components += tsc_ics_writer_count(w);
            tsc_ics_writer_free(w);
            w = NULL;
        } else if (tsc_ics_writer_add_plan(w, id, plan, &err)) {
            return fail("add", &err);
        }
        t->plan_s += t1 - t0;
        t->write_s += now() - t1;
        t->cases++;
    }
    if (mode == 0) {
        snprintf(path, sizeof path, "%s/all.ics", dir);
        double t0 = now();
        if (tsc_ics_writer_write_file(w, path, &err))
            return fail(path, &err);
        t->write_s += now() - t0;
        t->components = tsc_ics_writer_count(w);
        tsc_ics_writer_free(w);
        printf("  file %s: %.1f MiB\n", path, (double)file_size(path) / (1 << 20));
    }
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
    return 0;
}

static int child(int mode, size_t n, size_t ring, const char *dir)
{
    struct totals t;
    double t0 = now();
    int rc = run(mode, n, ring, dir, &t);
    double wall = now() - t0;
    if (rc)
        return rc;
    printf("  %zu cases, %zu items, %zu components\n", t.cases, t.items, t.components);
    printf("  wall %.2f s (%.0f cases/s): planning %.2f s, iCalendar %.2f s "
           "(%.1f us per component)\n",
           wall, (double)t.cases / wall, t.plan_s, t.write_s,
           t.components ? t.write_s * 1e6 / (double)t.components : 0.0);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("  peak resident memory %.1f MiB\n\n", (double)ru.ru_maxrss / 1024.0);
    fflush(stdout);
    return 0;
}

static int spawn(const char *title, int mode, size_t n, size_t ring, const char *dir)
{
    printf("%s\n", title);
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return perror("fork"), 1;
    if (pid == 0)
        _exit(child(mode, n, ring, dir));
    int status;
    if (waitpid(pid, &status, 0) < 0)
        return perror("waitpid"), 1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

static size_t number(const char *text)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (*end || errno || !v) {
        fprintf(stderr, "bench_ics: '%s' is not a positive number\n", text);
        exit(2);
    }
    return (size_t)v;
}

int main(int argc, char **argv)
{
    size_t one = 10000, per = 100000, ring = 1000;
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && !strcmp(argv[i], "--cases"))
            one = number(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--per-case"))
            per = number(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--ring"))
            ring = number(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--dir"))
            dir = argv[++i];
        else {
            fprintf(stderr, "usage: bench_ics [--cases N] [--per-case N] [--ring K] "
                            "[--dir DIR]\n");
            return 2;
        }
    }
    char tmp[4096];
    if (!dir) {
        const char *base = getenv("TMPDIR");
        snprintf(tmp, sizeof tmp, "%s/tsc-bench-ics-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(tmp))
            return perror("mkdtemp"), 1;
        dir = tmp;
    }
    printf("bench_ics: timescale %s, files in %s\n\n", tsc_version(), dir);
    char title[200];
    snprintf(title, sizeof title, "one file, %zu cases", one);
    int rc = spawn(title, 0, one, ring, dir);
    snprintf(title, sizeof title, "one file per case, %zu cases (%zu file names in turn)", per,
             ring);
    if (!rc)
        rc = spawn(title, 1, per, ring, dir);
    if (dir == tmp) {
        char path[4200];
        snprintf(path, sizeof path, "%s/all.ics", dir);
        unlink(path);
        for (size_t i = 0; i < ring; i++) {
            snprintf(path, sizeof path, "%s/case-%04zu.ics", dir, i);
            unlink(path);
        }
        rmdir(dir);
    }
    return rc;
}
