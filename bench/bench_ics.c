/* bench_ics.c -- time and peak memory of iCalendar export at caseload scale,
 * as ratios to baselines timed in the same run (issue 15.2).
 *
 * Not a test: it prints numbers and never fails on speed.  It exits
 * non-zero only on a usage, library or I/O error.
 *
 * Each round runs these, each in a child process of its own so that its
 * peak resident memory (getrusage ru_maxrss) and CPU time are its own:
 *   plan       plan the N cases (default 10,000), write nothing: baseline
 *   one-file   plan them and write them into one writer, one .ics file
 *   once       the same file written once, as plan --cases --ics does: the
 *              cases planned a first time for their years
 *              (tsc_ics_writer_reserve_plan), the file streamed
 *              (tsc_ics_writer_stream_file), the cases planned and added
 *   parse      libical's own parse of that file (icalparser_parse_string on
 *              each top-level component in turn, freed as it goes): baseline
 *   per-case   M cases (default 2,000), each planned and streamed to its own
 *              file through a new writer; the files take K names in turn
 *              (default 100: each name is replaced atomically, as a
 *              re-export would, so the directory holds K files, not M)
 *   parse-each libical's parse of the K files, each whole: baseline
 * and prints, over R rounds (default 3), the median CPU time (user +
 * system: on a shared machine time spent waiting for a core, or for the disk
 * in fsync, is not the program's), its system share, the bytes the child
 * wrote (wchar of /proc/self/io) over the size of its file, and the median
 * of the per-round ratios.
 * Every file is written the library's way (temporary file, fsync, rename),
 * so per-case pays one fsync per file; CPU time leaves the wait out.
 *
 * The cases are synthetic but fixed (same on every machine), on the swindon
 * pack and the england-and-wales calendar: case i has a referral on one of
 * 300 days from 5 January 2026 and an assessment the next day; every other
 * case has an ICPC at a time of day ten days later (hour rules: timed items,
 * so a VTIMEZONE) and a CP visit two days after it.  Horizon: 180 days.
 *
 * --no-fsync makes every fsync() a no-op, to time the export before the disk.
 * per-case cleans the directory of dead runs' temporaries once, as plan
 * --ics-dir does (TSC_ICS_STALE_REMOVED); --scan-each lets every file
 * written read the whole directory for them, as before issue 15.2.
 *
 * usage: bench_ics [--cases N] [--per-case M] [--ring K] [--runs R] [--dir DIR]
 *                  [--no-fsync] [--scan-each] */
#define _DEFAULT_SOURCE   /* syscall() */
#include <timescale.h>

#include <libical/ical.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* --no-fsync: the library's fsync() calls bind to this definition (the
 * executable's comes first), which then returns at once: what per-case
 * costs before the disk, as issue 15.2's target is put. */
static bool skip_fsync;

int fsync(int fd)
{
    return skip_fsync ? 0 : (int)syscall(SYS_fsync, fd);
}

enum mode { PLAN, ONE_FILE, ONCE, PARSE, PER_CASE, PARSE_EACH, NMODES };

static const char *const mode_name[NMODES] = {"plan", "one-file", "once", "parse", "per-case",
                                              "parse-each"};

/* What a child reports back through its pipe. */
struct result {
    double wall, cpu, sys, maxrss_mib;
    size_t cases, items, components, files;
    long long bytes, written;
};

