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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_CASE_ID = 200 };

/* Letters, digits, '_' and '-' stay; any other byte becomes %XX, so a UID
 * never holds a '.' from the case id and splits back unambiguously. */
static void pct_encode(struct tsc__text *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '-')
            tsc__text_add(b, (const char *)&c, 1);
        else
            tsc__text_printf(b, "%%%02X", c);
    }
}

static icalproperty *date_prop(icalproperty *(*make)(struct icaltimetype), tsc_date d)
{
    int y, m, dd;
    tsc__date_to_ymd(d, &y, &m, &dd);
    struct icaltimetype t = icaltime_null_date();
    t.year = y;
    t.month = m;
    t.day = dd;
    return make(t);
}

/* Local wall-clock time of t in the calendar's zone, with TZID. */
static icalproperty *local_time_prop(const tsc_ics_writer *w,
                                     icalproperty *(*make)(struct icaltimetype), tsc_time t)
{
    tsc_date d;
    int minute, offset, y, m, dd;
    if (tsc_time_to_local(w->cal, t, &d, &minute, &offset, NULL))
        return NULL;
    tsc__date_to_ymd(d, &y, &m, &dd);
    struct icaltimetype lt = icaltime_null_time();
    lt.year = y;
    lt.month = m;
    lt.day = dd;
    lt.hour = minute / 60;
    lt.minute = minute % 60;
    lt.second = (int)(((t + (tsc_time)offset * 60) % 60 + 60) % 60);
    icalproperty *p = make(lt);
    if (p)
        icalproperty_add_parameter(p, icalparameter_new_tzid(tsc_calendar_zone(w->cal)));
    return p;
}

static void format_day(tsc_date d, char *buf, size_t n)
{
    if (!tsc_date_format(d, buf, n))
        snprintf(buf, n, "?");
}

/* "2026-03-07" or "2026-03-07 14:00". */
static void format_due(const tsc_ics_writer *w, const tsc_item *it, char *buf, size_t n)
{
    tsc_date d;
    int minute, offset;
    if ((it->flags & TSC_ITEM_TIMED) &&
        tsc_time_to_local(w->cal, it->due_time, &d, &minute, &offset, NULL) == TSC_OK) {
        char day[16];
        format_day(d, day, sizeof day);
        snprintf(buf, n, "%s %02d:%02d", day, minute / 60, minute % 60);
    } else {
        format_day(it->due, buf, n);
    }
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
    const tsc_item *it;
    tsc_rule_info info;
    bool show_occurrence;
    struct tsc__text uid, summary, description, due_text;
    tsc_date reminder_day;
    struct icaldurationtype trigger;
    icalparameter_related related;
};

static void ctx_free(struct item_ctx *x)
{
    free(x->uid.p);
    free(x->summary.p);
    free(x->description.p);
    free(x->due_text.p);
}

static void item_uid(struct item_ctx *x, const char *suffix)
{
    struct tsc__text *b = &x->uid;
    b->n = 0;
    pct_encode(b, x->case_id);
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
    tsc__text_printf(b, ".%d%s%s", (int)x->it->occurrence, suffix, TSC__ICS_UID_DOMAIN);
}

