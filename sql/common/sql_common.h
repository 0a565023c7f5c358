/* sql_common.h -- what the SQLite and PostgreSQL extensions share, over the
 * public API only: a cache of calendars and packs by name, a case's events
 * from JSON text, and a plan item's text columns. */
#ifndef TSC_SQL_COMMON_H
#define TSC_SQL_COMMON_H

#include <timescale.h>

#include <stdbool.h>

#define TSC_SQL_DEFAULT_CALENDAR "england-and-wales"

/* The roll a convention names, as tsc_roll(date, convention) takes it;
 * false for any other text (and NULL). */
bool tsc_sql_roll_named(const char *name, tsc_roll *out);
#define TSC_SQL_ROLL_NAMES \
    "following, preceding, modified-following, modified-preceding or unadjusted"

/* Calendars and packs opened once and kept until the cache is freed (one
 * cache per SQLite connection, one per PostgreSQL backend).  A name is a
 * built-in calendar or pack, or a file path: "*.hol" or "*.ics" for a
 * calendar, "*.rules" for a pack.  Only those suffixes are read, so a
 * function called from an untrusted schema cannot make the extension read
 * any other file. */
typedef struct tsc_sql_cache tsc_sql_cache;

tsc_sql_cache *tsc_sql_cache_new(void);                 /* NULL: out of memory */
void tsc_sql_cache_free(tsc_sql_cache *cache);          /* frees everything it opened */
/* Borrowed: valid until the cache is freed.  NULL name: the default calendar. */
tsc_status tsc_sql_cache_calendar(tsc_sql_cache *cache, const char *name,
                                  const tsc_calendar **out, tsc_error *err);
tsc_status tsc_sql_cache_pack(tsc_sql_cache *cache, const char *name, const tsc_pack **out,
                              tsc_error *err);
/* A one-rule pack (tsc_pack_from_rule) for tsc_due, cached by its text. */
tsc_status tsc_sql_cache_rule(tsc_sql_cache *cache, const char *rule, const tsc_pack **out,
                              tsc_error *err);

/* Records into `c` the events of a JSON object whose values are a date or
 * date-time ("2026-03-02", "2026-03-02T14:30") or an array of them:
 *     {"referral": "2026-03-02", "cp-visit": ["2026-03-10", "2026-03-20"]}
 * Errors have the column (source "events").  *latest is the latest date
 * recorded (0 when none). */
tsc_status tsc_sql_events_from_json(const char *json, tsc_case *c, const tsc_calendar *cal,
                                    tsc_date *latest, tsc_error *err);

/* The due date of the first occurrence of a one-rule pack counted from
 * `anchor` (a date or date-time text) on `cal`: *timed is set when it is an
 * hour rule (then *due_time is the instant).  TSC_ERR_NOTFOUND when the rule
 * has no occurrence; TSC_ERR_ARG when it names more than one event to count
 * from (use tsc_plan). */
tsc_status tsc_sql_due(const tsc_pack *rule, const char *anchor, const tsc_calendar *cal,
                       tsc_case *scratch_case, tsc_plan *scratch_plan, tsc_item *first,
                       tsc_error *err);

/* Exactly "YYYY-MM-DD" (len bytes, no terminator needed) to a day number,
 * as tsc_date_parse would give; false for any other text, which the caller
 * hands to tsc_date_parse for its error.  A fast path for per-row calls. */
bool tsc_sql_date_parse10(const char *text, size_t len, tsc_date *out);
/* A valid date as its 10 characters, no terminator (tsc_date_format's text). */
void tsc_sql_date_format10(tsc_date d, char out[10]);

/* "open", "overdue", "done" or "done-late": the CLI's status column. */
const char *tsc_sql_item_status(const tsc_item *it);

/* "FUNCTION: WHAT: source:line:column: message" into buf (what may be NULL). */
void tsc_sql_error_text(const char *function, const char *what, const tsc_error *err,
                        char *buf, size_t size);

#endif
