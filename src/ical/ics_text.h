/* ics_text.h -- component text as libical 3.0 serialises it, for the
 * components the writer builds (ics_text.c says why; never installed). */
#ifndef TSC_ICS_TEXT_H
#define TSC_ICS_TEXT_H

#include "internal.h"
#include "text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* One component's text being written.  Out of memory is remembered in
 * failed, so a component is checked once, at its end. */
struct tsc__ics_comp {
    struct tsc__text text;    /* the component so far, folded */
    size_t piece;             /* where the last line's open piece starts in text */
    bool failed;
};

/* A date and time of day, as written ("20260316T140000"). */
struct tsc__ics_civil {
    int year, month, day, hour, minute, second;
};

void tsc__ics_comp_begin(struct tsc__ics_comp *c, const char *kind);   /* "BEGIN:VEVENT" */
void tsc__ics_comp_end(struct tsc__ics_comp *c, const char *kind);
/* NAME:text, escaped as a TEXT value (CATEGORIES as a list). */
void tsc__ics_prop_text(struct tsc__ics_comp *c, const char *name, const char *text);
/* ... text of n octets (stops early at a NUL). */
void tsc__ics_prop_textn(struct tsc__ics_comp *c, const char *name, const char *text, size_t n);
/* A property's start as written (escaped and folded), kept to be written
 * again by the next line that starts with the same name and value: every
 * DESCRIPTION of a rule's items opens with the rule's quote and source.
 * Starts as {0}; release with tsc__ics_memo_free. */
enum { TSC__ICS_MEMO_PIECES = 24 };
struct tsc__ics_memo {
    struct tsc__text raw;     /* "NAME:" and the value's start, as given */
    struct tsc__text out;     /* the same, as written */
    size_t name_n, npieces, len[TSC__ICS_MEMO_PIECES];   /* raw's parts */
    size_t piece;             /* where the open piece starts in out */
    bool valid;               /* raw and out hold a start */
    bool missed;              /* a start was written without the memo */
};
/* NAME:value as tsc__ics_prop_textn, the value being the nfixed strings
 * of fixed, then the n octets of text.  The start (name and fixed) is
 * written from m when m holds the same octets, else kept in m. */
void tsc__ics_prop_text_memo(struct tsc__ics_comp *c, struct tsc__ics_memo *m,
                             const char *name, const char *const *fixed, size_t nfixed,
                             const char *text, size_t n);
void tsc__ics_memo_free(struct tsc__ics_memo *m);
/* X-NAME:text, escaped as libical escapes an X value. */
void tsc__ics_prop_x(struct tsc__ics_comp *c, const char *name, const char *text);
/* NAME:value, for values that need no escaping (STATUS, ACTION, ...). */
void tsc__ics_prop_raw(struct tsc__ics_comp *c, const char *name, const char *value);
/* NAME;VALUE=DATE:YYYYMMDD */
void tsc__ics_prop_date(struct tsc__ics_comp *c, const char *name, int y, int m, int d);
/* NAME;TZID=tzid:YYYYMMDDTHHMMSS (tzid needs no quoting: an Olson name). */
void tsc__ics_prop_local(struct tsc__ics_comp *c, const char *name, const char *tzid,
                         const struct tsc__ics_civil *v);
/* NAME:YYYYMMDDTHHMMSSZ */
void tsc__ics_prop_utc(struct tsc__ics_comp *c, const char *name, const struct tsc__ics_civil *v);
void tsc__ics_prop_int(struct tsc__ics_comp *c, const char *name, int v);
/* TRIGGER;RELATED=START|END: the exact duration, in hours, minutes, seconds. */
void tsc__ics_prop_trigger(struct tsc__ics_comp *c, bool related_end, int64_t seconds);
void tsc__ics_comp_free(struct tsc__ics_comp *c);

#endif