static void item_texts(const tsc_ics_writer *w, struct item_ctx *x)
{
    const tsc_item *it = x->it;
    const tsc_rule_info *info = &x->info;
    char due[40], day[16];
    format_due(w, it, due, sizeof due);
    tsc__text_puts(&x->due_text, due);

    struct tsc__text *s = &x->summary;
    tsc__text_printf(s, "%s: ", x->label);
    x->bare = s->n;
    if ((it->flags & TSC_ITEM_DONE) && !(w->flags & TSC_ICS_TODO))
        tsc__text_puts(s, "Done: ");
    /* A one-rule pack whose caller named no event: the rule's own words
     * say more than the default name. */
    if (x->pack->unnamed_occurrences)
        tsc__text_puts(s, it->rule_text);
    else
        add_label(s, x->pack->vocab, it->schedules);
    if (x->show_occurrence)
        tsc__text_printf(s, " %d", (int)it->occurrence);
    x->titled = s->n;
    size_t role = it->role ? short_role(it->role) : 0;
    if (role) {
        tsc__text_puts(s, " \xe2\x80\x94 ");   /* em dash */
        tsc__text_add(s, it->role, role);
    }

    struct tsc__text *d = &x->description;
    if (info->quote[0])
        tsc__text_printf(d, "\xe2\x80\x9c%s\xe2\x80\x9d\n", info->quote);
    const char *authority = tsc_pack_authority(x->pack);
    if (authority[0] || info->section[0])
        tsc__text_printf(d, "%s%s%s\n", authority,
                         authority[0] && info->section[0] ? ", " : "", info->section);
    tsc__text_printf(d, "Rule %s: %s\n", it->rule_id, it->rule_text);
    /* SUMMARY names the short role; the whole only when it says more. */
    if (it->role && it->role[role + strspn(it->role + role, " ")])
        tsc__text_printf(d, "Role: %s\n", it->role);
    char anchor[40];
    if ((it->flags & TSC_ITEM_TIMED) && !(it->flags & TSC_ITEM_MIDNIGHT)) {
        tsc_date ad;
        int minute, offset;
        if (tsc_time_to_local(w->cal, it->anchor_time, &ad, &minute, &offset, NULL) == TSC_OK) {
            format_day(ad, day, sizeof day);
            snprintf(anchor, sizeof anchor, "%s %02d:%02d", day, minute / 60, minute % 60);
        } else {
            format_day(it->anchor_date, anchor, sizeof anchor);
        }
    } else {
        format_day(it->anchor_date, anchor, sizeof anchor);
    }
    tsc__text_printf(d, "Counted from: %s on %s%s\n", it->anchor_event, anchor,
                     !(it->flags & TSC_ITEM_TIME_NOT_RECORDED) ? ""
                     : it->flags & TSC_ITEM_TIMED ? " (time not recorded: counted from 00:00)"
                                                  : " (time not recorded)");
    if (it->flags & TSC_ITEM_WINDOW) {
        format_day(it->window_start, day, sizeof day);
        tsc__text_printf(d, "Window: from %s to %s\n", day, due);
    }
    /* An all-day item's DTSTART (or the window line) is its due date; a
     * timed one's says the zone only as a TZID. */
    if (it->flags & TSC_ITEM_TIMED)
        tsc__text_printf(d, "Due: %s %s\n", due, tsc_calendar_zone(w->cal));
    if (it->flags & TSC_ITEM_PROJECTED)
        tsc__text_puts(d, "Projected: counted from an event that is not recorded yet, so the "
                          "date may move\n");
    if (it->flags & TSC_ITEM_DONE) {
        format_day(it->done_on, day, sizeof day);
        tsc__text_printf(d, "Done: recorded on %s%s\n", day,
                         it->flags & TSC_ITEM_LATE ? ", after the due date" : "");
    }
    const char *end = it->flags & TSC_ITEM_END_UNKNOWN
                          ? tsc_pack_rule_end_anchor(x->pack, it->rule_index) : NULL;
    if (end)
        tsc__text_printf(d, "Warning: no end: %s is not recorded\n", end);
    if (strcmp(x->label, x->case_id) != 0)
        tsc__text_printf(d, "Case: %s\n", x->case_id);
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
    tsc_date due_day = it->due;
    int minute, offset;
    tsc_status st = timed ? tsc_time_to_local(w->cal, it->due_time, &due_day, &minute, &offset,
                                              err)
                          : TSC_OK;
    if (!st)
        st = tsc_calendar_add_working_days(w->cal, due_day, -w->alarm_days, &x->reminder_day,
                                           err);
    tsc_time at, from;
    if (!st)
        st = tsc_time_from_local(w->cal, x->reminder_day, (int)w->alarm_minute, &at, err);
    x->related = todo || (it->flags & TSC_ITEM_WINDOW) ? ICAL_RELATED_END : ICAL_RELATED_START;
    if (!st && timed)
        from = it->due_time;
    else if (!st)
        st = tsc_time_from_local(w->cal,
                                 !todo && (it->flags & TSC_ITEM_WINDOW) ? it->due + 1 : it->due,
                                 0, &from, err);
    if (st)
        return st;
    tsc_time delta = at - from;
    tsc_time mag = delta < 0 ? -delta : delta;
    x->trigger = icaldurationtype_null_duration();
    x->trigger.is_neg = delta < 0;
    x->trigger.hours = (unsigned)(mag / 3600);
    x->trigger.minutes = (unsigned)(mag % 3600 / 60);
    x->trigger.seconds = (unsigned)(mag % 60);
    return TSC_OK;
}

