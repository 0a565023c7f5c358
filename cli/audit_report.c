/* audit_report.c -- writing an audit as a table, CSV or JSON. */
#include "audit_report.h"

#include <stdlib.h>
#include <string.h>

enum { CASE_WIDTH = 9, LABEL_WIDTH = 12 };

static void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    putc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', f);
        putc(*s, f);
    }
    putc('"', f);
}

static void json_string(FILE *f, const char *s)
{
    putc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            putc(c, f);
    }
    putc('"', f);
}

/* A date as a JSON string, or null for none. */
static void json_date(FILE *f, tsc_date d)
{
    char buf[16];
    if (d && tsc_date_format(d, buf, sizeof buf))
        fprintf(f, "\"%s\"", buf);
    else
        fputs("null", f);
}

static const char *date_text(tsc_date d, char *buf, size_t n)
{
    if (!d || !tsc_date_format(d, buf, n))
        buf[0] = '\0';
    return buf;
}

/* The table's rule column fits the pack's longest rule id. */
static int fit_rules(const struct audit_report *r)
{
    int w = 4;
    for (size_t i = 0; i < tsc_pack_rule_count(r->pack); i++) {
        tsc_rule_info info;
        if (tsc_pack_rule(r->pack, i, &info, NULL) == TSC_OK && (int)strlen(info.id) > w)
            w = (int)strlen(info.id);
    }
    return w;
}

static bool shows_items(const struct audit_report *r)
{
    return r->detail && !r->targets_only;
}

/* The identity columns: the case id, and the label when the input names labels. */
static void identity_header(const struct audit_report *r)
{
    if (r->format == FORMAT_CSV)
        fputs(r->with_label ? "case_id,label," : "case_id,", r->out);
    else if (r->format == FORMAT_TABLE)
        fprintf(r->out, "%-*s %s", CASE_WIDTH, "case", r->with_label ? "label        " : "");
}

static void identity_fields(const struct audit_report *r, const char *id, const char *label)
{
    if (r->format == FORMAT_CSV) {
        csv_field(r->out, id);
        putc(',', r->out);
        if (r->with_label) {
            csv_field(r->out, label);
            putc(',', r->out);
        }
    } else if (r->format == FORMAT_JSON) {
        fputs("\"case_id\":", r->out);
        json_string(r->out, id);
        if (r->with_label) {
            fputs(",\"label\":", r->out);
            json_string(r->out, label);
        }
        putc(',', r->out);
    } else {
        fprintf(r->out, "%-*s ", CASE_WIDTH, id);
        if (r->with_label)
            fprintf(r->out, "%-*s ", LABEL_WIDTH, label);
    }
}

/* Whether each rule's event is one the input can record: asked once per
 * rule, not for every item. */
static int find_unrecorded(struct audit_report *r)
{
    r->unrecorded = calloc(r->tally.nrules ? r->tally.nrules : 1, sizeof *r->unrecorded);
    if (!r->unrecorded)
        return cli_fail("out of memory");
    for (size_t i = 0; i < r->tally.nrules; i++) {
        tsc_rule_info info;
        r->unrecorded[i] = tsc_pack_rule(r->pack, i, &info, NULL) == TSC_OK &&
                           !r->records(r->records_ctx, info.schedules);
    }
    return CLI_OK;
}

int audit_report_begin(struct audit_report *r, bool with_label)
{
    r->with_label = with_label;
    r->rule_width = fit_rules(r);
    int rc = audit_tally_init(&r->tally, tsc_pack_rule_count(r->pack));
    if (!rc && r->records)
        rc = find_unrecorded(r);
    if (rc)
        return rc;
    char as_of[16];
    date_text(r->as_of, as_of, sizeof as_of);
    if (r->format == FORMAT_JSON) {
        fprintf(r->out, "{\"as_of\":\"%s\",\"calendar\":", as_of);
        json_string(r->out, tsc_calendar_name(r->cal));
        fputs(",\"pack\":", r->out);
        json_string(r->out, tsc_pack_name(r->pack));
        if (shows_items(r))
            fputs(",\n\"items\":[", r->out);
    } else if (r->format == FORMAT_TABLE) {
        fprintf(r->out, "Timeliness as of %s (items due before it; records dated up to it), "
                "calendar %s\n", as_of, tsc_calendar_name(r->cal));
        if (shows_items(r)) {
            fputc('\n', r->out);
            identity_header(r);
            fprintf(r->out, "%-*s %4s  %-10s  %-10s  %-8s %s\n", r->rule_width, "rule", "occ",
                    "due", "done", "status", "working days late");
        }
    } else if (shows_items(r)) {
        identity_header(r);
        fputs("rule,occurrence,due,done_on,status,working_days_late\n", r->out);
    }
    return CLI_OK;
}

