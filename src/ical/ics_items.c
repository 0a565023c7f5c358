/* ics_items.c -- plan items and holidays as iCalendar components, with
 * their UIDs, summaries and descriptions.
 *
 * Reminders: RFC 5545 cannot say "1 working day before" (a trigger is a
 * duration), so the reminder day is computed on the calendar and the
 * VALARM's trigger is the exact duration (hours and minutes, never
 * nominal days) from the component's start or end to 09:00 local on that
 * day.  Because several programs drop the alarms of imported files, the
 * same reminder is also an all-day VEVENT of its own. */
#include "ics_writer.h"
#include "date.h"
#include "pack.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_CASE_ID = 200 };

static bool uid_safe(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
}

/* Letters, digits, '_' and '-' stay; any other byte becomes %XX, so a UID
 * never holds a '.' from the case id and splits back unambiguously. */
static void pct_encode(struct tsc__text *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (;;) {
        const char *run = s;
        while (uid_safe((unsigned char)*s))
            s++;
        tsc__text_add(b, run, (size_t)(s - run));
        if (!*s)
            return;
        unsigned char c = (unsigned char)*s++;
        char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
        tsc__text_add(b, esc, 3);
    }
}

static void prop_date(struct tsc__ics_comp *c, const char *name, tsc_date d)
{
    int y, m, dd;
    tsc__date_to_ymd(d, &y, &m, &dd);
    tsc__ics_prop_date(c, name, y, m, dd);
}

/* Appends the strings up to NULL: concatenation without printf, which
 * cost a tenth of the export when every line of every item went through
 * it. */
static void cat(struct tsc__text *t, ...)
{
    va_list ap;
    va_start(ap, t);
    for (const char *s; (s = va_arg(ap, const char *));)
        tsc__text_puts(t, s);
    va_end(ap);
}

static void cat_int(struct tsc__text *t, int v)
{
    char buf[16];
    size_t n = sizeof buf;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do
        buf[--n] = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        buf[--n] = '-';
    tsc__text_add(t, buf + n, sizeof buf - n);
}

static void format_day(tsc_date d, char *buf, size_t n)
{
    if (!tsc_date_format(d, buf, n))
        snprintf(buf, n, "?");
}

/* A time as local wall-clock time in the calendar's zone: converted once
 * per item, then used by the due text, the reminder and the property. */
struct local {
    tsc_date day;
    int minute, offset;
};

/* "2026-03-07 14:00" (buf holds 40); minute of the day in 0..1439. */
static void format_day_time(tsc_date d, int minute, char *buf)
{
    format_day(d, buf, 16);
    size_t n = strlen(buf);
    int hh = minute / 60 % 100, mm = minute % 60;
    char hm[7] = {' ', (char)('0' + hh / 10), (char)('0' + hh % 10), ':',
                  (char)('0' + mm / 10), (char)('0' + mm % 10), '\0'};
    memcpy(buf + n, hm, sizeof hm);
}

/* "2026-03-07" or "2026-03-07 14:00" (buf holds 40). */
static void format_due(const tsc_item *it, const struct local *due, char *buf)
{
    if (it->flags & TSC_ITEM_TIMED)
        format_day_time(due->day, due->minute, buf);
    else
        format_day(it->due, buf, 40);
}

/* The event's label (rules/events.vocab: "lac-review" -> "LAC review"). */
static void add_label(struct tsc__text *b, const tsc_vocab *vocab, const char *event)
{
    char label[256];
    size_t n = tsc_vocab_label(vocab, event, label, sizeof label);
    tsc__text_add(b, label, n < sizeof label ? n : sizeof label - 1);
}

/* The role up to its first parenthesis or semicolon (the packs explain
 * roles there). */
static size_t short_role(const char *role)
{
    size_t n = strcspn(role, "(;");
    while (n && role[n - 1] == ' ')
        n--;
    return n;
}

