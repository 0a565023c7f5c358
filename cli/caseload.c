/* caseload.c -- planning many cases from one CSV file, one case at a time,
 * so memory stays the same whatever the number of cases. */
#include "caseload.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_LINE = 4096, MAX_FIELD = 1024 };

/* The columns a caseload may have, in the order of the plain 3-column form. */
enum column { COL_CASE_ID, COL_EVENT, COL_DATE, COL_LABEL, COL_WORKER, COL_TEAM, NCOLS };
static const char *const column_names[NCOLS] = {"case_id", "event", "date",
                                                "label",   "worker", "team"};

struct row {
    char field[NCOLS][MAX_FIELD];
};

struct reader {
    FILE *f;
    const char *path;
    long line;
    int ncols;               /* columns on each line */
    int column_of[NCOLS];    /* the line's field for each column; -1: absent */
    const struct caseload_options *opt;
    char *pending;           /* standard input: a first line read ahead */
};

/* Splits a CSV line into at most `max` fields ("quoted" fields may hold
 * commas and ""); returns the count, or -1 past max. */
static int split_fields(const char *p, char (*out)[MAX_FIELD], int max)
{
    int n = 0;
    for (;;) {
        if (n == max)
            return -1;
        char *field = out[n++];
        size_t len = 0;
        bool quoted = *p == '"';
        if (quoted)
            p++;
        while (*p && (quoted ? !(*p == '"' && p[1] != '"') : *p != ',')) {
            if (quoted && *p == '"')
                p++;
            if (len + 1 < MAX_FIELD)
                field[len++] = *p;
            p++;
        }
        field[len] = '\0';
        if (quoted && *p == '"')
            p++;
        if (*p != ',')
            return *p ? -1 : n;
        p++;
    }
}

static void plain_columns(struct reader *r)
{
    r->ncols = 3;
    for (int c = 0; c < NCOLS; c++)
        r->column_of[c] = c < 3 ? c : -1;
}

/* A header row names the columns, in any order. */
static int read_header(struct reader *r, const char *line)
{
    char (*names)[MAX_FIELD] = malloc(NCOLS * sizeof *names);
    if (!names)
        return cli_fail("out of memory");
    int n = split_fields(line, names, NCOLS), rc = CLI_OK;
    for (int c = 0; c < NCOLS; c++)
        r->column_of[c] = -1;
    if (n < 0)
        rc = cli_fail("%s:%ld: more than %d columns (expected case_id,event,date and "
                      "optionally label,worker,team)", r->path, r->line, NCOLS);
    for (int i = 0; !rc && i < n; i++) {
        int c = 0;
        while (c < NCOLS && strcmp(names[i], column_names[c]) != 0)
            c++;
        if (c == NCOLS)
            rc = cli_fail("%s:%ld: column %d '%s' is not one of case_id, event, date, "
                          "label, worker, team", r->path, r->line, i + 1, names[i]);
        else if (r->column_of[c] >= 0)
            rc = cli_fail("%s:%ld: column '%s' is named twice", r->path, r->line,
                          names[i]);
        else
            r->column_of[c] = i;
    }
    for (int c = 0; !rc && c < 3; c++)
        if (r->column_of[c] < 0)
            rc = cli_fail("%s:%ld: the header has no '%s' column", r->path, r->line,
                          column_names[c]);
    r->ncols = n;
    free(names);
    return rc;
}

/* The first line is a header when one of its fields is "case_id". */
static bool is_header(const char *line)
{
    for (const char *p = line; (p = strstr(p, "case_id")) != NULL; p += 7) {
        bool starts = p == line || p[-1] == ',' || (p[-1] == '"' && (p - 1 == line || p[-2] == ','));
        const char *end = p + 7 + (p[7] == '"');
        if (starts && (*end == ',' || !*end))
            return true;
    }
    return false;
}

/* Puts a line's fields in column order (absent columns empty). */
static int split_row(struct reader *r, const char *line, struct row *row)
{
    char (*raw)[MAX_FIELD] = malloc(NCOLS * sizeof *raw);
    if (!raw)
        return cli_fail("out of memory");
    int n = split_fields(line, raw, NCOLS);
    for (int c = 0; n == r->ncols && c < NCOLS; c++)
        strcpy(row->field[c], r->column_of[c] >= 0 ? raw[r->column_of[c]] : "");
    free(raw);
    if (n != r->ncols)
        return cli_fail("%s:%ld: expected %d fields, as the header says", r->path, r->line,
                        r->ncols);
    return CLI_OK;
}

