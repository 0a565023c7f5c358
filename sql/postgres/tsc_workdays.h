/* tsc_workdays.h -- shared by the files of the PostgreSQL extension. */
#ifndef TSC_WORKDAYS_H
#define TSC_WORKDAYS_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/date.h"
#include "utils/timestamp.h"

#include "sql_common.h"

/* The backend's cache of calendars and packs, made on first use and kept
 * for the life of the backend (so parallel workers each have their own). */
tsc_sql_cache *tsc_pg_cache(void);

/* The calendar named by text argument `argno` ("england-and-wales", or a
 * .hol/.ics file when the user may read server files), remembered in
 * fn_extra while the name stays the same, and not even compared when the
 * argument is a constant (the DEFAULT, a literal, a query parameter). */
const tsc_calendar *tsc_pg_calendar_arg(FunctionCallInfo fcinfo, int argno, const char *function);

/* Reading a file on the server (a name with '/' or '.') is what the role
 * pg_read_server_files allows; an error for anyone else. */
void tsc_pg_check_may_read(const char *name, const char *what);

/* date <-> tsc_date, and a timestamptz's local date in cal's zone: errors
 * for infinity and dates outside 0001..9999. */
tsc_date tsc_pg_date(DateADT d);
DateADT tsc_pg_to_date(tsc_date d);
tsc_time tsc_pg_time(TimestampTz t);
TimestampTz tsc_pg_to_timestamptz(tsc_time t);
tsc_date tsc_pg_local_date(const tsc_calendar *cal, TimestampTz t, const char *function);

/* Raises the library's error as an SQL error: "FUNCTION: WHAT: message". */
pg_attribute_noreturn() void tsc_pg_error(const char *function, const char *what,
                                          const tsc_error *err);

#endif
