/* ssda903.c -- cases from an SSDA903 return: the CSV files of one
 * directory that return_layouts.c lists (header.csv, episodes.csv and, when
 * there, reviews.csv and placed_for_adoption.csv), joined on CHILD (the
 * case id; the files need not be sorted), dates dd/mm/yyyy.
 *
 * Which column is which event is the vocabulary's `statutory SSDA903 TABLE
 * COLUMN [where COLUMN is [not] CODES]` lines; other columns are skipped
 * and counted.  Every episode and review is kept apart, in file order.
 * The return is held in memory as (child, event, date) records, a few
 * dozen bytes each: a county's 903 has a few thousand children. */
#include "case_source.h"
#include "csv_fields.h"
#include "items.h"
#include "skipped.h"
#include "statutory.h"

#include <stdlib.h>
#include <string.h>

/* A row whose end is before its start is skipped with a warning. */
static const struct span {
    const char *table, *start, *end, *what;
} spans[] = {{"Episodes", "DECOM", "DEC", "episode"}};

struct record {
    char *child;
    const char *event;
    tsc_date date;
    unsigned table;
    size_t seq;              /* read order: episodes and reviews keep theirs */
    long line;
};

struct column_use {
    const struct statutory_item *item;
    int column, if_column;   /* field indexes; if_column -1: no condition */
};

struct return_903 {
    const char *dir;
    const struct caseload_options *opt;
    struct statutory_map map;
    struct record *records;
    size_t count, cap;
    struct skipped_names skipped;
    char path[4096];         /* the file being read */
    long line;
};

