/* caseload.c -- planning many cases from one CSV file, one case at a time,
 * so memory stays the same whatever the number of cases. */
#include "caseload.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_LINE = 4096, MAX_FIELD = 1024 };

struct row {
    char case_id[MAX_FIELD], event[MAX_FIELD], when[MAX_FIELD];
};

struct reader {
    FILE *f;
    const char *path;
    long line;
    const tsc_pack *pack;
    const tsc_calendar *cal;
};

/* Splits one CSV line into three fields ("quoted" fields may hold commas). */
static int split_row(struct reader *r, const char *line, struct row *row)
{
    char *fields[3] = {row->case_id, row->event, row->when};
    int n = 0;
    const char *p = line;
    while (n < 3) {
        char *out = fields[n++];
        size_t len = 0;
        bool quoted = *p == '"';
        if (quoted)
            p++;
        while (*p && (quoted ? !(*p == '"' && p[1] != '"') : *p != ',')) {
            if (quoted && *p == '"')
                p++;                 /* "" inside quotes */
            if (len + 1 < MAX_FIELD)
                out[len++] = *p;
            p++;
        }
        out[len] = '\0';
        if (quoted && *p == '"')
            p++;
        if (*p != ',')
            break;
        p++;
    }
    if (n != 3 || *p)
        return cli_fail("%s:%ld: expected 3 fields: case_id,event,date", r->path, r->line);
    return CLI_OK;
}

/* Reads the next data row; 0 at the end, 1 for a row, CLI_ERROR on error. */
static int next_row(struct reader *r, struct row *row)
{
    char line[MAX_LINE];
    while (fgets(line, sizeof line, r->f)) {
        r->line++;
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n')
            return cli_fail("%s:%ld: line longer than %d bytes", r->path, r->line, MAX_LINE);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0 || (r->line == 1 && !strncmp(line, "case_id,", 8)))
            continue;
        if (split_row(r, line, row))
            return CLI_ERROR;
        return 1;
    }
    return ferror(r->f) ? cli_fail("%s: read error", r->path) : 0;
}

static int add_row(struct reader *r, tsc_case *c, const struct row *row, tsc_date *latest)
{
    char assignment[2 * MAX_FIELD + 2];
    tsc_error err;
    if (!tsc_pack_has_event(r->pack, row->event))
        return cli_fail("%s:%ld: event '%s' is not named by any rule of pack %s", r->path,
                        r->line, row->event, tsc_pack_name(r->pack));
    snprintf(assignment, sizeof assignment, "%s=%s", row->event, row->when);
    if (tsc_case_add_text(c, assignment, r->cal, &err)) {
        char buf[400];
        tsc_error_format(&err, buf, sizeof buf);
        return cli_fail("%s:%ld: %s", r->path, r->line, buf);
    }
    tsc_date d;
    char day[11];
    snprintf(day, sizeof day, "%.10s", row->when);
    if (tsc_date_parse(day, &d, NULL) == TSC_OK && d > *latest)
        *latest = d;
    return CLI_OK;
}

struct run {
    tsc_case *c;
    tsc_plan *plan;
    tsc_date until, today, latest;
    size_t hidden;          /* items an explicit --until left out, over all cases */
    char case_id[MAX_FIELD];
    bool have_case;
};

static int flush_case(struct run *run, const tsc_pack *pack, const tsc_calendar *cal,
                      struct item_writer *w)
{
    if (!run->have_case)
        return CLI_OK;
    tsc_error err;
    tsc_date until = run->until;
    unsigned flags = until ? 0 : TSC_PLAN_UNTIL_BOUNDS_REPEATS;  /* default: repeats only */
    if (!until && tsc_date_add_days(run->latest, 366, &until, NULL))
        until = TSC_DATE_MAX;
    if (tsc_plan_compute(run->plan, pack, cal, run->c, until, run->today, flags, &err)) {
        char buf[500];
        tsc_error_format(&err, buf, sizeof buf);
        return cli_fail("case %s: %s", run->case_id, buf);
    }
    if (w) {
        run->hidden += tsc_plan_hidden(run->plan);
        int rc = items_write_plan(w, run->case_id, run->plan);
        if (rc)
            return rc;
    }
    tsc_case_clear(run->c);
    run->latest = 0;
    return CLI_OK;
}

/* One pass over the file: with w NULL it only checks. */
static int pass(struct reader *r, struct run *run, struct item_writer *w)
{
    struct row *row = malloc(sizeof *row);
    int rc = row ? CLI_OK : cli_fail("out of memory"), got;
    run->have_case = false;
    r->line = 0;
    while (!rc && (got = next_row(r, row)) == 1) {
        int order = run->have_case ? strcmp(row->case_id, run->case_id) : 1;
        if (order < 0)
            rc = cli_fail("%s:%ld: case '%s' comes after '%s': rows must be grouped by case id "
                          "in ascending order (sort -s -t, -k1,1)", r->path, r->line,
                          row->case_id, run->case_id);
        if (!rc && order > 0) {
            rc = flush_case(run, r->pack, r->cal, w);
            snprintf(run->case_id, sizeof run->case_id, "%s", row->case_id);
            run->have_case = true;
        }
        if (!rc)
            rc = add_row(r, run->c, row, &run->latest);
    }
    if (!rc && got == CLI_ERROR)
        rc = CLI_ERROR;
    if (!rc)
        rc = flush_case(run, r->pack, r->cal, w);
    free(row);
    return rc;
}

int caseload_run(const char *path, const tsc_pack *pack, const tsc_calendar *cal,
                 tsc_date until, tsc_date today, struct item_writer *w)
{
    bool from_stdin = !strcmp(path, "-");
    struct reader r = {from_stdin ? stdin : fopen(path, "r"), from_stdin ? "<stdin>" : path, 0,
                       pack, cal};
    if (!r.f)
        return cli_fail("%s: cannot open", path);
    struct run run = {.until = until, .today = today};
    int rc = tsc_case_new(&run.c, NULL) || tsc_plan_new(&run.plan, NULL)
                 ? cli_fail("out of memory") : CLI_OK;
    /* A file is checked whole before anything is written, so a bad row
     * never leaves half a plan behind; standard input can be read once only. */
    if (!rc && !from_stdin) {
        rc = pass(&r, &run, NULL);
        if (!rc && fseek(r.f, 0, SEEK_SET) != 0)
            rc = cli_fail("%s: cannot read the file twice", path);
    }
    if (!rc) {
        items_begin(w);
        rc = pass(&r, &run, w);
        items_end(w);
        items_warn_hidden(run.hidden, until);
    }
    tsc_case_free(run.c);
    tsc_plan_free(run.plan);
    if (!from_stdin)
        fclose(r.f);
    return rc;
}
