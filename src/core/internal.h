/* internal.h -- tsc__ helpers shared by the files of src/ (never installed). */
#ifndef TSC_INTERNAL_H
#define TSC_INTERNAL_H

#include "timescale.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(__GNUC__)
#define TSC__PRINTF(f, a) __attribute__((format(printf, f, a)))
#define TSC__NOINLINE __attribute__((noinline))
#else
#define TSC__PRINTF(f, a)
#define TSC__NOINLINE
#endif

/* qsort, except that sorting nothing (perhaps at a NULL base) is allowed. */
static inline void tsc__sort(void *base, size_t n, size_t size,
                             int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

/* Makes *array hold at least `need` elements of `size` bytes, doubling
 * (from 16) as it grows; false when out of memory (the array is unchanged). */
bool tsc__grow(void **array, size_t *cap, size_t need, size_t size);

/* ---- growable text (text.c) ---- */

/* Growable when it starts as {0}: p is NUL-terminated once anything was
 * added; failed means an append ran out of memory (the text is incomplete);
 * release it with tsc__text_free().  Fixed when made by tsc__text_fixed():
 * the caller's array keeps what fits, NUL-terminated, and n counts all of
 * it (snprintf's convention). */
struct tsc__text {
    char *p;
    size_t n, cap;
    bool failed, fixed;
};
static inline struct tsc__text tsc__text_fixed(char *buf, size_t size)
{
    if (buf && size)
        buf[0] = '\0';
    return (struct tsc__text){.p = buf, .cap = buf ? size : 0, .fixed = true};
}
void tsc__text_add(struct tsc__text *t, const char *s, size_t n);
void tsc__text_puts(struct tsc__text *t, const char *s);
void tsc__text_printf(struct tsc__text *t, const char *fmt, ...) TSC__PRINTF(2, 3);
void tsc__text_vprintf(struct tsc__text *t, const char *fmt, va_list ap) TSC__PRINTF(2, 0);
/* The text so far ("" before the first append). */
static inline const char *tsc__text_str(const struct tsc__text *t) { return t->p ? t->p : ""; }
void tsc__text_free(struct tsc__text *t);

/* ---- errors (error.c) ---- */

/* Fills *err (when not NULL) and returns code, so a failure is one statement. */
tsc_status tsc__fail(tsc_error *err, tsc_status code, const char *fmt, ...) TSC__PRINTF(3, 4);
tsc_status tsc__fail_at(tsc_error *err, tsc_status code, const char *source, int line,
                        int column, const char *fmt, ...) TSC__PRINTF(6, 7);
tsc_status tsc__vfail_at(tsc_error *err, tsc_status code, const char *source, int line,
                         int column, const char *fmt, va_list ap) TSC__PRINTF(6, 0);
void tsc__error_clear(tsc_error *err);

/* ---- dates (date.c) ---- */

static inline bool tsc__date_valid(tsc_date d) { return d >= TSC_DATE_MIN && d <= TSC_DATE_MAX; }
/* y, m, d already valid. */
tsc_date tsc__ymd_to_date(int y, int m, int d);
/* d already valid. */
void tsc__date_to_ymd(tsc_date d, int *y, int *m, int *dd);
/* ISO weekday 1..7 of a valid date. */
static inline int tsc__weekday(tsc_date d) { return (int)((d - 1) % 7) + 1; }
/* Year of a valid date (cheaper than the full split when only that is needed). */
int tsc__date_year(tsc_date d);
/* Easter Sunday; year 1..9999. */
tsc_date tsc__easter(int year);
/* Month arithmetic without range checks on the result year (caller checks). */
bool tsc__add_months(tsc_date d, int64_t months, bool keep_eom, tsc_date *out);
/* Parses "YYYY-MM-DD" from exactly `len` bytes; on error fills err with the
 * column (1-based, relative to `text`) offset by column0. */
tsc_status tsc__date_parse_n(const char *text, size_t len, tsc_date *out, tsc_error *err,
                             const char *source, int line, int column0);

/* ---- line lexer (lex.c), shared by the holiday-file and rule parsers ---- */

struct tsc__token {
    const char *text;      /* into the caller's text; for quoted, without quotes */
    size_t len;
    int line, column;      /* 1-based; column of the first byte (the quote) */
    bool quoted;
};

/* Splits one line into tokens: "quoted strings", ',' and '..' on their own,
 * and words (runs of other non-blank bytes).  '#' outside quotes ends the
 * line.  Returns the number of tokens (at most max) or -1 with *err set
 * (unterminated quote, too many tokens). */
/* Steps over a leading UTF-8 byte-order mark, which some editors write. */
void tsc__skip_bom(const char **text, size_t *len);
int tsc__lex_line(const char *text, size_t len, const char *source, int line,
                  struct tsc__token *toks, int max, tsc_error *err);

static inline bool tsc__tok_is(const struct tsc__token *t, const char *word)
{
    size_t i = 0;
    if (t->quoted)
        return false;
    for (; i < t->len; i++)
        if (word[i] != t->text[i] || !word[i])
            return false;
    return word[i] == '\0';
}

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

/* Memory for loaded holsets: one arena frees everything. */
struct tsc__arena;
struct tsc__arena *tsc__arena_new(void);
void *tsc__arena_alloc(struct tsc__arena *a, size_t size);
char *tsc__arena_strndup(struct tsc__arena *a, const char *s, size_t n);
void tsc__arena_free(struct tsc__arena *a);

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

/* Reads a whole file into memory (NUL-terminated); caller frees. */
tsc_status tsc__read_file(const char *path, char **text, size_t *len, tsc_error *err);

/* Replaces the file at path as a whole or not at all, as tsc_outfile_*
 * do (symbolic links followed, anything but a regular file refused, dead
 * runs' temporaries removed): fill(ctx, fd, path, err) writes the new
 * content to a temporary file beside it, which is fsync()ed, given the old
 * file's permissions (a new file gets 0666 less the umask) and renamed
 * over path.  On any failure path is left as it was and the temporary
 * file is removed. */
tsc_status tsc__replace_file(const char *path,
                             tsc_status (*fill)(void *ctx, int fd, const char *path,
                                                tsc_error *err),
                             void *ctx, tsc_error *err);
/* Writes all n bytes to fd; an error names path. */
tsc_status tsc__write_all(int fd, const char *p, size_t n, const char *path, tsc_error *err);

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

/* ---- time zones (zone.c) ---- */

struct tsc__zone;
const struct tsc__zone *tsc__zone_find(const char *name);
const char *tsc__zone_name(const struct tsc__zone *z);
int tsc__zone_first_year(const struct tsc__zone *z);
/* UTC offset in seconds at instant t; false when t is outside the zone's years. */
bool tsc__zone_offset_at(const struct tsc__zone *z, tsc_time t, int32_t *offset);

/* ---- instants in a zone (time.c): a calendar's public tsc_time_*
 * functions, for the calendar's zone; pointers are not NULL. ---- */

tsc_status tsc__zone_from_local(const struct tsc__zone *z, tsc_date d, int minute_of_day,
                                tsc_time *out, tsc_error *err);
tsc_status tsc__zone_to_local(const struct tsc__zone *z, tsc_time t, tsc_date *date,
                              int *minute_of_day, int *utc_offset_minutes, tsc_error *err);
tsc_status tsc__zone_parse_time(const struct tsc__zone *z, const char *text, tsc_time *out,
                               tsc_error *err);
size_t tsc__zone_format_time(const struct tsc__zone *z, tsc_time t, char *buf, size_t size);

#endif
