/* caseload.c -- planning many cases from one CSV file, one case at a time,
 * so memory stays the same whatever the number of cases. */
#include "caseload.h"
#include "ignored.h"

#include <stdlib.h>
#include <string.h>

/* One data row; the fields point into the reader's line buffer. */
struct row {
    char *case_id, *event, *when;
};

struct reader {
    FILE *f;
    const char *path;
    long line;
    char *buf;                  /* the current line (getline: no length limit) */
    size_t cap;
    const tsc_pack *pack;
    const tsc_calendar *cal;
    bool ignore_unknown;
    struct ignored_events ignored;
};

/* Takes one field from *p, unquoted and NUL-terminated in place (a
 * "quoted" field may hold commas, and "" for a quote); returns the
 * character that ended it (',' or '\0') and leaves *p after it. */
static char take_field(char **p, char **field)
{
    char *in = *p, *out = *p;
    *field = out;
    if (*in == '"') {
        for (in++; *in && !(*in == '"' && in[1] != '"'); in++) {
            if (*in == '"')
                in++;             /* "" inside quotes */
            *out++ = *in;
        }
        if (*in == '"')
            in++;
    } else {
        in += strcspn(in, ",");
        out = in;
    }
    char end = *in;
    *out = '\0';
    *p = end ? in + 1 : in;
    return end;
}

/* Splits the line into exactly three fields. */
static int split_row(struct reader *r, char *line, struct row *row)
{
    char **fields[3] = {&row->case_id, &row->event, &row->when};
    char *p = line;
    for (int n = 0; n < 3; n++) {
        char end = take_field(&p, fields[n]);
        if (end != (n < 2 ? ',' : '\0'))
            return cli_fail("%s:%ld: expected 3 fields: case_id,event,date", r->path, r->line);
    }
    return CLI_OK;
}

/* Reads the next data row; 0 at the end, 1 for a row, CLI_ERROR on error. */
static int next_row(struct reader *r, struct row *row)
{
    ssize_t got;
    while ((got = getline(&r->buf, &r->cap, r->f)) >= 0) {
        r->line++;
        char *line = r->buf;
        size_t n = (size_t)got;
        if (memchr(line, '\0', n))
            return cli_fail("%s:%ld: the line holds a NUL byte (not text)", r->path, r->line);
        if (r->line == 1 && !strncmp(line, "\xef\xbb\xbf", 3)) {
            line += 3;            /* a UTF-8 byte-order mark */
            n -= 3;
        }
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0 || (r->line == 1 && !strncmp(line, "case_id,", 8)))
            continue;
        return split_row(r, line, row) ? CLI_ERROR : 1;
    }
    return ferror(r->f) ? cli_fail("%s: read error", r->path) : 0;
}

/* Adds the row's event to the case; *added false when it was ignored. */
static int add_row(struct reader *r, tsc_case *c, const struct row *row, bool count_ignored,
                   bool *added)
{
    tsc_error err;
    char shown[CLI_ESCAPED_MAX];
    *added = false;
    if (!tsc_pack_has_event(r->pack, row->event)) {
        if (!r->ignore_unknown)
            return cli_fail("%s:%ld: event '%s' is not named by any rule of pack %s (skip such "
                            "rows with --ignore-unknown-events)", r->path, r->line,
                            cli_escape(row->event, shown, sizeof shown), tsc_pack_name(r->pack));
        return count_ignored ? ignored_add(&r->ignored, row->event, r->line) : CLI_OK;
    }
    /* The event name is a known (short, kebab-case) one; `when` may be long. */
    size_t len = strlen(row->event) + strlen(row->when) + 2;
    char *assignment = malloc(len);
    if (!assignment)
        return cli_fail("out of memory");
    snprintf(assignment, len, "%s=%s", row->event, row->when);
    tsc_status st = tsc_case_add_text(c, assignment, r->cal, &err);
    free(assignment);
    if (st) {
        char buf[400];
        tsc_error_format(&err, buf, sizeof buf);
        return cli_fail("%s:%ld: %s", r->path, r->line, buf);
    }
    *added = true;
    return CLI_OK;
}

