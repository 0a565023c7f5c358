/* skipped.h -- the elements or columns of a statutory return that the
 * vocabulary maps to no event: skipped, and counted by name on stderr
 * (never their values, which are case data). */
#ifndef TSC_CLI_SKIPPED_H
#define TSC_CLI_SKIPPED_H

#include "cli.h"

/* Names past the first SKIPPED_MAX_NAMES are only counted together. */
enum { SKIPPED_MAX_NAMES = 100 };

struct skipped_names {
    struct { char *name; long count; } names[SKIPPED_MAX_NAMES];
    int n;
    long others;
};

int skipped_add(struct skipped_names *s, const char *name);
/* One line: "FILE: skipped (no event in the vocabulary): NAME (N), ...". */
void skipped_report(const struct skipped_names *s, const char *where, const char *what);
void skipped_free(struct skipped_names *s);

#endif
