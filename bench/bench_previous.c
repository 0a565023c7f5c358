/* bench_previous.c -- reading a previous export (--previous) against
 * libical's own parse of the same file.
 *
 * Not a test: it prints numbers and never fails on speed.  It exits
 * non-zero only on a usage, library or I/O error.
 *
 * Writes one export of N due items (default 100,000; each with its
 * reminder event, as the CLI writes by default, so 2N components) with
 * the library's writer: cases of 50 weekly visits ("every 1 week after
 * x"), on england-and-wales.  Then, R times each (default 5), in a child
 * process of its own so that its peak resident memory is its own:
 *   timescale  tsc_ics_writer_load_previous on a new writer, then free
 *   libical    read the file into memory, icalparser_parse_string, free
 * and prints the median wall and CPU time and peak memory of each and
 * their ratios (CPU time is the steadier figure on a shared machine).
 *
 * usage: bench_previous [--items N] [--reps R] [--dir DIR] [--keep]
 * (--keep leaves the export in DIR, for profiling.) */
#include <timescale.h>

#include <libical/ical.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { VISITS_PER_CASE = 50, MAX_REPS = 51 };

struct sample {
    double seconds, cpu_seconds;    /* wall clock; CPU (user + system) */
    long peak_kib;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(const char *what, const tsc_error *err)
{
    char buf[600];
    tsc_error_format(err, buf, sizeof buf);
    fprintf(stderr, "bench_previous: %s: %s\n", what, buf);
    return 1;
}

/* Writes an export of about `items` due items to path; *written gets the count. */
static int make_export(const char *path, long items, size_t *written)
{
    tsc_calendar *cal = NULL;
    tsc_pack *pack = NULL;
    tsc_ics_writer *w = NULL;
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    tsc_rule *rule = NULL;
    tsc_error err;
    tsc_date x, until;
    int rc = 0;
    if (tsc_calendar_open("england-and-wales", &cal, &err) ||
        tsc_rule_parse("every 1 week after x", &rule, &err) ||
        tsc_pack_from_rule(rule, "visit", NULL, &pack, &err) ||
        tsc_ics_writer_new(cal, 0, &w, &err) || tsc_ics_writer_set_dtstamp(w, 1772000000, &err) ||
        tsc_case_new(&c, &err) || tsc_plan_new(&plan, &err) ||
        tsc_date_parse("2026-01-05", &x, &err) ||
        tsc_date_add_days(x, 7 * VISITS_PER_CASE, &until, &err))
        rc = fail("setting up", &err);
    *written = 0;
    for (long i = 0; !rc && (long)*written < items; i++) {
        char id[32];
        snprintf(id, sizeof id, "case-%06ld", i);
        tsc_case_clear(c);
        if (tsc_case_add_date(c, "x", x, &err) ||
            tsc_plan_compute(plan, pack, cal, c, until, 0, 0, &err) ||
            tsc_ics_writer_add_plan(w, id, plan, &err))
            rc = fail("planning", &err);
        *written += tsc_plan_item_count(plan);
    }
    if (!rc && tsc_ics_writer_write_file(w, path, &err))
        rc = fail(path, &err);
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_ics_writer_free(w);
    tsc_pack_free(pack);
    tsc_rule_free(rule);
    tsc_calendar_free(cal);
    return rc;
}

static int load_timescale(const char *path)
{
    tsc_calendar *cal = NULL;
    tsc_ics_writer *w = NULL;
    tsc_error err;
    int rc = 0;
    if (tsc_calendar_open("england-and-wales", &cal, &err) ||
        tsc_ics_writer_new(cal, 0, &w, &err) || tsc_ics_writer_load_previous(w, path, &err))
        rc = fail(path, &err);
    tsc_ics_writer_free(w);
    tsc_calendar_free(cal);
    return rc;
}

static int load_libical(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0)
        return fprintf(stderr, "bench_previous: %s: %s\n", path, strerror(errno)), 1;
    char *text = malloc((size_t)st.st_size + 1);
    size_t n = text ? fread(text, 1, (size_t)st.st_size, f) : 0;
    fclose(f);
    if (!text || n != (size_t)st.st_size)
        return fprintf(stderr, "bench_previous: cannot read %s\n", path), 1;
    text[n] = '\0';
    icalcomponent *root = icalparser_parse_string(text);
    free(text);
    if (!root)
        return fprintf(stderr, "bench_previous: libical could not parse %s\n", path), 1;
    icalcomponent_free(root);
    return 0;
}