/* Reads the next data row; 0 at the end, 1 for a row, CLI_ERROR on error. */
static int next_row(struct reader *r, struct row *row)
{
    char line[MAX_LINE];
    if (r->pending) {
        snprintf(line, sizeof line, "%s", r->pending);
        free(r->pending);
        r->pending = NULL;
        return split_row(r, line, row) ? CLI_ERROR : 1;
    }
    while (fgets(line, sizeof line, r->f)) {
        r->line++;
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n')
            return cli_fail("%s:%ld: line longer than %d bytes", r->path, r->line, MAX_LINE);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0)
            continue;
        if (r->line == 1 && is_header(line)) {
            if (read_header(r, line))
                return CLI_ERROR;
            continue;
        }
        return split_row(r, line, row) ? CLI_ERROR : 1;
    }
    return ferror(r->f) ? cli_fail("%s: read error", r->path) : 0;
}

static int add_row(struct reader *r, tsc_case *c, const struct row *row, tsc_date *latest)
{
    const char *event = row->field[COL_EVENT], *when = row->field[COL_DATE];
    char assignment[2 * MAX_FIELD + 2];
    tsc_error err;
    if (!tsc_pack_has_event(r->opt->pack, event))
        return cli_fail("%s:%ld: event '%s' is not named by any rule of pack %s", r->path,
                        r->line, event, tsc_pack_name(r->opt->pack));
    snprintf(assignment, sizeof assignment, "%s=%s", event, when);
    if (tsc_case_add_text(c, assignment, r->opt->cal, &err)) {
        char buf[400];
        tsc_error_format(&err, buf, sizeof buf);
        return cli_fail("%s:%ld: %s", r->path, r->line, buf);
    }
    tsc_date d;
    char day[11];
    snprintf(day, sizeof day, "%.10s", when);
    if (tsc_date_parse(day, &d, NULL) == TSC_OK && d > *latest)
        *latest = d;
    return CLI_OK;
}

struct run {
    tsc_case *c;
    tsc_plan *plan;
    tsc_date latest;
    long first_line;                 /* the case's first row, for errors */
    char who[NCOLS][MAX_FIELD];      /* case_id, then label, worker, team (event, date unused) */
    bool have_case;
};

/* Label, worker and team may be on any row of a case, but must agree. */
static int merge_identity(struct reader *r, struct run *run, const struct row *row)
{
    for (int c = COL_LABEL; c < NCOLS; c++) {
        const char *v = row->field[c];
        if (!v[0])
            continue;
        if (!run->who[c][0])
            strcpy(run->who[c], v);
        else if (strcmp(run->who[c], v) != 0)
            return cli_fail("%s:%ld: the %s differs from the one on line %ld for the same "
                            "case", r->path, r->line, column_names[c], run->first_line);
    }
    return CLI_OK;
}

static int flush_case(struct reader *r, struct run *run, const struct caseload_sink *sink)
{
    if (!run->have_case)
        return CLI_OK;
    tsc_error err;
    tsc_date until = r->opt->until;
    if (!until && tsc_date_add_days(run->latest, 366, &until, NULL))
        until = TSC_DATE_MAX;
    if (tsc_plan_compute(run->plan, r->opt->pack, r->opt->cal, run->c, until, r->opt->today, 0,
                         &err)) {
        char buf[500];
        tsc_error_format(&err, buf, sizeof buf);
        return cli_fail("%s:%ld: the case starting here: %s", r->path, run->first_line, buf);
    }
    if (sink) {
        struct case_ref ref = {run->who[COL_CASE_ID], run->who[COL_LABEL], run->who[COL_WORKER],
                               run->who[COL_TEAM]};
        int rc = sink->each(sink->ctx, &ref, run->plan);
        if (rc)
            return rc;
    }
    tsc_case_clear(run->c);
    run->latest = 0;
    return CLI_OK;
}