static void add_categories(icalcomponent *c, const struct item_ctx *x, bool *ok)
{
    const char *authority = tsc_pack_authority(x->pack);
    if (authority[0])
        tsc__ics_add(c, icalproperty_new_categories(authority), ok);
    if (x->info.area[0])
        tsc__ics_add(c, icalproperty_new_categories(x->info.area), ok);
}

/* The item's VEVENT or VTODO, DTSTAMP and SEQUENCE as placeholders. */
static icalcomponent *item_component(const tsc_ics_writer *w, struct item_ctx *x)
{
    const tsc_item *it = x->it;
    bool todo = w->flags & TSC_ICS_TODO, timed = it->flags & TSC_ITEM_TIMED,
         done = it->flags & TSC_ITEM_DONE, ok = true;
    icalcomponent *c = icalcomponent_new(todo ? ICAL_VTODO_COMPONENT : ICAL_VEVENT_COMPONENT);
    if (!c)
        return NULL;
    tsc__ics_add(c, icalproperty_new_uid(tsc__text_str(&x->uid)), &ok);
    tsc__ics_add(c, icalproperty_new_dtstamp(tsc__ics_placeholder_stamp()), &ok);
    tsc__ics_add(c, icalproperty_new_sequence(0), &ok);
    tsc__ics_add(c, icalproperty_new_summary(tsc__text_str(&x->summary)), &ok);
    if (todo) {
        if ((it->flags & TSC_ITEM_WINDOW) && !timed)
            tsc__ics_add(c, date_prop(icalproperty_new_dtstart, it->window_start), &ok);
        tsc__ics_add(c, timed ? local_time_prop(w, icalproperty_new_due, it->due_time)
                              : date_prop(icalproperty_new_due, it->due), &ok);
    } else if (timed) {
        tsc__ics_add(c, local_time_prop(w, icalproperty_new_dtstart, it->due_time), &ok);
    } else {
        tsc__ics_add(c, date_prop(icalproperty_new_dtstart,
                                  it->flags & TSC_ITEM_WINDOW ? it->window_start : it->due),
                     &ok);
        tsc__ics_add(c, date_prop(icalproperty_new_dtend, it->due + 1), &ok);   /* exclusive */
    }
    tsc__ics_add(c, icalproperty_new_description(tsc__text_str(&x->description)), &ok);
    add_categories(c, x, &ok);
    if (todo) {
        tsc__ics_add(c, icalproperty_new_status(done ? ICAL_STATUS_COMPLETED
                                                     : ICAL_STATUS_NEEDSACTION), &ok);
        if (done) {
            tsc_time when = it->done_time;
            if (!(it->flags & TSC_ITEM_DONE_TIMED) &&
                tsc_time_from_local(w->cal, it->done_on, 0, &when, NULL))
                ok = false;
            tsc__ics_add(c, icalproperty_new_completed(tsc__ics_utc(when)), &ok);
            tsc__ics_add(c, icalproperty_new_percentcomplete(100), &ok);
        }
    } else {
        /* RFC 5545 allows a VEVENT only TENTATIVE, CONFIRMED or CANCELLED
         * (libical flags COMPLETED), so a done event is CONFIRMED and its
         * SUMMARY starts "Done: "; a projected one is TENTATIVE. */
        tsc__ics_add(c, icalproperty_new_status(!done && (it->flags & TSC_ITEM_PROJECTED)
                                                    ? ICAL_STATUS_TENTATIVE
                                                    : ICAL_STATUS_CONFIRMED), &ok);
        tsc__ics_add(c, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT), &ok);
    }
    if (!done && w->alarm_days > 0) {
        icalcomponent *alarm = icalcomponent_new(ICAL_VALARM_COMPONENT);
        if (alarm) {
            struct tsc__text text = {0};
            tsc__text_printf(&text, "%s: %.*s due %s", x->label, (int)(x->titled - x->bare),
                             tsc__text_str(&x->summary) + x->bare, tsc__text_str(&x->due_text));
            tsc__ics_add(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY), &ok);
            tsc__ics_add(alarm, icalproperty_new_description(tsc__text_str(&text)), &ok);
            struct icaltriggertype trigger = {icaltime_null_time(), x->trigger};
            icalproperty *p = icalproperty_new_trigger(trigger);
            if (p)
                icalproperty_add_parameter(p, icalparameter_new_related(x->related));
            tsc__ics_add(alarm, p, &ok);
            ok &= !text.failed;
            free(text.p);
            icalcomponent_add_component(c, alarm);
        } else {
            ok = false;
        }
    }
    if (!ok) {
        icalcomponent_free(c);
        return NULL;
    }
    return c;
}

