/* internal.h -- tsc__ helpers every file of src/ may use: text, errors,
 * dates and instants, event names, the lexer, arenas and files (never
 * installed).  Each module with shared state has its own header besides:
 * holiday.h, zone.h, rule.h, pack.h, case.h; src/ical adds ics_internal.h
 * and ics_writer.h. */
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
/* tsc_time counts seconds from 1970-01-01 00:00 UTC, whose day number
 * this is. */
enum { TSC__UNIX_EPOCH_DAY = 719163, TSC__SECONDS_PER_DAY = 86400 };
/* The instant of 00:00 UTC on d. */
static inline tsc_time tsc__midnight_utc(tsc_date d)
{
    return ((tsc_time)d - TSC__UNIX_EPOCH_DAY) * TSC__SECONDS_PER_DAY;
}
/* Whole days from the epoch to t, rounded down (t's UTC date, less the
 * epoch's day number). */
static inline tsc_time tsc__days_since_epoch(tsc_time t)
{
    return t >= 0 ? t / TSC__SECONDS_PER_DAY
                  : -((-t + TSC__SECONDS_PER_DAY - 1) / TSC__SECONDS_PER_DAY);
}
/* Parses "YYYY-MM-DD" from exactly `len` bytes; on error fills err with the
 * column (1-based, relative to `text`) offset by column0. */
tsc_status tsc__date_parse_n(const char *text, size_t len, tsc_date *out, tsc_error *err,
                             const char *source, int line, int column0);

/* ---- event names: one rule for cases, rules and packs ---- */

/* True when s[0..len) is an event name: kebab-case, a lower-case letter
 * first, then lower-case letters and digits, with single '-' between them
 * ("s47-start").  Otherwise *bad (when not NULL) is the offset of the first
 * byte that breaks the rule (len for an empty name). */
static inline bool tsc__is_event_name(const char *s, size_t len, size_t *bad)
{
    size_t i = 0;
    for (; i < len; i++) {
        char c = s[i];
        bool letter = c >= 'a' && c <= 'z', digit = c >= '0' && c <= '9';
        bool joint = c == '-' && i > 0 && i + 1 < len && s[i + 1] != '-';
        if (!(letter || (i > 0 && (digit || joint))))
            break;
    }
    if (bad)
        *bad = i;
    return len > 0 && i == len;
}

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

/* ---- memory for loaded calendars and packs (arena.c): one arena frees
 * everything ---- */

struct tsc__arena;
struct tsc__arena *tsc__arena_new(void);
void *tsc__arena_alloc(struct tsc__arena *a, size_t size);
char *tsc__arena_strndup(struct tsc__arena *a, const char *s, size_t n);
void tsc__arena_free(struct tsc__arena *a);

/* ---- files (fileio.c) ---- */

/* Reads a whole file into memory (NUL-terminated); caller frees. */
tsc_status tsc__read_file(const char *path, char **text, size_t *len, tsc_error *err);

/* Replaces the file at path as a whole or not at all, as tsc_outfile_*
 * do (symbolic links followed, anything but a regular file refused, dead
 * runs' temporaries removed unless !scan, when the caller has removed them
 * with tsc_outfile_remove_stale()): fill(ctx, fd, path, err) writes the new
 * content to a temporary file beside it, which is fsync()ed, given the old
 * file's permissions (a new file gets 0666 less the umask) and renamed
 * over path.  On any failure path is left as it was and the temporary
 * file is removed. */
tsc_status tsc__replace_file(const char *path, bool scan,
                             tsc_status (*fill)(void *ctx, int fd, const char *path,
                                                tsc_error *err),
                             void *ctx, tsc_error *err);
/* Writes all n bytes to fd; an error names path. */
tsc_status tsc__write_all(int fd, const char *p, size_t n, const char *path, tsc_error *err);

#endif
