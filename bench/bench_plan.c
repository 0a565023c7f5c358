/* bench_plan.c -- plans per second and peak memory for synthetic caseloads.
 *
 *     bench_plan [CASES] [CLI]
 *     bench_plan --horizons [CASES] [RUNS]
 *
 * --horizons plans CASES synthetic cases (default 2,000) over horizons of 1,
 * 5 and 18 years (a child in care to adulthood), RUNS times each (default
 * 5), and prints the median cost per case and per item, and each horizon's
 * cost per item as a ratio to the 1-year one timed in the same run: a plan's
 * cost should grow with its items, not with their square.
 *
 *     bench_plan --cli-ratio CLI [CASES] [RUNS]
 *
 * --cli-ratio writes CASES synthetic cases (default 100,000) as a caseload,
 * then RUNS times (default 5) plans them in this process as the CLI does
 * (until = the latest event + 366 days bounding repeats, today 2026-06-01)
 * and runs `CLI plan --rules swindon --cases FILE --format csv` twice, with
 * --output FILE and to standard output (a pipe this process drains), and
 * prints the CPU times and the CLI's as a ratio to the library's, median of
 * the runs.  Either way the CLI plans each case once (to standard output it
 * reads the rows twice: checked first).
 *
 * Each synthetic case is a child with a few recorded events (a referral,
 * then some of: strategy discussion, s47, ICPC, CP plan and visits, a
 * placement, a date of birth) on random dates in 2026, planned with every
 * rule of the Swindon pack over one year.  The in-process run reuses one
 * plan and one case, as a batch job would.  With CLI (the path of the
 * timescale command), the same caseload is written as CSV and streamed
 * through `timescale plan --cases` at two sizes, to show its memory does not
 * grow with the number of cases. */
#include "timescale.h"

#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 32);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* This process's CPU time: on a machine shared with other jobs, what the
 * plans cost rather than how long they waited. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kb(int who)
{
    struct rusage ru;
    getrusage(who, &ru);
    return ru.ru_maxrss;
}

struct event {
    const char *name;
    tsc_date date;
};

/* A plausible child protection / looked-after case. */
static int synthetic_case(tsc_date base, struct event *ev)
{
    int n = 0;
    tsc_date d = base;
    ev[n++] = (struct event){"referral", d};
    ev[n++] = (struct event){"date-of-birth", base - 365 * (1 + (tsc_date)(next_random() % 16))};
    if (next_random() % 4) {
        ev[n++] = (struct event){"s47-start", d += 1 + (tsc_date)(next_random() % 3)};
        ev[n++] = (struct event){"icpc", d += 10 + (tsc_date)(next_random() % 12)};
        ev[n++] = (struct event){"cp-plan-start", d};
        for (int k = 0, visits = (int)(next_random() % 4); k < visits; k++)
            ev[n++] = (struct event){"cp-visit", d += 5 + (tsc_date)(next_random() % 12)};
    }
    if (next_random() % 3 == 0) {
        ev[n++] = (struct event){"lac-start", d += (tsc_date)(next_random() % 60)};
        ev[n++] = (struct event){"placement-start", d};
    }
    return n;
}

static void write_caseload(const char *path, int cases)
{
    FILE *f = fopen(path, "w");
    struct event ev[16];
    char id[32], day[16];
    if (!f)
        exit((perror(path), 1));
    fputs("case_id,event,date\n", f);
    rng = 0x9e3779b97f4a7c15u;
    for (int c = 0; c < cases; c++) {
        int n = synthetic_case(739617 + (tsc_date)(next_random() % 300), ev);
        snprintf(id, sizeof id, "C%07d", c);
        for (int i = 0; i < n; i++) {
            tsc_date_format(ev[i].date, day, sizeof day);
            fprintf(f, "%s,%s,%s\n", id, ev[i].name, day);
        }
    }
    fclose(f);
}

