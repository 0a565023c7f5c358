/* test_packs.c -- every built-in pack loads, covers its catalogue, and
 * gives the hand-worked dates of tests/packs/<pack>.cases (format:
 * tests/packs/README.md).  Each case runs its rule alone (plus `with`
 * rules), so a date depends only on the rule it tests. */
#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_EVENTS = 64, MAX_EXPECT = 128, MAX_WITH = 8 };

struct expect {
    int line;
    int occurrence;
    char due[40], window[16], done[16];
    bool projected, overdue;
};

struct pack_case {
    int line;
    char id[128];
    char events[MAX_EVENTS][128];
    int nevents;
    char with[MAX_WITH][128];
    int nwith;
    char until[16], today[16];
    struct expect expect[MAX_EXPECT];
    int nexpect;
};

struct run {
    const char *path;
    tsc_pack *pack;
    tsc_calendar *cal;
    int failures;
    char **tested;          /* ids with at least one case */
    size_t ntested;
};

static void failf(struct run *r, int line, const char *fmt, ...) TSC_TEST_PRINTF(3, 4);
static void failf(struct run *r, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: ", r->path, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    r->failures++;
}

static void format_due(const tsc_calendar *cal, const tsc_item *it, char *buf, size_t n)
{
    if (it->flags & TSC_ITEM_TIMED)
        tsc_time_format(it->due_time, cal, buf, n);
    else
        tsc_date_format(it->due, buf, n);
}

static void check_item(struct run *r, const struct pack_case *pc, const struct expect *e,
                       const tsc_item *it)
{
    char due[40], window[16] = "", done[16] = "";
    format_due(r->cal, it, due, sizeof due);
    if (it->flags & TSC_ITEM_WINDOW)
        tsc_date_format(it->window_start, window, sizeof window);
    if (it->flags & TSC_ITEM_DONE)
        tsc_date_format(it->done_on, done, sizeof done);
    bool projected = it->flags & TSC_ITEM_PROJECTED, overdue = it->flags & TSC_ITEM_OVERDUE;
    if (it->occurrence != e->occurrence || strcmp(due, e->due) || strcmp(window, e->window) ||
        strcmp(done, e->done) || projected != e->projected || overdue != e->overdue)
        failf(r, e->line,
              "%s: got occurrence %d due %s%s%s%s%s%s%s; want %d %s%s%s%s%s%s%s", pc->id,
              (int)it->occurrence, due, window[0] ? " window " : "", window,
              projected ? " projected" : "", done[0] ? " done " : "", done,
              overdue ? " overdue" : "", e->occurrence, e->due, e->window[0] ? " window " : "",
              e->window, e->projected ? " projected" : "", e->done[0] ? " done " : "", e->done,
              e->overdue ? " overdue" : "");
}

static tsc_date first_event_day(const struct pack_case *pc)
{
    tsc_date first = 0;
    for (int i = 0; i < pc->nevents; i++) {
        const char *eq = strchr(pc->events[i], '=');
        char day[11];
        tsc_date d;
        snprintf(day, sizeof day, "%.10s", eq ? eq + 1 : "");
        if (tsc_date_parse(day, &d, NULL) == TSC_OK && (!first || d < first))
            first = d;
    }
    return first;
}

