/* pack.h -- the loaded form of a rule pack, shared by pack.c, plan.c and
 * the iCalendar writer. */
#ifndef TSC_PACK_H
#define TSC_PACK_H

#include "rule.h"

struct tsc__pack_rule {
    const char *id, *when, *schedules, *role, *section, *quote, *note, *alternative, *area;
    int32_t binding;
    int line, when_line;
    int schedules_id;           /* event the occurrences are */
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
    const char **names;         /* events, then aliases */
    int32_t *name_event;        /* the event each name stands for */
    size_t nnames;
    uint32_t *name_hash;        /* open addressing: name index + 1, 0 = empty */
    size_t hash_size;           /* a power of two */
    uint32_t *order;            /* rules in evaluation order (producers first) */
    bool *binding_producer;     /* per event: some rule scheduling it is binding */
    bool from_rule;             /* made by tsc_pack_from_rule(): its one rule's id says
                                   nothing, only the rule's words tell two apart */
    bool unnamed_occurrences;   /* ... and its caller named no scheduled event */
};

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
