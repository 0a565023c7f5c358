/* ics_formats.c -- the calendar formats the iCalendar part adds to the
 * core's loaders: holidays from an .ics file. */
#include "ics_internal.h"

static const struct tsc__calendar_format ics_calendar = {".ics", tsc__ics_load_holset};

const struct tsc__calendar_format *const tsc__calendar_formats[] = {&ics_calendar, NULL};
