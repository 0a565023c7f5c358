/* caseload.c -- planning many cases from one CSV file, one case at a time,
 * so memory stays the same whatever the number of cases. */
#include "caseload.h"
#include "csv_fields.h"
#include "ignored.h"
#include "items.h"

#include <stdlib.h>
#include <string.h>

/* The columns a caseload may have, in the order of the plain 3-column form. */
enum column { COL_CASE_ID, COL_EVENT, COL_DATE, COL_LABEL, COL_WORKER, COL_TEAM, NCOLS };
static const char *const column_names[NCOLS] = {"case_id", "event", "date",
                                                "label",   "worker", "team"};

/* One data row in column order; the fields point into the reader's line
 * buffer (absent columns at ""). */
struct row {
    char *field[NCOLS];
};

struct reader {
    FILE *f;
    const char *path;
    long line;
    char *buf;               /* the current line (getline: no length limit) */
    size_t cap;
    char *pending;           /* standard input: a first line read ahead */
    int ncols;               /* columns on each line */
    int column_of[NCOLS];    /* the line's field for each column; -1: absent */
    const struct caseload_options *opt;
    struct ignored_events ignored;
};

/* Takes one field from *p, unquoted and NUL-terminated in place (a
 * "quoted" field may hold commas, and "" for a quote); returns the
 * character that ended it (',' or '\0') and leaves *p after it.  Unlike
 * csv_take_field, text after a closing quote ends the field, so '"1"x'
 * counts as a field too many rather than "1x". */
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

/* Splits a line into at most `max` fields; the count, or -1 past max. */
static int split_fields(char *line, char **out, int max)
{
    char *p = line;
    for (int n = 0; n < max; n++)
        if (take_field(&p, &out[n]) == '\0')
            return n + 1;
    return -1;
}

static void plain_columns(struct reader *r)
{
    r->ncols = 3;
    for (int c = 0; c < NCOLS; c++)
        r->column_of[c] = c < 3 ? c : -1;
}

/* The first line is a header when one of its fields is "case_id". */
static bool is_header(const char *line)
{
    for (const char *p = line; (p = strstr(p, "case_id")) != NULL; p += 7) {
        bool quoted = p > line && p[-1] == '"';
        const char *before = quoted ? p - 1 : p, *after = p + 7 + (quoted && p[7] == '"');
        if ((before == line || before[-1] == ',') && (*after == ',' || !*after))
            return true;
    }
    return false;
}

/* A header row names the columns, in any order. */
static int read_header(struct reader *r, char *line)
{
    char *names[NCOLS];
    char shown[CLI_ESCAPED_MAX];
    int n = split_fields(line, names, NCOLS);
    for (int c = 0; c < NCOLS; c++)
        r->column_of[c] = -1;
    if (n < 0)
        return cli_fail("%s:%ld: more than %d columns (expected case_id,event,date and "
                        "optionally label,worker,team)", r->path, r->line, NCOLS);
    for (int i = 0; i < n; i++) {
        int c = 0;
        while (c < NCOLS && strcmp(names[i], column_names[c]) != 0)
            c++;
        if (c == NCOLS)
            return cli_fail("%s:%ld: column %d '%s' is not one of case_id, event, date, "
                            "label, worker, team", r->path, r->line, i + 1,
                            cli_escape(names[i], shown, sizeof shown));
        if (r->column_of[c] >= 0)
            return cli_fail("%s:%ld: column '%s' is named twice", r->path, r->line, names[i]);
        r->column_of[c] = i;
    }
    for (int c = 0; c < 3; c++)
        if (r->column_of[c] < 0)
            return cli_fail("%s:%ld: the header has no '%s' column", r->path, r->line,
                            column_names[c]);
    r->ncols = n;
    return CLI_OK;
}

