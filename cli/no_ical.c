/* no_ical.c -- the CLI of a library built without the iCalendar part
 * (-DTSC_ICAL=OFF): the writer functions it calls, so that --ics fails
 * with one clear message.  Linked only in that build; no writer is ever
 * made, so the rest are never reached. */
#include <stdio.h>

#include "timescale.h"

tsc_status tsc_ics_writer_new(const tsc_calendar *cal, unsigned flags, tsc_ics_writer **out,
                              tsc_error *err)
{
    (void)cal;
    (void)flags;
    *out = NULL;
    if (err) {
        *err = (tsc_error){.code = TSC_ERR_ICAL};
        snprintf(err->message, sizeof err->message,
                 "this timescale was built without iCalendar support (TSC_ICAL=OFF)");
    }
    return TSC_ERR_ICAL;
}

void tsc_ics_writer_free(tsc_ics_writer *w) { (void)w; }

static tsc_status unreachable(tsc_error *err)
{
    return tsc_ics_writer_new(NULL, 0, &(tsc_ics_writer *){NULL}, err);
}

tsc_status tsc_ics_writer_set_alarm(tsc_ics_writer *w, int32_t working_days,
                                    int32_t minute_of_day, tsc_error *err)
{
    (void)w, (void)working_days, (void)minute_of_day;
    return unreachable(err);
}

tsc_status tsc_ics_writer_set_dtstamp(tsc_ics_writer *w, tsc_time dtstamp, tsc_error *err)
{
    (void)w, (void)dtstamp;
    return unreachable(err);
}

tsc_status tsc_ics_writer_set_name(tsc_ics_writer *w, const char *name, tsc_error *err)
{
    (void)w, (void)name;
    return unreachable(err);
}

tsc_status tsc_ics_writer_load_previous(tsc_ics_writer *w, const char *path, tsc_error *err)
{
    (void)w, (void)path;
    return unreachable(err);
}

tsc_status tsc_ics_writer_add_plan(tsc_ics_writer *w, const char *case_id, const tsc_plan *plan,
                                   tsc_error *err)
{
    (void)w, (void)case_id, (void)plan;
    return unreachable(err);
}

tsc_status tsc_ics_writer_add_labelled_plan(tsc_ics_writer *w, const char *case_id,
                                            const char *label, const tsc_plan *plan,
                                            tsc_error *err)
{
    (void)w, (void)case_id, (void)label, (void)plan;
    return unreachable(err);
}

tsc_status tsc_ics_writer_add_holidays(tsc_ics_writer *w, tsc_date from, tsc_date to,
                                       tsc_error *err)
{
    (void)w, (void)from, (void)to;
    return unreachable(err);
}

size_t tsc_ics_writer_count(const tsc_ics_writer *w)
{
    (void)w;
    return 0;
}

tsc_status tsc_ics_writer_write_file(tsc_ics_writer *w, const char *path, tsc_error *err)
{
    (void)w, (void)path;
    return unreachable(err);
}

tsc_status tsc_ics_writer_write_string(tsc_ics_writer *w, char **out, size_t *len,
                                       tsc_error *err)
{
    (void)w, (void)out, (void)len;
    return unreachable(err);
}

tsc_status tsc_ics_writer_reserve_plan(tsc_ics_writer *w, const tsc_plan *plan, tsc_error *err)
{
    (void)w, (void)plan;
    return unreachable(err);
}

tsc_status tsc_ics_writer_stream_file(tsc_ics_writer *w, const char *path, tsc_error *err)
{
    (void)w, (void)path;
    return unreachable(err);
}