static void write_item(struct audit_report *r, const struct case_ref *c, const tsc_item *it,
                       const struct audit_finding *f)
{
    char due[16], done[16], late[16] = "";
    date_text(it->due, due, sizeof due);
    date_text(f->status == AUDIT_MISSING ? 0 : it->done_on, done, sizeof done);
    if (f->status == AUDIT_LATE)
        snprintf(late, sizeof late, "%d", (int)f->late_days);
    const char *status = audit_status_name(f->status);
    if (r->format == FORMAT_JSON) {
        fputs(r->nitems ? ",\n {" : "\n {", r->out);
        identity_fields(r, c->id, c->label ? c->label : "");
        fputs("\"rule\":", r->out);
        json_string(r->out, it->rule_id);
        fprintf(r->out, ",\"occurrence\":%d,\"due\":\"%s\",\"done_on\":", (int)it->occurrence,
                due);
        json_date(r->out, f->status == AUDIT_MISSING ? 0 : it->done_on);
        fprintf(r->out, ",\"status\":\"%s\",\"working_days_late\":%s}", status,
                late[0] ? late : "null");
    } else if (r->format == FORMAT_CSV) {
        identity_fields(r, c->id, c->label ? c->label : "");
        csv_field(r->out, it->rule_id);
        fprintf(r->out, ",%d,%s,%s,%s,%s\n", (int)it->occurrence, due, done, status, late);
    } else {
        identity_fields(r, c->id, c->label ? c->label : "");
        fprintf(r->out, "%-*s %4d  %-10s  %-10s  ", r->rule_width, it->rule_id,
                (int)it->occurrence, due, done);
        if (late[0])
            fprintf(r->out, "%-8s %s\n", status, late);
        else
            fprintf(r->out, "%s\n", status);
    }
    r->nitems++;
}

static char *copy(const char *s)
{
    return strdup(s ? s : "");
}

static int keep_target(struct audit_report *r, const struct case_ref *c, const char *event,
                       const struct target_finding *f)
{
    if (r->ntargets == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        struct target_row *grown = realloc(r->targets, cap * sizeof *grown);
        if (!grown)
            return cli_fail("out of memory");
        r->targets = grown;
        r->cap = cap;
    }
    struct target_row *t = &r->targets[r->ntargets];
    *t = (struct target_row){copy(c->id), copy(c->label), copy(event), *f};
    if (!t->case_id || !t->label || !t->event) {
        free(t->case_id);
        free(t->label);
        free(t->event);
        return cli_fail("out of memory");
    }
    r->ntargets++;
    return CLI_OK;
}

int audit_report_case(struct audit_report *r, const struct case_ref *c, const tsc_plan *plan)
{
    int rc = CLI_OK;
    for (size_t i = 0; !rc && i < tsc_plan_item_count(plan); i++) {
        tsc_item it;
        struct audit_finding f;
        if (tsc_plan_item(plan, i, &it, NULL) != TSC_OK || !audit_classify(r->cal, &it, r->as_of, &f))
            continue;
        if (r->unrecorded && it.rule_index < r->tally.nrules && r->unrecorded[it.rule_index]) {
            r->tally.rule[it.rule_index].not_judged++;
            continue;
        }
        rc = audit_tally_add(&r->tally, it.rule_index, &f);
        if (!rc && shows_items(r))
            write_item(r, c, &it, &f);
    }
    r->has_targets |= c->target_count > 0;
    for (size_t i = 0; !rc && i < c->target_count; i++) {
        struct target_finding f;
        if (audit_target_differs(plan, &c->targets[i], &f))
            rc = keep_target(r, c, c->targets[i].event, &f);
    }
    return rc;
}