/* Puts a line's fields in column order (absent columns ""). */
static int split_row(struct reader *r, char *line, struct row *row)
{
    static char empty[] = "";
    char *raw[NCOLS];
    int n = split_fields(line, raw, NCOLS);
    if (n != r->ncols)
        return r->ncols == 3 && !r->column_of[0]
                   ? cli_fail("%s:%ld: expected 3 fields: case_id,event,date", r->path,
                              r->line)
                   : cli_fail("%s:%ld: expected %d fields, as the header says", r->path,
                              r->line, r->ncols);
    for (int c = 0; c < NCOLS; c++)
        row->field[c] = r->column_of[c] >= 0 ? raw[r->column_of[c]] : empty;
    return CLI_OK;
}

/* The next line without its end, NUL-free, the byte-order mark of line 1
 * dropped; NULL at the end (*rc set on error). */
static char *next_line(struct reader *r, int *rc)
{
    return csv_next_line(r->f, r->path, &r->line, &r->buf, &r->cap, rc);
}

/* Reads the next data row; 0 at the end, 1 for a row, CLI_ERROR on error. */
static int next_row(struct reader *r, struct row *row)
{
    int rc;
    char *line;
    if (r->pending) {
        /* Standard input's first line, read ahead: it is now in r->buf. */
        free(r->pending);
        r->pending = NULL;
        return split_row(r, r->buf + (!strncmp(r->buf, "\xef\xbb\xbf", 3) ? 3 : 0), row)
                   ? CLI_ERROR : 1;
    }
    while ((line = next_line(r, &rc)) != NULL) {
        if (!line[0])
            continue;
        if (r->line == 1 && is_header(line)) {
            if (read_header(r, line))
                return CLI_ERROR;
            continue;
        }
        return split_row(r, line, row) ? CLI_ERROR : 1;
    }
    return rc ? CLI_ERROR : 0;
}

/* The event's day or instant, parsed once: a time without an offset is
 * wall-clock time in the calendar's zone (tsc_time_parse), as for --event.
 * *day is its local day.  An event dated after `records_until` (0: none)
 * is not added (*kept false): the caseload as it stood on that day. */
static tsc_status add_event(tsc_case *c, const char *event, const char *when,
                            const tsc_calendar *cal, tsc_date records_until, tsc_date *day,
                            bool *kept)
{
    tsc_time t = 0;
    bool timed = strchr(when, 'T') != NULL;
    tsc_status st = timed ? tsc_time_parse(when, cal, &t, NULL) : tsc_date_parse(when, day, NULL);
    if (!st && timed)
        st = tsc_time_to_local(cal, t, day, NULL, NULL, NULL);
    *kept = !st && !(records_until && *day > records_until);
    if (!*kept)
        return st;
    return timed ? tsc_case_add_time(c, event, t, NULL) : tsc_case_add_date(c, event, *day, NULL);
}

/* A row the case does not take: the message is tsc_case_add_text's for
 * "event=when" (found again only on this path, so messages stay as they
 * were, the name checked before the date). */
static int row_error(struct reader *r, const char *event, const char *when)
{
    size_t len = strlen(event) + strlen(when) + 2;
    char *assignment = malloc(len);
    tsc_case *scratch = NULL;
    tsc_error err = {.code = TSC_ERR_PARSE, .message = "not a date"};
    if (!assignment || tsc_case_new(&scratch, NULL)) {
        free(assignment);
        return cli_fail("out of memory");
    }
    snprintf(assignment, len, "%s=%s", event, when);
    tsc_case_add_text(scratch, assignment, r->opt->cal, &err);
    free(assignment);
    tsc_case_free(scratch);
    char buf[400];
    tsc_error_format(&err, buf, sizeof buf);
    return cli_fail("%s:%ld: %s", r->path, r->line, buf);
}

struct run {
    tsc_case *c;
    tsc_plan *plan;
    size_t hidden;                   /* items an explicit --until left out, over all cases */
    long first_line;                 /* the case's first row, for errors */
    char *who[NCOLS];                /* case_id, label, worker, team (malloc'd; event, date unused) */
    size_t who_cap[NCOLS];
    bool have_case, have_events;
    tsc_date earliest, latest;       /* the days the case records */
};

