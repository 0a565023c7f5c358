/* ics_internal.h -- shared by the files of src/ical/, the only ones that
 * include libical (never installed); the writer's own state is in
 * ics_writer.h. */
#ifndef TSC_ICS_INTERNAL_H
#define TSC_ICS_INTERNAL_H

#include "internal.h"

#include <libical/ical.h>

/* A parsed iCalendar text and where each component is in it.  libical
 * reports no line numbers, so a first pass over the raw lines records the
 * BEGIN and END line of every component; comps[i] is the i-th component
 * in document order (pre-order), so begin[i] is its BEGIN line. */
struct tsc__ics_doc {
    const char *text;   /* borrowed */
    const char *path;   /* borrowed: names the text in errors */
    icalcomponent *root;
    icalcomponent **comps;
    int *begin, *end;
    size_t n;
};

/* Checks the structure (BEGIN/END nesting, "NAME:value" lines) and parses
 * the text with libical.  Any X-LIC-ERROR libical puts into the tree
 * becomes TSC_ERR_PARSE naming path and the line of the property it is
 * about.  On success *doc owns the tree; release it with
 * tsc__ics_doc_free().  On failure *doc is empty. */
tsc_status tsc__ics_parse(const char *text, const char *path, struct tsc__ics_doc *doc,
                          tsc_error *err);
void tsc__ics_doc_free(struct tsc__ics_doc *doc);

/* The line of the first property `name` written directly inside component
 * i (not in a nested component), or its BEGIN line when there is none. */
int tsc__ics_prop_line(const struct tsc__ics_doc *doc, size_t i, const char *name);

/* Loads holidays from an .ics file as a holset (ics_import.c); the core
 * finds it through tsc__calendar_formats (ics_formats.c). */
tsc_status tsc__ics_load_holset(const char *path, struct tsc__arena *arena,
                                const struct tsc__holset **out, tsc_error *err);

/* FNV-1a, for fingerprints and UID sets. */
uint64_t tsc__ics_hash(const char *s, size_t n);

#endif
