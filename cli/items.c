/* items.c -- writing plan items as a table, CSV or JSON. */
#include "items.h"

#include <errno.h>
#include <stdarg.h>
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

/* ---- the writer's own output buffer ---- */

void items_flush(struct item_writer *w)
{
    if (w->buffered)
        fwrite(w->buffer, 1, w->buffered, w->out);
    w->buffered = 0;
}

static void put(struct item_writer *w, const char *s, size_t n)
{
    if (n > sizeof w->buffer - w->buffered) {
        items_flush(w);
        if (n > sizeof w->buffer) {
            fwrite(s, 1, n, w->out);
            return;
        }
    }
    memcpy(w->buffer + w->buffered, s, n);
    w->buffered += n;
}

static void put_string(struct item_writer *w, const char *s)
{
    put(w, s, strlen(s));
}

static void put_char(struct item_writer *w, char c)
{
    if (w->buffered == sizeof w->buffer)
        items_flush(w);
    w->buffer[w->buffered++] = c;
}

/* printf into the buffer; a line longer than the buffer is built on the heap. */
__attribute__((format(printf, 2, 3))) static void put_format(struct item_writer *w,
                                                             const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    size_t room = sizeof w->buffer - w->buffered;
    int n = vsnprintf(w->buffer + w->buffered, room, format, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < room) {
        w->buffered += (size_t)n;
        return;
    }
    char *line = malloc((size_t)n + 1);
    if (!line) {
        fputs("timescale: out of memory\n", stderr);
        exit(1);
    }
    va_start(ap, format);
    vsnprintf(line, (size_t)n + 1, format, ap);
    va_end(ap);
    put(w, line, (size_t)n);
    free(line);
}

/* The bytes that make a CSV field need quotes, and the end of the string. */
static const bool csv_stop[256] = {['\0'] = true, [','] = true, ['"'] = true, ['\n'] = true,
                                   ['\r'] = true};

static void csv_field(struct item_writer *w, const char *s)
{
    size_t n = 0;
    while (!csv_stop[(unsigned char)s[n]])
        n++;
    if (!s[n]) {
        put(w, s, n);
        return;
    }
    put_char(w, '"');
    for (; *s; s++) {
        if (*s == '"')
            put_char(w, '"');
        put_char(w, *s);
    }
    put_char(w, '"');
}

static bool json_plain(const char *s, size_t *len)
{
    const char *p = s;
    for (; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '"' || *p == '\\')
            return false;
    *len = (size_t)(p - s);
    return true;
}

static void json_string(struct item_writer *w, const char *s)
{
    put_char(w, '"');
    for (const char *plain = s;; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        put(w, plain, (size_t)(s - plain));
        plain = s + 1;
        if (!c)
            break;
        if (c == '"' || c == '\\') {
            put_char(w, '\\');
            put_char(w, (char)c);
        } else if (c == '\n') {
            put(w, "\\n", 2);
        } else {
            put_format(w, "\\u%04x", c);
        }
    }
    put_char(w, '"');
}

/* The columns that only depend on the item's rule, and their slot in w->seen. */
static int rule_column_slot(int column)
{
    switch (column) {
    case 0: return 0;           /* rule */
    case 9: return 1;           /* schedules */
    case 10: return 2;          /* role */
    case 11: return 3;          /* rule_text */
    default: return -1;
    }
}

/* A column of the rule's own: the same few strings many times over, so
 * whether each needs quoting is looked at once per rule. */
static void rule_field(struct item_writer *w, const tsc_item *it, int slot, const char *text)
{
    struct rule_text_seen *seen =
        it->rule_index < w->nseen ? &w->seen[it->rule_index][slot] : NULL;
    if (seen && seen->text != text) {
        seen->text = text;
        seen->len = strlen(text);
        seen->plain = w->format == FORMAT_CSV ? !strpbrk(text, ",\"\n\r")
                                              : json_plain(text, &seen->len);
    }
    if (seen && seen->plain && w->format == FORMAT_CSV) {
        put(w, seen->text, seen->len);
    } else if (seen && seen->plain) {
        put_char(w, '"');
        put(w, seen->text, seen->len);
        put_char(w, '"');
    } else if (w->format == FORMAT_CSV) {
        csv_field(w, text);
    } else {
        json_string(w, text);
    }
}

