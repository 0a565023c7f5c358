/* return_layouts.h -- the published layouts of the statutory returns the
 * CLI reads: which tables (files) and which dated fields each reader can
 * turn into events, and which code fields a `where` may test.  The readers
 * read exactly these, and the vocabulary's `statutory` lines are checked
 * against them when a reader loads them (statutory.c), so a line naming a
 * table or field no reader reads is an error, never an item silently lost. */
#ifndef TSC_CLI_RETURN_LAYOUTS_H
#define TSC_CLI_RETURN_LAYOUTS_H

#include <stdbool.h>
#include <stddef.h>

struct return_table {
    const char *name;               /* "Episodes"; "" for the CIN census (one XML tree) */
    const char *file;               /* "episodes.csv"; NULL for the census */
    bool required;                  /* the return is refused without it */
    const char *const *dates;       /* NULL-terminated: fields that can be events */
    const char *const *codes;       /* NULL-terminated: fields a `where` may test */
};

struct return_layout {
    const char *prefix;             /* "SSDA903": the statutory lines' first words */
    const char *reader;             /* "--ssda903", for messages */
    bool with_table;                /* the items name a table before the field */
    const struct return_table *tables;
    size_t ntables;
};

extern const struct return_layout cin_census_layout, ssda903_layout;

/* Returns the vocabulary names that no reader reads: their `statutory`
 * lines document the item only ("Ofsted Annex A"); NULL-terminated. */
extern const char *const unread_returns[];

bool return_field_listed(const char *const *list, const char *name);

#endif
