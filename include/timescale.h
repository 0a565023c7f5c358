/* timescale.h -- working-day deadlines on bank-holiday calendars.
 *
 * Everything public is declared here; anything else may change.
 *
 * Threads: the library has no global mutable state.  A tsc_calendar is
 * immutable once built, so any number of threads may query one calendar
 * without locks.  Functions that write only to their own arguments are
 * reentrant.  (The iCalendar functions are the exception; see there.)
 *
 * Errors: every function that can fail returns a tsc_status (TSC_OK is 0)
 * and takes a `tsc_error *err` last; err may be NULL.  On failure the
 * out-parameters are left untouched unless the function says otherwise.
 *
 * NULL: an accessor (a function that cannot fail and returns a property of
 * an object) given a NULL object returns what an empty one would: "" for a
 * name, 0 for a count, mask, test or length, NULL for an i-th name.
 * Functions that can fail give TSC_ERR_ARG; tsc_X_free(NULL) does nothing.
 *
 * Ownership is stated per function in the same words each time:
 * "a new X owned by the caller; release it with tsc_X_free()",
 * "borrowed: valid until X is freed", or "into the caller's buffer"
 * (snprintf's rules: the length needed is returned, at most size bytes
 * are written, NUL included).  Strings the library returns are UTF-8.
 *
 * Dates: a tsc_date is a day number (0001-01-01 is 1); text dates are
 * ISO 8601 "YYYY-MM-DD", nothing else; a tsc_time is seconds since
 * 1970-01-01T00:00Z, shown as wall-clock time in a calendar's zone.
 * What "N working days after" means (day 0, half-open counts, rolls) is
 * README "Conventions (kept by the library, its tests and every pack)".
 *
 * File formats.  Each has one maintained description, named here rather
 * than repeated (tests/scripts/test_doc_references.py checks the names):
 *     holiday files (.hol)     README "Holiday calendars"
 *     the rule language        README "Writing rules", "What a rule means"
 *     rule packs (.rules)      README "Rule packs"
 *     the event vocabulary     the opening comment of rules/events.vocab;
 *                              README "Recording events"
 *     caseload CSV (the CLI)   README "Reminders for a team"
 *     iCalendar output         README "Calendar files"
 * Errors in any of them name the file (or "<string>"), line and column.
 */
#ifndef TIMESCALE_H
#define TIMESCALE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TSC_VERSION_MAJOR 0
#define TSC_VERSION_MINOR 1
#define TSC_VERSION_PATCH 0
#define TSC_VERSION "0.1.0"
#define TSC_VERSION_NUMBER (TSC_VERSION_MAJOR * 10000 + TSC_VERSION_MINOR * 100 + TSC_VERSION_PATCH)

#if defined(__GNUC__) && !defined(_WIN32)
#define TSC_API __attribute__((visibility("default")))
#else
#define TSC_API
#endif

/* ------------------------------------------------------------------ */
/* Types                                                              */

/* A date is a day number: 0001-01-01 is 1, as Python's date.toordinal().
 * Valid dates are 1 (0001-01-01) .. 3652059 (9999-12-31). */
typedef int32_t tsc_date;
#define TSC_DATE_MIN 1
#define TSC_DATE_MAX 3652059

/* An instant: seconds since 1970-01-01T00:00:00Z (leap seconds ignored). */
typedef int64_t tsc_time;

typedef struct tsc_calendar tsc_calendar;  /* opaque, immutable */

/* ------------------------------------------------------------------ */
/* Status codes and errors.  Values are fixed; Python mirrors them.   */

typedef enum tsc_status {
    TSC_OK = 0,
    TSC_ERR_NOMEM = 1,    /* out of memory */
    TSC_ERR_ARG = 2,      /* invalid argument (NULL pointer, bad flag) */
    TSC_ERR_DATE = 3,     /* no such date or time: 2023-02-29, 25:00 */
    TSC_ERR_RANGE = 4,    /* outside the supported years or index */
    TSC_ERR_PARSE = 5,    /* malformed text: see line and column */
    TSC_ERR_IO = 6,       /* reading or writing a file failed */
    TSC_ERR_NOTFOUND = 7, /* unknown name (calendar, event, pack) */
    TSC_ERR_ICAL = 8      /* libical refused or reported an error */
    /* New codes may be added. */
} tsc_status;

typedef struct tsc_error {
    tsc_status code;
    int line, column;   /* 1-based; 0 = unknown.  Column counts bytes. */
    char source[256];   /* file name, "<string>", or "" */
    char message[192];  /* detail; "" means use tsc_strerror(code) */
} tsc_error;

/* Static text for a code, never NULL ("unknown error" outside the list). */
TSC_API const char *tsc_strerror(tsc_status code);

/* Formats e as "source:line:column: message" (parts that are unknown are
 * left out) into the caller's buffer, with snprintf's rules: returns the
 * length the whole text needs, writes at most size bytes including the
 * terminating NUL. */
TSC_API size_t tsc_error_format(const tsc_error *e, char *buf, size_t size);

TSC_API const char *tsc_version(void);         /* TSC_VERSION of the running library */
TSC_API int tsc_version_number(void);          /* TSC_VERSION_NUMBER of it */

/* Frees memory the library returned through a `char **` out-parameter. */
TSC_API void tsc_free(void *p);

/* ------------------------------------------------------------------ */
/* Dates                                                              */

/* Builds a date from year (1..9999), month (1..12) and day.  TSC_ERR_DATE
 * for a day that does not exist (2023-02-29), TSC_ERR_RANGE for a year
 * outside 1..9999. */