static void run_case(struct run *r, const struct pack_case *pc)
{
    const char *ids[MAX_WITH + 1] = {pc->id};
    tsc_pack *sub = NULL;
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    tsc_error err;
    for (int i = 0; i < pc->nwith; i++)
        ids[i + 1] = pc->with[i];
    if (tsc_pack_select(r->pack, ids, (size_t)pc->nwith + 1, &sub, &err)) {
        failf(r, pc->line, "%s: %s", pc->id, err.message);
        return;
    }
    assert_int_equal(tsc_case_new(&c, NULL), TSC_OK);
    assert_int_equal(tsc_plan_new(&plan, NULL), TSC_OK);
    bool ok = true;
    for (int i = 0; i < pc->nevents && ok; i++)
        if (tsc_case_add_text(c, pc->events[i], r->cal, &err)) {
            failf(r, pc->line, "%s: event %s: %s", pc->id, pc->events[i], err.message);
            ok = false;
        }
    tsc_date until = 0, today = 0;
    if (pc->until[0])
        until = T_date(pc->until);
    else if (first_event_day(pc))
        until = first_event_day(pc) + 366;
    if (pc->today[0])
        today = T_date(pc->today);
    if (ok && tsc_plan_compute(plan, sub, r->cal, c, until ? until : TSC_DATE_MAX, today, 0,
                               &err)) {
        failf(r, pc->line, "%s: plan: %s", pc->id, err.message);
        ok = false;
    }
    int k = 0;
    for (size_t i = 0; ok && i < tsc_plan_item_count(plan); i++) {
        tsc_item it;
        assert_int_equal(tsc_plan_item(plan, i, &it, NULL), TSC_OK);
        if (strcmp(it.rule_id, pc->id) != 0)
            continue;
        if (k < pc->nexpect)
            check_item(r, pc, &pc->expect[k], &it);
        k++;
    }
    if (ok && k != pc->nexpect)
        failf(r, pc->line, "%s: %d items up to %s, want %d", pc->id, k,
              pc->until[0] ? pc->until : "the horizon", pc->nexpect);
    tsc_plan_free(plan);
    tsc_case_free(c);
    tsc_pack_free(sub);
}

/* "expect OCC DUE [window START] [projected] [done DATE] [overdue]" */
static bool parse_expect(char *rest, struct expect *e)
{
    char *tok = strtok(rest, " \t");
    if (!tok)
        return false;
    e->occurrence = atoi(tok);
    if (!(tok = strtok(NULL, " \t")))
        return false;
    snprintf(e->due, sizeof e->due, "%s", tok);
    while ((tok = strtok(NULL, " \t"))) {
        if (!strcmp(tok, "projected"))
            e->projected = true;
        else if (!strcmp(tok, "overdue"))
            e->overdue = true;
        else if (!strcmp(tok, "window") && (tok = strtok(NULL, " \t")))
            snprintf(e->window, sizeof e->window, "%s", tok);
        else if (!strcmp(tok, "done") && (tok = strtok(NULL, " \t")))
            snprintf(e->done, sizeof e->done, "%s", tok);
        else
            return false;
    }
    return e->occurrence > 0;
}

static void note_tested(struct run *r, const char *id)
{
    char **grown = realloc(r->tested, (r->ntested + 1) * sizeof *grown);
    assert_non_null(grown);
    r->tested = grown;
    r->tested[r->ntested++] = strdup(id);
}

/* Reads one "key value" line of a case into pc; false for a malformed line. */
static bool case_line(struct pack_case *pc, char *key, char *rest, int line)
{
    if (!strcmp(key, "event")) {
        char name[64], when[40];
        if (pc->nevents == MAX_EVENTS || sscanf(rest, "%63s %39s", name, when) != 2)
            return false;
        snprintf(pc->events[pc->nevents++], sizeof pc->events[0], "%s=%s", name, when);
    } else if (!strcmp(key, "with")) {
        if (pc->nwith == MAX_WITH || sscanf(rest, "%127s", pc->with[pc->nwith]) != 1)
            return false;
        pc->nwith++;
    } else if (!strcmp(key, "until")) {
        return sscanf(rest, "%15s", pc->until) == 1;
    } else if (!strcmp(key, "today")) {
        return sscanf(rest, "%15s", pc->today) == 1;
    } else if (!strcmp(key, "expect")) {
        if (pc->nexpect == MAX_EXPECT)
            return false;
        struct expect *e = &pc->expect[pc->nexpect++];
        memset(e, 0, sizeof *e);
        e->line = line;
        return parse_expect(rest, e);
    } else {
        return false;
    }
    return true;
}

