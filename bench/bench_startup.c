/* bench_startup.c -- start-up of a command against a baseline, timed in the
 * same run (issue 15.3).
 *
 *     bench_startup [--runs N] BASELINE -- COMMAND [ARG...]
 *     build-bench/bench/bench_startup /bin/true -- build-bench/cli/timescale add 2026-01-01 5
 *
 * Runs the two alternately N times each (default 300, after 20 of each
 * unrecorded), output to /dev/null, and prints the median wall time and the
 * median CPU time (user + system, from wait4) of each and their ratios.
 * CPU time is the figure to trust on a shared machine: waiting for a core
 * counts in wall time but not in CPU time. */
#define _DEFAULT_SOURCE /* wait4 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct sample {
    double wall_ms, cpu_ms;
};

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static double tv_ms(struct timeval t) { return (double)t.tv_sec * 1e3 + (double)t.tv_usec / 1e3; }

static struct sample run(char **argv)
{
    double start = now_ms();
    pid_t pid = fork();
    if (pid < 0)
        perror("fork"), exit(1);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        execv(argv[0], argv);
        perror(argv[0]);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fprintf(stderr, "%s failed\n", argv[0]), exit(1);
    return (struct sample){now_ms() - start, tv_ms(ru.ru_utime) + tv_ms(ru.ru_stime)};
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    int runs = 300, i = 1;
    if (argc > 2 && strcmp(argv[1], "--runs") == 0)
        runs = atoi(argv[2]), i = 3;
    if (runs < 1 || argc < i + 3 || strcmp(argv[i + 1], "--") != 0) {
        fprintf(stderr, "usage: bench_startup [--runs N] BASELINE -- COMMAND [ARG...]\n");
        return 2;
    }
    char *base[] = {argv[i], NULL};
    char **cmd = argv + i + 2;
    double *w[2], *c[2];
    for (int k = 0; k < 2; k++) {
        w[k] = malloc((size_t)runs * sizeof **w);
        c[k] = malloc((size_t)runs * sizeof **c);
        if (!w[k] || !c[k])
            return 1;
    }
    for (int r = 0; r < 20; r++)
        run(base), run(cmd);
    for (int r = 0; r < runs; r++) {
        struct sample b = run(base), m = run(cmd);
        w[0][r] = b.wall_ms, c[0][r] = b.cpu_ms, w[1][r] = m.wall_ms, c[1][r] = m.cpu_ms;
    }
    double bw = median(w[0], runs), bc = median(c[0], runs);
    double mw = median(w[1], runs), mc = median(c[1], runs);
    printf("%-10s %10s %10s   (median of %d runs each)\n", "", "wall ms", "cpu ms", runs);
    printf("%-10s %10.3f %10.3f   %s\n", "baseline", bw, bc, argv[i]);
    printf("%-10s %10.3f %10.3f  ", "command", mw, mc);
    for (char **a = cmd; *a; a++)
        printf(" %s", *a);
    printf("\n%-10s %10.2f %10.2f\n", "ratio", mw / bw, bc > 0 ? mc / bc : 0.0);
    return 0;
}
