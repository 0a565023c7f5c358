/* ics_module.c -- the table the iCalendar module exports (ics_module.h). */
#include "ics_internal.h"
#include "ics_module.h"
#include "timescale_ical.h"

static tsc_status write_component(tsc_ics_writer *w, void **out, tsc_error *err)
{
    icalcomponent *comp = NULL;
    tsc_status st = tsc_ics_writer_write_component(w, out ? &comp : NULL, err);
    if (out)
        *out = comp;
    return st;
}

static __typeof__(tsc__calendar_from_holset) *calendar_from_holset;

tsc_status tsc__calendar_from_holset(const struct tsc__holset *hs, struct tsc__arena *arena,
                                     tsc_calendar **out, tsc_error *err)
{
    return calendar_from_holset(hs, arena, out, err);
}

__attribute__((visibility("default"))) const struct tsc__ical_module tsc__ical_module = {
    .size = sizeof(struct tsc__ical_module),
    .writer_new = tsc_ics_writer_new,
    .writer_free = tsc_ics_writer_free,
    .writer_set_alarm = tsc_ics_writer_set_alarm,
    .writer_set_dtstamp = tsc_ics_writer_set_dtstamp,
    .writer_set_name = tsc_ics_writer_set_name,
    .writer_load_previous = tsc_ics_writer_load_previous,
    .writer_add_plan = tsc_ics_writer_add_plan,
    .writer_add_labelled_plan = tsc_ics_writer_add_labelled_plan,
    .writer_add_rule = tsc_ics_writer_add_rule,
    .writer_add_holidays = tsc_ics_writer_add_holidays,
    .writer_count = tsc_ics_writer_count,
    .writer_write_file = tsc_ics_writer_write_file,
    .writer_write_string = tsc_ics_writer_write_string,
    .writer_reserve_plan = tsc_ics_writer_reserve_plan,
    .writer_stream_file = tsc_ics_writer_stream_file,
    .writer_streamed = tsc_ics_writer_streamed,
    .writer_write_component = write_component,
    .load_holset = tsc__ics_load_holset,
    .calendar_load_ics = tsc_calendar_load_ics,
    .calendar_from_holset = &calendar_from_holset,
};