/* Takes one row: a new case id ends the previous case. */
static int take_row(struct reader *r, struct run *run, const struct row *row,
                    const struct caseload_sink *sink)
{
    const char *id = row->field[COL_CASE_ID];
    if (!id[0])
        return cli_fail("%s:%ld: empty case id", r->path, r->line);
    int order = run->have_case ? strcmp(id, run->who[COL_CASE_ID]) : 1;
    if (order < 0)
        return cli_fail("%s:%ld: this case id sorts before the one on line %ld: rows must be "
                        "grouped by case id in ascending order (sort -s -t, -k1,1)",
                        r->path, r->line, run->first_line);
    if (order > 0) {
        int rc = flush_case(r, run, sink);
        if (rc)
            return rc;
        for (int c = 0; c < NCOLS; c++)
            run->who[c][0] = '\0';
        strcpy(run->who[COL_CASE_ID], id);
        run->first_line = r->line;
        run->have_case = true;
    }
    int rc = merge_identity(r, run, row);
    return rc ? rc : add_row(r, run->c, row, &run->latest);
}

/* One pass over the file: with sink NULL it only checks.  `rewind`: from
 * the first line (a file); else on from where the reader is (stdin). */
static int pass(struct reader *r, struct run *run, const struct caseload_sink *sink,
                bool rewind)
{
    struct row *row = malloc(sizeof *row);
    int rc = row ? CLI_OK : cli_fail("out of memory"), got = 0;
    run->have_case = false;
    if (rewind) {
        r->line = 0;
        plain_columns(r);
    }
    while (!rc && (got = next_row(r, row)) == 1)
        rc = take_row(r, run, row, sink);
    if (!rc && got == CLI_ERROR)
        rc = CLI_ERROR;
    if (!rc)
        rc = flush_case(r, run, sink);
    free(row);
    return rc;
}

static void columns_of(const struct reader *r, struct caseload_columns *cols)
{
    cols->label = r->column_of[COL_LABEL] >= 0;
    cols->worker = r->column_of[COL_WORKER] >= 0;
    cols->team = r->column_of[COL_TEAM] >= 0;
}

/* Standard input is read once: its header is known from the first line. */
static int peek_header(struct reader *r)
{
    int ch = getc(r->f);
    if (ch == EOF)
        return CLI_OK;
    ungetc(ch, r->f);
    char line[MAX_LINE];
    if (!fgets(line, sizeof line, r->f))
        return CLI_OK;
    r->line = 1;
    line[strcspn(line, "\r\n")] = '\0';
    if (is_header(line))
        return read_header(r, line);
    /* Not a header: the first row of a case, to be read again. */
    r->pending = strdup(line);
    return r->pending ? CLI_OK : cli_fail("out of memory");
}

int caseload_run(const char *path, const struct caseload_options *opt,
                 const struct caseload_sink *sink)
{
    bool from_stdin = !strcmp(path, "-");
    struct reader r = {from_stdin ? stdin : fopen(path, "r"), from_stdin ? "<stdin>" : path,
                       0, 3, {0}, opt, NULL};
    if (!r.f)
        return cli_fail("%s: cannot open", path);
    struct run *run = calloc(1, sizeof *run);
    int rc = !run || tsc_case_new(&run->c, NULL) || tsc_plan_new(&run->plan, NULL)
                 ? cli_fail("out of memory") : CLI_OK;
    struct caseload_columns cols;
    /* A file is checked whole before anything is written, so a bad row
     * never leaves half a plan behind; standard input can be read once only. */
    if (!rc && !from_stdin) {
        rc = pass(&r, run, NULL, true);
        columns_of(&r, &cols);
        if (!rc && fseek(r.f, 0, SEEK_SET) != 0)
            rc = cli_fail("%s: cannot read the file twice", path);
    }
    if (!rc && from_stdin) {
        plain_columns(&r);
        rc = peek_header(&r);
        columns_of(&r, &cols);
    }
    if (!rc && sink->begin)
        rc = sink->begin(sink->ctx, &cols);
    if (!rc)
        rc = pass(&r, run, sink, !from_stdin);
    if (run) {
        tsc_case_free(run->c);
        tsc_plan_free(run->plan);
    }
    free(run);
    if (!from_stdin)
        fclose(r.f);
    free(r.pending);
    return rc;
}
