/* plan_vtab.c -- the table-valued function tsc_plan(pack, events [, until
 * [, today]]): one row per due item, the columns of `timescale plan
 * --format csv`, so
 *     SELECT c.id, p.* FROM cases c, tsc_plan('swindon', c.events) p
 * plans a caseload in one query. */
#include "tsc_sqlite.h"

#include <stdlib.h>
#include <string.h>

enum column {
    COL_RULE, COL_OCCURRENCE, COL_DUE, COL_WINDOW_START, COL_STATUS, COL_PROJECTED,
    COL_ANCHOR_EVENT, COL_ANCHOR, COL_DONE_ON, COL_SCHEDULES, COL_ROLE, COL_RULE_TEXT,
    COL_PACK, COL_EVENTS, COL_UNTIL, COL_TODAY   /* the hidden columns are the arguments */
};
enum { FIRST_ARGUMENT = COL_PACK, ARGUMENTS = 4, DEFAULT_HORIZON_DAYS = 366 };

struct plan_table {
    sqlite3_vtab base;
    struct tsc_sqlite_state *state;
};

struct plan_cursor {
    sqlite3_vtab_cursor base;
    tsc_case *c;
    tsc_plan *plan;
    const tsc_calendar *cal;
    size_t row, rows;
    tsc_item item;   /* the current row */
};

static int plan_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                        sqlite3_vtab **out, char **error)
{
    (void)argc, (void)argv, (void)error;
    int rc = sqlite3_declare_vtab(db,
        "CREATE TABLE x(rule, occurrence, due, window_start, status, projected, anchor_event,"
        " anchor, done_on, schedules, role, rule_text,"
        " pack HIDDEN, events HIDDEN, until HIDDEN, today HIDDEN)");
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
    struct plan_table *table = sqlite3_malloc(sizeof *table);
    if (!table)
        return SQLITE_NOMEM;
    memset(table, 0, sizeof *table);
    table->state = aux;
    *out = &table->base;
    return SQLITE_OK;
}

static int plan_disconnect(sqlite3_vtab *vtab)
{
    sqlite3_free(vtab);
    return SQLITE_OK;
}

/* idxNum has bit i set when argument i (pack, events, until, today) is
 * given; pack and events are required. */
static int plan_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
    int where[ARGUMENTS] = {-1, -1, -1, -1}, unusable = 0;
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (c->iColumn < FIRST_ARGUMENT || c->op != SQLITE_INDEX_CONSTRAINT_EQ)
            continue;
        if (!c->usable)
            unusable |= 1 << (c->iColumn - FIRST_ARGUMENT);
        else
            where[c->iColumn - FIRST_ARGUMENT] = i;
    }
    if (where[0] < 0 || where[1] < 0) {
        if (unusable & 3)
            return SQLITE_CONSTRAINT;   /* another plan gives them: a join's other order */
        sqlite3_free(vtab->zErrMsg);
        vtab->zErrMsg = sqlite3_mprintf("tsc_plan: give the pack and the events: "
                                        "tsc_plan(pack, events [, until [, today]])");
        return SQLITE_ERROR;
    }
    int next = 1;
    info->idxNum = 0;
    for (int a = 0; a < ARGUMENTS; a++) {
        if (where[a] < 0)
            continue;
        info->aConstraintUsage[where[a]].argvIndex = next++;
        info->aConstraintUsage[where[a]].omit = 1;
        info->idxNum |= 1 << a;
    }
    info->estimatedCost = 100;
    info->estimatedRows = 100;
    return SQLITE_OK;
}

static int plan_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out)
{
    struct plan_cursor *cur = sqlite3_malloc(sizeof *cur);
    if (!cur)
        return SQLITE_NOMEM;
    memset(cur, 0, sizeof *cur);
    if (tsc_case_new(&cur->c, NULL) || tsc_plan_new(&cur->plan, NULL)) {
        tsc_case_free(cur->c);
        sqlite3_free(cur);
        return SQLITE_NOMEM;
    }
    (void)vtab;
    *out = &cur->base;
    return SQLITE_OK;
}

