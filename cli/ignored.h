/* ignored.h -- --ignore-unknown-events: which event names were skipped, how
 * often and where first, reported once each on standard error. */
#ifndef TSC_CLI_IGNORED_H
#define TSC_CLI_IGNORED_H

#include "cli.h"

/* Names past the first IGNORED_MAX_NAMES are only counted, so a file of
 * nothing but distinct unknown names costs bounded time and memory. */
enum { IGNORED_MAX_NAMES = 100 };

struct ignored_events {
    struct { char *name; long count, first_line; } names[IGNORED_MAX_NAMES];
    int n;
    long other_rows;       /* rows whose name did not fit in names[] */
};

/* Counts one skipped event; line 0 for a --event option.  Returns CLI_OK or
 * prints "out of memory". */
int ignored_add(struct ignored_events *ig, const char *name, long line);
/* One line per name on stderr: "FILE:LINE: ignored event 'NAME' on N rows
 * (no rule of pack P names it)"; `where` is the file, or NULL for --event. */
void ignored_report(const struct ignored_events *ig, const char *where, const tsc_pack *pack);
void ignored_free(struct ignored_events *ig);

#endif
