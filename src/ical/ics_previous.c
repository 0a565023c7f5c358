/* ics_previous.c -- the file the writer wrote last time: read, matched
 * with the new components, and its missing ones cancelled.
 *
 * A component's UID comes from (case id, rule id, occurrence).  Given the
 * previous export, the writer compares each new component with the old one
 * of the same UID through a fingerprint of its serialisation with DTSTAMP
 * and SEQUENCE set to fixed placeholders: the same text keeps the old
 * SEQUENCE and DTSTAMP, a different one gets SEQUENCE + 1, and an old
 * component with no new counterpart is written again as cancelled. */
#include "ics_writer.h"

#include <stdlib.h>
#include <string.h>

struct tsc__ics_prev_item *tsc__ics_find_prev(tsc_ics_writer *w, const char *uid)
{
    if (!w->nprev)
        return NULL;
    uint64_t key = tsc__ics_uid_key(uid);
    size_t lo = 0, hi = w->nprev;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->prev_items[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < w->nprev && w->prev_items[lo].key == key; lo++)
        if (strcmp(w->prev_items[lo].uid, uid) == 0)
            return &w->prev_items[lo];
    return NULL;
}

static int cmp_prev(const void *a, const void *b)
{
    const struct tsc__ics_prev_item *x = a, *y = b;
    if (x->key != y->key)
        return (x->key > y->key) - (x->key < y->key);
    return (x->order > y->order) - (x->order < y->order);
}

static bool is_our_uid(const char *uid)
{
    size_t n = strlen(uid), m = strlen(TSC__ICS_UID_DOMAIN);
    return n > m && strcmp(uid + n - m, TSC__ICS_UID_DOMAIN) == 0;
}

tsc_status tsc_ics_writer_load_previous(tsc_ics_writer *w, const char *path, tsc_error *err)
{
    tsc_status st = tsc__ics_check_settable(w, err);
    if (st)
        return st;
    if (!path)
        return tsc__fail(err, TSC_ERR_ARG, "path is NULL");
    if (w->prev_text)
        return tsc__fail(err, TSC_ERR_ARG, "a previous file is already loaded");
    size_t len;
    st = tsc__read_file(path, &w->prev_text, &len, err);
    if (!st)
        st = tsc__ics_parse(w->prev_text, path, &w->prev, err);
    if (!st) {
        w->prev_items = calloc(w->prev.n ? w->prev.n : 1, sizeof *w->prev_items);
        if (!w->prev_items)
            st = tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; !st && i < w->prev.n; i++) {
        icalcomponent *c = w->prev.comps[i], *parent = c ? icalcomponent_get_parent(c) : NULL;
        icalcomponent_kind kind = c ? icalcomponent_isa(c) : ICAL_NO_COMPONENT;
        if ((kind != ICAL_VEVENT_COMPONENT && kind != ICAL_VTODO_COMPONENT) || !parent ||
            icalcomponent_isa(parent) != ICAL_VCALENDAR_COMPONENT)
            continue;
        icalproperty *uid = icalcomponent_get_first_property(c, ICAL_UID_PROPERTY);
        const char *text = uid ? icalproperty_get_uid(uid) : NULL;
        if (!text || !is_our_uid(text))
            continue;   /* another program's component */
        struct tsc__ics_prev_item *p = &w->prev_items[w->nprev++];
        p->uid = text;
        p->key = tsc__ics_uid_key(text);
        p->order = i;
        p->comp = c;
        icalproperty *seq = icalcomponent_get_first_property(c, ICAL_SEQUENCE_PROPERTY);
        icalproperty *stamp = icalcomponent_get_first_property(c, ICAL_DTSTAMP_PROPERTY);
        icalproperty *status = icalcomponent_get_first_property(c, ICAL_STATUS_PROPERTY);
        p->sequence = seq ? icalproperty_get_sequence(seq) : 0;
        p->dtstamp = stamp ? icalproperty_get_dtstamp(stamp) : icaltime_null_time();
        p->cancelled = status && icalproperty_get_status(status) == ICAL_STATUS_CANCELLED;
        if (seq)
            icalproperty_set_sequence(seq, 0);
        if (stamp)
            icalproperty_set_dtstamp(stamp, tsc__ics_placeholder_stamp());
        st = tsc__ics_fingerprint(c, &p->fingerprint, err);
    }
    if (!st) {
        /* By UID hash, then file order; a repeated UID keeps its first. */
        tsc__sort(w->prev_items, w->nprev, sizeof *w->prev_items, cmp_prev);
        size_t kept = 0;
        for (size_t i = 0; i < w->nprev; i++) {
            bool repeated = false;
            for (size_t j = kept; j-- > 0 && w->prev_items[j].key == w->prev_items[i].key;)
                repeated |= strcmp(w->prev_items[j].uid, w->prev_items[i].uid) == 0;
            if (!repeated)
                w->prev_items[kept++] = w->prev_items[i];
        }
        w->nprev = kept;
    }
    if (st) {
        tsc__ics_doc_free(&w->prev);
        free(w->prev_text);
        free(w->prev_items);
        w->prev_text = NULL;
        w->prev_items = NULL;
        w->nprev = 0;
    }
    return st;
}

/* A previous component the new output lacks: written again, cancelled. */
static tsc_status cancel_prev(tsc_ics_writer *w, struct tsc__ics_prev_item *p,
                              struct tsc__text *out, tsc_error *err)
{
    icalcomponent *c = p->comp;
    int sequence = p->cancelled ? p->sequence : p->sequence + 1;
    struct icaltimetype stamp =
        p->cancelled && !icaltime_is_null_time(p->dtstamp) ? p->dtstamp : w->dtstamp;
    icalproperty *prop;
    while ((prop = icalcomponent_get_first_property(c, ICAL_STATUS_PROPERTY))) {
        icalcomponent_remove_property(c, prop);
        icalproperty_free(prop);
    }
    icalcomponent *alarm;
    while ((alarm = icalcomponent_get_first_component(c, ICAL_VALARM_COMPONENT))) {
        icalcomponent_remove_component(c, alarm);
        icalcomponent_free(alarm);
    }
    bool ok = true;
    tsc__ics_add(c, icalproperty_new_status(ICAL_STATUS_CANCELLED), &ok);
    if ((prop = icalcomponent_get_first_property(c, ICAL_SEQUENCE_PROPERTY)))
        icalproperty_set_sequence(prop, sequence);
    else
        tsc__ics_add(c, icalproperty_new_sequence(sequence), &ok);
    if ((prop = icalcomponent_get_first_property(c, ICAL_DTSTAMP_PROPERTY)))
        icalproperty_set_dtstamp(prop, stamp);
    else
        tsc__ics_add(c, icalproperty_new_dtstamp(stamp), &ok);
    if (!ok)
        return tsc__fail(err, TSC_ERR_NOMEM, "out of memory");
    tsc_status st = tsc__ics_track_zones(w, c, err);
    return st ? st : tsc__ics_serialise(c, out, err);
}

tsc_status tsc__ics_cancel_unseen(tsc_ics_writer *w, struct tsc__text *out, tsc_error *err)
{
    tsc_status st = TSC_OK;
    for (size_t i = 0; i < w->nprev && !st; i++)
        if (!w->prev_items[i].seen) {
            st = cancel_prev(w, &w->prev_items[i], out, err);
            w->count += !st;
        }
    return st;
}