struct item_ctx {
    const tsc_pack *pack;
    const char *case_id;
    const char *label;          /* what SUMMARY starts with: the label, or the case id */
    size_t bare;                /* where SUMMARY's text after the label starts */
    size_t titled;              /* where its role (" \xe2\x80\x94 role") starts, or its end */
    const char *rule_part[TSC__ICS_MEMO_PIECES];   /* DESCRIPTION's start: the rule's */
    size_t rule_pieces;
    const tsc_item *it;
    tsc_rule_info info;
    bool show_occurrence;
    struct local due;           /* of it->due_time, for a timed item */
    struct tsc__text case_uid;  /* the case id as UIDs hold it (pct_encode) */
    struct tsc__text uid, summary, description, due_text;
    tsc_date reminder_day;
    int64_t trigger;            /* seconds from the start (or end) to the reminder */
    bool related_end;
    struct tsc__ics_comp comp;  /* the component being written */
};

/* Appends the strings up to NULL to the rule's part of DESCRIPTION
 * (item_texts gives it at most 18, TSC__ICS_MEMO_PIECES is 24). */
static void rule_part(struct item_ctx *x, ...)
{
    va_list ap;
    va_start(ap, x);
    for (const char *s; (s = va_arg(ap, const char *)) && x->rule_pieces < TSC__ICS_MEMO_PIECES;)
        x->rule_part[x->rule_pieces++] = s;
    va_end(ap);
}

/* The texts are kept from item to item: only their lengths start again. */
static void ctx_reset(struct item_ctx *x)
{
    x->rule_pieces = 0;
    x->uid.n = x->summary.n = x->description.n = x->due_text.n = 0;
    x->comp.text.n = 0;
}

static bool ctx_failed(const struct item_ctx *x)
{
    return x->case_uid.failed || x->uid.failed || x->summary.failed || x->description.failed ||
           x->due_text.failed || x->comp.failed;
}

static void ctx_free(struct item_ctx *x)
{
    free(x->case_uid.p);
    free(x->uid.p);
    free(x->summary.p);
    free(x->description.p);
    free(x->due_text.p);
    tsc__ics_comp_free(&x->comp);
}

static void item_uid(struct item_ctx *x, const char *suffix)
{
    struct tsc__text *b = &x->uid;
    b->n = 0;
    tsc__text_add(b, tsc__text_str(&x->case_uid), x->case_uid.n);
    tsc__text_add(b, ".", 1);
    if (!x->pack->from_rule) {
        tsc__text_puts(b, x->it->rule_id);
    } else {
        /* A one-rule pack (tsc_pack_from_rule) gives every rule the same
         * id: the rule's words tell two of them apart. */
        struct tsc__text key = {0};
        tsc__text_printf(&key, "%s\n%s", x->it->rule_text, x->it->schedules);
        uint64_t hash = tsc__ics_hash(tsc__text_str(&key), key.n);
        tsc__text_printf(b, "rule-%08x", (unsigned)(hash >> 32));
        b->failed |= key.failed;
        free(key.p);
    }
    tsc__text_add(b, ".", 1);
    cat_int(b, (int)x->it->occurrence);
    cat(b, suffix, TSC__ICS_UID_DOMAIN, (char *)NULL);
}