/* ---- the summary by rule ---- */

static void write_summary_row(struct audit_report *r, const char *rule, struct rule_tally *t,
                              bool first)
{
    size_t due = audit_tally_due(t);
    double median = 0, percent = 100.0 * (double)t->count[AUDIT_ON_TIME] / (double)due;
    bool has_median = audit_tally_median(t, &median);
    char median_text[32] = "";
    /* The median of whole numbers is whole or a half. */
    if (has_median && median == (double)(long long)median)
        snprintf(median_text, sizeof median_text, "%lld", (long long)median);
    else if (has_median)
        snprintf(median_text, sizeof median_text, "%.1f", median);
    if (r->format == FORMAT_JSON) {
        fputs(first ? "\n {\"rule\":" : ",\n {\"rule\":", r->out);
        json_string(r->out, rule);
        fprintf(r->out, ",\"due\":%zu,\"on_time\":%zu,\"early\":%zu,\"late\":%zu,"
                "\"missing\":%zu,\"median_working_days_late\":%s,\"percent_on_time\":%.1f}",
                due, t->count[AUDIT_ON_TIME], t->count[AUDIT_EARLY], t->count[AUDIT_LATE],
                t->count[AUDIT_MISSING], has_median ? median_text : "null", percent);
    } else if (r->format == FORMAT_CSV) {
        csv_field(r->out, rule);
        fprintf(r->out, ",%zu,%zu,%zu,%zu,%zu,%s,%.1f\n", due, t->count[AUDIT_ON_TIME],
                t->count[AUDIT_EARLY], t->count[AUDIT_LATE], t->count[AUDIT_MISSING],
                median_text, percent);
    } else {
        fprintf(r->out, "%-*s %6zu %8zu %6zu %6zu %8zu %12s %10.1f\n", r->rule_width, rule, due,
                t->count[AUDIT_ON_TIME], t->count[AUDIT_EARLY], t->count[AUDIT_LATE],
                t->count[AUDIT_MISSING], has_median ? median_text : "-", percent);
    }
}

/* Every rule with an item due, in pack order. */
static void write_summary(struct audit_report *r)
{
    if (r->format == FORMAT_JSON)
        fputs(",\n\"summary\":[", r->out);
    else if (r->format == FORMAT_CSV)
        fputs("rule,due,on_time,early,late,missing,median_working_days_late,percent_on_time\n",
              r->out);
    else
        fprintf(r->out, "\n%-*s %6s %8s %6s %6s %8s %12s %10s\n", r->rule_width, "rule", "due",
                "on time", "early", "late", "missing", "median late", "% on time");
    size_t rows = 0;
    for (size_t i = 0; i < r->tally.nrules; i++) {
        tsc_rule_info info;
        if (!audit_tally_due(&r->tally.rule[i]) ||
            tsc_pack_rule(r->pack, i, &info, NULL) != TSC_OK)
            continue;
        write_summary_row(r, info.id, &r->tally.rule[i], rows++ == 0);
    }
    if (r->format == FORMAT_JSON)
        fputs(rows ? "\n]" : "]", r->out);
    else if (r->format == FORMAT_TABLE && !rows)
        fputs("(nothing was due)\n", r->out);
}

/* ---- targets that differ ---- */

static void write_target(struct audit_report *r, const struct target_row *t, bool first)
{
    char theirs[16], ours[16], difference[16] = "";
    date_text(t->f.theirs, theirs, sizeof theirs);
    date_text(t->f.ours, ours, sizeof ours);
    if (t->f.ours)
        snprintf(difference, sizeof difference, "%+d", (int)t->f.difference);
    if (r->format == FORMAT_JSON) {
        fputs(first ? "\n {" : ",\n {", r->out);
        identity_fields(r, t->case_id, t->label);
        fputs("\"event\":", r->out);
        json_string(r->out, t->event);
        fprintf(r->out, ",\"their_date\":\"%s\",\"timescale_date\":", theirs);
        json_date(r->out, t->f.ours);
        fprintf(r->out, ",\"working_days_difference\":");
        if (t->f.ours)
            fprintf(r->out, "%d}", (int)t->f.difference);
        else
            fputs("null}", r->out);
    } else if (r->format == FORMAT_CSV) {
        identity_fields(r, t->case_id, t->label);
        csv_field(r->out, t->event);
        fprintf(r->out, ",%s,%s,%s\n", theirs, ours, difference);
    } else {
        identity_fields(r, t->case_id, t->label);
        fprintf(r->out, "%-20s %-10s  %-10s  %s\n", t->event, theirs,
                t->f.ours ? ours : "(none)", difference);
    }
}