TSC_API tsc_status tsc_date_from_ymd(int year, int month, int day, tsc_date *out,
                                     tsc_error *err);

/* Splits a valid date; NULL out-pointers are skipped.  TSC_ERR_RANGE when d
 * is not a valid date. */
TSC_API tsc_status tsc_date_to_ymd(tsc_date d, int *year, int *month, int *day,
                                   tsc_error *err);

/* ISO weekday: 1 = Monday .. 7 = Sunday; 0 when d is not a valid date. */
TSC_API int tsc_date_weekday(tsc_date d);

/* 1 when year is a Gregorian leap year, else 0. */
TSC_API int tsc_date_is_leap_year(int year);

/* Days in the month (28..31); 0 when month or year is out of range. */
TSC_API int tsc_date_days_in_month(int year, int month);

/* Strict ISO 8601 calendar date "YYYY-MM-DD", nothing before or after it.
 * TSC_ERR_PARSE (with the column) for malformed text, TSC_ERR_DATE for a
 * date that does not exist, TSC_ERR_RANGE for year 0000. */
TSC_API tsc_status tsc_date_parse(const char *text, tsc_date *out, tsc_error *err);

/* Writes "YYYY-MM-DD" into the caller's buffer (snprintf rules; 11 bytes
 * suffice).  Returns the length needed, 0 when d is not a valid date. */
TSC_API size_t tsc_date_format(tsc_date d, char *buf, size_t size);

/* Plain calendar arithmetic.  TSC_ERR_RANGE when the result leaves
 * 0001-01-01..9999-12-31 or d is invalid. */
TSC_API tsc_status tsc_date_add_days(tsc_date d, int64_t days, tsc_date *out, tsc_error *err);

/* Month and year arithmetic clamps to the end of the month: 31 Jan + 1 month
 * is 28 or 29 Feb.  With TSC_KEEP_END_OF_MONTH, a start on the last day of
 * its month lands on the last day of the target month (28 Feb 2026 + 1
 * month = 31 Mar 2026), as QuantLib's endOfMonth. */
enum { TSC_KEEP_END_OF_MONTH = 1 };
TSC_API tsc_status tsc_date_add_months(tsc_date d, int32_t months, unsigned flags,
                                       tsc_date *out, tsc_error *err);
TSC_API tsc_status tsc_date_add_years(tsc_date d, int32_t years, unsigned flags,
                                      tsc_date *out, tsc_error *err);

/* Easter Sunday of `year` (Gregorian computus), years 1..9999. */
TSC_API tsc_status tsc_date_easter(int year, tsc_date *out, tsc_error *err);

/* ------------------------------------------------------------------ */
/* Calendars                                                          */

/* Weekday bits for weekend masks: bit (weekday - 1), Monday = bit 0. */
enum {
    TSC_MON = 1 << 0, TSC_TUE = 1 << 1, TSC_WED = 1 << 2, TSC_THU = 1 << 3,
    TSC_FRI = 1 << 4, TSC_SAT = 1 << 5, TSC_SUN = 1 << 6,
    TSC_WEEKEND_DEFAULT = TSC_SAT | TSC_SUN
};

/* Opens the built-in calendar `name`: "england-and-wales", "scotland",
 * "northern-ireland", "st-helena" (see tsc_calendar_builtin_name).  No file
 * is read.  TSC_OK: *out is a new calendar owned by the caller; release it
 * with tsc_calendar_free().  TSC_ERR_NOTFOUND: unknown name. */
TSC_API tsc_status tsc_calendar_open(const char *name, tsc_calendar **out, tsc_error *err);

/* Loads a calendar from a holiday file (the format of holidays/NAME.hol; see
 * README "Holiday calendars"), or from an iCalendar file when the path ends in
 * ".ics".  Errors name the file, line and column.  *out as for open. */
TSC_API tsc_status tsc_calendar_load_file(const char *path, tsc_calendar **out, tsc_error *err);

/* The same from text in memory; `source` names it in errors (NULL:
 * "<string>").  A file may combine calendars, set the weekend and add or
 * remove closure days, e.g.
 *     include england-and-wales
 *     weekend fri sat
 *     "Council closure"  2026-12-24..2026-12-31
 *     remove 2026-12-28
 * Relative includes in a string resolve from the current directory. */
TSC_API tsc_status tsc_calendar_load_string(const char *text, const char *source,
                                            tsc_calendar **out, tsc_error *err);

/* A calendar whose closures are the all-day VEVENTs of an iCalendar
 * document in memory: len bytes at data (no NUL among them), as
 * tsc_calendar_load_file() reads an ".ics" file.  `source` names it in
 * errors (NULL: "<ics>"); its file name without the extension, each run of
 * bytes other than letters, digits, '.', '_' and '-' as one '-', names the
 * calendar ("ics" when nothing is left).  Part of the iCalendar part:
 * absent from a library built with -DTSC_ICAL=OFF. */
TSC_API tsc_status tsc_calendar_load_ics(const char *data, size_t len, const char *source,
                                         tsc_calendar **out, tsc_error *err);

TSC_API void tsc_calendar_free(tsc_calendar *cal);  /* NULL is a harmless no-op */

/* Names of the built-in calendars: i = 0 .. tsc_calendar_builtin_count()-1;
 * NULL past the end.  Static strings. */
TSC_API size_t tsc_calendar_builtin_count(void);
TSC_API const char *tsc_calendar_builtin_name(size_t i);

