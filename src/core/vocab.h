/* vocab.h -- the event vocabulary (rules/events.vocab), shared by vocab.c
 * and pack.c. */
#ifndef TSC_VOCAB_H
#define TSC_VOCAB_H

#include "internal.h"
#include "name_table.h"

struct tsc__vocab_event {
    const char *name, *means, *parent_name;
    const char *aliases;        /* space-separated, "" when none */
    const char *statutory;      /* "; "-separated, "" when none */
    int *statutory_lines;       /* the file line of each statutory item (arena) */
    size_t nstatutory;
    const char *label;          /* its `label`, else derived from the name (load fills it) */
    int32_t parent;             /* index of the `is` event, or -1 */
    int line;
    bool produced;
};

struct tsc_vocab {
    struct tsc__arena *arena;
    struct tsc__vocab_event *events;
    size_t n;
    struct tsc__name_table names;  /* events, then aliases */
};

/* The index of the event named `name` (len bytes) or aliased so, or -1. */
int32_t tsc__vocab_lookup(const tsc_vocab *v, const char *name, size_t len);

/* Up to `max` vocabulary names nearest to `name` (edit distance), nearest first. */
size_t tsc__vocab_nearest(const tsc_vocab *v, const char *name, const char **out, size_t max);

extern const char *const tsc__builtin_vocab_text;

#endif