static void run_cli(const char *cli, const char *csv, int cases)
{
    char *argv[] = {(char *)cli, "plan", "--rules", "swindon", "--cases", (char *)csv,
                    "--today", "2026-06-01", "--format", "csv", NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);   /* O_WRONLY */
    pid_t pid;
    double t0 = now();
    if (posix_spawn(&pid, cli, &fa, NULL, argv, environ) != 0)
        exit((perror(cli), 1));
    int status;
    waitpid(pid, &status, 0);
    double t = now() - t0;
    posix_spawn_file_actions_destroy(&fa);
    /* RUSAGE_CHILDREN's peak is the largest of the children so far; the
     * small caseload runs first, so the second line shows any growth. */
    printf("cli   %7d cases: %6.2f s  %9.0f cases/s  peak RSS %6ld KiB  (exit %d; the file is "
           "read twice: checked, then planned)\n",
           cases, t, cases / t, peak_rss_kb(RUSAGE_CHILDREN), WEXITSTATUS(status));
}

/* CPU seconds (user + system) of the children waited for so far. */
static double children_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* CPU seconds of `CLI plan --cases CSV --format csv --output OUT`, or with
 * OUT NULL, to standard output, a pipe this process drains (*bytes: how
 * much came through). */
static double cli_plan_cpu(const char *cli, const char *csv, const char *out, long long *bytes)
{
    char *argv[] = {(char *)cli, "plan", "--rules", "swindon", "--cases", (char *)csv,
                    "--today", "2026-06-01", "--format", "csv", "--output", (char *)out, NULL};
    if (!out)
        argv[10] = NULL;
    int fd[2] = {-1, -1};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (!out) {
        if (pipe(fd) != 0)
            exit((perror("pipe"), 1));
        posix_spawn_file_actions_adddup2(&actions, fd[1], 1);
        posix_spawn_file_actions_addclose(&actions, fd[0]);
        posix_spawn_file_actions_addclose(&actions, fd[1]);
    }
    double before = children_cpu();
    pid_t pid;
    int status;
    if (posix_spawn(&pid, cli, &actions, NULL, argv, environ) != 0)
        exit((perror(cli), 1));
    posix_spawn_file_actions_destroy(&actions);
    if (!out) {
        static char buf[1 << 16];
        ssize_t n;
        close(fd[1]);
        *bytes = 0;
        while ((n = read(fd[0], buf, sizeof buf)) > 0)
            *bytes += n;
        close(fd[0]);
    }
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status))
        exit((fprintf(stderr, "%s failed\n", cli), 1));
    return children_cpu() - before;
}

