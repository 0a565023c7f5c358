/* feeds.h -- a caseload's plans grouped into one calendar per case, worker
 * or team (`plan --ics-dir`, `serve`). */
#ifndef TSC_CLI_FEEDS_H
#define TSC_CLI_FEEDS_H

#include "caseload.h"

#include <stddef.h>

enum feed_by { BY_CASE, BY_WORKER, BY_TEAM };

int feed_by_parse(const char *text, enum feed_by *out);
const char *feed_by_name(enum feed_by by);     /* "case", "worker", "team" */

struct feed {
    char *name;              /* the case id, worker or team */
    tsc_ics_writer *ics;
    size_t cases;
};

/* Makes the writer of a new feed (the case's identity, for its name). */
typedef int (*feed_writer_fn)(void *ctx, enum feed_by by, const char *name,
                              tsc_ics_writer **out);

struct feed_set {
    enum feed_by by;
    const tsc_pack *pack;
    feed_writer_fn new_writer;
    void *ctx;
    struct feed *feeds;
    size_t count, cap, last;
    size_t unassigned;       /* cases with no worker (or team) */
};

/* The feed's key in a case: its id, worker or team ("" when none). */
const char *feed_key(enum feed_by by, const struct case_ref *c);
/* Adds a case's plan to its feed (made on first use); a case with no
 * worker (team) is counted in unassigned and left out. */
int feed_set_add(struct feed_set *s, const struct case_ref *c, const tsc_plan *plan);
/* feed_set_add's look-ahead: the case's feed made on first use and the
 * plan's years reserved in its writer (tsc_ics_writer_reserve_plan);
 * nothing added, nothing counted. */
int feed_set_reserve(struct feed_set *s, const struct case_ref *c, const tsc_plan *plan);
void feed_set_free(struct feed_set *s);

/* A file name for a feed: bytes other than A-Z a-z 0-9 - _ as %XX, then
 * ".ics", so that distinct names never share a file and none escapes DIR.
 * false when it would be longer than a file name may be. */
enum { FEED_NAME_MAX = 256 };
bool feed_file_name(const char *name, char *buf, size_t n);

#endif