/* Adds the row's event to the case; *added false when it was ignored. */
static int add_row(struct reader *r, struct run *run, const struct row *row,
                   bool count_ignored, bool *added)
{
    const char *event = row->field[COL_EVENT], *when = row->field[COL_DATE];
    const tsc_pack *pack = r->opt->pack;
    char shown[CLI_ESCAPED_MAX];
    *added = false;
    if (!tsc_pack_has_event(pack, event)) {
        if (!r->opt->ignore_unknown)
            return cli_fail("%s:%ld: event '%s' is not named by any rule of pack %s (skip such "
                            "rows with --ignore-unknown-events)", r->path, r->line,
                            cli_escape(event, shown, sizeof shown), tsc_pack_name(pack));
        return count_ignored ? ignored_add(&r->ignored, event, r->line) : CLI_OK;
    }
    tsc_date day = 0;
    bool kept = false;
    if (add_event(run->c, event, when, r->opt->cal, r->opt->records_until, &day, &kept))
        return row_error(r, event, when);
    if (!kept)
        return CLI_OK;
    if (!run->have_events || day < run->earliest)
        run->earliest = day;
    if (!run->have_events || day > run->latest)
        run->latest = day;
    *added = true;
    return CLI_OK;
}

static int set_who(struct run *run, int c, const char *value)
{
    size_t len = strlen(value) + 1;
    if (len > run->who_cap[c]) {
        char *bigger = realloc(run->who[c], len);
        if (!bigger)
            return cli_fail("out of memory");
        run->who[c] = bigger;
        run->who_cap[c] = len;
    }
    memcpy(run->who[c], value, len);
    return CLI_OK;
}

/* Label, worker and team may be on any row of a case, but must agree. */
static int merge_identity(struct reader *r, struct run *run, const struct row *row)
{
    for (int c = COL_LABEL; c < NCOLS; c++) {
        const char *v = row->field[c];
        if (!v[0])
            continue;
        if (!run->who[c][0]) {
            if (set_who(run, c, v))
                return CLI_ERROR;
        } else if (strcmp(run->who[c], v) != 0) {
            return cli_fail("%s:%ld: the %s differs from the one on line %ld for the same "
                            "case", r->path, r->line, column_names[c], run->first_line);
        }
    }
    return CLI_OK;
}

/* ---- which plans can fail ----
 *
 * Once its rows are good (fields, case order, identity, event names, dates
 * and times: what the checking pass looks at), a case's plan can still fail
 * only for a date it computes: a due date, projected event or repeat
 * outside the years 0001..9999 (TSC_ERR_RANGE: "18 years after
 * date-of-birth" for a child born in 9990, or a rule reaching thousands of
 * years), or for want of memory.  The checking pass plans a case only when
 * its days or its horizon fall outside a window of ordinary dates (the
 * calendar's index span, 1900-2200 for the built-in ones), or when the
 * pack's rules reach out of the years from the window's edges, which
 * planning each event of the pack alone, and all of them together, on the
 * window's first and last days finds once per run. */

struct window {
    bool known, pack_safe;
    tsc_date first, last;            /* the days a case may record and be safe */
};

/* Whether a case recording `event` (NULL: every event of the pack) on
 * `day` plans; a name no case can record is left out. */
static bool plans_on(const struct caseload_options *opt, tsc_case *c, tsc_plan *plan,
                     const char *event, tsc_date day)
{
    for (size_t e = 0; !event && e < tsc_pack_event_count(opt->pack); e++)
        tsc_case_add_date(c, tsc_pack_event_name(opt->pack, e), day, NULL);
    if (event)
        tsc_case_add_date(c, event, day, NULL);
    bool ok = tsc_plan_compute(plan, opt->pack, opt->cal, c, opt->until, opt->today, 0, NULL) ==
              TSC_OK;
    tsc_case_clear(c);
    return ok;
}

