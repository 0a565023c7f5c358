/* name_table.c -- event names to event indexes (see name_table.h). */
#include "name_table.h"

#include <string.h>

static uint32_t hash_name(const char *s, size_t n)
{
    uint32_t h = 2166136261u;           /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

bool tsc__names_init(struct tsc__name_table *t, struct tsc__arena *a, size_t cap)
{
    *t = (struct tsc__name_table){.cap = cap, .size = 16};
    while (t->size < cap * 2 + 2)
        t->size *= 2;
    t->names = tsc__arena_alloc(a, (cap + 1) * sizeof *t->names);
    t->event = tsc__arena_alloc(a, (cap + 1) * sizeof *t->event);
    t->slots = tsc__arena_alloc(a, t->size * sizeof *t->slots);
    if (!t->names || !t->event || !t->slots)
        return false;
    memset(t->slots, 0, t->size * sizeof *t->slots);
    return true;
}

int32_t tsc__names_find(const struct tsc__name_table *t, const char *name, size_t len)
{
    size_t mask = t->size - 1;
    for (size_t i = hash_name(name, len) & mask;; i = (i + 1) & mask) {
        uint32_t slot = t->slots[i];
        if (slot == 0)
            return -1;
        const char *e = t->names[slot - 1];
        if (strncmp(e, name, len) == 0 && e[len] == '\0')
            return t->event[slot - 1];
    }
}

bool tsc__names_add(struct tsc__name_table *t, const char *name, int32_t event)
{
    if (t->count == t->cap)
        return false;
    t->names[t->count] = name;
    t->event[t->count] = event;
    size_t mask = t->size - 1, i = hash_name(name, strlen(name)) & mask;
    while (t->slots[i])
        i = (i + 1) & mask;
    t->slots[i] = (uint32_t)++t->count;
    return true;
}