static int plan_close(sqlite3_vtab_cursor *base)
{
    struct plan_cursor *cur = (struct plan_cursor *)base;
    tsc_plan_free(cur->plan);
    tsc_case_free(cur->c);
    sqlite3_free(cur);
    return SQLITE_OK;
}

static int fail(struct plan_cursor *cur, const char *what, const tsc_error *err)
{
    char message[800];
    tsc_sql_error_text("tsc_plan", what, err, message, sizeof message);
    sqlite3_free(cur->base.pVtab->zErrMsg);
    cur->base.pVtab->zErrMsg = sqlite3_mprintf("%s", message);
    return SQLITE_ERROR;
}

static int load_row(struct plan_cursor *cur)
{
    tsc_error err;
    if (cur->row < cur->rows && tsc_plan_item(cur->plan, cur->row, &cur->item, &err) != TSC_OK)
        return fail(cur, NULL, &err);
    return SQLITE_OK;
}

/* until and today: an ISO date, or absent / NULL for the default. */
static int optional_date(struct plan_cursor *cur, sqlite3_value *value, const char *what,
                         tsc_date *out)
{
    tsc_error err;
    if (!value || sqlite3_value_type(value) == SQLITE_NULL)
        return SQLITE_OK;
    const char *text = (const char *)sqlite3_value_text(value);
    if (!text)
        return SQLITE_NOMEM;
    return tsc_date_parse(text, out, &err) == TSC_OK ? SQLITE_OK : fail(cur, what, &err);
}

static int plan_filter(sqlite3_vtab_cursor *base, int idx_num, const char *idx_str, int argc,
                       sqlite3_value **argv)
{
    (void)idx_str;
    struct plan_cursor *cur = (struct plan_cursor *)base;
    struct tsc_sqlite_state *state = ((struct plan_table *)base->pVtab)->state;
    sqlite3_value *args[ARGUMENTS] = {NULL};
    for (int a = 0, i = 0; a < ARGUMENTS && i < argc; a++)
        if (idx_num & (1 << a))
            args[a] = argv[i++];
    cur->row = cur->rows = 0;
    if (!args[0] || !args[1] || sqlite3_value_type(args[0]) == SQLITE_NULL ||
        sqlite3_value_type(args[1]) == SQLITE_NULL)
        return SQLITE_OK;   /* NULL in, no rows out */
    const char *pack_name = (const char *)sqlite3_value_text(args[0]);
    const char *events = (const char *)sqlite3_value_text(args[1]);
    const tsc_pack *pack;
    tsc_date latest, until = 0, today = 0;
    tsc_error err;
    if (!pack_name || !events)
        return SQLITE_NOMEM;
    if (tsc_sql_cache_pack(state->cache, pack_name, &pack, &err) != TSC_OK)
        return fail(cur, NULL, &err);
    if (tsc_sql_cache_calendar(state->cache, tsc_pack_calendar(pack), &cur->cal, &err) != TSC_OK)
        return fail(cur, NULL, &err);
    tsc_case_clear(cur->c);
    if (tsc_sql_events_from_json(events, cur->c, cur->cal, &latest, &err) != TSC_OK)
        return fail(cur, NULL, &err);
    int rc = optional_date(cur, args[2], "until", &until);
    if (rc == SQLITE_OK)
        rc = optional_date(cur, args[3], "today", &today);
    if (rc != SQLITE_OK)
        return rc;
    if (!latest)
        return SQLITE_OK;   /* no events, nothing due */
    if (!until && tsc_date_add_days(latest, DEFAULT_HORIZON_DAYS, &until, NULL) != TSC_OK)
        until = TSC_DATE_MAX;
    if (tsc_plan_compute(cur->plan, pack, cur->cal, cur->c, until, today, 0, &err) != TSC_OK)
        return fail(cur, NULL, &err);
    cur->rows = tsc_plan_item_count(cur->plan);
    return load_row(cur);
}

