/* items.h -- writing plan items as a table, CSV or JSON. */
#ifndef TSC_CLI_ITEMS_H
#define TSC_CLI_ITEMS_H

#include "cli.h"

enum item_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

struct item_writer {
    FILE *out;
    enum item_format format;
    const tsc_calendar *cal;
    bool with_case;         /* a case_id column (batch mode) */
    size_t written;
};

int item_format_parse(const char *text, enum item_format *out);
void items_begin(struct item_writer *w);
void items_write(struct item_writer *w, const char *case_id, const tsc_item *it);
void items_end(struct item_writer *w);
/* Writes every item of a plan. */
void items_write_plan(struct item_writer *w, const char *case_id, const tsc_plan *plan);

#endif
