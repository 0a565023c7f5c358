/* pack.h -- the loaded form of a rule pack, shared by pack.c, plan.c and
 * the iCalendar writer. */
#ifndef TSC_PACK_H
#define TSC_PACK_H

#include "rule.h"
#include "vocab.h"

struct tsc__pack_rule {
    const char *id, *when, *schedules, *role, *section, *quote, *note, *alternative, *area;
    int32_t binding;
    int line, when_line;
    int schedules_id;           /* event the occurrences are */
    int schedules_ordinal;      /* n: only the n-th recorded instance completes one; 0: any */
    struct tsc_rule rule;
    struct tsc_rule alt_rule;   /* when alternative[0] */
};

struct tsc_pack {
    struct tsc__arena *arena;
    const char *text, *source;  /* what it was parsed from (for tsc_pack_select) */
    const char *name, *authority, *title, *calendar;
    struct tsc__pack_rule *rules;
    size_t nrules;
    const char **events;        /* interned event names */
    size_t nevents;
    struct tsc__name_table names;  /* events, then aliases */
    uint32_t *order;            /* rules in evaluation order (producers first) */
    bool *binding_producer;     /* per event: some rule scheduling it is binding */
    bool from_rule;             /* made by tsc_pack_from_rule(): its one rule's id says
                                   nothing, only the rule's words tell two apart */
    bool unnamed_occurrences;   /* ... and its caller named no scheduled event */
    tsc_vocab *vocab;           /* the built-in vocabulary (owned) */
    int32_t *parent;            /* per event: nearest `is` ancestor the pack names, or -1 */
    int32_t **special;          /* per rule: events that specialise its anchor for the same
                                 * scheduled event (-1 ends the list) */
    int32_t *end_event;         /* per rule: the event a time-based end counts from, or -1 */
    size_t max_depth;           /* the longest chain of an event and its named ancestors */
};

/* What recording `name` means for this pack: the event it is, or for a
 * vocabulary event the pack does not name, its nearest ancestor the pack
 * names.  Returns that id, -1 when the name is a vocabulary event with
 * nothing in this pack, or -2 when neither pack nor vocabulary knows it. */
int tsc__pack_resolve(const tsc_pack *pack, const char *name, size_t len);

/* Whether an anchor instance recorded as `via` (a subtype of the rule's
 * anchor) belongs to a more specific rule scheduling the same event. */
bool tsc__pack_specialised(const tsc_pack *pack, size_t rule, int32_t via);

/* "event 'X' is not ... (did you mean A, B?  see timescale events)" into err. */
tsc_status tsc__pack_unknown_event(const tsc_pack *pack, const char *name, tsc_error *err);

/* The id of event `name` (len bytes) in the pack, or -1. */
int tsc__pack_event_id(const tsc_pack *pack, const char *name, size_t len);

/* Parses pack text. */
tsc_status tsc__pack_parse(const char *text, size_t len, const char *source, tsc_pack **out,
                           tsc_error *err);

struct tsc__builtin_pack {
    const char *name;
    const char *text;
};
extern const struct tsc__builtin_pack tsc__builtin_packs[];
extern const size_t tsc__builtin_pack_count;

#endif