static void item_texts(const tsc_ics_writer *w, struct item_ctx *x)
{
    const tsc_item *it = x->it;
    const tsc_rule_info *info = &x->info;
    char due[40], day[16];
    format_due(it, &x->due, due);
    tsc__text_puts(&x->due_text, due);

    struct tsc__text *s = &x->summary;
    cat(s, x->label, ": ", (char *)NULL);
    x->bare = s->n;
    if ((it->flags & TSC_ITEM_DONE) && !(w->flags & TSC_ICS_TODO))
        tsc__text_puts(s, "Done: ");
    /* A one-rule pack whose caller named no event: the rule's own words
     * say more than the default name. */
    if (x->pack->unnamed_occurrences)
        tsc__text_puts(s, it->rule_text);
    else
        add_label(s, x->pack->vocab, it->schedules);
    if (x->show_occurrence) {
        tsc__text_add(s, " ", 1);
        cat_int(s, (int)it->occurrence);
    }
    x->titled = s->n;
    size_t role = it->role ? short_role(it->role) : 0;
    if (role) {
        tsc__text_puts(s, " \xe2\x80\x94 ");   /* em dash */
        tsc__text_add(s, it->role, role);
    }

    /* The rule's part of DESCRIPTION, the same in every item of the rule
     * (w->memos), is kept as pieces; the item's own part follows. */
    if (info->quote[0])
        rule_part(x, "\xe2\x80\x9c", info->quote, "\xe2\x80\x9d\n", (char *)NULL);
    const char *authority = tsc_pack_authority(x->pack);
    if (authority[0] || info->section[0])
        rule_part(x, authority, authority[0] && info->section[0] ? ", " : "", info->section,
                  "\n", (char *)NULL);
    rule_part(x, "Rule ", it->rule_id, ": ", it->rule_text, "\n", (char *)NULL);
    /* SUMMARY names the short role; the whole only when it says more. */
    if (it->role && it->role[role + strspn(it->role + role, " ")])
        rule_part(x, "Role: ", it->role, "\n", (char *)NULL);
    rule_part(x, "Counted from: ", it->anchor_event, " on ", (char *)NULL);
    struct tsc__text *d = &x->description;
    char anchor[40];
    if ((it->flags & TSC_ITEM_TIMED) && !(it->flags & TSC_ITEM_MIDNIGHT)) {
        tsc_date ad;
        int minute, offset;
        if (tsc_time_to_local(w->cal, it->anchor_time, &ad, &minute, &offset, NULL) == TSC_OK) {
            format_day_time(ad, minute, anchor);
        } else {
            format_day(it->anchor_date, anchor, sizeof anchor);
        }
    } else {
        format_day(it->anchor_date, anchor, sizeof anchor);
    }
    cat(d, anchor,
        !(it->flags & TSC_ITEM_TIME_NOT_RECORDED) ? ""
        : it->flags & TSC_ITEM_TIMED ? " (time not recorded: counted from 00:00)"
                                     : " (time not recorded)",
        "\n", (char *)NULL);
    if (it->flags & TSC_ITEM_WINDOW) {
        format_day(it->window_start, day, sizeof day);
        cat(d, "Window: from ", day, " to ", due, "\n", (char *)NULL);
    }
    /* An all-day item's DTSTART (or the window line) is its due date; a
     * timed one's says the zone only as a TZID. */
    if (it->flags & TSC_ITEM_TIMED)
        cat(d, "Due: ", due, " ", tsc_calendar_zone(w->cal), "\n", (char *)NULL);
    if (it->flags & TSC_ITEM_PROJECTED)
        tsc__text_puts(d, "Projected: counted from an event that is not recorded yet, so the "
                          "date may move\n");
    if (it->flags & TSC_ITEM_DONE) {
        format_day(it->done_on, day, sizeof day);
        cat(d, "Done: recorded on ", day, it->flags & TSC_ITEM_LATE ? ", after the due date" : "",
            "\n", (char *)NULL);
    }
    const char *end = it->flags & TSC_ITEM_END_UNKNOWN
                          ? tsc_pack_rule_end_anchor(x->pack, it->rule_index) : NULL;
    if (end)
        cat(d, "Warning: no end: ", end, " is not recorded\n", (char *)NULL);
    if (strcmp(x->label, x->case_id) != 0)
        cat(d, "Case: ", x->case_id, "\n", (char *)NULL);
    if (d->n && d->p[d->n - 1] == '\n')
        d->p[--d->n] = '\0';
}

/* The reminder day and the VALARM trigger that lands on 09:00 local that
 * day, relative to the component's start (or end, for a window or a
 * VTODO's DUE). */
static tsc_status item_reminder(const tsc_ics_writer *w, struct item_ctx *x, tsc_error *err)
{
    const tsc_item *it = x->it;
    bool timed = it->flags & TSC_ITEM_TIMED, todo = w->flags & TSC_ICS_TODO;
    tsc_date due_day = timed ? x->due.day : it->due;
    tsc_status st = tsc_calendar_add_working_days(w->cal, due_day, -w->alarm_days,
                                                  &x->reminder_day, err);
    tsc_time at, from;
    if (!st)
        st = tsc_time_from_local(w->cal, x->reminder_day, (int)w->alarm_minute, &at, err);
    x->related_end = todo || (it->flags & TSC_ITEM_WINDOW);
    if (!st && timed)
        from = it->due_time;
    else if (!st)
        st = tsc_time_from_local(w->cal,
                                 !todo && (it->flags & TSC_ITEM_WINDOW) ? it->due + 1 : it->due,
                                 0, &from, err);
    if (st)
        return st;
    x->trigger = at - from;
    return TSC_OK;
}

