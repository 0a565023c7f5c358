/* tsc_sqlite.h -- shared by the files of the SQLite extension. */
#ifndef TSC_SQLITE_H
#define TSC_SQLITE_H

#include <sqlite3ext.h>

#include "sql_common.h"

SQLITE_EXTENSION_INIT3

/* The connection's state: every function and the tsc_plan module hold a
 * reference; the last to be dropped frees it. */
struct tsc_sqlite_state {
    tsc_sql_cache *cache;
    const tsc_calendar *default_calendar;   /* from the cache, once looked up */
    tsc_case *scratch_case;   /* for tsc_due; calls on one connection are serialised */
    tsc_plan *scratch_plan;
    int references;
};

void tsc_sqlite_state_release(void *state);

int tsc_sqlite_register_functions(sqlite3 *db, struct tsc_sqlite_state *state);
int tsc_sqlite_register_plan(sqlite3 *db, struct tsc_sqlite_state *state);

#endif