/* Runs load(path) in a child; its time and peak memory come back through a pipe. */
static int measure(int (*load)(const char *), const char *path, struct sample *out)
{
    int fds[2];
    if (pipe(fds) != 0)
        return perror("pipe"), 1;
    pid_t pid = fork();
    if (pid < 0)
        return perror("fork"), 1;
    if (pid == 0) {
        close(fds[0]);
        double t0 = now(), c0 = cpu_now();
        int rc = load(path);
        struct sample s = {now() - t0, cpu_now() - c0, 0};
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        s.peak_kib = ru.ru_maxrss;
        if (write(fds[1], &s, sizeof s) != (ssize_t)sizeof s)
            rc = 1;
        _exit(rc);
    }
    close(fds[1]);
    ssize_t got = read(fds[0], out, sizeof *out);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    return got == (ssize_t)sizeof *out && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static struct sample median(const struct sample *s, int n)
{
    double t[MAX_REPS], c[MAX_REPS], m[MAX_REPS];
    for (int i = 0; i < n; i++) {
        t[i] = s[i].seconds;
        c[i] = s[i].cpu_seconds;
        m[i] = (double)s[i].peak_kib;
    }
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    qsort(c, (size_t)n, sizeof *c, cmp_double);
    qsort(m, (size_t)n, sizeof *m, cmp_double);
    return (struct sample){t[n / 2], c[n / 2], (long)m[n / 2]};
}

int main(int argc, char **argv)
{
    long items = 100000;
    int reps = 5;
    const char *dir = "/tmp";
    bool keep = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--items") && i + 1 < argc)
            items = atol(argv[++i]);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--dir") && i + 1 < argc)
            dir = argv[++i];
        else if (!strcmp(argv[i], "--keep"))
            keep = true;
        else
            return fprintf(stderr, "usage: bench_previous [--items N] [--reps R] [--dir DIR] "
                                   "[--keep]\n"), 2;
    }
    if (items < 1 || reps < 1 || reps > MAX_REPS)
        return fprintf(stderr, "bench_previous: --items >= 1, --reps 1..%d\n", MAX_REPS), 2;
    char path[4096];
    snprintf(path, sizeof path, "%s/bench-previous-%ld.ics", dir, (long)getpid());
    size_t written;
    if (make_export(path, items, &written))
        return 1;
    struct stat st;
    stat(path, &st);
    printf("previous export: %zu due items (with reminders), %.1f MiB\n", written,
           (double)st.st_size / (1 << 20));
    struct sample ours[MAX_REPS], theirs[MAX_REPS];
    int rc = 0;
    for (int r = 0; r < reps && !rc; r++)   /* interleaved, so drift hits both */
        rc = measure(load_timescale, path, &ours[r]) || measure(load_libical, path, &theirs[r]);
    if (keep)
        printf("kept %s\n", path);
    else
        unlink(path);
    if (rc)
        return fprintf(stderr, "bench_previous: a run failed\n"), 1;
    struct sample a = median(ours, reps), b = median(theirs, reps);
    printf("median of %d runs      wall time    CPU time    peak RSS\n", reps);
    printf("timescale --previous  %8.3f s  %8.3f s  %8.1f MiB\n", a.seconds, a.cpu_seconds,
           (double)a.peak_kib / 1024);
    printf("libical parse         %8.3f s  %8.3f s  %8.1f MiB\n", b.seconds, b.cpu_seconds,
           (double)b.peak_kib / 1024);
    printf("timescale / libical   %8.3fx   %8.3fx   %8.3fx\n", a.seconds / b.seconds,
           a.cpu_seconds / b.cpu_seconds, (double)a.peak_kib / (double)b.peak_kib);
    return 0;
}