/* The separate all-day "Reminder: ... due DATE" VEVENT on the reminder
 * day: its SUMMARY, and RELATED-TO its item, where the rest is. */
static icalcomponent *reminder_component(struct item_ctx *x, const char *item_uid)
{
    bool ok = true;
    icalcomponent *c = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    if (!c)
        return NULL;
    struct tsc__text summary = {0};
    tsc__text_printf(&summary, "%s: Reminder: %.*s due %s", x->label,
                     (int)(x->titled - x->bare), tsc__text_str(&x->summary) + x->bare,
                     tsc__text_str(&x->due_text));
    tsc__ics_add(c, icalproperty_new_uid(tsc__text_str(&x->uid)), &ok);
    tsc__ics_add(c, icalproperty_new_dtstamp(tsc__ics_placeholder_stamp()), &ok);
    tsc__ics_add(c, icalproperty_new_sequence(0), &ok);
    tsc__ics_add(c, icalproperty_new_summary(tsc__text_str(&summary)), &ok);
    tsc__ics_add(c, date_prop(icalproperty_new_dtstart, x->reminder_day), &ok);
    tsc__ics_add(c, date_prop(icalproperty_new_dtend, x->reminder_day + 1), &ok);
    tsc__ics_add(c, icalproperty_new_relatedto(item_uid), &ok);
    tsc__ics_add(c, icalproperty_new_status(x->it->flags & TSC_ITEM_PROJECTED
                                                ? ICAL_STATUS_TENTATIVE
                                                : ICAL_STATUS_CONFIRMED), &ok);
    tsc__ics_add(c, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT), &ok);
    ok &= !summary.failed;
    free(summary.p);
    if (!ok) {
        icalcomponent_free(c);
        return NULL;
    }
    return c;
}

