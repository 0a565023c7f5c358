/* items.c -- writing plan items as a table, CSV or JSON. */
#include "items.h"

#include <errno.h>
#include <stdlib.h>
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

/* The table's rule column fits the pack's longest rule id. */
static void fit_pack(struct item_writer *w, const tsc_pack *pack)
{
    w->rule_width = 4;
    for (size_t i = 0; pack && i < tsc_pack_rule_count(pack); i++) {
        tsc_rule_info info;
        if (tsc_pack_rule(pack, i, &info, NULL) == TSC_OK && (int)strlen(info.id) > w->rule_width)
            w->rule_width = (int)strlen(info.id);
    }
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
                                      "schedules", "role", "rule_text", "note"};

/* What an hour rule whose anchor had no time says in every output. */
static const char *time_note(const tsc_item *it)
{
    if (!(it->flags & TSC_ITEM_TIME_NOT_RECORDED))
        return "";
    return it->flags & TSC_ITEM_TIMED ? "time not recorded: counted from 00:00"
                                      : "time not recorded";
}
enum { NCOLUMNS = sizeof columns / sizeof columns[0] };

void items_begin(struct item_writer *w)
{
    w->written = 0;
    fit_pack(w, w->pack);
    if (w->ics)
        return;
    if (w->format == FORMAT_CSV) {
        if (w->with_case)
            fputs("case_id,", w->out);
        for (int i = 0; i < NCOLUMNS; i++)
            fprintf(w->out, "%s,", columns[i]);
        fputs("warning\n", w->out);
    } else if (w->format == FORMAT_JSON) {
        fputs("[", w->out);
    } else {
        fprintf(w->out, "%s%-*s %4s  %-22s %-10s  %-9s %-9s %s\n", w->with_case ? "case      " : "",
                w->rule_width, "rule", "occ", "due", "window", "status", "projected", "anchor");
    }
}

/* "no end: date-of-birth is not recorded", or "". */
static const char *warning_of(const struct item_writer *w, const tsc_item *it, char *buf,
                              size_t size)
{
    const char *e = it->flags & TSC_ITEM_END_UNKNOWN && w->pack
                        ? tsc_pack_rule_end_anchor(w->pack, it->rule_index) : NULL;
    if (e)
        snprintf(buf, size, "no end: %s is not recorded", e);
    else
        buf[0] = '\0';
    return buf;
}

void items_write(struct item_writer *w, const char *case_id, const tsc_item *it)
{
    char warning[160];
    warning_of(w, it, warning, sizeof warning);
    char due[40], window[16], anchor[40], done[16], occ[16];
    format_due(w, it, due, sizeof due);
    format_date_or_empty(it->flags & TSC_ITEM_WINDOW ? it->window_start : 0, window,
                         sizeof window);
    if (it->anchor_time && !(it->flags & TSC_ITEM_TIME_NOT_RECORDED) &&
        (it->flags & TSC_ITEM_TIMED))
        tsc_time_format(it->anchor_time, w->cal, anchor, sizeof anchor);
    else
        tsc_date_format(it->anchor_date, anchor, sizeof anchor);
    format_date_or_empty(it->flags & TSC_ITEM_DONE ? it->done_on : 0, done, sizeof done);
    snprintf(occ, sizeof occ, "%d", (int)it->occurrence);
    const char *projected = it->flags & TSC_ITEM_PROJECTED ? "projected" : "firm";
    const char *values[NCOLUMNS] = {it->rule_id, occ, due, window, status_of(it), projected,
                                    it->anchor_event, anchor, done, it->schedules, it->role,
                                    it->rule_text, time_note(it)};
    if (w->format == FORMAT_CSV) {
        if (w->with_case) {
            csv_field(w->out, case_id);
            fputc(',', w->out);
        }
        for (int i = 0; i < NCOLUMNS; i++) {
            csv_field(w->out, values[i]);
            fputc(',', w->out);
        }
        csv_field(w->out, warning);
        fputc('\n', w->out);
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
            else if ((i == 3 || i == 8 || i == 12) && !values[i][0])
                fputs("null", w->out);
            else
                json_string(w->out, values[i]);
            fputs(i + 1 < NCOLUMNS ? "," : "", w->out);
        }
        if ((it->flags & TSC_ITEM_TIME_NOT_RECORDED) && (it->flags & TSC_ITEM_TIMED))
            fputs(",\"anchor_time_assumed\":\"00:00\"", w->out);
        if (it->flags & TSC_ITEM_TRUNCATED)
            fputs(",\"truncated\":true", w->out);
        if (warning[0]) {
            fputs(",\"warning\":", w->out);
            json_string(w->out, warning);
        }
        fputs("}", w->out);
    } else {
        if (w->with_case)
            fprintf(w->out, "%-9s ", case_id);
        fprintf(w->out, "%-*s %4s  %-22s %-10s  %-9s %-9s %s %s%s%s%s%s\n", w->rule_width,
                it->rule_id, occ, due,
                window, status_of(it), projected, it->anchor_event, anchor,
                done[0] ? " done " : "", done, time_note(it)[0] ? "  " : "", time_note(it));
        if (warning[0])
            fprintf(w->out, "%*s warning: %s\n", w->rule_width, "", warning);
    }
    w->written++;
}