struct setup {
    size_t cases, per_case, ring;
    const char *dir;
    bool scan_each;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double sys_now(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static double cpu_now(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + sys_now();
}

/* Bytes this process has handed to write() and its kin (Linux). */
static long long written_now(void)
{
    FILE *f = fopen("/proc/self/io", "r");
    char line[128];
    long long n = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "wchar: %lld", &n) == 1)
            break;
    if (f)
        fclose(f);
    return n;
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

static void ring_path(const struct setup *s, size_t i, char *buf, size_t n)
{
    snprintf(buf, n, "%s/case-%04zu.ics", s->dir, i % s->ring);
}

/* ONCE's first pass: every case planned for the years of its timed items. */
static int reserve_all(tsc_ics_writer *w, const struct setup *s, const tsc_pack *pack,
                       const tsc_calendar *cal, tsc_case *c, tsc_plan *plan)
{
    tsc_error err;
    for (size_t i = 0; i < s->cases; i++) {
        tsc_date until;
        if (make_case(c, cal, i, &until))
            return 1;
        if (tsc_plan_compute(plan, pack, cal, c, until, 0, 0, &err) ||
            tsc_ics_writer_reserve_plan(w, plan, &err))
            return fail("reserve", &err);
    }
    return 0;
}

/* PLAN, ONE_FILE, ONCE or PER_CASE. */
static int export(enum mode mode, const struct setup *s, struct result *r)
{
    tsc_pack *pack;
    tsc_calendar *cal;
    tsc_case *c;
    tsc_plan *plan;
    tsc_ics_writer *w = NULL;
    tsc_error err;
    char path[4200];
    size_t n = mode == PER_CASE ? s->per_case : s->cases;
    if (tsc_pack_open("swindon", &pack, &err) ||
        tsc_calendar_open("england-and-wales", &cal, &err) || tsc_case_new(&c, &err) ||
        tsc_plan_new(&plan, &err))
        return fail("setup", &err);
    /* As plan --ics-dir does: the directory cleaned once, not per file. */
    unsigned flags = s->scan_each ? 0 : TSC_ICS_STALE_REMOVED;
    if (mode == PER_CASE && !s->scan_each && tsc_outfile_remove_stale(s->dir, &err))
        return fail(s->dir, &err);
    bool one = mode == ONE_FILE || mode == ONCE;
    snprintf(path, sizeof path, "%s/%s", s->dir, mode == ONCE ? "once.ics" : "all.ics");
    if (one && (tsc_ics_writer_new(cal, 0, &w, &err) ||
                tsc_ics_writer_set_dtstamp(w, 1772000000, &err)))
        return fail("writer", &err);
    if (mode == ONCE && reserve_all(w, s, pack, cal, c, plan))
        return 1;
    if (mode == ONCE && tsc_ics_writer_stream_file(w, path, &err))
        return fail(path, &err);
    for (size_t i = 0; i < n; i++) {
        tsc_date until;
        char id[32];
        snprintf(id, sizeof id, "case-%06zu", i);
        if (make_case(c, cal, i, &until))
            return 1;
        if (tsc_plan_compute(plan, pack, cal, c, until, 0, 0, &err))
            return fail("plan", &err);
        r->items += tsc_plan_item_count(plan);
        if (mode == PER_CASE) {
            ring_path(s, i, path, sizeof path);
            if (tsc_ics_writer_new(cal, flags, &w, &err) ||
                tsc_ics_writer_set_dtstamp(w, 1772000000, &err) ||
                tsc_ics_writer_add_plan(w, id, plan, &err) ||
                tsc_ics_writer_write_file(w, path, &err))
                return fail(path, &err);
            r->components += tsc_ics_writer_count(w);
            r->files++;
            tsc_ics_writer_free(w);
            w = NULL;
        } else if (one && tsc_ics_writer_add_plan(w, id, plan, &err)) {
            return fail("add", &err);
        }
        r->cases++;
    }
    if (one) {
        snprintf(path, sizeof path, "%s/%s", s->dir, mode == ONCE ? "once.ics" : "all.ics");
        if (tsc_ics_writer_write_file(w, path, &err))
            return fail(path, &err);
        r->components = tsc_ics_writer_count(w);
        r->files = 1;
        r->bytes = file_size(path);
        tsc_ics_writer_free(w);
    }
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
    return 0;
}

static int parse_text(const char *text, struct result *r)
{
    icalcomponent *root = icalparser_parse_string(text);
    if (!root)
        return fprintf(stderr, "bench_ics: libical could not parse a component\n"), 1;
    r->components++;
    icalcomponent_free(root);
    return 0;
}

/* libical's parse of the one file, a top-level component at a time (the
 * whole file at once would need gigabytes). */
static int parse_one_file(const struct setup *s, struct result *r)
{
    char path[4200], line[8192];
    snprintf(path, sizeof path, "%s/all.ics", s->dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return perror(path), 1;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int depth = 0, rc = 0;
    while (!rc && fgets(line, sizeof line, f)) {
        size_t k = strlen(line);
        bool begin = !strncmp(line, "BEGIN:", 6), end = !strncmp(line, "END:", 4);
        depth += begin;
        if (depth >= 2) {
            if (len + k + 1 > cap) {
                cap = 2 * (len + k + 1);
                char *grown = realloc(buf, cap);
                if (!grown)
                    return fprintf(stderr, "bench_ics: out of memory\n"), 1;
                buf = grown;
            }
            memcpy(buf + len, line, k + 1);
            len += k;
        }
        if (end && depth == 2) {
            rc = parse_text(buf, r);
            len = 0;
        }
        depth -= end;
        r->bytes += (long long)k;
    }
    free(buf);
    fclose(f);
    r->files = 1;
    return rc;
}

static int parse_each(const struct setup *s, struct result *r)
{
    char path[4200];
    for (size_t i = 0; i < s->ring && i < s->per_case; i++) {
        ring_path(s, i, path, sizeof path);
        FILE *f = fopen(path, "rb");
        long long n = file_size(path);
        char *text = f && n >= 0 ? malloc((size_t)n + 1) : NULL;
        if (!text || fread(text, 1, (size_t)n, f) != (size_t)n)
            return perror(path), 1;
        text[n] = '\0';
        fclose(f);
        int rc = parse_text(text, r);
        free(text);
        if (rc)
            return rc;
        r->files++;
        r->bytes += n;
    }
    return 0;
}

static int child(enum mode mode, const struct setup *s, int fd)
{
    struct result r = {0};
    long long w0 = written_now();
    double t0 = now(), c0 = cpu_now(), s0 = sys_now();
    int rc = mode == PARSE ? parse_one_file(s, &r)
           : mode == PARSE_EACH ? parse_each(s, &r) : export(mode, s, &r);
    r.wall = now() - t0;
    r.cpu = cpu_now() - c0;
    r.sys = sys_now() - s0;
    r.written = written_now() - w0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    r.maxrss_mib = (double)ru.ru_maxrss / 1024.0;
    if (!rc && write(fd, &r, sizeof r) != (ssize_t)sizeof r)
        rc = 1;
    return rc;
}

static int spawn(enum mode mode, const struct setup *s, struct result *r)
{
    int fds[2];
    if (pipe(fds) != 0)
        return perror("pipe"), 1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return perror("fork"), 1;
    if (pid == 0) {
        close(fds[0]);
        _exit(child(mode, s, fds[1]));
    }
    close(fds[1]);
    ssize_t got = read(fds[0], r, sizeof *r);
    close(fds[0]);
    int status;
    if (waitpid(pid, &status, 0) < 0)
        return perror("waitpid"), 1;
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && got == (ssize_t)sizeof *r;
    if (!ok)
        fprintf(stderr, "bench_ics: %s failed\n", mode_name[mode]);
    return ok ? 0 : 1;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
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

static void cleanup(const struct setup *s)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/all.ics", s->dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/once.ics", s->dir);
    unlink(path);
    for (size_t i = 0; i < s->ring; i++) {
        ring_path(s, i, path, sizeof path);
        unlink(path);
    }
    rmdir(s->dir);
}

enum { MAX_RUNS = 99 };

int main(int argc, char **argv)
{
    struct setup s = {10000, 2000, 100, NULL, false};
    size_t runs = 3;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && !strcmp(argv[i], "--cases"))
            s.cases = number(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--per-case"))
            s.per_case = number(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--ring"))
            s.ring = number(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--runs"))
            runs = number(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--dir"))
            s.dir = argv[++i];
        else if (!strcmp(argv[i], "--no-fsync"))
            skip_fsync = true;
        else if (!strcmp(argv[i], "--scan-each"))
            s.scan_each = true;
        else {
            fprintf(stderr, "usage: bench_ics [--cases N] [--per-case M] [--ring K] [--runs R] "
                            "[--dir DIR] [--no-fsync] [--scan-each]\n");
            return 2;
        }
    }
    if (runs > MAX_RUNS)
        runs = MAX_RUNS;
    char tmp[4096];
    bool own_dir = !s.dir;
    if (own_dir) {
        const char *base = getenv("TMPDIR");
        snprintf(tmp, sizeof tmp, "%s/tsc-bench-ics-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(tmp))
            return perror("mkdtemp"), 1;
        s.dir = tmp;
    }
    printf("bench_ics: timescale %s, %zu cases in one file, %zu in files of their own "
           "(%zu names), %zu rounds, %sfiles in %s\n", tsc_version(), s.cases, s.per_case, s.ring,
           runs, skip_fsync ? "fsync skipped, " : "", s.dir);
    static double cpu[NMODES][MAX_RUNS], wall[NMODES][MAX_RUNS], rss[NMODES][MAX_RUNS];
    static double sys_share[NMODES][MAX_RUNS], written[NMODES][MAX_RUNS];
    static double vs_plan[MAX_RUNS], vs_parse[MAX_RUNS], file_vs_parse[MAX_RUNS];
    static double once_vs_plan[MAX_RUNS], once_vs_one[MAX_RUNS];
    struct result last[NMODES];
    int rc = 0;
    for (size_t k = 0; k < runs && !rc; k++) {
        struct result r[NMODES];
        for (int m = 0; m < NMODES && !rc; m++) {
            memset(&r[m], 0, sizeof r[m]);
            rc = spawn((enum mode)m, &s, &r[m]);
            cpu[m][k] = r[m].cpu;
            wall[m][k] = r[m].wall;
            rss[m][k] = r[m].maxrss_mib;
            sys_share[m][k] = r[m].cpu > 0 ? r[m].sys / r[m].cpu : 0;
            written[m][k] = r[m].bytes > 0 ? (double)r[m].written / (double)r[m].bytes : 0;
            last[m] = r[m];
        }
        if (rc)
            break;
        vs_plan[k] = r[ONE_FILE].cpu / r[PLAN].cpu;
        once_vs_plan[k] = r[ONCE].cpu / r[PLAN].cpu;
        once_vs_one[k] = r[ONCE].cpu / r[ONE_FILE].cpu;
        if (r[ONCE].bytes != r[ONE_FILE].bytes)
            fprintf(stderr, "bench_ics: once.ics has %lld bytes, all.ics %lld\n", r[ONCE].bytes,
                    r[ONE_FILE].bytes);
        vs_parse[k] = r[ONE_FILE].cpu / r[PARSE].cpu;
        file_vs_parse[k] = (r[PER_CASE].cpu / (double)r[PER_CASE].files) /
                           (r[PARSE_EACH].cpu / (double)r[PARSE_EACH].files);
        printf("round %zu: plan %.2f s, one file %.2f s, once %.2f s, its parse %.2f s, per "
               "case %.3f ms a file, their parse %.3f ms a file (CPU)\n", k + 1, r[PLAN].cpu,
               r[ONE_FILE].cpu, r[ONCE].cpu, r[PARSE].cpu,
               r[PER_CASE].cpu * 1e3 / (double)r[PER_CASE].files,
               r[PARSE_EACH].cpu * 1e3 / (double)r[PARSE_EACH].files);
        fflush(stdout);
    }
    if (!rc) {
        printf("\n%zu cases, %zu items, %zu components, %.1f MiB in one file\n",
               last[ONE_FILE].cases, last[ONE_FILE].items, last[ONE_FILE].components,
               (double)last[ONE_FILE].bytes / (1 << 20));
        printf("%-11s %10s %10s %10s %10s %14s\n", "median of", "CPU s", "system", "wall s",
               "peak MiB", "written/size");
        for (int m = 0; m < NMODES; m++)
            printf("%-11s %10.3f %9.1f%% %10.3f %10.1f %14.2f\n", mode_name[m],
                   median(cpu[m], runs), 100 * median(sys_share[m], runs),
                   median(wall[m], runs), median(rss[m], runs), median(written[m], runs));
        double per_file = median(cpu[PER_CASE], runs) * 1e3 / (double)last[PER_CASE].files;
        printf("\none file:  %.2fx planning, %.2fx libical's parse of the file "
               "(%.2f us per component)\n", median(vs_plan, runs), median(vs_parse, runs),
               median(cpu[ONE_FILE], runs) * 1e6 / (double)last[ONE_FILE].components);
        printf("once:      %.2fx planning (its two passes included), %.2fx one-file's CPU; "
               "%.2fx the file's size written (one-file %.2fx)\n", median(once_vs_plan, runs),
               median(once_vs_one, runs), median(written[ONCE], runs),
               median(written[ONE_FILE], runs));
        printf("per case:  %.3f ms CPU a file, %.2fx libical's parse of a file\n", per_file,
               median(file_vs_parse, runs));
    }
    if (own_dir)
        cleanup(&s);
    return rc;
}