static tsc_status add_item(tsc_ics_writer *w, struct tsc__ics_pending *pd, const tsc_pack *pack,
                           const char *case_id, const char *label, const tsc_item *it,
                           bool show_occurrence, tsc_error *err)
{
    struct item_ctx x = {.pack = pack, .case_id = case_id, .label = label, .it = it,
                         .show_occurrence = show_occurrence};
    tsc_status st = tsc_pack_rule(pack, it->rule_index, &x.info, err);
    bool remind = !(it->flags & TSC_ITEM_DONE) && w->alarm_days > 0;
    if (!st && remind)
        st = item_reminder(w, &x, err);
    icalcomponent *c = NULL;
    char *uid = NULL;
    if (!st) {
        item_uid(&x, "");
        item_texts(w, &x);
        if (x.uid.failed || x.summary.failed || x.description.failed || x.due_text.failed)
            st = tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    }
    if (!st && !(c = item_component(w, &x)))
        st = tsc__fail(err, TSC_ERR_ICAL, "libical could not build the item of %s",
                       it->rule_id);
    if (!st)
        st = tsc__ics_emit(w, pd, c, tsc__text_str(&x.uid), err);
    if (c)
        icalcomponent_free(c);
    if (!st && remind && !(w->flags & TSC_ICS_NO_REMINDER_EVENTS)) {
        uid = malloc(x.uid.n + 1);
        if (!uid)
            st = tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
        else
            memcpy(uid, tsc__text_str(&x.uid), x.uid.n + 1);
        if (!st)
            item_uid(&x, ".reminder");
        if (!st && !(c = reminder_component(&x, uid)))
            st = tsc__fail(err, TSC_ERR_ICAL, "libical could not build the reminder of %s",
                           it->rule_id);
        if (!st)
            st = tsc__ics_emit(w, pd, c, tsc__text_str(&x.uid), err);
        if (c)
            icalcomponent_free(c);
    }
    free(uid);
    ctx_free(&x);
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
    tsc_status st = TSC_OK;
    for (size_t i = 0; i < nitems && !st; i++) {
        tsc_item it;
        st = tsc_plan_item(plan, i, &it, err);
        if (!st && (!one_rule || it.rule_index == rule_index))
            st = add_item(w, &pd, pack, case_id, label, &it, w->multi[it.rule_index], err);
    }
    if (!st)
        st = tsc__ics_pending_commit(w, &pd, err);
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

static icalcomponent *holiday_component(const tsc_holiday *h, const char *uid)
{
    bool ok = true;
    icalcomponent *c = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    if (!c)
        return NULL;
    struct tsc__text summary = {0};
    tsc__text_printf(&summary, "%s%s", h->name,
                     h->flags & TSC_HOLIDAY_SUBSTITUTE ? " (substitute day)" : "");
    tsc__ics_add(c, icalproperty_new_uid(uid), &ok);
    tsc__ics_add(c, icalproperty_new_dtstamp(tsc__ics_placeholder_stamp()), &ok);
    tsc__ics_add(c, icalproperty_new_sequence(0), &ok);
    tsc__ics_add(c, icalproperty_new_summary(tsc__text_str(&summary)), &ok);
    tsc__ics_add(c, date_prop(icalproperty_new_dtstart, h->date), &ok);
    tsc__ics_add(c, date_prop(icalproperty_new_dtend, h->date + 1), &ok);
    tsc__ics_add(c, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT), &ok);
    ok &= !summary.failed;
    free(summary.p);
    if (!ok) {
        icalcomponent_free(c);
        return NULL;
    }
    return c;
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
    for (size_t i = 0; i < n && !st; i++) {
        int y, m, d;
        tsc__date_to_ymd(hols[i].date, &y, &m, &d);
        uid.n = 0;
        tsc__text_puts(&uid, "holiday.");
        pct_encode(&uid, tsc_calendar_name(w->cal));
        tsc__text_printf(&uid, ".%04d%02d%02d.", y, m, d);
        pct_encode(&uid, hols[i].name);
        tsc__text_puts(&uid, TSC__ICS_UID_DOMAIN);
        icalcomponent *c = uid.failed ? NULL : holiday_component(&hols[i], tsc__text_str(&uid));
        st = c ? tsc__ics_emit(w, &pd, c, tsc__text_str(&uid), err)
               : tsc__fail(err, TSC_ERR_ICAL, "libical could not build a holiday");
        if (c)
            icalcomponent_free(c);
    }
    if (!st)
        st = tsc__ics_pending_commit(w, &pd, err);
    tsc__ics_pending_free(&pd);
    free(uid.p);
    free(hols);
    return st;
}