/* Borrowed: valid until cal is freed. */
TSC_API const char *tsc_calendar_name(const tsc_calendar *cal);
/* The Olson zone hour rules use ("Europe/London", "Atlantic/St_Helena"). */
TSC_API const char *tsc_calendar_zone(const tsc_calendar *cal);
/* The weekend mask (TSC_SAT | TSC_SUN by default). */
TSC_API unsigned tsc_calendar_weekend(const tsc_calendar *cal);
/* First and last date of the precomputed index (O(1) queries inside it;
 * correct but slower outside it); 0 and 0 for a NULL calendar. */
TSC_API void tsc_calendar_index_span(const tsc_calendar *cal, tsc_date *first, tsc_date *last);

/* 1 when d is a working day of cal, 0 when it is a weekend day, a holiday,
 * or not a valid date. */
TSC_API int tsc_calendar_is_working_day(const tsc_calendar *cal, tsc_date d);

typedef struct tsc_holiday {
    tsc_date date;     /* the day that is not worked (the observed day) */
    uint32_t flags;    /* TSC_HOLIDAY_* */
    const char *name;  /* borrowed: valid until the calendar is freed */
} tsc_holiday;
enum {
    TSC_HOLIDAY_SUBSTITUTE = 1, /* moved off a weekend by a substitute rule */
    TSC_HOLIDAY_MOVED = 2,      /* moved by a `move` line (2020 VE day) */
    TSC_HOLIDAY_ONE_OFF = 4     /* a single dated holiday or closure */
};

/* The holidays observed in [from, to] (inclusive), in date order (one
 * entry per name: a day with two holidays appears twice).  Writes at most
 * `capacity` entries into the caller's array `out` (which may be NULL when
 * capacity is 0) and sets *count to the number in the range, so a caller
 * can size the array and call again.  TSC_ERR_RANGE for invalid dates. */
TSC_API tsc_status tsc_calendar_holidays(const tsc_calendar *cal, tsc_date from, tsc_date to,
                                         tsc_holiday *out, size_t capacity, size_t *count,
                                         tsc_error *err);

/* The n-th working day strictly after `from` (n > 0), strictly before it
 * (n < 0), or `from` itself (n == 0), whether or not `from` is a working
 * day.  O(1) inside the index span.  TSC_ERR_RANGE when the answer would
 * leave 0001-01-01..9999-12-31. */
TSC_API tsc_status tsc_calendar_add_working_days(const tsc_calendar *cal, tsc_date from,
                                                 int32_t n, tsc_date *out, tsc_error *err);

/* The first working day after / before d (strictly). */
TSC_API tsc_status tsc_calendar_next_working_day(const tsc_calendar *cal, tsc_date d,
                                                 tsc_date *out, tsc_error *err);
TSC_API tsc_status tsc_calendar_previous_working_day(const tsc_calendar *cal, tsc_date d,
                                                     tsc_date *out, tsc_error *err);

/* Working days in the half-open range [from, to); negative when to < from
 * (minus the count of [to, from)).  With TSC_COUNT_INCLUSIVE, [from, to]
 * (and [to, from] negated).  For every working day d and every n:
 * count(d, add(d, n)) == n. */
enum { TSC_COUNT_INCLUSIVE = 1 };
TSC_API tsc_status tsc_calendar_count_working_days(const tsc_calendar *cal, tsc_date from,
                                                   tsc_date to, unsigned flags, int32_t *out,
                                                   tsc_error *err);

typedef enum tsc_roll {
    TSC_ROLL_UNADJUSTED = 0,
    TSC_ROLL_FOLLOWING = 1,
    TSC_ROLL_PRECEDING = 2,
    TSC_ROLL_MODIFIED_FOLLOWING = 3, /* following unless that changes month */
    TSC_ROLL_MODIFIED_PRECEDING = 4  /* preceding unless that changes month */
} tsc_roll;

/* d itself when it is a working day, else the working day `roll` picks.  A
 * modified roll that would leave the month (or 0001..9999) goes the other way. */
TSC_API tsc_status tsc_calendar_roll(const tsc_calendar *cal, tsc_date d, tsc_roll roll,
                                     tsc_date *out, tsc_error *err);

/* Batch forms: element i of out is the single call on element i of the
 * inputs.  On failure err's message names the first failing index and the
 * contents of out are unspecified. */
TSC_API tsc_status tsc_calendar_add_working_days_batch(const tsc_calendar *cal,
                                                       const tsc_date *from, const int32_t *n,
                                                       size_t count, tsc_date *out,
                                                       tsc_error *err);
TSC_API tsc_status tsc_calendar_count_working_days_batch(const tsc_calendar *cal,
                                                         const tsc_date *from,
                                                         const tsc_date *to, size_t count,
                                                         unsigned flags, int32_t *out,
                                                         tsc_error *err);

/* ------------------------------------------------------------------ */
/* Times in a calendar's zone                                         */

/* Parses "YYYY-MM-DDTHH:MM[:SS]" as wall-clock time in cal's zone, or with
 * an explicit offset ("+01:00", "Z").  A wall-clock time that does not
 * exist (in the spring-forward gap) is TSC_ERR_DATE; one that happens
 * twice (autumn) means the first.  TSC_ERR_RANGE outside the years whose
 * zone rules are built in: Europe/London from 1972, Atlantic/St_Helena from
 * 1951, UTC always. */
TSC_API tsc_status tsc_time_parse(const char *text, const tsc_calendar *cal, tsc_time *out,
                                  tsc_error *err);

/* Writes "YYYY-MM-DDTHH:MM+HH:MM" (wall-clock time in cal's zone, then its
 * UTC offset) into the caller's buffer (snprintf rules; 23 bytes suffice).
 * Returns the length needed, 0 when t is out of range. */
TSC_API size_t tsc_time_format(tsc_time t, const tsc_calendar *cal, char *buf, size_t size);

