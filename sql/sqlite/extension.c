/* extension.c -- the entry point SQLite calls on `.load timescale` or
 * sqlite3_load_extension(db, "timescale", ...): one state per connection. */
#include "tsc_sqlite.h"

#include <stdlib.h>

SQLITE_EXTENSION_INIT1

void tsc_sqlite_state_release(void *p)
{
    struct tsc_sqlite_state *state = p;
    if (--state->references > 0)
        return;
    tsc_plan_free(state->scratch_plan);
    tsc_case_free(state->scratch_case);
    tsc_sql_cache_free(state->cache);
    free(state);
}

#ifdef _WIN32
__declspec(dllexport)
#else
__attribute__((visibility("default")))
#endif
int sqlite3_timescale_init(sqlite3 *db, char **error, const sqlite3_api_routines *api)
{
    SQLITE_EXTENSION_INIT2(api);
    struct tsc_sqlite_state *state = calloc(1, sizeof *state);
    if (!state)
        return SQLITE_NOMEM;
    state->cache = tsc_sql_cache_new();
    if (!state->cache || tsc_case_new(&state->scratch_case, NULL) ||
        tsc_plan_new(&state->scratch_plan, NULL)) {
        state->references = 1;
        tsc_sqlite_state_release(state);
        return SQLITE_NOMEM;
    }
    /* Held while registering, so a failed registration cannot free it early. */
    state->references = 1;
    int rc = tsc_sqlite_register_functions(db, state);
    if (rc == SQLITE_OK)
        rc = tsc_sqlite_register_plan(db, state);
    if (rc != SQLITE_OK && error)
        *error = sqlite3_mprintf("timescale: registering the functions failed: %s",
                                 sqlite3_errstr(rc));
    tsc_sqlite_state_release(state);
    return rc;
}
