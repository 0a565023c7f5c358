/* serve_snapshot.h -- every feed `timescale serve` answers with, computed
 * from one reading of the caseload and never changed afterwards: a new
 * caseload makes a new snapshot, swapped in whole, so no response mixes
 * two caseloads. */
#ifndef TSC_CLI_SERVE_SNAPSHOT_H
#define TSC_CLI_SERVE_SNAPSHOT_H

#include "feeds.h"
#include "items.h"
#include "serve_tokens.h"

#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

struct served_feed {
    enum feed_by by;              /* BY_WORKER or BY_TEAM */
    char *name;
    char token[TOKEN_HEX + 1];
    char *text;                   /* the .ics */
    size_t len, cases;
    uint64_t content;             /* hash of the text with DTSTAMP left out */
    char etag[24];                /* "\"<16 hex>\"" */
    time_t modified;              /* when its content last changed */
    char modified_http[40];       /* the same as an HTTP date */
};

struct snapshot {
    atomic_int refs;
    struct served_feed *feeds;
    size_t count;
    uint32_t *slots;              /* token index: feed number + 1, 0 empty */
    size_t nslots;                /* a power of two */
    char admin[TOKEN_HEX + 1];
    tsc_date today;
};

struct snapshot_source {
    struct ics_settings ics;      /* --alarm, --component, ... */
    bool ignore_unknown;          /* --ignore-unknown-events */
    const char *cases;
    const tsc_pack *pack;
    const tsc_calendar *cal;
    tsc_date today;
};

/* Reads the caseload and builds every worker's and team's feed.  A feed
 * whose content is that of the same feed in `previous` keeps its text,
 * ETag and Last-Modified, so polling clients see 304s across reloads.
 * Tokens come from (and new feeds are added to) `tokens`. */
int snapshot_build(const struct snapshot_source *src, const struct snapshot *previous,
                   struct token_state *tokens, time_t now, struct snapshot **out);
/* The feed whose token this is (TOKEN_HEX hex digits), or NULL. */
const struct served_feed *snapshot_find(const struct snapshot *s, const char *token);
void snapshot_retain(struct snapshot *s);
void snapshot_release(struct snapshot *s);    /* frees it with the last reference */

#endif
