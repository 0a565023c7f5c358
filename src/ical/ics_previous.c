/* ics_previous.c -- the file the writer wrote last time: matched with the
 * new components, and its missing ones cancelled.
 *
 * A component's UID comes from (case id, rule id, occurrence).  Given the
 * previous export, the writer compares each new component with the old one
 * of the same UID through a fingerprint of its text without DTSTAMP and
 * SEQUENCE (ics_previous_read.c, which reads the old file as a stream):
 * the same text keeps the old SEQUENCE and DTSTAMP, a different one gets
 * SEQUENCE + 1, and an old component with no new counterpart is read again
 * from the old file and written as cancelled. */
#include "ics_writer.h"

#include <stdlib.h>
#include <string.h>

struct tsc__prev_item *tsc__ics_find_prev(tsc_ics_writer *w, const char *uid)
{
    return w->prev.n ? tsc__prev_find(&w->prev, uid) : NULL;
}

tsc_status tsc_ics_writer_load_previous(tsc_ics_writer *w, const char *path, tsc_error *err)
{
    tsc_status st = tsc__ics_check_settable(w, err);
    if (st)
        return st;
    if (!path)
        return tsc__fail(err, TSC_ERR_ARG, "path is NULL");
    if (w->prev.path)
        return tsc__fail(err, TSC_ERR_ARG, "a previous file is already loaded");
    return tsc__prev_load(path, &w->prev, err);
}

/* A previous component the new output lacks: written again, cancelled. */
static tsc_status cancel_component(tsc_ics_writer *w, const struct tsc__prev_item *p,
                                   icalcomponent *c, struct tsc__text *out, tsc_error *err)
{
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

/* A previous component the new output lacks, read again from the old file. */
static tsc_status cancel_prev(tsc_ics_writer *w, const struct tsc__prev_item *p,
                              struct tsc__text *out, tsc_error *err)
{
    icalcomponent *c;
    tsc_status st = tsc__prev_component(&w->prev, p, &c, err);
    if (st)
        return st;
    st = cancel_component(w, p, c, out, err);
    icalcomponent_free(c);
    return st;
}

tsc_status tsc__ics_cancel_unseen(tsc_ics_writer *w, struct tsc__text *out, tsc_error *err)
{
    tsc_status st = TSC_OK;
    for (size_t i = 0; i < w->prev.n && !st; i++)
        if (!w->prev.items[i].seen) {
            st = cancel_prev(w, &w->prev.items[i], out, err);
            w->count += !st;
        }
    return st;
}
