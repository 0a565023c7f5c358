/* timescale_ical.h -- the iCalendar writer's output as a libical component.
 *
 * Optional: include it only if your program uses libical itself (it
 * includes <libical/ical.h>, so build with `pkg-config --cflags --libs
 * libical`).  Everything else is in timescale.h. */
#ifndef TIMESCALE_ICAL_H
#define TIMESCALE_ICAL_H

#include <libical/ical.h>

#include "timescale.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Ends the writer as tsc_ics_writer_write_file() does and parses the text
 * it would write: *out is a new VCALENDAR component owned by the caller;
 * release it with icalcomponent_free().  TSC_ERR_ICAL when libical cannot
 * parse it (a bug: please report it). */
TSC_API tsc_status tsc_ics_writer_write_component(tsc_ics_writer *w, icalcomponent **out,
                                                  tsc_error *err);

#ifdef __cplusplus
}
#endif
#endif /* TIMESCALE_ICAL_H */
