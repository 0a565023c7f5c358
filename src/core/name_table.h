/* name_table.h -- event names (and aliases) to event indexes, for packs
 * and the vocabulary (name_table.c): open addressing, sized once, in the
 * owner's arena. */
#ifndef TSC_NAME_TABLE_H
#define TSC_NAME_TABLE_H

#include "arena.h"

#include <stdbool.h>
#include <stdint.h>

struct tsc__name_table {
    const char **names;      /* in the order added: events, then aliases */
    int32_t *event;          /* the event each name stands for */
    size_t count, cap;
    uint32_t *slots;         /* name index + 1; 0 = empty */
    size_t size;             /* a power of two, more than twice cap */
};

/* Room for `cap` names; false when out of memory. */
bool tsc__names_init(struct tsc__name_table *t, struct tsc__arena *a, size_t cap);
/* The event `name` (len bytes) stands for, or -1. */
int32_t tsc__names_find(const struct tsc__name_table *t, const char *name, size_t len);
/* Adds `name` (borrowed, not yet in the table) for `event`; false when
 * the table is full (sized too small by its owner). */
bool tsc__names_add(struct tsc__name_table *t, const char *name, int32_t event);

#endif
