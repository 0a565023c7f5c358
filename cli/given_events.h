/* given_events.h -- the --event NAME=WHEN options of `rule` and `plan`,
 * split once into names and values; each value is parsed once, into the
 * case (tsc_case_add_date or _add_time), when the calendar is known. */
#ifndef TSC_CLI_GIVEN_EVENTS_H
#define TSC_CLI_GIVEN_EVENTS_H

#include "cli.h"

struct given_event {
    const char *option;   /* the option's whole text, for messages */
    char *name;           /* NAME (owned) */
    const char *when;     /* WHEN: a date, or with a 'T' a time; into option */
};

struct given_events {
    struct given_event *ev;
    size_t n;
};

/* Splits every --event option at its first '='; one without is an error
 * (printed). */
int given_events_split(const struct cli_args *a, struct given_events *out);
void given_events_free(struct given_events *events);
/* True when one of the events is named `name`. */
bool given_events_has(const struct given_events *events, const char *name);
/* Records e in c: WHEN as a date, or as a time (without an offset,
 * wall-clock time in cal's zone); prints any error. */
int given_event_record(const struct given_event *e, tsc_case *c, const tsc_calendar *cal);

#endif