static int find_window(const struct caseload_options *opt, struct window *w)
{
    tsc_date span_first, span_last;
    tsc_calendar_index_span(opt->cal, &span_first, &span_last);
    w->known = true;
    w->first = span_first;
    w->last = span_last - TSC_PLAN_DEFAULT_HORIZON_DAYS;   /* the default horizon inside */
    w->pack_safe = w->first && w->first < w->last && (!opt->until || opt->until <= span_last);
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    if (tsc_case_new(&c, NULL) || tsc_plan_new(&plan, NULL)) {
        tsc_case_free(c);
        return cli_fail("out of memory");
    }
    const tsc_date edges[2] = {w->first, w->last};
    for (int k = 0; w->pack_safe && k < 2; k++) {
        w->pack_safe = plans_on(opt, c, plan, NULL, edges[k]);
        for (size_t e = 0; w->pack_safe && e < tsc_pack_event_count(opt->pack); e++)
            w->pack_safe = plans_on(opt, c, plan, tsc_pack_event_name(opt->pack, e), edges[k]);
    }
    tsc_plan_free(plan);
    tsc_case_free(c);
    return CLI_OK;
}

/* Whether the checking pass must plan this case to know it plans. */
static bool may_fail(const struct window *w, const struct run *run)
{
    return !w->pack_safe || run->earliest < w->first || run->latest > w->last;
}

/* What a pass does with each case. */
enum pass_kind {
    PASS_CHECK,     /* rows checked, a case planned only when its plan may fail */
    PASS_WRITE,     /* every case planned once and given to the sink */
};

struct pass {
    enum pass_kind kind;
    const struct caseload_sink *sink;
    struct window window;
};

static int plan_case(struct reader *r, struct run *run)
{
    tsc_error err;
    /* until 0: the library's default horizon, which bounds repeats only */
    if (!tsc_plan_compute(run->plan, r->opt->pack, r->opt->cal, run->c, r->opt->until,
                          r->opt->today, 0, &err))
        return CLI_OK;
    char buf[500];
    tsc_error_format(&err, buf, sizeof buf);
    return cli_fail("%s:%ld: the case starting here: %s", r->path, run->first_line, buf);
}

static int flush_case(struct reader *r, struct run *run, struct pass *p)
{
    if (!run->have_case || !run->have_events)
        return CLI_OK;            /* no case yet, or only ignored events */
    int rc = CLI_OK;
    if (p->kind == PASS_CHECK) {
        if (!p->window.known)
            rc = find_window(r->opt, &p->window);
        if (!rc && may_fail(&p->window, run))
            rc = plan_case(r, run);
    } else {
        rc = plan_case(r, run);
        if (!rc) {
            run->hidden += tsc_plan_hidden(run->plan);
            struct case_ref ref = {.id = run->who[COL_CASE_ID], .label = run->who[COL_LABEL],
                                   .worker = run->who[COL_WORKER], .team = run->who[COL_TEAM]};
            rc = p->sink->each(p->sink->ctx, &ref, run->plan);
        }
    }
    tsc_case_clear(run->c);
    return rc;
}

/* Takes one row: a new case id ends the previous case. */
static int take_row(struct reader *r, struct run *run, const struct row *row, struct pass *p)
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
        int rc = flush_case(r, run, p);
        for (int c = 0; !rc && c < NCOLS; c++)
            rc = set_who(run, c, c == COL_CASE_ID ? id : "");
        if (rc)
            return rc;
        run->first_line = r->line;
        run->have_case = true;
        run->have_events = false;
    }
    bool added = false;
    int rc = merge_identity(r, run, row);
    if (!rc)
        rc = add_row(r, run, row, p->kind == PASS_WRITE, &added);
    run->have_events |= added;
    return rc;
}

