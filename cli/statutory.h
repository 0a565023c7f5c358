/* statutory.h -- which event a statutory return's element or column is,
 * read from the vocabulary's `statutory` lines (rules/events.vocab), never
 * guessed: "statutory CIN census CINreferralDate" on event referral maps
 * the census element CINreferralDate to referral. */
#ifndef TSC_CLI_STATUTORY_H
#define TSC_CLI_STATUTORY_H

#include "cli.h"
#include "return_layouts.h"

/* One item of a return: the element or column (after the return's prefix
 * and a table name, e.g. "DECOM" of "SSDA903 Episodes DECOM"), and
 * optionally a condition on another column of the same row:
 * "... DECOM where RNE is S" or "... DEC where REC is not X1". */
struct statutory_item {
    const char *table;       /* "Episodes"; "" for the CIN census (one XML tree) */
    const char *name;        /* "DECOM", "CINreferralDate" */
    const char *event;       /* the vocabulary's event name */
    const char *if_column;   /* NULL: every row */
    const char *if_values;   /* space-separated codes */
    bool if_not;             /* the row's code must not be one of if_values */
};

struct statutory_map {
    tsc_vocab *vocab;
    struct statutory_item *items;
    size_t count;
    char *text;              /* the items' strings, one allocation */
    const char *source;      /* the vocabulary's file, for messages */
};

/* The builtin vocabulary's items of the layout's return.  Every item of
 * every event must name a known return, and each of this return's a table
 * and field its reader reads (return_layouts.h): otherwise an error naming
 * the vocabulary's file and line, so no item can be mapped and never read. */
int statutory_map_load(struct statutory_map *map, const struct return_layout *layout);
/* The same from `vocab` (the map takes it; freed with the map), named
 * `source` in messages. */
int statutory_map_from(struct statutory_map *map, tsc_vocab *vocab, const char *source,
                       const struct return_layout *layout);
void statutory_map_free(struct statutory_map *map);
/* The first item from index `from` on with that table and name (an
 * element may map to several events, each under its own condition), or
 * NULL; the next one is searched from (item - map->items) + 1. */
const struct statutory_item *statutory_find(const struct statutory_map *map, const char *table,
                                            const char *name, size_t from);
/* Whether some item of the map (a struct statutory_map) is `event`: the
 * caseload_columns.records of a return. */
bool statutory_records(const void *map, const char *event);
/* Whether a row whose if_column holds `code` (NULL or "": empty) is one
 * the item maps. */
bool statutory_condition_met(const struct statutory_item *it, const char *code);

#endif