static void write_targets(struct audit_report *r)
{
    if (r->format == FORMAT_JSON) {
        fputs(",\n\"targets\":[", r->out);
    } else if (r->format == FORMAT_CSV) {
        identity_header(r);
        fputs("event,their_date,timescale_date,working_days_difference\n", r->out);
    } else {
        fputs("\nTarget dates in the input that differ from timescale's\n", r->out);
        identity_header(r);
        fprintf(r->out, "%-20s %-10s  %-10s  %s\n", "event", "their date", "timescale",
                "working days");
    }
    for (size_t i = 0; i < r->ntargets; i++)
        write_target(r, &r->targets[i], i == 0);
    if (r->format == FORMAT_JSON)
        fputs(r->ntargets ? "\n]" : "]", r->out);
    else if (r->format == FORMAT_TABLE && !r->ntargets)
        fputs(r->has_targets ? "(none differ)\n" : "(the input states no target dates)\n",
              r->out);
}

/* On stderr, as other notes: which events the input cannot show done, and
 * how many due items that left unjudged (never "missing"). */
static void note_not_judged(const struct audit_report *r)
{
    size_t items = 0, rules = 0;
    for (size_t i = 0; i < r->tally.nrules; i++) {
        items += r->tally.rule[i].not_judged;
        rules += r->tally.rule[i].not_judged > 0;
    }
    if (!items)
        return;
    fprintf(stderr, "timescale: audit: %zu due item%s of %zu rule%s not judged: the input "
            "does not record their events (", items, items == 1 ? "" : "s", rules,
            rules == 1 ? "" : "s");
    const char *sep = "";
    for (size_t i = 0; i < r->tally.nrules; i++) {
        tsc_rule_info info;
        if (!r->tally.rule[i].not_judged || tsc_pack_rule(r->pack, i, &info, NULL) != TSC_OK)
            continue;
        bool named = false;   /* each event once, in pack order */
        for (size_t j = 0; j < i && !named; j++) {
            tsc_rule_info before;
            named = r->tally.rule[j].not_judged &&
                    tsc_pack_rule(r->pack, j, &before, NULL) == TSC_OK &&
                    !strcmp(before.schedules, info.schedules);
        }
        if (!named)
            fprintf(stderr, "%s%s", sep, info.schedules);
        sep = named ? sep : ", ";
    }
    fputs(")\n", stderr);
}

void audit_report_end(struct audit_report *r)
{
    note_not_judged(r);
    bool csv = r->format == FORMAT_CSV;
    if (r->format == FORMAT_JSON && shows_items(r))
        fputs(r->nitems ? "\n]" : "]", r->out);
    else if (r->format == FORMAT_TABLE && shows_items(r) && !r->nitems)
        fputs("(nothing was due)\n", r->out);
    if (!r->targets_only && !(csv && r->detail))
        write_summary(r);
    if (r->targets_only || (!csv && r->has_targets) || (r->format == FORMAT_JSON))
        write_targets(r);
    if (r->format == FORMAT_JSON)
        fputs("}\n", r->out);
}

void audit_report_free(struct audit_report *r)
{
    audit_tally_free(&r->tally);
    free(r->unrecorded);
    r->unrecorded = NULL;
    for (size_t i = 0; i < r->ntargets; i++) {
        free(r->targets[i].case_id);
        free(r->targets[i].label);
        free(r->targets[i].event);
    }
    free(r->targets);
    r->targets = NULL;
    r->ntargets = r->cap = 0;
}
