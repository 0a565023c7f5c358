/* testutil.c -- helpers shared by the cmocka tests. */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *test_dir = ".";

tsc_date T_date(const char *text)
{
    tsc_date d = 0;
    tsc_error err;
    if (tsc_date_parse(text, &d, &err) != TSC_OK)
        fail_msg("bad test date '%s': %s", text, err.message);
    return d;
}

tsc_calendar *T_calendar(const char *name)
{
    tsc_calendar *cal = NULL;
    tsc_error err;
    if (tsc_calendar_open(name, &cal, &err) != TSC_OK)
        fail_msg("cannot open calendar '%s': %s", name, err.message);
    return cal;
}

void T_set_dir(int argc, char **argv)
{
    if (argc > 1)
        test_dir = argv[1];
    else if (getenv("TSC_TEST_DIR"))
        test_dir = getenv("TSC_TEST_DIR");
}

const char *T_dir(void) { return test_dir; }

const char *T_path(const char *rel)
{
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", test_dir, rel);
    return buf[k];
}

const char *T_fmt(tsc_date d)
{
    static char buf[8][16];
    static int k;
    k = (k + 1) % 8;
    if (!tsc_date_format(d, buf[k], sizeof buf[k]))
        snprintf(buf[k], sizeof buf[k], "#%ld", (long)d);
    return buf[k];
}

tsc_status T_pack_from_rule(const char *text, const char *schedules, const char *calendar,
                            tsc_pack **out, tsc_error *err)
{
    tsc_rule *rule = NULL;
    tsc_status st = tsc_rule_parse(text, &rule, err);
    if (st == TSC_OK)
        st = tsc_pack_from_rule(rule, schedules, calendar, out, err);
    tsc_rule_free(rule);
    return st;
}

static char tmpdir[512];

int T_tmpdir_make(const char *prefix)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/%s-XXXXXX", base && *base ? base : "/tmp", prefix);
    return mkdtemp(tmpdir) ? 0 : -1;
}

void T_tmpdir_clear(void)
{
    DIR *d = opendir(tmpdir);
    for (struct dirent *e; d && (e = readdir(d));)
        if (e->d_name[0] != '.')
            unlink(T_tmp_path(e->d_name));
    if (d)
        closedir(d);
}

void T_tmpdir_remove(void)
{
    T_tmpdir_clear();
    rmdir(tmpdir);
}

const char *T_tmpdir(void) { return tmpdir; }

const char *T_tmp_path(const char *name)
{
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

char *T_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *s = NULL;
    long n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (s = malloc((size_t)n + 1)) &&
        fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    fclose(f);
    if (s) {
        s[n] = '\0';
        if (len)
            *len = (size_t)n;
    }
    return s;
}