static void add_categories(struct tsc__ics_comp *c, const struct item_ctx *x)
{
    const char *authority = tsc_pack_authority(x->pack);
    if (authority[0])
        tsc__ics_prop_text(c, "CATEGORIES", authority);
    if (x->info.area[0])
        tsc__ics_prop_text(c, "CATEGORIES", x->info.area);
}

/* The due time as a local time with TZID; notes the year for the
 * VTIMEZONE. */
static tsc_status prop_due_time(tsc_ics_writer *w, struct item_ctx *x, const char *name,
                                tsc_error *err)
{
    tsc_time t = x->it->due_time;
    struct tsc__ics_civil v = {.hour = x->due.minute / 60, .minute = x->due.minute % 60,
                               .second = (int)(((t + (tsc_time)x->due.offset * 60) % 60 + 60) %
                                               60)};
    tsc__date_to_ymd(x->due.day, &v.year, &v.month, &v.day);
    const char *zone = tsc_calendar_zone(w->cal);
    tsc__ics_prop_local(&x->comp, name, zone, &v);
    return tsc__ics_note_zone(w, zone, v.year, err);
}

static void prop_utc(struct tsc__ics_comp *c, const char *name, tsc_time t)
{
    tsc_time days = t / 86400 - (t % 86400 < 0), secs = t - days * 86400;
    struct tsc__ics_civil v = {.hour = (int)(secs / 3600), .minute = (int)(secs % 3600 / 60),
                               .second = (int)(secs % 60)};
    tsc__date_to_ymd(tsc__ymd_to_date(1970, 1, 1) + (tsc_date)days, &v.year, &v.month, &v.day);
    tsc__ics_prop_utc(c, name, &v);
}

/* The item's VEVENT or VTODO, in the order of its properties that
 * libical's component API gave it; *stamp_at: where DTSTAMP and SEQUENCE
 * go. */
