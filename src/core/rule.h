/* rule.h -- the parsed form of a rule, shared by rule.c, pack.c and plan.c. */
#ifndef TSC_RULE_H
#define TSC_RULE_H

#include "internal.h"

enum tsc__dur_kind {
    TSC__DUR_CALENDAR = 1,  /* months and days of date arithmetic */
    TSC__DUR_WORKING = 2,   /* working days */
    TSC__DUR_ELAPSED = 3    /* seconds of elapsed time */
};

struct tsc__duration {
    uint8_t kind;
    int32_t months;         /* CALENDAR */
    int32_t days;           /* CALENDAR: applied after the months */
    int32_t working_days;   /* WORKING */
    int64_t seconds;        /* ELAPSED */
};

enum { TSC__LATER = -2 };

/* One event reference: "lac-review", "second lac-review", "last cin-visit". */
struct tsc__anchor {
    const char *event;      /* NULL: none given */
    int ordinal;            /* 0: every instance (deadlines) / the first (series);
                               n > 0: the n-th; -1: the last; TSC__LATER: every
                               instance but the first (deadlines; the second elsewhere) */
    int event_id;           /* index into the pack's event table (set by the pack) */
    int column;             /* where it was written, for messages */
};

/* "direction anchor" with an amount. */
struct tsc__offset {
    struct tsc__duration dur;
    int sign;               /* +1 after, -1 before */
    struct tsc__anchor anchor;
};

enum tsc__until_kind { TSC__UNTIL_NONE = 0, TSC__UNTIL_OFFSET = 1, TSC__UNTIL_EVENTS = 2 };
enum { TSC__MAX_UNTIL_EVENTS = 4, TSC__MAX_POINTS = 12, TSC__MAX_PHASES = 6 };

struct tsc__until {
    uint8_t kind;
    struct tsc__offset offset;                         /* OFFSET */
    struct tsc__anchor events[TSC__MAX_UNTIL_EVENTS];  /* EVENTS: whichever comes first */
    int nevents;
};

enum tsc__phase_kind {
    TSC__PH_ONCE = 1,       /* duration direction anchor */
    TSC__PH_SAME_DAY = 2,   /* same day as anchor */
    TSC__PH_WINDOW = 3,     /* between A and B direction anchor */
    TSC__PH_POINTS = 4,     /* on UNITS n1, n2 and n3 direction anchor */
    TSC__PH_DAY_OF = 5,     /* on day N of anchor (anchor's day is day 1) */
    TSC__PH_NTH_EVENT = 6,  /* on WORD day N: the N-th recorded WORD-day */
    TSC__PH_EVERY = 7       /* every interval [direction anchor] [until] */
};

struct tsc__phase {
    uint8_t kind;
    struct tsc__offset at;          /* ONCE, SAME_DAY, WINDOW (due), POINTS (unit), DAY_OF,
                                       EVERY (interval; anchor optional) */
    struct tsc__duration window_start;  /* WINDOW */
    int32_t points[TSC__MAX_POINTS];    /* POINTS */
    int npoints;
    int32_t nth;                    /* DAY_OF, NTH_EVENT */
    struct tsc__until until;        /* EVERY */
    int column;                     /* first word of the phase */
};

struct tsc_rule {
    struct tsc__phase phases[TSC__MAX_PHASES];
    int nphases;
    tsc_roll roll;                  /* "keep" is TSC_ROLL_UNADJUSTED; default preceding */
    bool roll_given;
    struct tsc__arena *arena;       /* owns event names (and the rule itself when standalone) */
};

/* What tsc_rule_parse() makes, the only rule a caller holds: the rule and
 * the text it was parsed from, for tsc_pack_from_rule().  (A pack's rules
 * keep their text in the pack; struct tsc_rule stays as small as it was,
 * since a pack holds one per rule.) */
struct tsc__standalone_rule {
    struct tsc_rule rule;           /* first: a tsc_rule * points at it */
    const char *text;
};

/* Parses `text` (one line) into *rule, allocating names from arena.
 * Errors carry `source`, `line`, and columns offset by column0. */
tsc_status tsc__rule_parse_into(const char *text, size_t len, struct tsc__arena *arena,
                                struct tsc_rule *rule, const char *source, int line,
                                int column0, tsc_error *err);

/* Calls fn for every anchor of the rule (phase anchors, until anchors). */
void tsc__rule_each_anchor(struct tsc_rule *rule, void (*fn)(struct tsc__anchor *, void *),
                           void *ctx);

/* True for rules that give one set of occurrences per anchor instance
 * (a single deadline, window, review points, day N); false for series
 * (recurrences and phases). */
bool tsc__rule_is_per_instance(const struct tsc_rule *rule);

#endif