void items_end(struct item_writer *w)
{
    if (!w->ics && w->format == FORMAT_JSON)
        fputs(w->written ? "\n]\n" : "]\n", w->out);
}

void items_warn_truncated(const char *case_id, const tsc_plan *plan)
{
    for (size_t i = 0; tsc_plan_truncated(plan) && i < tsc_plan_item_count(plan); i++) {
        tsc_item it;
        char due[16];
        if (tsc_plan_item(plan, i, &it, NULL) || !(it.flags & TSC_ITEM_TRUNCATED))
            continue;
        tsc_date_format(it.due, due, sizeof due);
        fprintf(stderr, "timescale: %s%s%srule %s: stopped after %d occurrences (the limit of "
                "one series) on %s; more are due by the horizon (give an earlier --until)\n",
                case_id ? "case " : "", case_id ? case_id : "", case_id ? ": " : "", it.rule_id,
                (int)TSC_PLAN_SERIES_LIMIT, due);
    }
}

void items_warn_hidden(size_t hidden, tsc_date until)
{
    char day[16];
    if (!hidden || !tsc_date_format(until, day, sizeof day))
        return;
    fprintf(stderr, "timescale: %zu item%s due after --until %s not shown (deadlines and first "
            "occurrences; a series' later repeats are not counted)\n", hidden,
            hidden == 1 ? "" : "s", day);
}

int items_write_plan(struct item_writer *w, const char *case_id, const tsc_plan *plan)
{
    items_warn_truncated(case_id, plan);
    if (w->ics) {
        tsc_error err;
        if (tsc_ics_writer_add_plan(w->ics, case_id, plan, &err) == TSC_OK)
            return CLI_OK;
        char buf[500];
        tsc_error_format(&err, buf, sizeof buf);
        return cli_fail("case %s: %s", case_id, buf);
    }
    for (size_t i = 0; i < tsc_plan_item_count(plan); i++) {
        tsc_item it;
        if (tsc_plan_item(plan, i, &it, NULL) == TSC_OK)
            items_write(w, case_id, &it);
    }
    return CLI_OK;
}

/* ---- --output FILE ---- */

int output_open(const struct cli_args *a, FILE **stream, tsc_outfile **file)
{
    const char *path = cli_opt(a, "output");
    tsc_error err;
    *stream = stdout;
    *file = NULL;
    if (!path || !strcmp(path, "-"))
        return CLI_OK;
    if (cli_opt(a, "ics"))
        return cli_fail("%s: give --ics FILE or --output FILE, not both", a->command);
    if (tsc_outfile_open(path, file, &err))
        return cli_fail_error(&err);
    *stream = tsc_outfile_stream(*file);
    return CLI_OK;
}

int output_close(tsc_outfile *file, int rc)
{
    tsc_error err;
    if (!file)
        return rc;
    if (rc) {
        tsc_outfile_abort(file);
        return rc;
    }
    return tsc_outfile_commit(file, &err) ? cli_fail_error(&err) : CLI_OK;
}