/* CPU seconds to plan the caseload's cases as `timescale plan --cases` does. */
static double lib_plan_cpu(const tsc_pack *pack, const tsc_calendar *cal, tsc_case *c,
                           tsc_plan *plan, int cases, size_t *items)
{
    struct event ev[16];
    tsc_error err;
    tsc_date today;
    tsc_date_parse("2026-06-01", &today, NULL);
    rng = 0x9e3779b97f4a7c15u;      /* the cases write_caseload wrote */
    *items = 0;
    double t0 = cpu_now();
    for (int k = 0; k < cases; k++) {
        int n = synthetic_case(739617 + (tsc_date)(next_random() % 300), ev);
        tsc_date latest = 0;
        tsc_case_clear(c);
        for (int i = 0; i < n; i++) {
            tsc_case_add_date(c, ev[i].name, ev[i].date, NULL);
            latest = ev[i].date > latest ? ev[i].date : latest;
        }
        if (tsc_plan_compute(plan, pack, cal, c, latest + 366, today,
                             TSC_PLAN_UNTIL_BOUNDS_REPEATS, &err))
            exit((fprintf(stderr, "case %d: %s\n", k, err.message), 1));
        *items += tsc_plan_item_count(plan);
    }
    return cpu_now() - t0;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Seconds to plan `cases` synthetic cases over `years`; *items gets the count. */
static double time_horizon(const tsc_pack *pack, const tsc_calendar *cal, tsc_case *c,
                           tsc_plan *plan, int cases, int years, size_t *items)
{
    struct event ev[16];
    tsc_error err;
    rng = 0x9e3779b97f4a7c15u;      /* the same cases at every horizon */
    *items = 0;
    double t0 = cpu_now();
    for (int k = 0; k < cases; k++) {
        int n = synthetic_case(739617 + (tsc_date)(next_random() % 300), ev);
        tsc_case_clear(c);
        for (int i = 0; i < n; i++)
            tsc_case_add_date(c, ev[i].name, ev[i].date, NULL);
        if (tsc_plan_compute(plan, pack, cal, c, ev[0].date + 365 * years + years / 4,
                             739617 + 150, 0, &err))
            exit((fprintf(stderr, "case %d: %s\n", k, err.message), 1));
        *items += tsc_plan_item_count(plan);
    }
    return cpu_now() - t0;
}

static int horizons(const tsc_pack *pack, const tsc_calendar *cal, tsc_case *c, tsc_plan *plan,
                    int cases, int runs)
{
    static const int years[] = {1, 5, 18};
    enum { NH = sizeof years / sizeof years[0], MAX_RUNS = 64 };
    double t[NH][MAX_RUNS], ratio[NH][MAX_RUNS];
    size_t items[NH];
    runs = runs < 1 ? 1 : runs > MAX_RUNS ? MAX_RUNS : runs;
    for (int r = 0; r < runs; r++) {       /* horizons interleaved within each run */
        for (int h = 0; h < NH; h++)
            t[h][r] = time_horizon(pack, cal, c, plan, cases, years[h], &items[h]);
        for (int h = 0; h < NH; h++)
            ratio[h][r] = (t[h][r] / (double)items[h]) / (t[0][r] / (double)items[0]);
    }
    printf("horizon  items/case   us/case   ns/item   per item vs 1 year  cases/s  (CPU time, "
           "median of %d runs, %d cases)\n", runs, cases);
    for (int h = 0; h < NH; h++) {
        qsort(t[h], (size_t)runs, sizeof t[h][0], by_double);
        qsort(ratio[h], (size_t)runs, sizeof ratio[h][0], by_double);
        double med = t[h][runs / 2];
        printf("%4d y   %10.1f  %8.1f  %8.0f   %.2fx               %7.0f\n", years[h],
               (double)items[h] / cases, med / cases * 1e6, med / (double)items[h] * 1e9,
               ratio[h][runs / 2], cases / med);
    }
    return 0;
}

static void print_ratio(const char *to, double *lib, double *cli, double *ratio, int runs)
{
    qsort(cli, (size_t)runs, sizeof cli[0], by_double);
    qsort(ratio, (size_t)runs, sizeof ratio[0], by_double);
    printf("to %-6s library %.2f s   cli %.2f s   cli / library %.2fx (runs %.2f .. %.2f)\n", to,
           lib[runs / 2], cli[runs / 2], ratio[runs / 2], ratio[0], ratio[runs - 1]);
}

static int cli_ratio(const tsc_pack *pack, const tsc_calendar *cal, tsc_case *c,
                     tsc_plan *plan, const char *cli, int cases, int runs)
{
    enum { MAX_RUNS = 64 };
    char dir[] = "/tmp/tsc-bench-cli.XXXXXX", csv[64], out[64];
    double lib[MAX_RUNS], to_file[MAX_RUNS], to_pipe[MAX_RUNS], file_ratio[MAX_RUNS],
        pipe_ratio[MAX_RUNS];
    size_t items = 0;
    long long piped = 0;
    runs = runs < 1 ? 1 : runs > MAX_RUNS ? MAX_RUNS : runs;
    if (!mkdtemp(dir))
        exit((perror(dir), 1));
    snprintf(csv, sizeof csv, "%s/cases.csv", dir);
    snprintf(out, sizeof out, "%s/plan.csv", dir);
    write_caseload(csv, cases);
    for (int r = 0; r < runs; r++) {   /* the three interleaved within each run */
        lib[r] = lib_plan_cpu(pack, cal, c, plan, cases, &items);
        to_file[r] = cli_plan_cpu(cli, csv, out, NULL);
        to_pipe[r] = cli_plan_cpu(cli, csv, NULL, &piped);
        file_ratio[r] = to_file[r] / lib[r];
        pipe_ratio[r] = to_pipe[r] / lib[r];
    }
    struct stat st;
    long long bytes = stat(out, &st) ? -1 : (long long)st.st_size;
    remove(csv);
    remove(out);
    rmdir(dir);
    if (bytes != piped)
        exit((fprintf(stderr, "%lld bytes to a file but %lld to a pipe\n", bytes, piped), 1));
    qsort(lib, (size_t)runs, sizeof lib[0], by_double);
    printf("plan --cases, %d cases, %zu items, csv output %lld bytes (--output FILE, then "
           "standard output to a pipe); CPU seconds, median of %d runs\n", cases, items, bytes,
           runs);
    print_ratio("file", lib, to_file, file_ratio, runs);
    print_ratio("pipe", lib, to_pipe, pipe_ratio, runs);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--write-caseload") == 0) {
        write_caseload(argv[2], atoi(argv[3]));
        return 0;
    }
    bool by_horizon = argc > 1 && strcmp(argv[1], "--horizons") == 0;
    if (by_horizon) {
        argv++;
        argc--;
    }
    int cases = argc > 1 ? atoi(argv[1]) : by_horizon ? 2000 : 100000;
    tsc_pack *pack;
    tsc_calendar *cal;
    tsc_case *c;
    tsc_plan *plan;
    tsc_error err;
    if (tsc_pack_open("swindon", &pack, &err) || tsc_calendar_open("england-and-wales", &cal, &err) ||
        tsc_case_new(&c, &err) || tsc_plan_new(&plan, &err))
        return fprintf(stderr, "%s\n", err.message), 1;
    if (argc > 2 && strcmp(argv[1], "--cli-ratio") == 0) {
        int rc = cli_ratio(pack, cal, c, plan, argv[2], argc > 3 ? atoi(argv[3]) : 100000,
                           argc > 4 ? atoi(argv[4]) : 5);
        tsc_plan_free(plan);
        tsc_case_free(c);
        tsc_calendar_free(cal);
        tsc_pack_free(pack);
        return rc;
    }
    if (by_horizon) {
        int rc = horizons(pack, cal, c, plan, cases, argc > 2 ? atoi(argv[2]) : 5);
        tsc_plan_free(plan);
        tsc_case_free(c);
        tsc_calendar_free(cal);
        tsc_pack_free(pack);
        return rc;
    }
    struct event ev[16];
    size_t items = 0;
    long rss_at_tenth = 0;
    double t0 = now();
    for (int k = 0; k < cases; k++) {
        int n = synthetic_case(739617 + (tsc_date)(next_random() % 300), ev);
        tsc_case_clear(c);
        for (int i = 0; i < n; i++)
            tsc_case_add_date(c, ev[i].name, ev[i].date, NULL);
        if (tsc_plan_compute(plan, pack, cal, c, ev[0].date + 365, 739617 + 150, 0, &err))
            return fprintf(stderr, "case %d: %s\n", k, err.message), 1;
        items += tsc_plan_item_count(plan);
        if (k == cases / 10)
            rss_at_tenth = peak_rss_kb(RUSAGE_SELF);
    }
    double t = now() - t0;
    printf("lib   %7d cases: %6.2f s  %9.0f cases/s  %5.1f us/case  %.1f items/case  "
           "peak RSS %ld KiB (%ld KiB after %d cases)\n",
           cases, t, cases / t, t / cases * 1e6, (double)items / cases, peak_rss_kb(RUSAGE_SELF),
           rss_at_tenth, cases / 10);
    printf("      pack swindon: %zu rules\n", tsc_pack_rule_count(pack));
    if (argc > 2) {
        const char *small = "/tmp/tsc-bench-caseload-small.csv", *big = "/tmp/tsc-bench-caseload.csv";
        write_caseload(small, cases / 10);
        write_caseload(big, cases);
        run_cli(argv[2], small, cases / 10);
        run_cli(argv[2], big, cases);
        remove(small);
        remove(big);
    }
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_calendar_free(cal);
    tsc_pack_free(pack);
    return 0;
}
