/* csv_fields.h -- one CSV line split into fields, as Excel writes them:
 * a field may be "quoted" (holding commas, and "" for a quote). */
#ifndef TSC_CLI_CSV_FIELDS_H
#define TSC_CLI_CSV_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

struct csv_fields {
    char **field;            /* into the line, unquoted and NUL-terminated in place */
    size_t count, cap;
};

/* Splits `line` (its end already cut) in place; false when out of memory
 * or a quoted field is not closed on the line (*unclosed set). */
bool csv_split(char *line, struct csv_fields *f, bool *unclosed);
void csv_fields_free(struct csv_fields *f);

#endif
