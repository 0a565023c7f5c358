/* ics_module.h -- how a shared libtimescale reaches the iCalendar part.
 *
 * A shared build puts src/ical/ in its own module, libtimescale_ical.so.<version>,
 * beside libtimescale.so, so that a program which never reads or writes an
 * .ics file never loads libical (nor the ICU and libstdc++ it pulls in).
 * libtimescale's tsc_ics_* functions (ics_load.c) dlopen() the module on
 * first use and call through the one table it exports.  The module is made
 * by the same build: it shares the library's private structures, so its
 * file name carries the exact version.  A static build links src/ical/ into
 * libtimescale as before and has neither file. */
#ifndef TSC_ICS_MODULE_H
#define TSC_ICS_MODULE_H

#include "holiday.h"

struct tsc__ical_module {
    size_t size;                        /* sizeof (struct tsc__ical_module) */
    __typeof__(tsc_ics_writer_new) *writer_new;
    __typeof__(tsc_ics_writer_free) *writer_free;
    __typeof__(tsc_ics_writer_set_alarm) *writer_set_alarm;
    __typeof__(tsc_ics_writer_set_dtstamp) *writer_set_dtstamp;
    __typeof__(tsc_ics_writer_set_name) *writer_set_name;
    __typeof__(tsc_ics_writer_load_previous) *writer_load_previous;
    __typeof__(tsc_ics_writer_add_plan) *writer_add_plan;
    __typeof__(tsc_ics_writer_add_labelled_plan) *writer_add_labelled_plan;
    __typeof__(tsc_ics_writer_add_rule) *writer_add_rule;
    __typeof__(tsc_ics_writer_add_holidays) *writer_add_holidays;
    __typeof__(tsc_ics_writer_count) *writer_count;
    __typeof__(tsc_ics_writer_write_file) *writer_write_file;
    __typeof__(tsc_ics_writer_write_string) *writer_write_string;
    __typeof__(tsc_ics_writer_reserve_plan) *writer_reserve_plan;
    __typeof__(tsc_ics_writer_stream_file) *writer_stream_file;
    __typeof__(tsc_ics_writer_streamed) *writer_streamed;
    tsc_status (*writer_write_component)(tsc_ics_writer *w, void **out, tsc_error *err);
    tsc_status (*load_holset)(const char *path, struct tsc__arena *arena,
                              const struct tsc__holset **out, tsc_error *err);
    __typeof__(tsc_calendar_load_ics) *calendar_load_ics;
    /* Filled in by libtimescale when it loads the module: the module makes
     * calendars through libtimescale's own constructor. */
    __typeof__(tsc__calendar_from_holset) **calendar_from_holset;
};

/* The module's only exported symbol. */
#define TSC_ICAL_MODULE_SYMBOL "tsc__ical_module"

#endif
