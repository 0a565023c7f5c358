/* holiday.h -- holiday definitions and how calendars are loaded from
 * them: shared by holfile.c (parses), holset.c (expands), calload.c and
 * calendar.c (build calendars), tools/holgen.c and the calendar formats of
 * the parts above the core (never installed). */
#ifndef TSC_HOLIDAY_H
#define TSC_HOLIDAY_H

#include "internal.h"
#include "arena.h"

/* ---- holiday definitions (holfile.c parses, holset.c expands) ---- */

enum tsc__holkind {
    TSC__HOL_FIXED = 1,        /* day month, every year */
    TSC__HOL_NTH_WEEKDAY = 2,  /* nth (1..4, -1 last) weekday of month */
    TSC__HOL_WEEKDAY_AFTER = 3,  /* weekday on or after day month */
    TSC__HOL_WEEKDAY_BEFORE = 4, /* weekday on or before day month */
    TSC__HOL_EASTER = 5,       /* Easter Sunday + offset */
    TSC__HOL_DATE = 6,         /* one dated day or range (date .. date_end) */
    TSC__HOL_YEARLY_RANGE = 7  /* day month .. day_end month_end, every year */
};

enum { TSC__SUBST_NONE = 0, TSC__SUBST_NEXT_FREE = 1, TSC__SUBST_SHIFT = 2 };

struct tsc__holrule {
    const char *name;
    int line;              /* where it was defined (for messages) */
    uint8_t kind;          /* enum tsc__holkind */
    int8_t month, day;     /* FIXED, WEEKDAY_*, YEARLY_RANGE start */
    int8_t month_end, day_end; /* YEARLY_RANGE end */
    int8_t weekday;        /* 1..7 for NTH_WEEKDAY, WEEKDAY_* */
    int8_t nth;            /* 1..4, or -1 for last */
    int16_t offset;        /* EASTER */
    int16_t from_year, to_year; /* in force [from, to]; 1 and 9999 when open */
    tsc_date date, date_end;    /* DATE */
    uint8_t subst;         /* TSC__SUBST_* */
    int8_t shift[7];       /* TSC__SUBST_SHIFT: days to move, by ISO weekday - 1 */
    int8_t shift_alt[7];   /* ... or these, when that day is already a holiday (0: none) */
};

struct tsc__holmove {
    tsc_date from, to;
    const char *which;     /* move only the holiday of this name, or NULL: all on `from` */
    const char *name;      /* new name, or NULL to keep the old one */
    int line, column;      /* of the first date */
};

struct tsc__holremove {
    tsc_date from, to;     /* inclusive */
    int line, column;      /* of the first date */
};

struct tsc__holset {
    const char *name;      /* calendar name */
    const char *zone;      /* Olson name */
    const char *source;    /* file it came from (for messages) */
    unsigned weekend;      /* TSC_* mask */
    const struct tsc__holrule *rules;
    size_t nrules;
    const struct tsc__holmove *moves;
    size_t nmoves;
    const struct tsc__holremove *removes;
    size_t nremoves;
    const struct tsc__holset *const *includes;
    size_t nincludes;
    const struct tsc__dayindex *index;  /* built-ins: made at build time; else NULL */
};

/* The working-day index over 1900-2200 (dayindex.c; calendar.c reads it). */
struct tsc__dayindex {
    const int32_t *before;     /* tsc__dayindex_span() + 1 entries */
    const tsc_date *work;      /* before[span] entries */
};
tsc_date tsc__dayindex_first(void);
int32_t tsc__dayindex_span(void);
/* Builds the arrays (caller frees both); false on out-of-memory. */
bool tsc__dayindex_build(const struct tsc__holset *hs, unsigned weekend, int32_t **before,
                         tsc_date **work);

/* Built-in calendars (generated from holidays/NAME.hol at build time). */
extern const struct tsc__holset *const tsc__builtin_holsets[];
extern const size_t tsc__builtin_holset_count;
const struct tsc__holset *tsc__builtin_find(const char *name);

/* One observed holiday produced by expanding a set for a year. */
struct tsc__dayhol {
    tsc_date date;
    uint32_t flags;        /* TSC_HOLIDAY_* */
    const char *name;
};

/* A growable array of dayhol, used by the expander. */
struct tsc__dayhol_vec {
    struct tsc__dayhol *v;
    size_t n, cap;
};
void tsc__dayhol_vec_free(struct tsc__dayhol_vec *vec);

/* Appends the holidays that rules of `hs` (and its includes) produce for
 * source year `year`, after substitutes, moves and removals, sorted by date.
 * The result may spill into the neighbouring years (a substitute for
 * 31 December).  Returns false on out-of-memory.  Moves or removals that
 * match nothing are ignored here (the loader checks them). */
bool tsc__holset_expand_year(const struct tsc__holset *hs, int year,
                             struct tsc__dayhol_vec *out);

/* Checks that every move and removal of hs (not of its includes) matches
 * a holiday; the error names the line. */
tsc_status tsc__holset_check(const struct tsc__holset *hs, tsc_error *err);

/* The most holidays one source year can produce (for sizing buffers). */
size_t tsc__holset_year_bound(const struct tsc__holset *hs);

/* ---- holiday file parser (holfile.c) ---- */

/* How an `include` line finds another calendar.  `name` is a bare word
 * (a built-in or NAME.hol beside the including file) or a quoted path. */
struct tsc__include_resolver {
    tsc_status (*resolve)(void *ctx, const char *name, bool quoted, const char *from_source,
                          int depth, struct tsc__arena *arena,
                          const struct tsc__holset **out, tsc_error *err);
    void *ctx;
};

/* Parses holiday-file text.  `source` names it in messages.  Allocates from
 * arena; on success *out is valid until the arena is freed.  `depth` counts
 * nested includes (a loop stops at 16). */
tsc_status tsc__holfile_parse(const char *text, size_t len, const char *source,
                              const struct tsc__include_resolver *resolver, int depth,
                              struct tsc__arena *arena, const struct tsc__holset **out,
                              tsc_error *err);

/* The resolver the public loaders use (built-ins, holiday files and the
 * other calendar formats below). */
extern const struct tsc__include_resolver tsc__default_resolver;

/* A calendar file format other than the holiday-file language, known by
 * the ending of its file name.  The core knows none: a part above it
 * registers its formats by defining tsc__calendar_formats, a NULL-ended
 * list (src/ical/ics_formats.c adds ".ics"; a build without the
 * iCalendar part links src/core/formats_none.c instead). */
struct tsc__calendar_format {
    const char *suffix;
    tsc_status (*load)(const char *path, struct tsc__arena *arena,
                       const struct tsc__holset **out, tsc_error *err);
};
extern const struct tsc__calendar_format *const tsc__calendar_formats[];

/* ---- calendars (calendar.c) ---- */

tsc_status tsc__calendar_from_holset(const struct tsc__holset *hs, struct tsc__arena *arena,
                                     tsc_calendar **out, tsc_error *err);

#endif