static int add_record(struct return_903 *r, const char *child, const char *event, tsc_date date,
                      unsigned table)
{
    if (r->count == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        struct record *bigger = realloc(r->records, cap * sizeof *bigger);
        if (!bigger)
            return cli_fail("out of memory");
        r->records = bigger;
        r->cap = cap;
    }
    char *copy = strdup(child);
    if (!copy)
        return cli_fail("out of memory");
    r->records[r->count] = (struct record){copy, event, date, table, r->count, r->line};
    r->count++;
    return CLI_OK;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* dd/mm/yyyy (a day or month may be one digit, as a spreadsheet writes
 * it), years 1900 to 2199: a year outside is a typing error. */
static int parse_date(struct return_903 *r, const char *child, const char *column,
                      const char *text, tsc_date *out)
{
    char id[CLI_ESCAPED_MAX];
    int d, m, y, used = 0;
    bool shaped = sscanf(text, "%2d/%2d/%4d%n", &d, &m, &y, &used) == 3 && !text[used] &&
                  strspn(text, "0123456789/") == strlen(text) &&
                  strlen(strrchr(text, '/') + 1) == 4;
    if (!shaped)
        return cli_fail("%s:%ld: child %s: %s is not a date written dd/mm/yyyy", r->path, r->line,
                        cli_escape(child, id, sizeof id), column);
    if (y < 1900 || y > 2199)
        return cli_fail("%s:%ld: child %s: %s has a year outside 1900 to 2199", r->path, r->line,
                        cli_escape(child, id, sizeof id), column);
    if (tsc_date_from_ymd(y, m, d, out, NULL) != TSC_OK)
        return cli_fail("%s:%ld: child %s: %s is not a day of the calendar (a month has no "
                        "such day)", r->path, r->line, cli_escape(child, id, sizeof id), column);
    return CLI_OK;
}

static int find_column(const struct csv_fields *head, const char *name)
{
    for (size_t i = 0; i < head->count; i++)
        if (!strcmp(head->field[i], name))
            return (int)i;
    return -1;
}

/* The mapped columns of the table, from its header row. */
static int plan_columns(struct return_903 *r, unsigned t, const struct csv_fields *head,
                        struct column_use *use, size_t *nuse, int *child_column)
{
    *nuse = 0;
    *child_column = find_column(head, "CHILD");
    if (*child_column < 0)
        return cli_fail("%s:%ld: the header row has no CHILD column", r->path, r->line);
    for (size_t i = 0; i < r->map.count; i++) {
        const struct statutory_item *it = &r->map.items[i];
        if (strcmp(it->table, ssda903_layout.tables[t].name) != 0)
            continue;
        int col = find_column(head, it->name);
        int cond = it->if_column ? find_column(head, it->if_column) : -1;
        if (col < 0 || (it->if_column && cond < 0))
            return cli_fail("%s:%ld: the header row has no %s column", r->path, r->line,
                            col < 0 ? it->name : it->if_column);
        use[(*nuse)++] = (struct column_use){it, col, cond};
    }
    return CLI_OK;
}

static bool column_used(const struct column_use *use, size_t nuse, int child_column, int col)
{
    if (col == child_column)
        return true;
    for (size_t i = 0; i < nuse; i++)
        if (use[i].column == col || use[i].if_column == col)
            return true;
    return false;
}

/* The row's end before its start: warned and skipped. */
static bool inconsistent(struct return_903 *r, unsigned t, const struct csv_fields *head,
                         const struct csv_fields *row, const char *child)
{
    for (size_t s = 0; s < sizeof spans / sizeof spans[0]; s++) {
        int a = find_column(head, spans[s].start), b = find_column(head, spans[s].end);
        tsc_date start, end;
        if (strcmp(spans[s].table, ssda903_layout.tables[t].name) != 0 || a < 0 || b < 0 ||
            !*trim(row->field[a]) || !*trim(row->field[b]))
            continue;
        /* Malformed dates are errors found by the caller first. */
        if (parse_date(r, child, spans[s].start, trim(row->field[a]), &start) ||
            parse_date(r, child, spans[s].end, trim(row->field[b]), &end) || end >= start)
            continue;
        char id[CLI_ESCAPED_MAX];
        if (!r->opt->quiet)
            fprintf(stderr, "timescale: %s:%ld: child %s: %s is before %s: this %s is skipped\n",
                    r->path, r->line, cli_escape(child, id, sizeof id), spans[s].end,
                    spans[s].start, spans[s].what);
        return true;
    }
    return false;
}

static int take_row(struct return_903 *r, unsigned t, const struct csv_fields *head,
                    const struct csv_fields *row, const struct column_use *use, size_t nuse,
                    int child_column)
{
    if (row->count != head->count)
        return cli_fail("%s:%ld: expected %zu fields, as the header row says", r->path, r->line,
                        head->count);
    const char *child = trim(row->field[child_column]);
    if (!*child) {
        if (!r->opt->quiet)
            fprintf(stderr, "timescale: %s:%ld: a row without CHILD is skipped\n", r->path,
                    r->line);
        return CLI_OK;
    }
    for (size_t c = 0; c < head->count; c++)
        if (*trim(row->field[c]) && !column_used(use, nuse, child_column, (int)c) &&
            skipped_add(&r->skipped, head->field[c]))
            return CLI_ERROR;
    size_t first = r->count;
    for (size_t i = 0; i < nuse; i++) {
        const char *text = trim(row->field[use[i].column]);
        const char *code = use[i].if_column >= 0 ? trim(row->field[use[i].if_column]) : NULL;
        tsc_date date;
        if (!*text)
            continue;            /* not known (an open episode has no DEC) */
        int rc = parse_date(r, child, use[i].item->name, text, &date);
        if (!rc && statutory_condition_met(use[i].item, code))
            rc = add_record(r, child, use[i].item->event, date, t);
        if (rc)
            return rc;
    }
    if (inconsistent(r, t, head, row, child))
        while (r->count > first)
            free(r->records[--r->count].child);
    return CLI_OK;
}

/* The next line without its end (the BOM of line 1 dropped); NULL at the end. */
static char *next_line(struct return_903 *r, FILE *f, char **buf, size_t *cap, int *rc)
{
    return csv_next_line(f, r->path, &r->line, buf, cap, rc);
}

static int split(struct return_903 *r, char *line, struct csv_fields *f)
{
    bool unclosed;
    if (csv_split(line, f, &unclosed))
        return CLI_OK;
    return unclosed ? cli_fail("%s:%ld: a quoted field is not closed on its line", r->path,
                               r->line)
                    : cli_fail("out of memory");
}

static int read_table(struct return_903 *r, unsigned t, FILE *f)
{
    struct csv_fields head = {0}, row = {0};
    struct column_use use[32];
    size_t nuse = 0;
    int child_column = -1, rc = CLI_OK;
    char *buf = NULL, *head_buf = NULL, *line;
    size_t cap = 0;
    r->line = 0;
    while (!rc && (line = next_line(r, f, &buf, &cap, &rc)) != NULL) {
        if (!*line)
            continue;
        if (!head_buf) {
            /* The header row's names must outlive the buffer's next line. */
            head_buf = strdup(line);
            rc = !head_buf ? cli_fail("out of memory") : split(r, head_buf, &head);
            for (size_t c = 0; !rc && c < head.count; c++)
                head.field[c] = trim(head.field[c]);
            if (!rc && r->map.count > sizeof use / sizeof use[0])
                rc = cli_fail("events.vocab: too many SSDA903 items");
            if (!rc)
                rc = plan_columns(r, t, &head, use, &nuse, &child_column);
            continue;
        }
        rc = split(r, line, &row);
        if (!rc)
            rc = take_row(r, t, &head, &row, use, nuse, child_column);
    }
    if (!rc && !head_buf)
        rc = cli_fail("%s: empty (no header row)", r->path);
    free(buf);
    free(head_buf);
    csv_fields_free(&head);
    csv_fields_free(&row);
    return rc;
}

static int read_tables(struct return_903 *r)
{
    int rc = CLI_OK;
    for (unsigned t = 0; !rc && t < ssda903_layout.ntables; t++) {
        snprintf(r->path, sizeof r->path, "%s/%s", r->dir, ssda903_layout.tables[t].file);
        FILE *f = fopen(r->path, "r");
        if (!f) {
            if (ssda903_layout.tables[t].required)
                rc = cli_fail("%s: cannot open (an SSDA903 return needs header.csv and "
                              "episodes.csv; reviews.csv and placed_for_adoption.csv are read "
                              "when there)", r->path);
            continue;
        }
        rc = read_table(r, t, f);
        fclose(f);
    }
    return rc;
}

static int by_child(const void *a, const void *b)
{
    const struct record *x = a, *y = b;
    int c = strcmp(x->child, y->child);
    if (c)
        return c;
    if (x->table != y->table)
        return x->table < y->table ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Plans every child in turn for the sink. */
static int plan_children(struct return_903 *r, const struct caseload_sink *sink, size_t *hidden)
{
    tsc_case *c = NULL;
    tsc_plan *plan = NULL;
    tsc_error err;
    int rc = tsc_case_new(&c, NULL) || tsc_plan_new(&plan, NULL) ? cli_fail("out of memory")
                                                                 : CLI_OK;
    unsigned flags = r->opt->ignore_unknown ? TSC_PLAN_IGNORE_UNKNOWN_EVENTS : 0;
    for (size_t i = 0, end; !rc && i < r->count; i = end) {
        tsc_case_clear(c);
        for (end = i; !rc && end < r->count && !strcmp(r->records[end].child, r->records[i].child);
             end++)
            if (!(r->opt->records_until && r->records[end].date > r->opt->records_until) &&
                tsc_case_add_date(c, r->records[end].event, r->records[end].date, &err))
                rc = cli_fail_error(&err);   /* audit: records after as-of left out */
        char id[CLI_ESCAPED_MAX], buf[500];
        if (!rc && tsc_plan_compute(plan, r->opt->pack, r->opt->cal, c, r->opt->until,
                                    r->opt->today, flags, &err)) {
            tsc_error_format(&err, buf, sizeof buf);
            rc = cli_fail("%s: child %s: %s", r->dir,
                          cli_escape(r->records[i].child, id, sizeof id), buf);
        }
        if (!rc) {
            *hidden += tsc_plan_hidden(plan);
            struct case_ref ref = {.id = r->records[i].child, .label = "", .worker = "",
                                   .team = ""};
            rc = sink->each(sink->ctx, &ref, plan);
        }
    }
    tsc_case_free(c);
    tsc_plan_free(plan);
    return rc;
}

int ssda903_run(const char *dir, const struct caseload_options *opt,
                const struct caseload_sink *sink)
{
    struct return_903 r = {.dir = dir, .opt = opt};
    int rc = statutory_map_load(&r.map, &ssda903_layout);
    /* The whole return is read and checked before anything is written. */
    if (!rc)
        rc = read_tables(&r);
    if (!rc)
        qsort(r.records, r.count, sizeof *r.records, by_child);
    /* Checked whole; planning vocabulary events on dates of 1900 to 2199
     * then fails only for memory. */
    size_t hidden = 0;
    struct caseload_columns cols = {.records = statutory_records, .records_ctx = &r.map};
    if (!rc && sink->begin)
        rc = sink->begin(sink->ctx, &cols);
    if (!rc)
        rc = plan_children(&r, sink, &hidden);
    if (!rc && !opt->until_not_due && !opt->quiet)
        items_warn_hidden(hidden, opt->until);
    if (!rc && !opt->quiet)
        skipped_report(&r.skipped, dir, "columns");
    for (size_t i = 0; i < r.count; i++)
        free(r.records[i].child);
    free(r.records);
    skipped_free(&r.skipped);
    statutory_map_free(&r.map);
    return rc;
}