static void run_file(struct run *r)
{
    FILE *f = fopen(r->path, "r");
    if (!f)
        fail_msg("%s: cannot open (every built-in pack needs hand-worked cases)", r->path);
    char buf[1024];
    int line = 0;
    struct pack_case *pc = calloc(1, sizeof *pc);
    assert_non_null(pc);
    while (fgets(buf, sizeof buf, f)) {
        line++;
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = '\0';
        char key[32];
        int used = 0;
        if (sscanf(buf, " %31s %n", key, &used) != 1)
            continue;
        char *rest = buf + used;
        rest[strcspn(rest, "\r\n")] = '\0';
        if (!strcmp(key, "case")) {
            if (pc->id[0])
                run_case(r, pc);
            memset(pc, 0, sizeof *pc);
            pc->line = line;
            if (sscanf(rest, "%127s", pc->id) != 1)
                failf(r, line, "case needs a rule id");
            else
                note_tested(r, pc->id);
        } else if (!pc->id[0] || !case_line(pc, key, rest, line)) {
            failf(r, line, "malformed line: %s %s", key, rest);
        }
    }
    if (pc->id[0])
        run_case(r, pc);
    free(pc);
    fclose(f);
}

static bool was_tested(const struct run *r, const char *id)
{
    for (size_t i = 0; i < r->ntested; i++)
        if (!strcmp(r->tested[i], id))
            return true;
    return false;
}

/* Every "### id" of the catalogue is in the pack as id or id.a, id.b ... */
static void check_catalogue(struct run *r, const char *name)
{
    char path[512], buf[1024];
    snprintf(path, sizeof path, "%s/../docs/seeds/timescales/%s.md", T_dir(), name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("%s: cannot open the catalogue", path);
    int line = 0, entries = 0;
    while (fgets(buf, sizeof buf, f)) {
        line++;
        if (strncmp(buf, "### ", 4) != 0)
            continue;
        char id[128], split[140];
        sscanf(buf + 4, "%127s", id);
        snprintf(split, sizeof split, "%s.a", id);
        size_t at;
        entries++;
        if (tsc_pack_find_rule(r->pack, id, &at, NULL) && tsc_pack_find_rule(r->pack, split, &at, NULL))
            failf(r, line, "catalogue entry %s (%s) is not in pack %s", id, path, name);
    }
    fclose(f);
    assert_true(entries > 0);
}

static void pack_test(void **state)
{
    const char *name = *state;
    char path[512];
    struct run r = {.path = path};
    tsc_error err;
    snprintf(path, sizeof path, "%s/packs/%s.cases", T_dir(), name);
    if (tsc_pack_open(name, &r.pack, &err)) {
        char buf[600];
        tsc_error_format(&err, buf, sizeof buf);
        fail_msg("pack %s does not load: %s", name, buf);
    }
    if (tsc_calendar_open(tsc_pack_calendar(r.pack), &r.cal, &err))
        fail_msg("pack %s: calendar: %s", name, err.message);
    run_file(&r);
    check_catalogue(&r, name);
    for (size_t i = 0; i < tsc_pack_rule_count(r.pack); i++) {
        tsc_rule_info info;
        assert_int_equal(tsc_pack_rule(r.pack, i, &info, NULL), TSC_OK);
        if (!was_tested(&r, info.id))
            failf(&r, 0, "rule %s has no case", info.id);
    }
    for (size_t i = 0; i < r.ntested; i++)
        free(r.tested[i]);
    free(r.tested);
    tsc_calendar_free(r.cal);
    tsc_pack_free(r.pack);
    if (r.failures)
        fail_msg("%d failure(s) in %s (listed above)", r.failures, path);
}

int main(int argc, char **argv)
{
    T_set_dir(argc, argv);
    size_t n = tsc_pack_builtin_count();
    struct CMUnitTest *tests = calloc(n + 1, sizeof *tests);
    char **names = calloc(n + 1, sizeof *names);
    for (size_t i = 0; i < n; i++) {
        names[i] = (char *)tsc_pack_builtin_name(i);
        tests[i] = (struct CMUnitTest){names[i], pack_test, NULL, NULL, names[i]};
    }
    if (n == 0) {
        fprintf(stderr, "no built-in packs\n");
        return 1;
    }
    int rc = _cmocka_run_group_tests("packs", tests, n, NULL, NULL);
    free(tests);
    free(names);
    return rc;
}