/* One pass over the file, on from where the reader is. */
static int pass(struct reader *r, struct run *run, struct pass *p)
{
    struct row row = {0};  /* next_row fills every field of a row it returns */
    int rc = CLI_OK, got = 0;
    run->have_case = false;
    while (!rc && (got = next_row(r, &row)) == 1)
        rc = take_row(r, run, &row, p);
    if (!rc && got == CLI_ERROR)
        rc = CLI_ERROR;
    if (!rc)
        rc = flush_case(r, run, p);
    return rc;
}

static void columns_of(const struct reader *r, struct caseload_columns *cols)
{
    cols->label = r->column_of[COL_LABEL] >= 0;
    cols->worker = r->column_of[COL_WORKER] >= 0;
    cols->team = r->column_of[COL_TEAM] >= 0;
}

/* The header is known from the first line, which, when it is not a
 * header, is kept in r->buf as the first row (standard input is read once). */
static int peek_header(struct reader *r)
{
    int rc;
    char *line = next_line(r, &rc);
    if (!line || !line[0])
        return rc;          /* nothing, or a blank line 1 (skipped; no header follows) */
    if (is_header(line))
        return read_header(r, line);
    /* next_line cut the line's end in place: r->buf holds the row. */
    r->pending = strdup("");
    return r->pending ? CLI_OK : cli_fail("out of memory");
}

static void run_free(struct run *run)
{
    tsc_case_free(run->c);
    tsc_plan_free(run->plan);
    for (int c = 0; c < NCOLS; c++)
        free(run->who[c]);
    free(run);
}

/* A run that writes as it goes (standard output, a file per case) checks
 * the whole file first; a sink that keeps nothing of a failed run does not
 * need to, nor does standard input, which can be read once only. */
static int run_caseload(const char *path, const struct caseload_options *opt,
                        const struct caseload_sink *sink, bool check_first)
{
    bool from_stdin = !strcmp(path, "-");
    check_first &= !from_stdin;
    struct reader r = {.f = from_stdin ? stdin : fopen(path, "r"),
                       .path = from_stdin ? "<stdin>" : path, .opt = opt};
    if (!r.f)
        return cli_fail("%s: cannot open", path);
    plain_columns(&r);
    struct run *run = calloc(1, sizeof *run);
    int rc = !run || tsc_case_new(&run->c, NULL) || tsc_plan_new(&run->plan, NULL)
                 ? cli_fail("out of memory") : CLI_OK;
    struct caseload_columns cols = {0};
    if (!rc && check_first) {
        struct pass check = {.kind = PASS_CHECK};
        rc = pass(&r, run, &check);
        if (!rc && fseek(r.f, 0, SEEK_SET) != 0)
            rc = cli_fail("%s: cannot read the file twice", path);
        r.line = 0;
        plain_columns(&r);
    }
    /* The header, when there is one, is the first line: the columns are
     * known before the first case is planned. */
    if (!rc)
        rc = peek_header(&r);
    columns_of(&r, &cols);
    if (!rc && sink->begin)
        rc = sink->begin(sink->ctx, &cols);
    struct pass write = {.kind = PASS_WRITE, .sink = sink};
    if (!rc)
        rc = pass(&r, run, &write);
    if (!rc && !opt->until_not_due && !opt->quiet)
        items_warn_hidden(run->hidden, opt->until);
    if (!rc && !opt->quiet)
        ignored_report(&r.ignored, r.path, opt->pack);
    ignored_free(&r.ignored);
    free(r.buf);
    free(r.pending);
    if (run)
        run_free(run);
    if (!from_stdin)
        fclose(r.f);
    return rc;
}

int caseload_run(const char *path, const struct caseload_options *opt,
                 const struct caseload_sink *sink)
{
    return run_caseload(path, opt, sink, true);
}

int caseload_run_once(const char *path, const struct caseload_options *opt,
                      const struct caseload_sink *sink)
{
    return run_caseload(path, opt, sink, false);
}