/* The instant of wall-clock `minute_of_day` (0..1439) on date d in cal's
 * zone (the gap and the repeated hour as for tsc_time_parse). */
TSC_API tsc_status tsc_time_from_local(const tsc_calendar *cal, tsc_date d, int minute_of_day,
                                       tsc_time *out, tsc_error *err);

/* Splits t into its local date, minute of day and UTC offset in minutes. */
TSC_API tsc_status tsc_time_to_local(const tsc_calendar *cal, tsc_time t, tsc_date *date,
                                     int *minute_of_day, int *utc_offset_minutes,
                                     tsc_error *err);

/* ------------------------------------------------------------------ */
/* Rules                                                              */

/* A rule in the timescale language ("5 working days after referral",
 * "every 10 working days after icpc", ...; see README "Writing rules").
 * Parsing checks the grammar only; names of events are not checked. */
typedef struct tsc_rule tsc_rule;

/* TSC_OK: *out is a new rule owned by the caller; release it with
 * tsc_rule_free().  TSC_ERR_PARSE: err has the column of the offending word
 * (line 1).  `text` is one line. */
TSC_API tsc_status tsc_rule_parse(const char *text, tsc_rule **out, tsc_error *err);
TSC_API void tsc_rule_free(tsc_rule *rule);  /* NULL is a harmless no-op */

/* The rule in canonical form into the caller's buffer (snprintf rules):
 * the words a user would write, with the defaults spelt out. */