/* What snprintf("%d") writes, without its cost. */
static void format_int(int32_t v, char *buf)
{
    char digits[12];
    int n = 0;
    uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
    do
        digits[n++] = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *buf++ = '-';
    while (n)
        *buf++ = digits[--n];
    *buf = '\0';
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

/* The case's identity columns after case_id, when the caseload has them. */
static const char *const identity_names[] = {"label", "worker", "team"};
enum { NIDENTITY = 3, IDENTITY_WIDTH = 12 };

static bool has_identity(const struct item_writer *w, int i)
{
    return i == 0 ? w->columns.label : i == 1 ? w->columns.worker : w->columns.team;
}

static const char *identity(const struct case_ref *c, int i)
{
    const char *v = i == 0 ? c->label : i == 1 ? c->worker : c->team;
    return v ? v : "";
}

/* The columns this file formats (numbers, dates, times, fixed words): never
 * a comma, quote or line break, so never quoted in csv. */
static const bool formatted_here[NCOLUMNS] = {[1] = true, [2] = true, [3] = true, [4] = true,
                                              [5] = true, [7] = true, [8] = true, [12] = true};

void items_begin(struct item_writer *w)
{
    w->written = 0;
    w->begun = true;
    w->buffered = 0;
    w->nseen = w->pack ? tsc_pack_rule_count(w->pack) : 0;
    w->seen = w->nseen ? calloc(w->nseen, sizeof *w->seen) : NULL;
    if (!w->seen)
        w->nseen = 0;           /* no memory: every text is looked at each time */
    fit_pack(w, w->pack);
    if (w->ics)
        return;
    if (w->format == FORMAT_CSV) {
        if (w->with_case)
            put_string(w, "case_id,");
        for (int i = 0; w->with_case && i < NIDENTITY; i++)
            if (has_identity(w, i))
                put_format(w, "%s,", identity_names[i]);
        for (int i = 0; i < NCOLUMNS; i++)
            put_format(w, "%s,", columns[i]);
        put_string(w, "warning\n");
    } else if (w->format == FORMAT_JSON) {
        put_string(w, "[");
    } else {
        if (w->with_case)
            put_string(w, "case      ");
        for (int i = 0; w->with_case && i < NIDENTITY; i++)
            if (has_identity(w, i))
                put_format(w, "%-*s ", IDENTITY_WIDTH, identity_names[i]);
        put_format(w, "%-*s %4s  %-22s %-10s  %-9s %-9s %s\n", w->rule_width, "rule", "occ",
                "due", "window", "status", "projected", "anchor");
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

void items_write(struct item_writer *w, const struct case_ref *c, const tsc_item *it)
{
    const char *case_id = c && c->id ? c->id : "";
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
    format_int(it->occurrence, occ);
    const char *projected = it->flags & TSC_ITEM_PROJECTED ? "projected" : "firm";
    const char *values[NCOLUMNS] = {it->rule_id, occ, due, window, status_of(it), projected,
                                    it->anchor_event, anchor, done, it->schedules, it->role,
                                    it->rule_text, time_note(it)};
    if (w->format == FORMAT_CSV) {
        if (w->with_case) {
            csv_field(w, case_id);
            put_char(w, ',');
        }
        for (int i = 0; w->with_case && i < NIDENTITY; i++) {
            if (has_identity(w, i)) {
                csv_field(w, identity(c, i));
                put_char(w, ',');
            }
        }
        for (int i = 0; i < NCOLUMNS; i++) {
            if (rule_column_slot(i) >= 0)
                rule_field(w, it, rule_column_slot(i), values[i]);
            else if (formatted_here[i])
                put_string(w, values[i]);
            else
                csv_field(w, values[i]);
            put_char(w, ',');
        }
        csv_field(w, warning);
        put_char(w, '\n');
    } else if (w->format == FORMAT_JSON) {
        put_string(w, w->written ? ",\n {" : "\n {");
        if (w->with_case) {
            json_string(w, "case_id");
            put_char(w, ':');
            json_string(w, case_id);
            put_char(w, ',');
        }
        for (int i = 0; w->with_case && i < NIDENTITY; i++) {
            if (has_identity(w, i)) {
                json_string(w, identity_names[i]);
                put_char(w, ':');
                json_string(w, identity(c, i));
                put_char(w, ',');
            }
        }
        for (int i = 0; i < NCOLUMNS; i++) {
            json_string(w, columns[i]);
            put_char(w, ':');
            if (i == 1)
                put_string(w, occ);
            else if (i == 5)
                put_string(w, it->flags & TSC_ITEM_PROJECTED ? "true" : "false");
            else if ((i == 3 || i == 8 || i == 12) && !values[i][0])
                put_string(w, "null");
            else if (rule_column_slot(i) >= 0)
                rule_field(w, it, rule_column_slot(i), values[i]);
            else
                json_string(w, values[i]);
            put_string(w, i + 1 < NCOLUMNS ? "," : "");
        }
        if ((it->flags & TSC_ITEM_TIME_NOT_RECORDED) && (it->flags & TSC_ITEM_TIMED))
            put_string(w, ",\"anchor_time_assumed\":\"00:00\"");
        if (it->flags & TSC_ITEM_TRUNCATED)
            put_string(w, ",\"truncated\":true");
        if (warning[0]) {
            put_string(w, ",\"warning\":");
            json_string(w, warning);
        }
        put_string(w, "}");
    } else {
        if (w->with_case)
            put_format(w, "%-9s ", case_id);
        for (int i = 0; w->with_case && i < NIDENTITY; i++)
            if (has_identity(w, i))
                put_format(w, "%-*s ", IDENTITY_WIDTH, identity(c, i));
        put_format(w, "%-*s %4s  %-22s %-10s  %-9s %-9s %s %s%s%s%s%s\n", w->rule_width,
                it->rule_id, occ, due,
                window, status_of(it), projected, it->anchor_event, anchor,
                done[0] ? " done " : "", done, time_note(it)[0] ? "  " : "", time_note(it));
        if (warning[0])
            put_format(w, "%*s warning: %s\n", w->rule_width, "", warning);
    }
    w->written++;
}

void items_end(struct item_writer *w)
{
    if (!w->ics && w->format == FORMAT_JSON)
        put_string(w, w->written ? "\n]\n" : "]\n");
    items_flush(w);
    items_csv_free(w);
    free(w->seen);
    w->seen = NULL;
    w->nseen = 0;
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

int items_write_plan(struct item_writer *w, const struct case_ref *c, const tsc_plan *plan)
{
    items_warn_truncated(c ? c->id : NULL, plan);
    if (w->ics)
        return ics_add_case(w->ics, c, plan);
    bool ready = items_csv_case(w, c);
    for (size_t i = 0; i < tsc_plan_item_count(plan); i++) {
        tsc_item it;
        if (tsc_plan_item(plan, i, &it, NULL) == TSC_OK && !(ready && items_csv_row(w, &it)))
            items_write(w, c, &it);
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

int ics_add_case(tsc_ics_writer *ics, const struct case_ref *c, const tsc_plan *plan)
{
    tsc_error err;
    if (tsc_ics_writer_add_labelled_plan(ics, c->id, c->label, plan, &err) == TSC_OK)
        return CLI_OK;
    char buf[500];
    tsc_error_format(&err, buf, sizeof buf);
    return cli_fail("%s", buf);
}

static int ics_dtstamp(const char *text, const tsc_calendar *cal, tsc_time *out, bool *given)
{
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

/* Options that mean something only for an --ics file (--ics-dir takes all
 * but --case-id and --previous). */
static int ics_options_need_file(const struct cli_args *a)
{
    static const char *const needs_ics[] = {"case-id", "alarm", "component", "previous",
                                            "no-reminder-events", "dtstamp"};
    if (cli_opt(a, "ics"))
        return CLI_OK;
    for (size_t i = 0; i < sizeof needs_ics / sizeof needs_ics[0]; i++)
        if (cli_flag(a, needs_ics[i]) && (!cli_opt(a, "ics-dir") || i == 0 || i == 3))
            return cli_fail("%s: --%s needs --ics FILE", a->command, needs_ics[i]);
    return CLI_OK;
}

int ics_settings_parse(const struct cli_args *a, const tsc_calendar *cal, bool check_needs,
                       struct ics_settings *s)
{
    *s = (struct ics_settings){.path = cli_opt(a, "ics"), .previous = cli_opt(a, "previous"),
                               .alarm_days = 1};
    int rc = check_needs ? ics_options_need_file(a) : CLI_OK;
    if (rc || (check_needs && !s->path && !cli_opt(a, "ics-dir")))
        return rc;
    s->flags = cli_flag(a, "no-reminder-events") ? TSC_ICS_NO_REMINDER_EVENTS : 0;
    if (cli_opt(a, "ics-dir"))
        s->flags |= TSC_ICS_STALE_REMOVED;   /* ics_dir_run removed them once */
    const char *kind = cli_opt(a, "component");
    if (kind && !strcmp(kind, "todo"))
        s->flags |= TSC_ICS_TODO;
    else if (kind && strcmp(kind, "event") != 0)
        return cli_fail("%s: --component '%s' (expected event or todo)", a->command, kind);
    long alarm = 1;
    if (cli_opt(a, "alarm"))
        rc = cli_parse_int(cli_opt(a, "alarm"), "--alarm", 0, 366, &alarm);
    s->alarm_days = (int32_t)alarm;
    return rc ? rc : ics_dtstamp(cli_opt(a, "dtstamp"), cal, &s->dtstamp, &s->stamped);
}

int ics_open(const struct ics_settings *s, const tsc_calendar *cal, const char *name,
             tsc_ics_writer **out)
{
    *out = NULL;
    return s->path ? ics_new_writer(s, cal, name, s->previous, out) : CLI_OK;
}

int ics_new_writer(const struct ics_settings *s, const tsc_calendar *cal, const char *name,
                   const char *previous, tsc_ics_writer **out)
{
    tsc_ics_writer *w;
    tsc_error err;
    if (tsc_ics_writer_new(cal, s->flags, &w, &err))
        return cli_fail_error(&err);
    tsc_status st = tsc_ics_writer_set_alarm(w, s->alarm_days, 9 * 60, &err);
    if (!st && s->stamped)
        st = tsc_ics_writer_set_dtstamp(w, s->dtstamp, &err);
    if (!st && name)
        st = tsc_ics_writer_set_name(w, name, &err);
    if (!st && previous)
        st = tsc_ics_writer_load_previous(w, previous, &err);
    if (st) {
        tsc_ics_writer_free(w);
        return cli_fail_error(&err);
    }
    *out = w;
    return CLI_OK;
}

int ics_stream(tsc_ics_writer *w, const char *path, const tsc_plan *plan)
{
    tsc_error err;
    if (!strcmp(path, "-"))
        return CLI_OK;
    if ((plan && tsc_ics_writer_reserve_plan(w, plan, &err)) ||
        tsc_ics_writer_stream_file(w, path, &err))
        return cli_fail_error(&err);
    return CLI_OK;
}

int ics_close(const char *path, tsc_ics_writer *w)
{
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