static tsc_status item_component(tsc_ics_writer *w, struct item_ctx *x, size_t *stamp_at,
                                 tsc_error *err)
{
    const tsc_item *it = x->it;
    bool todo = w->flags & TSC_ICS_TODO, timed = it->flags & TSC_ITEM_TIMED,
         done = it->flags & TSC_ITEM_DONE;
    const char *kind = todo ? "VTODO" : "VEVENT";
    struct tsc__ics_comp *c = &x->comp;
    tsc_status st = TSC_OK;
    tsc__ics_comp_begin(c, kind);
    tsc__ics_prop_textn(c, "UID", tsc__text_str(&x->uid), x->uid.n);
    *stamp_at = c->text.n;
    tsc__ics_prop_textn(c, "SUMMARY", tsc__text_str(&x->summary), x->summary.n);
    if (todo) {
        if ((it->flags & TSC_ITEM_WINDOW) && !timed)
            prop_date(c, "DTSTART", it->window_start);
        if (timed)
            st = prop_due_time(w, x, "DUE", err);
        else
            prop_date(c, "DUE", it->due);
    } else if (timed) {
        st = prop_due_time(w, x, "DTSTART", err);
    } else {
        prop_date(c, "DTSTART", it->flags & TSC_ITEM_WINDOW ? it->window_start : it->due);
        prop_date(c, "DTEND", it->due + 1);   /* exclusive */
    }
    tsc__ics_prop_text_memo(c, &w->memos[it->rule_index], "DESCRIPTION", x->rule_part,
                            x->rule_pieces, tsc__text_str(&x->description), x->description.n);
    add_categories(c, x);
    if (todo) {
        tsc__ics_prop_raw(c, "STATUS", done ? "COMPLETED" : "NEEDS-ACTION");
        if (done) {
            tsc_time when = it->done_time;
            if (!st && !(it->flags & TSC_ITEM_DONE_TIMED))
                st = tsc_time_from_local(w->cal, it->done_on, 0, &when, err);
            prop_utc(c, "COMPLETED", when);
            tsc__ics_prop_int(c, "PERCENT-COMPLETE", 100);
        }
    } else {
        /* RFC 5545 allows a VEVENT only TENTATIVE, CONFIRMED or CANCELLED
         * (libical flags COMPLETED), so a done event is CONFIRMED and its
         * SUMMARY starts "Done: "; a projected one is TENTATIVE. */
        tsc__ics_prop_raw(c, "STATUS", !done && (it->flags & TSC_ITEM_PROJECTED) ? "TENTATIVE"
                                                                                 : "CONFIRMED");
        tsc__ics_prop_raw(c, "TRANSP", "TRANSPARENT");
    }
    if (!done && w->alarm_days > 0) {
        struct tsc__text text = {0};
        cat(&text, x->label, ": ", (char *)NULL);
        tsc__text_add(&text, tsc__text_str(&x->summary) + x->bare, x->titled - x->bare);
        cat(&text, " due ", tsc__text_str(&x->due_text), (char *)NULL);
        tsc__ics_comp_begin(c, "VALARM");
        tsc__ics_prop_raw(c, "ACTION", "DISPLAY");
        tsc__ics_prop_textn(c, "DESCRIPTION", tsc__text_str(&text), text.n);
        tsc__ics_prop_trigger(c, x->related_end, x->trigger);
        tsc__ics_comp_end(c, "VALARM");
        c->failed |= text.failed;
        free(text.p);
    }
    tsc__ics_comp_end(c, kind);
    return st;
}

/* The separate all-day "Reminder: ... due DATE" VEVENT on the reminder
 * day: its SUMMARY, and RELATED-TO its item, where the rest is. */
static void reminder_component(struct item_ctx *x, const char *item_uid, size_t *stamp_at)
{
    struct tsc__ics_comp *c = &x->comp;
    struct tsc__text summary = {0};
    cat(&summary, x->label, ": Reminder: ", (char *)NULL);
    tsc__text_add(&summary, tsc__text_str(&x->summary) + x->bare, x->titled - x->bare);
    cat(&summary, " due ", tsc__text_str(&x->due_text), (char *)NULL);
    tsc__ics_comp_begin(c, "VEVENT");
    tsc__ics_prop_textn(c, "UID", tsc__text_str(&x->uid), x->uid.n);
    *stamp_at = c->text.n;
    tsc__ics_prop_textn(c, "SUMMARY", tsc__text_str(&summary), summary.n);
    prop_date(c, "DTSTART", x->reminder_day);
    prop_date(c, "DTEND", x->reminder_day + 1);
    tsc__ics_prop_text(c, "RELATED-TO", item_uid);
    tsc__ics_prop_raw(c, "STATUS", x->it->flags & TSC_ITEM_PROJECTED ? "TENTATIVE" : "CONFIRMED");
    tsc__ics_prop_raw(c, "TRANSP", "TRANSPARENT");
    tsc__ics_comp_end(c, "VEVENT");
    c->failed |= summary.failed;
    free(summary.p);
}

