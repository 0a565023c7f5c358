/* ics_internal.h -- shared by the files of src/ical/, the only ones that
 * include libical (never installed); the writer's own state is in
 * ics_writer.h. */
#ifndef TSC_ICS_INTERNAL_H
#define TSC_ICS_INTERNAL_H

#include "holiday.h"
#include "arena.h"

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

/* ---- reading the previous export as a stream (ics_previous_read.c) ---- */

/* What a component's text says, apart from its DTSTAMP and SEQUENCE: a
 * hash of its unfolded lines (CR LF or LF) without those two properties.
 * The writer's new components and the previous file's are compared so. */
struct tsc__ics_fp {
    uint64_t h;
};
void tsc__ics_fp_init(struct tsc__ics_fp *fp);
/* Adds one unfolded logical line, without its line end. */
void tsc__ics_fp_line(struct tsc__ics_fp *fp, const char *line, size_t len);
/* The fingerprint of a whole component's text. */
uint64_t tsc__ics_text_fingerprint(const char *text, size_t len);

/* One of our components (UID ending @timescale) in the previous export:
 * what the writer compares, and where to read it again to cancel it. */
struct tsc__prev_item {
    uint64_t key;               /* hash of the UID */
    uint64_t fingerprint;
    const char *uid;            /* in the set's pool */
    size_t order;               /* position in the file */
    int64_t offset;             /* of its BEGIN line in the file */
    size_t length;              /* of its text, through the END line */
    int line;                   /* of its BEGIN line */
    int32_t sequence;
    struct icaltimetype dtstamp;
    bool cancelled, seen;
};

/* The previous export, read once as a stream: memory grows with the number
 * of UIDs, not the file's size.  The file stays open so that a component to
 * be cancelled is read again from the same file even after it is replaced. */
struct tsc__prev_set {
    FILE *f;
    char *path;
    struct tsc__prev_item *items;   /* sorted by key, then file order; UIDs unique */
    size_t n;
    char *pool;                     /* the UIDs, NUL-terminated */
};

/* Reads path (SEQUENCE and DTSTAMP checked, errors with the line). */
tsc_status tsc__prev_load(const char *path, struct tsc__prev_set *set, tsc_error *err);
/* The same from an open stream (which the set then owns). */
tsc_status tsc__prev_load_stream(FILE *f, const char *path, struct tsc__prev_set *set,
                                 tsc_error *err);
struct tsc__prev_item *tsc__prev_find(const struct tsc__prev_set *set, const char *uid);
/* The item's component, parsed again from the file; the caller frees it. */
tsc_status tsc__prev_component(const struct tsc__prev_set *set, const struct tsc__prev_item *it,
                               icalcomponent **out, tsc_error *err);
void tsc__prev_free(struct tsc__prev_set *set);

#endif