TSC_API size_t tsc_rule_format(const tsc_rule *rule, char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* Rule packs                                                         */

/* A pack: the rules of one authority's practice standards, each with its
 * id, the event it schedules, the responsible role, the section and quote
 * it comes from, and notes.  Immutable once loaded, so threads may share
 * one pack. */
typedef struct tsc_pack tsc_pack;

/* Opens a built-in pack ("swindon", "bucks", "sthelena", "sunderland",
 * "wiltshire"): no file is read.  *out is a new pack owned by the caller;
 * release it with tsc_pack_free().  TSC_ERR_NOTFOUND: unknown name. */
TSC_API tsc_status tsc_pack_open(const char *name, tsc_pack **out, tsc_error *err);
/* Loads a pack file (format: README "Rule packs"); errors name the file,
 * line and column. */
TSC_API tsc_status tsc_pack_load_file(const char *path, tsc_pack **out, tsc_error *err);
TSC_API tsc_status tsc_pack_load_string(const char *text, const char *source, tsc_pack **out,
                                        tsc_error *err);
/* A pack of one parsed rule (from tsc_rule_parse(); the pack keeps its own
 * copy, so the rule may be freed), with id "rule": its occurrences are
 * events named `schedules` (NULL: "occurrence"); `calendar` names the
 * pack's calendar (NULL: "england-and-wales").  TSC_ERR_PARSE (line 1, the
 * column in the rule's text) for a rule no pack may hold, e.g. one that
 * schedules its own anchor. */
TSC_API tsc_status tsc_pack_from_rule(const tsc_rule *rule, const char *schedules,
                                      const char *calendar, tsc_pack **out, tsc_error *err);
/* A new pack holding only the rules of `pack` whose ids are listed. */
TSC_API tsc_status tsc_pack_select(const tsc_pack *pack, const char *const *ids, size_t count,
                                   tsc_pack **out, tsc_error *err);
TSC_API void tsc_pack_free(tsc_pack *pack);  /* NULL is a harmless no-op */

TSC_API size_t tsc_pack_builtin_count(void);
TSC_API const char *tsc_pack_builtin_name(size_t i);   /* static; NULL past the end */

/* Borrowed: valid until pack is freed ("" when the pack does not say). */
TSC_API const char *tsc_pack_name(const tsc_pack *pack);
TSC_API const char *tsc_pack_authority(const tsc_pack *pack);
TSC_API const char *tsc_pack_title(const tsc_pack *pack);
TSC_API const char *tsc_pack_calendar(const tsc_pack *pack);

typedef struct tsc_rule_info {
    const char *id;          /* "swindon.visits.cp-first" */
    const char *when;        /* the rule text */
    const char *schedules;   /* the event its occurrences are */
    const char *role;        /* the rest are "" when the pack does not say */
    const char *section;
    const char *quote;
    const char *note;
    const char *alternative; /* the other form of a two-form timescale */
    const char *area;        /* the id's middle part: "visits" */
    int32_t binding;         /* 1 when marked binding */
} tsc_rule_info;

TSC_API size_t tsc_pack_rule_count(const tsc_pack *pack);
/* Rule i of the pack; strings borrowed until the pack is freed.
 * TSC_ERR_RANGE past the end. */
TSC_API tsc_status tsc_pack_rule(const tsc_pack *pack, size_t i, tsc_rule_info *out,
                                 tsc_error *err);
/* TSC_ERR_NOTFOUND when no rule has that id. */
TSC_API tsc_status tsc_pack_find_rule(const tsc_pack *pack, const char *id, size_t *index,
                                      tsc_error *err);
/* The events the pack's rules name (anchors, ends and scheduled events). */
TSC_API size_t tsc_pack_event_count(const tsc_pack *pack);
TSC_API const char *tsc_pack_event_name(const tsc_pack *pack, size_t i);
/* 1 when a case may record `name` for this pack: an event of the
 * vocabulary (rules/events.vocab) or of its rules, or an alias of one. */
TSC_API int tsc_pack_has_event(const tsc_pack *pack, const char *name);
/* 1 when a rule of the pack schedules event i (rules produce it: record it
 * when done), 0 when only a case records it. */
TSC_API int tsc_pack_event_produced(const tsc_pack *pack, size_t i);
/* The indexes of the rules that count from event i (as anchor or end), up
 * to `max` into out; returns how many there are. */
TSC_API size_t tsc_pack_event_rules(const tsc_pack *pack, size_t i, size_t *out, size_t max);
/* The event rule i counts from (its first anchor: "referral" in "3 working
 * days after referral"); borrowed; NULL past the end. */
TSC_API const char *tsc_pack_rule_anchor(const tsc_pack *pack, size_t i);
/* The event a time-based end of rule i counts from ("date-of-birth" in
 * "... until 18 years after date-of-birth"), or NULL when it has none. */
TSC_API const char *tsc_pack_rule_end_anchor(const tsc_pack *pack, size_t i);

/* ------------------------------------------------------------------ */
/* The event vocabulary: one name per event for every pack             */

/* Every event name the packs use (rules/events.vocab, compiled in): what a
 * user records and what rules produce, each with a meaning, aliases, an
 * `is` parent (a subtype: recording it records the parent too) and the
 * statutory data items it is.  Immutable once loaded. */
typedef struct tsc_vocab tsc_vocab;

typedef struct tsc_event_info {
    const char *name;        /* "emergency-placement" */
    const char *means;       /* one line a social worker recognises */
    const char *parent;      /* the `is` event, "" when none */
    const char *aliases;     /* space-separated, "" when none */
    const char *statutory;   /* "; "-separated ("CIN census CINreferralDate"), "" when none */
    int32_t produced;        /* 1: rules schedule it (record it when done); 0: a case fact */
    const char *label;       /* what calendars call it ("LAC review"): tsc_vocab_label() */
} tsc_event_info;

/* The compiled-in vocabulary; or one loaded from a file or string (errors
 * name the file, line and column).  Release with tsc_vocab_free(). */
TSC_API tsc_status tsc_vocab_builtin(tsc_vocab **out, tsc_error *err);
TSC_API tsc_status tsc_vocab_load_file(const char *path, tsc_vocab **out, tsc_error *err);
TSC_API tsc_status tsc_vocab_load_string(const char *text, const char *source, tsc_vocab **out,
                                         tsc_error *err);
TSC_API void tsc_vocab_free(tsc_vocab *vocab);  /* NULL is a harmless no-op */
TSC_API size_t tsc_vocab_count(const tsc_vocab *vocab);
/* Event i, in file order; strings borrowed until the vocabulary is freed. */
TSC_API tsc_status tsc_vocab_event(const tsc_vocab *vocab, size_t i, tsc_event_info *out,
                                   tsc_error *err);
/* The line of the file event i's k-th statutory item (in the order of its
 * "; "-separated list) was written on, or 0 when there is none: for messages
 * about an item, e.g. a return's reader that cannot read it. */
TSC_API int tsc_vocab_statutory_line(const tsc_vocab *vocab, size_t i, size_t k);
/* The index of the event `name` names (itself or an alias), or -1. */
TSC_API int64_t tsc_vocab_find(const tsc_vocab *vocab, const char *name);
/* The label calendar files show for event `name` (each SUMMARY starts with
 * it): the vocabulary's `label` for the event (or the event an alias
 * names), else the name's words, the first capitalised, and short words
 * without a vowel or with a digit in capitals ("s47-strategy" -> "S47
 * strategy").  vocab may be NULL (the second form only).  Into the
 * caller's buffer (snprintf rules). */
TSC_API size_t tsc_vocab_label(const tsc_vocab *vocab, const char *name, char *buf,
                               size_t size);
/* Up to `max` (at most 8) names nearest to a misspelt `name`, nearest first;
 * the count.  The names are borrowed from the vocabulary. */
TSC_API size_t tsc_vocab_suggest(const tsc_vocab *vocab, const char *name, const char **out,
                                 size_t max);

/* ------------------------------------------------------------------ */
/* Cases: the events recorded for one child                          */

typedef struct tsc_case tsc_case;

/* *out is a new, empty case owned by the caller; release it with
 * tsc_case_free().  A case may be cleared and reused. */
TSC_API tsc_status tsc_case_new(tsc_case **out, tsc_error *err);
TSC_API void tsc_case_free(tsc_case *c);  /* NULL is a harmless no-op */
TSC_API void tsc_case_clear(tsc_case *c);
/* Records one occurrence of `event` (kebab-case) on a date, or at an
 * instant.  An event may be recorded any number of times. */
TSC_API tsc_status tsc_case_add_date(tsc_case *c, const char *event, tsc_date d, tsc_error *err);
TSC_API tsc_status tsc_case_add_time(tsc_case *c, const char *event, tsc_time t, tsc_error *err);
/* "NAME=YYYY-MM-DD" or "NAME=YYYY-MM-DDTHH:MM[+HH:MM]" (a time without an
 * offset is wall-clock time in cal's zone). */
TSC_API tsc_status tsc_case_add_text(tsc_case *c, const char *assignment,
                                     const tsc_calendar *cal, tsc_error *err);

/* ------------------------------------------------------------------ */
/* Plans: every due item of a pack for one case                       */

typedef struct tsc_plan tsc_plan;

enum {
    TSC_ITEM_TIMED = 1,         /* an hour rule: due_time is the instant due */
    TSC_ITEM_PROJECTED = 2,     /* counts from an event that is only projected */
    TSC_ITEM_DONE = 4,          /* matched to a recorded event (done_on) */
    TSC_ITEM_OVERDUE = 8,       /* open and due before `today` */
    TSC_ITEM_LATE = 16,         /* done, but after the due date */
    TSC_ITEM_TIME_NOT_RECORDED = 32, /* an hour rule whose anchor had no time: a deadline
                                        is then due on a date (the anchor's, moved by the
                                        whole days of the amount), not at an instant; a
                                        series in hours counts from 00:00 */
    TSC_ITEM_MIDNIGHT = 32,     /* the same flag's older name */
    TSC_ITEM_BINDING = 64,      /* the rule is marked binding */
    TSC_ITEM_WINDOW = 128,      /* window_start is the first day of a window */
    TSC_ITEM_DONE_TIMED = 256,  /* done_time is the instant of the matching event */
    TSC_ITEM_TRUNCATED = 512,   /* the last item of a series cut short at
                                   TSC_PLAN_SERIES_LIMIT: more were due before `until` */
    TSC_ITEM_END_UNKNOWN = 1024, /* the rule ends at a time after an event not recorded
                                 * ("until 18 years after date-of-birth", no date of
                                 * birth): tsc_pack_rule_end_anchor() names it */
    TSC_ITEM_NO_EARLIER = 2048  /* the rule schedules the n-th EVENT ("schedules second
                                 * lac-review") but the case has fewer than n-1 before
                                 * it, recorded or projected by another rule (the rule
                                 * projecting the first counts from an event not
                                 * recorded): rules counting from "first EVENT" then
                                 * count from a later one, and "second EVENT" is never */
};

typedef struct tsc_item {
    const char *rule_id;     /* borrowed from the pack */
    const char *schedules;   /* the event the item is an occurrence of */
    const char *anchor_event;/* the event it counts from */
    const char *role;
    const char *rule_text;
    uint32_t rule_index;     /* for tsc_pack_rule() */
    int32_t occurrence;      /* 1, 2, ... within the rule (per anchor instance for deadlines) */
    uint32_t flags;          /* TSC_ITEM_* */
    tsc_date due;            /* local date due */
    tsc_date window_start;   /* with TSC_ITEM_WINDOW; else 0 */
    tsc_date anchor_date;    /* local date of the anchor instance */
    tsc_date done_on;        /* with TSC_ITEM_DONE; else 0 */
    tsc_time due_time;       /* with TSC_ITEM_TIMED */
    tsc_time anchor_time;    /* the anchor's instant when it had a time; for a series in
                                hours whose anchor had none, the 00:00 it counted from
                                (TSC_ITEM_TIME_NOT_RECORDED); else 0 */
    tsc_time done_time;      /* with TSC_ITEM_DONE_TIMED */
} tsc_item;

enum {
    TSC_PLAN_IGNORE_UNKNOWN_EVENTS = 1, /* else an event the pack never names is an error */
    TSC_PLAN_UNTIL_BOUNDS_REPEATS = 2   /* `until` bounds only the repeats of a series: every
                                           deadline and every series' first occurrence is
                                           given whatever its date (a default horizon must
                                           never hide a deadline) */
};

/* The horizon when none is given: the latest day the case records (a
 * time's local date in the calendar's zone) plus this many days; it bounds
 * only repeats, as TSC_PLAN_UNTIL_BOUNDS_REPEATS does. */
enum { TSC_PLAN_DEFAULT_HORIZON_DAYS = 366 };
/* The most occurrences one series gives in one plan ("every 1 minute" for a
 * year would give 527,040): the series stops there, its last item has
 * TSC_ITEM_TRUNCATED and tsc_plan_truncated() counts it. */
enum { TSC_PLAN_SERIES_LIMIT = 10000 };

/* *out is a new, empty plan owned by the caller; release it with
 * tsc_plan_free().  A plan is reused by each tsc_plan_compute(), which
 * keeps its memory: computing many cases with one plan allocates nothing
 * once it has grown. */
TSC_API tsc_status tsc_plan_new(tsc_plan **out, tsc_error *err);
TSC_API void tsc_plan_free(tsc_plan *plan);  /* NULL is a harmless no-op */

/* Computes every due item of `pack` for case `c` on calendar `cal`, up to
 * and including `until` (0: the default horizon, see above; the last date
 * when that is past it); `today` (0: none) sets TSC_ITEM_OVERDUE.  Items
 * are ordered by due date and time, then pack order, then occurrence.
 * TSC_ERR_NOTFOUND: the case records an event no rule names (unless
 * TSC_PLAN_IGNORE_UNKNOWN_EVENTS).  On failure the plan is empty.  The pack,
 * calendar and case are only read: one pack and calendar may serve many
 * threads, each with its own plan and case.  The plan remembers the pack
 * and calendar (which must outlive its use) and the horizon. */
TSC_API tsc_status tsc_plan_compute(tsc_plan *plan, const tsc_pack *pack,
                                    const tsc_calendar *cal, const tsc_case *c, tsc_date until,
                                    tsc_date today, unsigned flags, tsc_error *err);
TSC_API size_t tsc_plan_item_count(const tsc_plan *plan);
/* What the last successful tsc_plan_compute() used: borrowed; NULL (and 0
 * for the horizon) before one and after a failure. */
TSC_API const tsc_pack *tsc_plan_pack(const tsc_plan *plan);
TSC_API const tsc_calendar *tsc_plan_calendar(const tsc_plan *plan);
TSC_API tsc_date tsc_plan_until(const tsc_plan *plan);
/* How many series the last computation cut short at TSC_PLAN_SERIES_LIMIT
 * (0: the plan is complete up to `until`). */
TSC_API size_t tsc_plan_truncated(const tsc_plan *plan);
/* How many items due after `until` the last computation left out: deadlines
 * and first occurrences of series (never later repeats; always 0 with
 * TSC_PLAN_UNTIL_BOUNDS_REPEATS). */
TSC_API size_t tsc_plan_hidden(const tsc_plan *plan);
/* The rules of the plan's pack that schedule the n-th EVENT (n >= 2:
 * "schedules second lac-review") but count from an event the case neither
 * records nor has projected, in a case with at least one EVENT and fewer
 * than n: that one, and every rule counting from it, is not planned
 * (a Sunderland child recorded from a placement, without lac-start, gets
 * no 4-month review and no six-monthly ones).  Up to `max` rule indexes
 * (for tsc_pack_rule) into out; returns how many there are. */
TSC_API size_t tsc_plan_unanchored(const tsc_plan *plan, size_t *out, size_t max);
/* Item i (strings borrowed from the pack).  TSC_ERR_RANGE past the end. */
TSC_API tsc_status tsc_plan_item(const tsc_plan *plan, size_t i, tsc_item *out,
                                 tsc_error *err);

/* ------------------------------------------------------------------ */
/* iCalendar                                                          */

/* A writer turns plans (and holiday lists) into one iCalendar (RFC 5545)
 * file that a worker imports into a calendar program.  Each due item is a
 * VEVENT (all-day on its due date; a window spans its first day to its due
 * date; an hour rule is timed, with TZID the calendar's Olson zone and a
 * VTIMEZONE from libical's zone data cut to the years the file uses), or
 * with TSC_ICS_TODO a VTODO with DUE.  Its UID comes from (case id, rule
 * id, occurrence), so a later export updates the same items.  A reminder
 * N working days before the due date, at 09:00 local time on the
 * calendar, is written twice: as a VALARM with a relative trigger (the
 * exact time to that instant) and, unless TSC_ICS_NO_REMINDER_EVENTS, as a
 * separate all-day VEVENT on that day (one line, RELATED-TO its item),
 * for programs that drop imported alarms.  README "Calendar files" has the details.
 *
 * Threads: libical keeps process-wide state (its time zone cache, its
 * error state and mode).  The writer reads libical's zone data once per
 * zone and year range, under a lock of its own, and otherwise touches
 * only its own components, so different threads may use different
 * writers at once.  One writer is not to be shared between threads
 * without a lock.  Code elsewhere in the process that calls libical
 * directly (icaltimezone_set_tzid_prefix, icalerror_set_errors_are_fatal,
 * icaltimezone_free_builtin_timezones, ...) while a writer works is not
 * made safe by this; the library never calls those. */
typedef struct tsc_ics_writer tsc_ics_writer;

enum {
    TSC_ICS_TODO = 1,               /* VTODOs with DUE instead of VEVENTs */
    TSC_ICS_NO_REMINDER_EVENTS = 2, /* VALARMs only, no "Reminder: ..." VEVENTs */
    /* The caller has removed dead runs' temporaries from the directory
     * tsc_ics_writer_write_file() writes into (tsc_outfile_remove_stale()),
     * so it does not read the directory again: for many files in one
     * directory, where reading it for each file costs as much as the file. */
    TSC_ICS_STALE_REMOVED = 4
};

/* *out is a new, empty writer owned by the caller; release it with
 * tsc_ics_writer_free().  Dates and reminders are reckoned on cal (which
 * must outlive the writer), as the plans given to it must be.  Defaults:
 * reminders 1 working day before at 09:00, DTSTAMP the time the writer
 * was made.  TSC_ERR_ARG for unknown flags. */
TSC_API tsc_status tsc_ics_writer_new(const tsc_calendar *cal, unsigned flags,
                                      tsc_ics_writer **out, tsc_error *err);
TSC_API void tsc_ics_writer_free(tsc_ics_writer *w);  /* NULL is a harmless no-op */

/* Reminders `working_days` (0..366; 0: none) working days before each due
 * date, at `minute_of_day` (0..1439) local time.  Before the first add. */
TSC_API tsc_status tsc_ics_writer_set_alarm(tsc_ics_writer *w, int32_t working_days,
                                            int32_t minute_of_day, tsc_error *err);
/* The DTSTAMP of new and changed components (reproducible output, e.g.
 * from SOURCE_DATE_EPOCH).  Before the first add. */
TSC_API tsc_status tsc_ics_writer_set_dtstamp(tsc_ics_writer *w, tsc_time dtstamp,
                                              tsc_error *err);
/* X-WR-CALNAME, the name a calendar program shows (copied). */
TSC_API tsc_status tsc_ics_writer_set_name(tsc_ics_writer *w, const char *name,
                                           tsc_error *err);
/* Reads the file written last time (before the first add).  A component
 * whose UID this library made keeps its SEQUENCE and DTSTAMP when it is
 * unchanged, gets SEQUENCE + 1 when it changed, and is written again with
 * STATUS:CANCELLED when the new output no longer has it.  Errors name the
 * file and line (TSC_ERR_PARSE, TSC_ERR_NOTFOUND, TSC_ERR_IO). */
TSC_API tsc_status tsc_ics_writer_load_previous(tsc_ics_writer *w, const char *path,
                                                tsc_error *err);

/* Adds every item of a computed plan for case `case_id` (any text, at
 * most 200 bytes; it names the case in UIDs and descriptions, and every SUMMARY starts
 * "<case_id>: "); the plan
 * brings its pack.  TSC_ERR_ARG when the plan was not computed, or was
 * computed on another calendar than the writer's, or when an item's UID
 * was already written (the same case added twice).  On failure nothing of
 * this plan is in the output. */
TSC_API tsc_status tsc_ics_writer_add_plan(tsc_ics_writer *w, const char *case_id,
                                           const tsc_plan *plan, tsc_error *err);
/* The same, each SUMMARY starting "<label>: " instead of "<case_id>: ";
 * `label` (at most 200 bytes) is what the team calls the case, e.g.
 * initials; NULL or "" means the case id. */
TSC_API tsc_status tsc_ics_writer_add_labelled_plan(tsc_ics_writer *w, const char *case_id,
                                                    const char *label, const tsc_plan *plan,
                                                    tsc_error *err);
/* The same, for the items of rule `rule_index` of the plan's pack only. */
TSC_API tsc_status tsc_ics_writer_add_rule(tsc_ics_writer *w, const char *case_id,
                                           const tsc_plan *plan, size_t rule_index,
                                           tsc_error *err);
/* Adds the calendar's holidays in [from, to] as all-day VEVENTs. */
TSC_API tsc_status tsc_ics_writer_add_holidays(tsc_ics_writer *w, tsc_date from, tsc_date to,
                                               tsc_error *err);
/* Components (events, to-dos, reminders, cancellations) added so far. */
TSC_API size_t tsc_ics_writer_count(const tsc_ics_writer *w);

/* Writing a large file once.  The VTIMEZONEs at the top of the file are
 * cut to the years its timed items use, known only at the end, so the
 * writer keeps the components (in memory, past 8 MiB in a temporary file)
 * and writes them after the head: past 8 MiB every byte is written twice.
 * A caller who can plan the cases before adding them declares each plan
 * with tsc_ics_writer_reserve_plan() (the years of its timed items), then
 * names the file with tsc_ics_writer_stream_file(): the head is written at
 * once into a temporary file beside `path`, each plan's components follow
 * as they are added, and tsc_ics_writer_write_file(w, path), the same
 * `path` text, ends and renames that file.  The bytes are the same either
 * way: when the zones and years the file needs at the end are not exactly
 * those reserved (a plan added but not reserved, or reserved and not
 * added, with years of its own; a previous component cancelled in another
 * year or zone), the file is written as without them (twice).  Both calls come
 * after the settings and tsc_ics_writer_load_previous() and before the
 * first add; settings after tsc_ics_writer_stream_file() are TSC_ERR_ARG.
 * TSC_ERR_ARG when the plan was not computed or on another calendar. */
TSC_API tsc_status tsc_ics_writer_reserve_plan(tsc_ics_writer *w, const tsc_plan *plan,
                                               tsc_error *err);
/* TSC_ERR_IO naming `path` when its temporary file cannot be made (as
 * tsc_ics_writer_write_file(), which it starts); a writer freed before
 * writing `path` removes it. */
TSC_API tsc_status tsc_ics_writer_stream_file(tsc_ics_writer *w, const char *path,
                                              tsc_error *err);
/* 1 when tsc_ics_writer_write_file() renamed the streamed file into place
 * (its bytes written once), else 0. */
TSC_API int tsc_ics_writer_streamed(const tsc_ics_writer *w);

/* Writes the file atomically: a temporary file in the same directory,
 * flushed and fsync()ed, then renamed over `path` (keeping an existing
 * file's permissions).  On any failure `path` is left as it was and the
 * temporary file is removed.  The first write ends the writer: later adds
 * are TSC_ERR_ARG, later writes give the same text. */
TSC_API tsc_status tsc_ics_writer_write_file(tsc_ics_writer *w, const char *path,
                                             tsc_error *err);
/* The same text as a new NUL-terminated string owned by the caller;
 * release it with tsc_free().  *len (when len is not NULL) is its length. */
TSC_API tsc_status tsc_ics_writer_write_string(tsc_ics_writer *w, char **out, size_t *len,
                                               tsc_error *err);
/* (include/timescale_ical.h adds the same as a libical component.) */

/* ------------------------------------------------------------------ */
/* Output files, replaced whole or not at all                         */

typedef struct tsc_outfile tsc_outfile;

/* Starts replacing `path` (tsc_ics_writer_write_file() does the same):
 * text written to tsc_outfile_stream() goes to a temporary file beside the
 * target, which tsc_outfile_commit() flushes, fsync()s and renames over it
 * (keeping an existing file's permissions).  A symbolic link is followed
 * and its target replaced.  A path that exists but is not a regular file
 * (a directory, FIFO or device) is TSC_ERR_IO and nothing is written.
 * Temporary files that dead processes left for the same target (a killed
 * export) are removed.  The caller owns *out until commit or abort. */
TSC_API tsc_status tsc_outfile_open(const char *path, tsc_outfile **out, tsc_error *err);
/* Removes from directory dir every temporary file NAME.PID.N.tmp that a
 * process PID, now dead, left while replacing NAME (a killed export), as
 * tsc_outfile_open() does for its own target.  For a caller writing many
 * files into one directory: once here, then TSC_ICS_STALE_REMOVED.
 * TSC_ERR_IO when dir cannot be read. */
TSC_API tsc_status tsc_outfile_remove_stale(const char *dir, tsc_error *err);
/* Borrowed: valid until commit or abort. */
TSC_API FILE *tsc_outfile_stream(tsc_outfile *f);
/* Makes the file appear whole; on any failure (a write error included)
 * the path is left as it was.  Frees f either way. */
TSC_API tsc_status tsc_outfile_commit(tsc_outfile *f, tsc_error *err);
/* Leaves the path as it was and frees f; NULL is a harmless no-op. */
TSC_API void tsc_outfile_abort(tsc_outfile *f);

#ifdef __cplusplus
}
#endif
#endif /* TIMESCALE_H */