static tsc_status add_item(tsc_ics_writer *w, struct tsc__ics_pending *pd, struct item_ctx *x,
                           const tsc_item *it, tsc_error *err)
{
    ctx_reset(x);
    x->it = it;
    x->show_occurrence = w->multi[it->rule_index];
    tsc_status st = tsc_pack_rule(x->pack, it->rule_index, &x->info, err);
    if (!st && (it->flags & TSC_ITEM_TIMED))
        st = tsc_time_to_local(w->cal, it->due_time, &x->due.day, &x->due.minute,
                               &x->due.offset, err);
    bool remind = !(it->flags & TSC_ITEM_DONE) && w->alarm_days > 0;
    if (!st && remind)
        st = item_reminder(w, x, err);
    size_t stamp_at = 0;
    if (!st) {
        item_uid(x, "");
        tsc__ics_uid_prefetch(w, tsc__ics_uid_key(tsc__text_str(&x->uid)));
        item_texts(w, x);
        st = item_component(w, x, &stamp_at, err);
    }
    if (!st && ctx_failed(x))
        st = tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    if (!st)
        st = tsc__ics_emit(w, pd, &x->comp, stamp_at, tsc__text_str(&x->uid), err);
    if (st || !remind || (w->flags & TSC_ICS_NO_REMINDER_EVENTS))
        return st;
    char *uid = malloc(x->uid.n + 1);
    if (!uid)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    memcpy(uid, tsc__text_str(&x->uid), x->uid.n + 1);
    item_uid(x, ".reminder");
    tsc__ics_uid_prefetch(w, tsc__ics_uid_key(tsc__text_str(&x->uid)));
    x->comp.text.n = 0;
    reminder_component(x, uid, &stamp_at);
    st = ctx_failed(x) ? tsc__fail(err, TSC_ERR_NOMEM, "out of memory")
                       : tsc__ics_emit(w, pd, &x->comp, stamp_at, tsc__text_str(&x->uid), err);
    free(uid);
    return st;
}

static tsc_status add_items(tsc_ics_writer *w, const char *case_id, const char *label,
                            const tsc_plan *plan, bool one_rule, size_t rule_index,
                            tsc_error *err)
{
    if (!w || !case_id || !plan)
        return tsc__fail(err, TSC_ERR_ARG, "writer, case id or plan is NULL");
    const tsc_pack *pack = tsc_plan_pack(plan);
    if (!pack)
        return tsc__fail(err, TSC_ERR_ARG, "the plan has not been computed");
    if (tsc_plan_calendar(plan) != w->cal)
        return tsc__fail(err, TSC_ERR_ARG, "the plan was computed on calendar %s, the writer "
                         "uses %s", tsc_calendar_name(tsc_plan_calendar(plan)),
                         tsc_calendar_name(w->cal));
    if (w->finished)
        return tsc__fail(err, TSC_ERR_ARG, "the writer has already written its file");
    if (!case_id[0] || strlen(case_id) > MAX_CASE_ID)
        return tsc__fail(err, TSC_ERR_ARG, "a case id needs 1 to %d bytes", MAX_CASE_ID);
    if (!label || !label[0])
        label = case_id;
    if (strlen(label) > MAX_CASE_ID)
        return tsc__fail(err, TSC_ERR_ARG, "a case label needs at most %d bytes", MAX_CASE_ID);
    size_t nrules = tsc_pack_rule_count(pack), nitems = tsc_plan_item_count(plan);
    if (one_rule && rule_index >= nrules)
        return tsc__fail(err, TSC_ERR_RANGE, "rule %zu is past the pack's %zu rules", rule_index,
                         nrules);
    if (nrules > w->multi_cap) {
        unsigned char *m = realloc(w->multi, nrules);
        if (!m)
            return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
        w->multi = m;
        w->multi_cap = nrules;
    }
    if (nrules > w->nmemos) {
        struct tsc__ics_memo *m = realloc(w->memos, nrules * sizeof *m);
        if (!m)
            return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
        memset(m + w->nmemos, 0, (nrules - w->nmemos) * sizeof *m);
        w->memos = m;
        w->nmemos = nrules;
    }
    if (nrules)
        memset(w->multi, 0, nrules);
    /* A rule with more than one occurrence in the plan numbers them in the
     * SUMMARY ("CP visit 3"); a single deadline does not. */
    for (size_t i = 0; i < nitems; i++) {
        tsc_item it;
        if (tsc_plan_item(plan, i, &it, NULL) == TSC_OK && it.occurrence > 1 &&
            it.rule_index < nrules)
            w->multi[it.rule_index] = 1;
    }
    w->started = true;
    struct tsc__ics_pending pd = {0};
    struct item_ctx x = {.pack = pack, .case_id = case_id, .label = label};
    pct_encode(&x.case_uid, case_id);
    tsc_status st = TSC_OK;
    for (size_t i = 0; i < nitems && !st; i++) {
        tsc_item it;
        st = tsc_plan_item(plan, i, &it, err);
        if (!st && (!one_rule || it.rule_index == rule_index))
            st = add_item(w, &pd, &x, &it, err);
    }
    if (!st)
        st = tsc__ics_pending_commit(w, &pd, err);
    ctx_free(&x);
    tsc__ics_pending_free(&pd);
    return st;
}