/* ---- iCalendar ---- */

static int ics_dtstamp(const struct cli_args *a, const tsc_calendar *cal, tsc_time *out,
                       bool *given)
{
    const char *text = cli_opt(a, "dtstamp");
    *given = true;
    if (text) {
        tsc_error err;
        if (tsc_time_parse(text, cal, out, &err) == TSC_OK)
            return CLI_OK;
        char buf[400];
        tsc_error_format(&err, buf, sizeof buf);
        return cli_fail("--dtstamp %s: %s", text, buf);
    }
    /* reproducible-builds.org: SOURCE_DATE_EPOCH, seconds since 1970. */
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (epoch && *epoch) {
        char *end;
        errno = 0;
        long long v = strtoll(epoch, &end, 10);
        if (*end || errno || v < 0)
            return cli_fail("SOURCE_DATE_EPOCH='%s' is not a number of seconds", epoch);
        *out = (tsc_time)v;
        return CLI_OK;
    }
    *given = false;
    return CLI_OK;
}

int ics_open(const struct cli_args *a, const tsc_calendar *cal, const char *name,
             tsc_ics_writer **out)
{
    static const char *const needs_ics[] = {"case-id", "alarm", "component", "previous",
                                            "no-reminder-events", "dtstamp"};
    *out = NULL;
    if (!cli_opt(a, "ics")) {
        for (size_t i = 0; i < sizeof needs_ics / sizeof needs_ics[0]; i++)
            if (cli_flag(a, needs_ics[i]))
                return cli_fail("%s: --%s needs --ics FILE", a->command, needs_ics[i]);
        return CLI_OK;
    }
    unsigned flags = cli_flag(a, "no-reminder-events") ? TSC_ICS_NO_REMINDER_EVENTS : 0;
    const char *kind = cli_opt(a, "component");
    if (kind && !strcmp(kind, "todo"))
        flags |= TSC_ICS_TODO;
    else if (kind && strcmp(kind, "event") != 0)
        return cli_fail("%s: --component '%s' (expected event or todo)", a->command, kind);
    long alarm = 1;
    int rc = cli_opt(a, "alarm") ? cli_parse_int(cli_opt(a, "alarm"), "--alarm", 0, 366, &alarm)
                                 : CLI_OK;
    tsc_time stamp = 0;
    bool stamped = false;
    if (!rc)
        rc = ics_dtstamp(a, cal, &stamp, &stamped);
    if (rc)
        return rc;
    tsc_ics_writer *w;
    tsc_error err;
    if (tsc_ics_writer_new(cal, flags, &w, &err))
        return cli_fail_error(&err);
    tsc_status st = tsc_ics_writer_set_alarm(w, (int32_t)alarm, 9 * 60, &err);
    if (!st && stamped)
        st = tsc_ics_writer_set_dtstamp(w, stamp, &err);
    if (!st && name)
        st = tsc_ics_writer_set_name(w, name, &err);
    if (!st && cli_opt(a, "previous"))
        st = tsc_ics_writer_load_previous(w, cli_opt(a, "previous"), &err);
    if (st) {
        tsc_ics_writer_free(w);
        return cli_fail_error(&err);
    }
    *out = w;
    return CLI_OK;
}

int ics_close(const struct cli_args *a, tsc_ics_writer *w)
{
    const char *path = cli_opt(a, "ics");
    tsc_error err;
    tsc_status st;
    if (!strcmp(path, "-")) {
        char *text;
        size_t len;
        st = tsc_ics_writer_write_string(w, &text, &len, &err);
        if (!st) {
            fwrite(text, 1, len, stdout);
            tsc_free(text);
        }
    } else {
        st = tsc_ics_writer_write_file(w, path, &err);
        if (!st)
            fprintf(stderr, "timescale: wrote %s (%zu components)\n", path,
                    tsc_ics_writer_count(w));
    }
    tsc_ics_writer_free(w);
    return st ? cli_fail_error(&err) : CLI_OK;
}
