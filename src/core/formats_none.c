/* formats_none.c -- the calendar formats of a build without the iCalendar
 * part (-DTSC_ICAL=OFF): none but the holiday-file language, and a clear
 * error for an .ics file instead of parsing it as one. */
#include "holiday.h"

static tsc_status no_ical(const char *path, struct tsc__arena *arena,
                          const struct tsc__holset **out, tsc_error *err)
{
    (void)arena;
    (void)out;
    return tsc__fail_at(err, TSC_ERR_ICAL, path, 0, 0,
                        "cannot load an iCalendar file: this libtimescale was built without "
                        "the iCalendar part (TSC_ICAL=OFF)");
}

static const struct tsc__calendar_format ics_missing = {".ics", no_ical};

const struct tsc__calendar_format *const tsc__calendar_formats[] = {&ics_missing, NULL};
