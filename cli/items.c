/* items.c -- writing plan items as a table, CSV or JSON. */
#include "items.h"

#include <string.h>

int item_format_parse(const char *text, enum item_format *out)
{
    if (!text || !strcmp(text, "table"))
        *out = FORMAT_TABLE;
    else if (!strcmp(text, "csv"))
        *out = FORMAT_CSV;
    else if (!strcmp(text, "json"))
        *out = FORMAT_JSON;
    else
        return cli_fail("unknown format '%s' (expected table, csv or json)", text);
    return CLI_OK;
}

/* The due date, or date-time for hour rules. */
static void format_due(const struct item_writer *w, const tsc_item *it, char *buf, size_t n)
{
    if (it->flags & TSC_ITEM_TIMED)
        tsc_time_format(it->due_time, w->cal, buf, n);
    else
        tsc_date_format(it->due, buf, n);
}

static void format_date_or_empty(tsc_date d, char *buf, size_t n)
{
    if (!d || !tsc_date_format(d, buf, n))
        buf[0] = '\0';
}

static const char *status_of(const tsc_item *it)
{
    if (it->flags & TSC_ITEM_DONE)
        return it->flags & TSC_ITEM_LATE ? "done-late" : "done";
    return it->flags & TSC_ITEM_OVERDUE ? "overdue" : "open";
}

static void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static const char *const columns[] = {"rule", "occurrence", "due", "window_start", "status",
                                      "projected", "anchor_event", "anchor", "done_on",
                                      "schedules", "role", "rule_text"};
enum { NCOLUMNS = sizeof columns / sizeof columns[0] };

void items_begin(struct item_writer *w)
{
    w->written = 0;
    if (w->format == FORMAT_CSV) {
        if (w->with_case)
            fputs("case_id,", w->out);
        for (int i = 0; i < NCOLUMNS; i++)
            fprintf(w->out, "%s%s", columns[i], i + 1 < NCOLUMNS ? "," : "\n");
    } else if (w->format == FORMAT_JSON) {
        fputs("[", w->out);
    } else {
        fprintf(w->out, "%s%-44s %4s  %-22s %-10s  %-9s %-9s %s\n", w->with_case ? "case      " : "",
                "rule", "occ", "due", "window", "status", "projected", "anchor");
    }
}

void items_write(struct item_writer *w, const char *case_id, const tsc_item *it)
{
    char due[40], window[16], anchor[40], done[16], occ[16];
    format_due(w, it, due, sizeof due);
    format_date_or_empty(it->flags & TSC_ITEM_WINDOW ? it->window_start : 0, window,
                         sizeof window);
    if (it->anchor_time && !(it->flags & TSC_ITEM_MIDNIGHT) && (it->flags & TSC_ITEM_TIMED))
        tsc_time_format(it->anchor_time, w->cal, anchor, sizeof anchor);
    else
        tsc_date_format(it->anchor_date, anchor, sizeof anchor);
    format_date_or_empty(it->flags & TSC_ITEM_DONE ? it->done_on : 0, done, sizeof done);
    snprintf(occ, sizeof occ, "%d", (int)it->occurrence);
    const char *projected = it->flags & TSC_ITEM_PROJECTED ? "projected" : "firm";
    const char *values[NCOLUMNS] = {it->rule_id, occ, due, window, status_of(it), projected,
                                    it->anchor_event, anchor, done, it->schedules, it->role,
                                    it->rule_text};
    if (w->format == FORMAT_CSV) {
        if (w->with_case) {
            csv_field(w->out, case_id);
            fputc(',', w->out);
        }
        for (int i = 0; i < NCOLUMNS; i++) {
            csv_field(w->out, values[i]);
            fputc(i + 1 < NCOLUMNS ? ',' : '\n', w->out);
        }
    } else if (w->format == FORMAT_JSON) {
        fputs(w->written ? ",\n {" : "\n {", w->out);
        if (w->with_case) {
            json_string(w->out, "case_id");
            fputc(':', w->out);
            json_string(w->out, case_id);
            fputc(',', w->out);
        }
        for (int i = 0; i < NCOLUMNS; i++) {
            json_string(w->out, columns[i]);
            fputc(':', w->out);
            if (i == 1)
                fputs(occ, w->out);
            else if (i == 5)
                fputs(it->flags & TSC_ITEM_PROJECTED ? "true" : "false", w->out);
            else if ((i == 3 || i == 8) && !values[i][0])
                fputs("null", w->out);
            else
                json_string(w->out, values[i]);
            fputs(i + 1 < NCOLUMNS ? "," : "", w->out);
        }
        if (it->flags & TSC_ITEM_MIDNIGHT)
            fputs(",\"anchor_time_assumed\":\"00:00\"", w->out);
        fputs("}", w->out);
    } else {
        if (w->with_case)
            fprintf(w->out, "%-9s ", case_id);
        fprintf(w->out, "%-44s %4s  %-22s %-10s  %-9s %-9s %s %s%s%s\n", it->rule_id, occ, due,
                window, status_of(it), projected, it->anchor_event, anchor,
                done[0] ? " done " : "", done);
    }
    w->written++;
}

void items_end(struct item_writer *w)
{
    if (w->format == FORMAT_JSON)
        fputs(w->written ? "\n]\n" : "]\n", w->out);
}

void items_write_plan(struct item_writer *w, const char *case_id, const tsc_plan *plan)
{
    for (size_t i = 0; i < tsc_plan_item_count(plan); i++) {
        tsc_item it;
        if (tsc_plan_item(plan, i, &it, NULL) == TSC_OK)
            items_write(w, case_id, &it);
    }
}