struct run {
    tsc_case *c;
    tsc_plan *plan;
    tsc_date until, today;  /* until 0: the library's default horizon */
    size_t hidden;          /* items an explicit --until left out, over all cases */
    char *case_id;          /* the case being read (malloc'd; no length limit) */
    size_t case_cap;
    bool have_case, have_events;
};

/* Remembers the id of the case whose rows follow. */
static int start_case(struct run *run, const char *case_id)
{
    size_t len = strlen(case_id) + 1;
    if (len > run->case_cap) {
        char *bigger = realloc(run->case_id, len);
        if (!bigger)
            return cli_fail("out of memory");
        run->case_id = bigger;
        run->case_cap = len;
    }
    memcpy(run->case_id, case_id, len);
    run->have_case = true;
    run->have_events = false;
    return CLI_OK;
}

static int flush_case(struct run *run, const tsc_pack *pack, const tsc_calendar *cal,
                      struct item_writer *w)
{
    if (!run->have_case || !run->have_events)
        return CLI_OK;            /* no case yet, or only ignored events */
    tsc_error err;
    if (tsc_plan_compute(run->plan, pack, cal, run->c, run->until, run->today, 0, &err)) {
        char buf[500], shown[CLI_ESCAPED_MAX];
        tsc_error_format(&err, buf, sizeof buf);
        return cli_fail("case %s: %s", cli_escape(run->case_id, shown, sizeof shown), buf);
    }
    if (w) {
        run->hidden += tsc_plan_hidden(run->plan);
        int rc = items_write_plan(w, run->case_id, run->plan);
        if (rc)
            return rc;
    }
    tsc_case_clear(run->c);
    return CLI_OK;
}

static int out_of_order(const struct reader *r, const struct row *row, const struct run *run)
{
    char now[CLI_ESCAPED_MAX], before[CLI_ESCAPED_MAX];
    return cli_fail("%s:%ld: case '%s' comes after '%s': rows must be grouped by case id in "
                    "ascending order (sort -s -t, -k1,1)", r->path, r->line,
                    cli_escape(row->case_id, now, sizeof now),
                    cli_escape(run->case_id, before, sizeof before));
}

/* One pass over the file: with w NULL it only checks. */
static int pass(struct reader *r, struct run *run, struct item_writer *w)
{
    struct row row;
    int rc = CLI_OK, got;
    run->have_case = false;
    r->line = 0;
    while (!rc && (got = next_row(r, &row)) == 1) {
        int order = run->have_case ? strcmp(row.case_id, run->case_id) : 1;
        if (order < 0)
            rc = out_of_order(r, &row, run);
        if (!rc && order > 0) {
            rc = flush_case(run, r->pack, r->cal, w);
            if (!rc)
                rc = start_case(run, row.case_id);
        }
        bool added = false;
        if (!rc)
            rc = add_row(r, run->c, &row, w != NULL, &added);
        run->have_events |= added;
    }
    if (!rc && got == CLI_ERROR)
        rc = CLI_ERROR;
    if (!rc)
        rc = flush_case(run, r->pack, r->cal, w);
    return rc;
}

int caseload_run(const char *path, const tsc_pack *pack, const tsc_calendar *cal,
                 tsc_date until, tsc_date today, bool ignore_unknown, struct item_writer *w)
{
    bool from_stdin = !strcmp(path, "-");
    struct reader r = {.f = from_stdin ? stdin : fopen(path, "r"),
                       .path = from_stdin ? "<stdin>" : path, .pack = pack, .cal = cal,
                       .ignore_unknown = ignore_unknown};
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
    if (!rc)
        ignored_report(&r.ignored, r.path, pack);
    ignored_free(&r.ignored);
    free(r.buf);
    free(run.case_id);
    tsc_case_free(run.c);
    tsc_plan_free(run.plan);
    if (!from_stdin)
        fclose(r.f);
    return rc;
}