static int plan_next(sqlite3_vtab_cursor *base)
{
    struct plan_cursor *cur = (struct plan_cursor *)base;
    cur->row++;
    return load_row(cur);
}

static int plan_eof(sqlite3_vtab_cursor *base)
{
    const struct plan_cursor *cur = (const struct plan_cursor *)base;
    return cur->row >= cur->rows;
}

static void result_date_or_null(sqlite3_context *ctx, tsc_date d)
{
    char text[16];
    size_t n = d ? tsc_date_format(d, text, sizeof text) : 0;
    if (n)
        sqlite3_result_text(ctx, text, (int)n, SQLITE_TRANSIENT);
}

static void result_time(sqlite3_context *ctx, const tsc_calendar *cal, tsc_time t)
{
    char text[40];
    size_t n = tsc_time_format(t, cal, text, sizeof text);
    sqlite3_result_text(ctx, text, (int)n, SQLITE_TRANSIENT);
}

static int plan_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx, int column)
{
    const struct plan_cursor *cur = (const struct plan_cursor *)base;
    const tsc_item *it = &cur->item;
    switch ((enum column)column) {
    case COL_RULE: sqlite3_result_text(ctx, it->rule_id, -1, SQLITE_STATIC); break;
    case COL_OCCURRENCE: sqlite3_result_int(ctx, it->occurrence); break;
    case COL_DUE:
        if (it->flags & TSC_ITEM_TIMED)
            result_time(ctx, cur->cal, it->due_time);
        else
            result_date_or_null(ctx, it->due);
        break;
    case COL_WINDOW_START:
        result_date_or_null(ctx, it->flags & TSC_ITEM_WINDOW ? it->window_start : 0);
        break;
    case COL_STATUS: sqlite3_result_text(ctx, tsc_sql_item_status(it), -1, SQLITE_STATIC); break;
    case COL_PROJECTED:
        sqlite3_result_text(ctx, it->flags & TSC_ITEM_PROJECTED ? "projected" : "firm", -1,
                            SQLITE_STATIC);
        break;
    case COL_ANCHOR_EVENT: sqlite3_result_text(ctx, it->anchor_event, -1, SQLITE_STATIC); break;
    case COL_ANCHOR:
        if (it->anchor_time && !(it->flags & TSC_ITEM_MIDNIGHT) && (it->flags & TSC_ITEM_TIMED))
            result_time(ctx, cur->cal, it->anchor_time);
        else
            result_date_or_null(ctx, it->anchor_date);
        break;
    case COL_DONE_ON: result_date_or_null(ctx, it->flags & TSC_ITEM_DONE ? it->done_on : 0); break;
    case COL_SCHEDULES: sqlite3_result_text(ctx, it->schedules, -1, SQLITE_STATIC); break;
    case COL_ROLE: sqlite3_result_text(ctx, it->role, -1, SQLITE_STATIC); break;
    case COL_RULE_TEXT: sqlite3_result_text(ctx, it->rule_text, -1, SQLITE_STATIC); break;
    default: break;   /* the hidden argument columns read as NULL */
    }
    return SQLITE_OK;
}

static int plan_rowid(sqlite3_vtab_cursor *base, sqlite3_int64 *rowid)
{
    *rowid = (sqlite3_int64)((const struct plan_cursor *)base)->row + 1;
    return SQLITE_OK;
}

static const sqlite3_module plan_module = {
    .iVersion = 0,
    .xConnect = plan_connect,   /* no xCreate: eponymous only, never a CREATE VIRTUAL TABLE */
    .xBestIndex = plan_best_index,
    .xDisconnect = plan_disconnect,
    .xOpen = plan_open,
    .xClose = plan_close,
    .xFilter = plan_filter,
    .xNext = plan_next,
    .xEof = plan_eof,
    .xColumn = plan_column,
    .xRowid = plan_rowid,
};

int tsc_sqlite_register_plan(sqlite3 *db, struct tsc_sqlite_state *state)
{
    state->references++;
    return sqlite3_create_module_v2(db, "tsc_plan", &plan_module, state,
                                    tsc_sqlite_state_release);
}
