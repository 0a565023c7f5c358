/* csv_fields.h -- one CSV line split into fields, as Excel writes them:
 * a field may be "quoted" (holding commas, and "" for a quote). */
#ifndef TSC_CLI_CSV_FIELDS_H
#define TSC_CLI_CSV_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct csv_fields {
    char **field;            /* into the line, unquoted and NUL-terminated in place */
    size_t count, cap;
};

/* Splits `line` (its end already cut) in place; false when out of memory
 * or a quoted field is not closed on the line (*unclosed set). */
bool csv_split(char *line, struct csv_fields *f, bool *unclosed);
/* The next line of f (`path` for messages, *line counted) without its
 * end, NUL-free, the byte-order mark of line 1 dropped, in *buf (getline:
 * no length limit); NULL at the end, *rc set on error. */
char *csv_next_line(FILE *f, const char *path, long *line, char **buf, size_t *cap, int *rc);
void csv_fields_free(struct csv_fields *f);

#endif