tsc_status tsc_ics_writer_add_plan(tsc_ics_writer *w, const char *case_id, const tsc_plan *plan,
                                   tsc_error *err)
{
    return add_items(w, case_id, NULL, plan, false, 0, err);
}

tsc_status tsc_ics_writer_add_labelled_plan(tsc_ics_writer *w, const char *case_id,
                                            const char *label, const tsc_plan *plan,
                                            tsc_error *err)
{
    return add_items(w, case_id, label, plan, false, 0, err);
}

tsc_status tsc_ics_writer_add_rule(tsc_ics_writer *w, const char *case_id, const tsc_plan *plan,
                                   size_t rule_index, tsc_error *err)
{
    return add_items(w, case_id, NULL, plan, true, rule_index, err);
}

/* ---- holidays ---- */

static void holiday_component(struct tsc__ics_comp *c, const tsc_holiday *h, const char *uid,
                              size_t *stamp_at)
{
    struct tsc__text summary = {0};
    tsc__text_printf(&summary, "%s%s", h->name,
                     h->flags & TSC_HOLIDAY_SUBSTITUTE ? " (substitute day)" : "");
    c->text.n = 0;
    tsc__ics_comp_begin(c, "VEVENT");
    tsc__ics_prop_text(c, "UID", uid);
    *stamp_at = c->text.n;
    tsc__ics_prop_text(c, "SUMMARY", tsc__text_str(&summary));
    prop_date(c, "DTSTART", h->date);
    prop_date(c, "DTEND", h->date + 1);
    tsc__ics_prop_raw(c, "TRANSP", "TRANSPARENT");
    tsc__ics_comp_end(c, "VEVENT");
    c->failed |= summary.failed;
    free(summary.p);
}

tsc_status tsc_ics_writer_add_holidays(tsc_ics_writer *w, tsc_date from, tsc_date to,
                                       tsc_error *err)
{
    if (!w)
        return tsc__fail(err, TSC_ERR_ARG, "writer is NULL");
    if (w->finished)
        return tsc__fail(err, TSC_ERR_ARG, "the writer has already written its file");
    size_t n = 0;
    tsc_status st = tsc_calendar_holidays(w->cal, from, to, NULL, 0, &n, err);
    if (st)
        return st;
    tsc_holiday *hols = malloc((n ? n : 1) * sizeof *hols);
    if (!hols)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    st = tsc_calendar_holidays(w->cal, from, to, hols, n, &n, err);
    w->started = true;
    struct tsc__ics_pending pd = {0};
    struct tsc__text uid = {0};
    struct tsc__ics_comp c = {0};
    for (size_t i = 0; i < n && !st; i++) {
        int y, m, d;
        tsc__date_to_ymd(hols[i].date, &y, &m, &d);
        uid.n = 0;
        tsc__text_puts(&uid, "holiday.");
        pct_encode(&uid, tsc_calendar_name(w->cal));
        tsc__text_printf(&uid, ".%04d%02d%02d.", y, m, d);
        pct_encode(&uid, hols[i].name);
        tsc__text_puts(&uid, TSC__ICS_UID_DOMAIN);
        size_t stamp_at;
        holiday_component(&c, &hols[i], tsc__text_str(&uid), &stamp_at);
        st = uid.failed || c.failed ? tsc__fail(err, TSC_ERR_NOMEM, "out of memory")
                                    : tsc__ics_emit(w, &pd, &c, stamp_at, tsc__text_str(&uid),
                                                    err);
    }
    tsc__ics_comp_free(&c);
    if (!st)
        st = tsc__ics_pending_commit(w, &pd, err);
    tsc__ics_pending_free(&pd);
    free(uid.p);
    free(hols);
    return st;
}

